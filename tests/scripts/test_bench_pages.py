"""scripts/bench_pages.py builds, serves and times every page end to end on a small run."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Runs a benchmark script in a subprocess.
pytestmark = pytest.mark.slow


def test_small_run() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_pages.py"), "--requests", "3"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    rows = [
        line for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line
    ]
    names = [row.split("|")[1].strip() for row in rows[1:]]
    assert names[:3] == ["home", "search 灣區", "search, fuzzy fallback"]
    assert "annotate, 300 characters" in names and "memory lookup" in names
    medians = [float(row.split("|")[2]) for row in rows[1:]]
    assert all(m > 0 for m in medians)
