"""scripts/bench_routes.py runs end to end on a small memory and reports every route both
ways (served and through Flask alone) beside the bare endpoint; no timing is asserted."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Generates and imports a memory through the real CLI first: several seconds.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("flush", [[], ["--flush-mb", "1"]], ids=["warm", "flushed"])
def test_small_run(tmp_path: Path, flush: list[str]) -> None:
    command = [
        sys.executable,
        "scripts/bench_routes.py",
        "--units",
        "3000",
        "--keep",
        str(tmp_path),
        *flush,
    ]
    done = subprocess.run(
        [*command, "--calls", "20", "--rounds", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    labels = {tuple(cell.strip() for cell in row.split("|")[1:3]) for row in rows[2:]}
    routes = ("terms", "annotate", "annotate terms", "tm lookup")
    assert labels == {("bare", "bare Flask endpoint")} | {
        (route, path) for route in routes for path in ("served", "Flask alone")
    }
    assert ("MB written before each request" in done.stdout) == bool(flush)
