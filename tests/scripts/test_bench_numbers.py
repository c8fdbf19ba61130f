"""scripts/bench_numbers.py runs end to end on a few paragraphs and prints its table."""

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
            str(ROOT / "scripts" / "bench_numbers.py"),
            "--runs",
            "1",
            "--paragraphs",
            "40",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "| find_numbers |" in result.stdout and "| fold_with_offsets |" in result.stdout
    assert "40 paragraphs" in result.stdout
