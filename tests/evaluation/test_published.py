"""Published WMT25 numbers (zh→en, HKMA 2020 + 2024, document level), reproduced.

The table is external/eval/MANIFEST.md's "Anchors on exactly the copied subset",
doc columns: sacrebleu BLEU (13a), chrF++ and the WMT25 proper-term success rate
over the 24 documents, each year scored with its own dictionary. Skips where the
shared data is absent.
"""

import json

import pytest
from click.testing import CliRunner

from glossary.evaluation.command import evaluate_command
from tests.conftest import SHARED

HKMA = SHARED / "external" / "eval" / "hkma_wmt25"
SUBMISSIONS = HKMA / "submissions"

# system, mode, BLEU, chrF++, term success rate
PUBLISHED = [
    ("CommandA_MT", "noterm", 42.13, 73.14, 0.655),
    ("CommandA_MT", "proper", 46.52, 75.71, 0.887),
    ("Erlendur", "noterm", 42.59, 74.19, 0.706),
    ("Erlendur", "proper", 43.02, 74.46, 0.727),
    ("organizers_NLLB", "noterm", 25.80, 60.56, 0.322),
]

# Scores published translations with their dictionaries: seconds each.
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not HKMA.is_dir(), reason=f"{HKMA} is absent")]


def test_wmt25_document_level_numbers(tmp_path) -> None:
    years = ",".join(str(HKMA / f"hkma.zh-en.{y}.paragraphs.jsonl") for y in (2020, 2024))
    args = [
        "--src",
        f"{years}:zh",
        "--ref",
        f"{years}:en",
        "--documents",
        "year,doc",
        "--terms",
        ",".join(str(HKMA / f"hkma.zh-en.{y}.terms.json") for y in (2020, 2024)),
        "--bootstrap",
        "0",
        "--ar-trials",
        "0",
        "--json",
        str(tmp_path / "r.json"),
    ]
    for system, mode, *_ in PUBLISHED:
        outputs = ",".join(
            str(SUBMISSIONS / f"{system}.{y}.zhen.{mode}.jsonl") for y in (2020, 2024)
        )
        args += ["--hyp", f"{system}.{mode}={outputs}:en"]
    result = CliRunner().invoke(evaluate_command, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["setup"]["segments"] == 24
    assert data["setup"]["metrics"] == ["bleu", "chrf"]  # TER is left out on whole documents
    found = {
        s["name"]: (
            round(s["scores"]["bleu"]["score"], 2),
            round(s["scores"]["chrf"]["score"], 2),
            round(s["terms"]["wmt25_success_rate"], 3),
        )
        for s in data["systems"]
    }
    assert found == {f"{s}.{m}": (b, c, t) for s, m, b, c, t in PUBLISHED}
    assert {s["terms"]["wmt25_pairs"] for s in data["systems"]} == {2361}
    assert data["systems"][0]["scores"]["bleu"]["signature"] == (
        "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" + data["setup"]["sacrebleu"]
    )


YEARS = (2016, 2018, 2020, 2022, 2024)
# The published five-year rows (track2_score_dict.json): system, mode, BLEU, chrF++, TSR.
FIVE_YEARS = [
    ("CommandA_MT", "proper", 46.74, 75.53, 0.883),
    ("organizers_NLLB", "noterm", 25.20, 59.83, 0.300),
]


def test_five_years_each_with_its_own_dictionary(tmp_path) -> None:
    """All five years in one run: --terms-by year gives each year its dictionary."""
    paragraphs = ",".join(str(HKMA / f"hkma.zh-en.{y}.paragraphs.jsonl") for y in YEARS)
    mapping = ",".join(f"{y}={HKMA / f'hkma.zh-en.{y}.terms.json'}" for y in YEARS)
    args = ["--src", f"{paragraphs}:zh", "--ref", f"{paragraphs}:en", "--documents", "year,doc"]
    args += ["--terms-by", "year", "--terms", mapping, "--bootstrap", "0", "--ar-trials", "0"]
    for system, mode, *_ in FIVE_YEARS:
        outputs = ",".join(str(SUBMISSIONS / f"{system}.{y}.zhen.{mode}.jsonl") for y in YEARS)
        args += ["--hyp", f"{system}.{mode}={outputs}:en"]
    args += ["--json", str(tmp_path / "r.json")]
    result = CliRunner().invoke(evaluate_command, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["setup"]["segments"] == 56 and len(data["setup"]["term_lists"]) == 5
    for (system, mode, bleu, chrf, rate), found in zip(FIVE_YEARS, data["systems"], strict=True):
        assert found["name"] == f"{system}.{mode}"
        assert abs(found["scores"]["bleu"]["score"] - bleu) <= 0.01
        assert abs(found["scores"]["chrf"]["score"] - chrf) <= 0.01
        assert abs(found["terms"]["wmt25_success_rate"] - rate) <= 0.001
        assert found["terms"]["wmt25_pairs"] == 5291
