"""scripts/bench_evaluate.py runs end to end and finds the same p-values both ways."""

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
            str(ROOT / "scripts" / "bench_evaluate.py"),
            "--repeat",
            "1",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Same p-values from both" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("| glossary")]
    assert rows and float(rows[0].split("|")[2].split()[0]) > 0
