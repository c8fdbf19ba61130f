"""`qa` on files: verdicts on the terminal and in JSON, exit status 1 when a term is wrong."""

import json

from click.testing import CliRunner

from glossary.evaluation.qa_command import build_qa_command
from tests.conftest import ROOT

EVAL = ROOT / "tm_data" / "eval"
TERMBASE = str(ROOT / "tm_data" / "termbase")


def run(*args: str):
    return CliRunner().invoke(build_qa_command(), list(args), catch_exceptions=False)


def test_the_reference_passes() -> None:
    result = run(
        "--src",
        str(EVAL / "policy.zh-Hant.txt"),
        "--tgt",
        str(EVAL / "policy.en.txt"),
        "--terms",
        TERMBASE,
    )
    assert result.exit_code == 0, result.output
    assert " 0 missing, 0 deprecated, 0 forbidden" in result.output


def test_a_careless_translation_fails_with_its_findings(tmp_path) -> None:
    out = tmp_path / "qa.json"
    result = run(
        "--src",
        str(EVAL / "policy.zh-Hant.txt"),
        "--tgt",
        str(EVAL / "careless.en.txt"),
        "--terms",
        TERMBASE,
        "--json",
        str(out),
    )
    assert result.exit_code == 1
    assert "新質生產力 → “new productivity” (deprecated)" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["deprecated"] > 0 and data["summary"]["missing"] > 0
    source = (EVAL / "policy.zh-Hant.txt").read_text(encoding="utf-8").split("\n")
    number = source.index("報告提出深入實施「灣區通」工程。")
    (finding,) = data["segments"][number]["findings"]
    assert finding["term"] == "bay-area-connect" and finding["source_text"] == "灣區通"
    assert finding["verdict"] == "deprecated" and finding["target_text"] == "Bay Area Pass"


def test_line_counts_must_match(tmp_path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("one\n", encoding="utf-8")
    result = run(
        "--src", str(EVAL / "policy.zh-Hant.txt"), "--tgt", str(short), "--terms", TERMBASE
    )
    assert (
        result.exit_code == 1 and "the source has 124 segments, the translation 1" in result.output
    )
