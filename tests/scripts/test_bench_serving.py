"""scripts/bench_serving.py runs end to end on a small memory and reports every section.

It starts real gunicorn servers (the shipped config and the bare app) and drives them
with Debian's wrk; no timing is asserted, only that every phase ran and answered.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

# Runs a benchmark script with its servers in subprocesses: about a minute.
pytestmark = pytest.mark.slow

ROUTES = {"bare", "terms", "annotate", "annotate terms", "tm lookup", "concordance"}


def _free_pair() -> int:
    """Two free ports side by side (glossary, bare app), from this project's range."""
    for port in range(5184, 5190, 2):
        try:
            for p in (port, port + 1):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
        except OSError:
            continue
        return port
    pytest.skip("no two free ports in 5184–5189")


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (Debian: wrk)")
def test_quick_run(tmp_path: Path) -> None:
    out = tmp_path / "serving.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_serving.py"),
            "--quick",
            "--units",
            "5000",
            "--port",
            str(_free_pair()),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=ROOT,
        env={**os.environ, "GLOSSARY_SHARED_DIR": str(SHARED)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    run = json.loads(out.read_text())

    assert run["machine"]["cores"] > 0 and run["machine"]["load_after"] is not None
    data = run["data"]
    assert data["units"] == 5000 and data["taken"] + data["merged"] == 5000
    assert data["import_"]["seconds"] > 0 and data["build"]["peak_rss_mb"] > 0
    assert data["generation_mb"] > 0 and data["memories"]["bench"] == data["taken"]

    assert run["tm_in_process"]["index_search"]["n"] == 100
    concordance = run["concordance"]
    assert concordance["compared"] > 0 and concordance["equal"] == concordance["compared"]
    assert set(concordance["by_length"]) == {"2", "3", "4"}

    (serving,) = run["serving"]
    assert serving["workers"] == 2 and len(serving["warm_s"]) == 2
    assert {b["route"] for b in serving["first_requests"]} == ROUTES - {"bare"}
    for first in [*serving["first_requests"], serving["bare_first"]]:
        assert first["statuses"] == {"200": 8}, first
    for snapshot in ("memory_warm", "memory_after_load", "bare_memory"):
        assert len(serving[snapshot]["workers"]) == 2
        assert serving[snapshot]["pss_sum"] > 0
    assert serving["tm_http_statuses"] == {"200": 100}
    assert serving["bare_http"]["n"] == 500
    assert serving["concordance_http_statuses"] == {"200": 100}
    assert {r["route"] for r in serving["routes"]} == ROUTES
    for route in serving["routes"]:
        assert route["rps_median"] > 0 and route["non_2xx"] == 0, route
        assert route["faults_per_request"] >= 0, route
        assert (route["met"] is None) == (
            route["route"] not in {"terms", "annotate", "annotate terms", "tm lookup"}
        )
    assert serving["log_problems"] == []

    report = result.stdout
    for heading in ("**Data.**", "**Start and memory.**", "**Throughput**", "**Concordance**"):
        assert heading in report
