"""Number accuracy in the evaluation report, on the shipped evaluation set."""

from __future__ import annotations

import json

from click.testing import CliRunner

from glossary.evaluation.command import evaluate_command
from glossary.evaluation.numbers import score_numbers
from tests.conftest import ROOT

EVAL = ROOT / "tm_data" / "eval"


def _lines(name: str) -> list[str]:
    return (EVAL / name).read_text(encoding="utf-8").splitlines()


def test_number_accuracy_of_the_shipped_set() -> None:
    scored = score_numbers(
        systems=[("careful", _lines("careful.en.txt")), ("careless", _lines("careless.en.txt"))],
        references=[_lines("policy.en.txt")],
        sources=_lines("policy.zh-Hant.txt"),
        source_lang="zh-Hant",
        target_lang="en",
    )
    assert scored is not None
    assert scored.numbers == 33 and scored.segments_with_numbers == 26
    careful, careless = scored.systems
    assert (careful.ok, careful.checked) == (33, 33)
    assert (careless.ok, careless.checked) == (32, 33)
    assert {text for _, text, _, _ in careless.misses} == {"兩位數增長"}
    (reference,) = scored.references
    assert reference.accuracy == 100.0


def test_a_magnitude_error_costs_number_accuracy() -> None:
    sources = ["地區生產總值3.68萬億元，增長5.8%"]
    scored = score_numbers(
        systems=[("wrong", ["GDP of 3.68 billion yuan, up 5.8%"])],
        references=[["GDP of RMB 3.68 trillion, up 5.8 percent"]],
        sources=sources,
        source_lang="zh",
        target_lang="en",
    )
    assert scored is not None
    assert scored.systems[0].accuracy == 50.0
    assert scored.systems[0].verdicts["changed"] == 1
    assert scored.references[0].accuracy == 100.0


def test_no_numbers_between_two_other_languages() -> None:
    assert (
        score_numbers(
            systems=[("a", ["x"])],
            references=[["y"]],
            sources=["z"],
            source_lang="fr",
            target_lang="en",
        )
        is None
    )


def test_the_report_shows_number_accuracy_beside_term_accuracy(tmp_path) -> None:
    out = tmp_path / "report.json"
    args = [
        "--src", str(EVAL / "policy.zh-Hant.txt"),
        "--ref", str(EVAL / "policy.en.txt"),
        "--hyp", f"careful={EVAL / 'careful.en.txt'}",
        "--hyp", f"careless={EVAL / 'careless.en.txt'}",
        "--terms", str(ROOT / "tm_data" / "termbase"),
        "--bootstrap", "100", "--ar-trials", "0", "--quiet", "--json", str(out),
    ]  # fmt: skip
    result = CliRunner().invoke(evaluate_command, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "| careless | 97.0 ± " in result.output
    assert "| reference (ceiling) | 100.0 % (33/33) | 0 | 0 |" in result.output
    assert "* segment 16: 兩位數增長 (missing)" in result.output
    numbers = json.loads(out.read_text(encoding="utf-8"))["numbers"]
    assert numbers["numbers"] == 33
    assert [(s["name"], s["ok"], s["checked"]) for s in numbers["systems"]] == [
        ("careful", 33, 33),
        ("careless", 32, 33),
    ]
    assert numbers["systems"][1]["by_kind"]["digits"] == {"ok": 0, "checked": 1}


def test_the_html_report_has_a_numbers_section(tmp_path) -> None:
    out = tmp_path / "report.html"
    args = [
        "--src", str(EVAL / "policy.zh-Hant.txt"),
        "--ref", str(EVAL / "policy.en.txt"),
        "--hyp", f"careless={EVAL / 'careless.en.txt'}",
        "--bootstrap", "0", "--ar-trials", "0", "--quiet", "--html", str(out),
    ]  # fmt: skip
    result = CliRunner().invoke(evaluate_command, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>Numbers</h2>" in page and "32/33" in page and "兩位數增長 (missing)" in page
