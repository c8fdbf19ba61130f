"""scripts/bench_small_index.py runs end to end and finds the same hits both ways."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Runs a benchmark script in a subprocess.
pytestmark = pytest.mark.slow


def test_small_run() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_small_index.py"),
            *("--sizes", "40", "700", "--queries", "30", "--rounds", "1"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 40 |")]
    rows += [line for line in result.stdout.splitlines() if line.startswith("| 700 |")]
    assert len(rows) == 2 and all(row.endswith("| yes |") for row in rows), result.stdout
