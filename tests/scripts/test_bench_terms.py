"""scripts/bench_terms.py runs end to end on a small sample and reports every contender."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

# Runs a benchmark script in a subprocess.
pytestmark = pytest.mark.slow

CEDICT = SHARED / "external" / "corpus" / "glossary"


@pytest.mark.skipif(not CEDICT.is_dir(), reason=f"{CEDICT} is not there")
def test_small_run() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_terms.py"),
            "--mb",
            "0.05",
            "--terms",
            "3000",
            "--runs",
            "1",
            "--baseline-mb",
            "0.02",
            "--paragraphs",
            "60",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"GLOSSARY_SHARED_DIR": str(SHARED), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    report = result.stdout
    for contender in ("TermIndex.find_spans", "plain Python longest match", "p99 ms", "rebuilt"):
        assert contender in report
    # Every table row has a positive throughput.
    rows = [line for line in report.splitlines() if line.startswith("| policy-like")]
    assert rows and all(float(r.split("|")[3].split()[0]) > 0 for r in rows)
