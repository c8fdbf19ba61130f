#!/usr/bin/env python3
"""Time scripts/reproduce_wmt25.py end to end, next to sacrebleu's API for the table alone.

    .venv/bin/python scripts/bench_reproduce_wmt25.py [--data DIR] [--runs 3]

Each run starts a fresh process (nothing is cached between runs) and writes the
JSON rows and the HTML report, as a user would. Wall time and CPU time (the
process and its worker processes, and the workers' share as the script reports
it) are measured. On a shared machine wall time follows the load; CPU time does
not, and "main + workers / 2" estimates the wall time on two idle cores. The baseline, timed in the same
run: the 17 published rows alone, with sacrebleu's ``corpus_score`` for BLEU
and chrF++ per row (each call extracting the reference's statistics again),
in one process, without per-year figures, tests, term views or reports.
Prints a Markdown section for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from shared_data import ROOT, find_shared

SCRIPT = ROOT / "scripts" / "reproduce_wmt25.py"


def table_with_sacrebleu(data: Path) -> None:
    """The baseline: the published rows through sacrebleu's public API."""
    from sacrebleu.metrics import BLEU, CHRF

    from glossary.evaluation.published.folder import load

    folder = load(data)
    references = [[d.reference for d in folder.documents]]
    for run in folder.runs:
        bleu = BLEU().corpus_score(list(run.outputs), references).score
        chrf = CHRF(word_order=2).corpus_score(list(run.outputs), references).score
        print(f"{run.name}: {bleu:.2f} {chrf:.2f}")


def _timed(command: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _workers_cpu(report: Path) -> float:
    return float(json.loads(report.read_text("utf-8"))["setup"]["seconds"]["cpu_workers"])


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} ({min(values):.1f}–{max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=find_shared() / "external" / "eval" / "hkma_wmt25"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sacrebleu-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sacrebleu_only:
        table_with_sacrebleu(args.data)
        return
    load_before = os.getloadavg()
    times: dict[str, tuple[list[float], list[float]]] = {"ours": ([], []), "sacrebleu": ([], [])}
    workers: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        ours = [sys.executable, str(SCRIPT), "--data", str(args.data), "--report-json"]
        ours += [str(report), "--json", f"{scratch}/rows.json", "--html", f"{scratch}/r.html"]
        baseline = [sys.executable, __file__, "--data", str(args.data), "--sacrebleu-only"]
        for _ in range(args.runs):
            for label, command in (("ours", ours), ("sacrebleu", baseline)):
                wall, cpu = _timed(command)
                times[label][0].append(wall)
                times[label][1].append(cpu)
            workers.append(_workers_cpu(report))
    load_after = os.getloadavg()
    ratio = statistics.median(times["sacrebleu"][1]) / statistics.median(times["ours"][1])
    print(f"### Run ({datetime.now(UTC):%Y-%m-%d})\n")
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Load average before: "
        f"{' '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{' '.join(f'{x:.2f}' for x in load_after)}. Runs: {args.runs}; median (min–max) "
        "seconds; CPU includes the worker processes.\n"
    )
    print("| pipeline | wall s | CPU s | of which workers | main + workers / 2 |")
    print("| --- | --- | --- | --- | --- |")
    main_cpu = [c - w for c, w in zip(times["ours"][1], workers, strict=True)]
    estimate = [m + w / 2 for m, w in zip(main_cpu, workers, strict=True)]
    print(
        "| `reproduce_wmt25.py --json --html`: the whole report | "
        f"{_summary(times['ours'][0])} | {_summary(times['ours'][1])} | "
        f"{_summary(workers)} | {_summary(estimate)} |"
    )
    print(
        "| sacrebleu `corpus_score`, the 17 rows' BLEU and chrF++ only (one process) | "
        f"{_summary(times['sacrebleu'][0])} | {_summary(times['sacrebleu'][1])} | – | – |"
    )
    print(
        f"\nThe whole report takes {1 / ratio:.2f}× the CPU time of the bare table "
        "through sacrebleu's API."
    )


if __name__ == "__main__":
    main()
