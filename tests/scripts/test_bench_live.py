"""scripts/bench_live.py serves, subscribes, feeds and times end to end on a small run."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.helpers import free_port

# Runs a benchmark script in a subprocess.
pytestmark = pytest.mark.slow


def test_small_run() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_live.py")]
        + ["--subscribers", "3", "--speeds", "400", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    rows = [
        line.split("|")[1:-1]
        for line in result.stdout.splitlines()
        if line.startswith("| ") and "---" not in line
    ]
    assert [r[0].strip() for r in rows[1:]] == ["1", "3"]
    for row in rows[1:]:
        p50, p99 = float(row[3]), float(row[4])
        assert 0 < p50 <= p99
