"""scripts/reproduce_wmt25.py, run as a user runs it: on a small folder, and on the real one."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED
from tests.evaluation import published_folder as data

# Reproduces the published WMT25 table: about two minutes.
pytestmark = pytest.mark.slow

SCRIPT = ROOT / "scripts" / "reproduce_wmt25.py"
HKMA = SHARED / "external" / "eval" / "hkma_wmt25"
TOLERANCE = {"bleu": 0.01, "chrf": 0.01, "term_success": 0.001}
PUBLISHED_KEYS = {"bleu": "bleu4", "chrf": "chrf2++", "term_success": "proper_term_success_rate"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_small_folder_reproduced(tmp_path) -> None:
    folder = data.write_folder(tmp_path / "hkma")
    out, page = tmp_path / "rows.json", tmp_path / "r.html"
    result = run(
        "--data", str(folder), "--json", str(out), "--html", str(page), "--resamples", "50"
    )
    assert result.returncode == 0, result.stderr
    assert "All 3 published rows reproduced" in result.stdout
    rows = json.loads(out.read_text("utf-8"))
    assert [(r["system"], r["mode"]) for r in rows] == [
        ("alpha", "noterm"),
        ("alpha", "proper"),
        ("beta", "noterm"),
    ]
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_a_figure_off_by_more_than_the_tolerance_fails(tmp_path) -> None:
    scores = data.published()
    scores[("alpha", "proper")]["bleu4"] += 0.02
    folder = data.write_folder(tmp_path / "hkma", scores=scores)
    result = run("--data", str(folder), "--resamples", "0")
    assert result.returncode == 1
    assert "NOT reproduced" in result.stdout and "alpha (proper): bleu -0.0200" in result.stdout


def test_a_published_row_without_outputs_fails(tmp_path) -> None:
    skip = tuple(("beta", "noterm", year) for year in data.YEARS)
    folder = data.write_folder(tmp_path / "hkma", skip=skip)
    result = run("--data", str(folder), "--resamples", "0")
    assert result.returncode == 1
    assert "beta (noterm): published, but the folder has no outputs" in result.stdout


def test_an_unreadable_folder_is_a_clear_error(tmp_path) -> None:
    result = run("--data", str(tmp_path / "absent"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"reproduce_wmt25.py: {tmp_path / 'absent'}: no such folder"


@pytest.mark.skipif(not HKMA.is_dir(), reason=f"{HKMA} is absent")
def test_the_published_wmt25_table(tmp_path) -> None:
    """The check of issue 17: every published zh→en row, within the tolerances."""
    out, page = tmp_path / "rows.json", tmp_path / "r.html"
    result = run("--data", str(HKMA), "--json", str(out), "--html", str(page))
    assert result.returncode == 0, result.stdout + result.stderr
    published = json.loads((HKMA / "submissions" / "track2_score_dict.json").read_text("utf-8"))
    expected = {
        (system, mode): scores
        for mode, systems in published["zhen"].items()
        for system, scores in systems.items()
        if scores
    }
    rows = json.loads(out.read_text("utf-8"))
    assert len(rows) == len(expected) == 17
    for row in rows:
        figures = expected[(row["system"], row["mode"])]
        for key, limit in TOLERANCE.items():
            assert abs(row[key] - figures[PUBLISHED_KEYS[key]]) <= limit, (row, key)
        assert row["term_pairs"] == 5291
    # The reference's own success per paragraph, as the MANIFEST states it (its oracle).
    assert "| 2020 | 0.962 | 0.962 | 1,108 | 0.978 | 1,815 |" in result.stdout
    assert page.stat().st_size > 0
