"""The serving workers' allocator thresholds (glossary/index/allocator.py): freed blocks stay
in the process, so the next request that needs as much memory takes no page faults."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest

# Holds forty blocks of 128 KiB to 1 MiB at a time (a lookup's temporaries vary so), frees
# them, twenty times over, and prints the page faults of a second such pass.
CHURN = """
import resource, sys
import numpy as np
from glossary.index.allocator import keep_freed_memory

if sys.argv[1] == "keep":
    assert keep_freed_memory()
elif sys.argv[1] == "config":  # the shipped gunicorn.conf.py's hook, as a worker runs it
    import logging, runpy, types
    hooks = runpy.run_path(sys.argv[2])
    hooks["post_fork"](None, types.SimpleNamespace(pid=0, log=logging.getLogger()))

def churn():
    for n in range(20):
        held = [np.ones((1 << 14) * (1 + (i * 31 + n) % 8)) for i in range(40)]
        del held

churn()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
churn()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(*args: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHURN, *args], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the thresholds are glibc's")
def test_freed_blocks_are_reused_without_page_faults() -> None:
    default, kept = _faults("default"), _faults("keep")
    # By default the freed blocks go back to the kernel and return as fresh zeroed pages.
    assert default > 10_000
    assert kept < default / 100


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the thresholds are glibc's")
def test_the_shipped_gunicorn_config_keeps_them_in_every_worker() -> None:
    config = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    assert _faults("config", str(config)) < _faults("default") / 100
