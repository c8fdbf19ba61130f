#!/usr/bin/env python3
"""Paired significance tests: statistics extracted once, next to sacrebleu's PairedTest.

    .venv/bin/python scripts/bench_evaluate.py [--repeat 10] [--runs 3]

The evaluation computes every sacrebleu metric's per-segment statistics once
per system and derives the corpus score, the sentence scores, the bootstrap
intervals, the paired bootstrap and approximate randomisation from them
(glossary.evaluation.significance). The baseline, timed in the same process,
is what sacrebleu's own API needs for the same numbers: ``PairedTest`` with
``test_type="bs"`` and again with ``"ar"``, each extracting the statistics anew.
Both give the same p-values, which the script checks.

Data: the shipped evaluation set (tm_data/eval: careful as the baseline,
careless as the system), repeated ``--repeat`` times to a corpus of realistic
size. Metrics: BLEU, chrF++, TER. 1,000 bootstrap resamples, 10,000 trials.
Prints a Markdown section for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from glossary.evaluation import significance
from glossary.evaluation.scores import Scorer

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tm_data" / "eval"
METRICS = ("bleu", "chrf", "ter")


def _lines(name: str, repeat: int) -> list[str]:
    return (EVAL / name).read_text(encoding="utf-8").split("\n")[:-1] * repeat


def ours(base: list[str], system: list[str], refs: list[list[str]]) -> dict[str, tuple]:
    """Our pipeline: statistics once, then intervals and both paired tests."""
    found = {}
    for name in METRICS:
        scorer = Scorer(name, "en", refs)
        base_stats, system_stats = scorer.segment_stats(base), scorer.segment_stats(system)
        significance.bootstrap(base_stats, scorer.score_of)
        p_bs, _ = significance.paired_bootstrap(base_stats, system_stats, scorer.score_of)
        p_ar = significance.approximate_randomisation(base_stats, system_stats, scorer.score_of)
        found[name] = (p_bs, p_ar)
    return found


def baseline(base: list[str], system: list[str], refs: list[list[str]]) -> dict[str, tuple]:
    """sacrebleu's API for the same numbers: one PairedTest per test type."""
    metrics = {"bleu": BLEU(), "chrf": CHRF(word_order=2), "ter": TER()}
    named = [("base", base), ("system", system)]
    _, bs = PairedTest(named, metrics, refs, test_type="bs", n_samples=1000)()
    _, ar = PairedTest(named, metrics, refs, test_type="ar", n_samples=10_000)()
    keys = [k for k in bs if k != "System"]
    return {
        name: (bs[k][1].p_value, ar[k][1].p_value) for name, k in zip(METRICS, keys, strict=True)
    }


def _timed(function, *args) -> tuple[float, float, dict]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="copies of the 124-segment set")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SACREBLEU_SEED", "12345")
    base = _lines("careful.en.txt", args.repeat)
    system = _lines("careless.en.txt", args.repeat)
    refs = [_lines("policy.en.txt", args.repeat)]
    load_before = os.getloadavg()
    times: dict[str, tuple[list[float], list[float]]] = {"ours": ([], []), "sacrebleu": ([], [])}
    for _ in range(args.runs):
        for label, function in (("ours", ours), ("sacrebleu", baseline)):
            wall, cpu, result = _timed(function, base, system, refs)
            times[label][0].append(wall)
            times[label][1].append(cpu)
            if label == "ours":
                expected = result
            elif result != expected:
                raise SystemExit(f"p-values differ: ours {expected}, sacrebleu {result}")
    load_after = os.getloadavg()
    speedup = statistics.median(times["sacrebleu"][1]) / statistics.median(times["ours"][1])
    print(f"### Run ({datetime.now(UTC):%Y-%m-%d})\n")
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Load average before: "
        f"{' '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{' '.join(f'{x:.2f}' for x in load_after)}."
    )
    print(
        f"Corpus: {len(refs[0]):,} segments (tm_data/eval × {args.repeat}), two systems, "
        f"BLEU + chrF++ + TER, 1,000 resamples, 10,000 trials. Runs: {args.runs}; "
        "median (min–max) seconds.\n"
    )
    print("| pipeline | wall s | CPU s |")
    print("| --- | --- | --- |")
    for label, name in (
        ("ours", "glossary: statistics once, intervals, paired bs and AR"),
        ("sacrebleu", "sacrebleu `PairedTest` bs, then ar"),
    ):
        print(f"| {name} | {_summary(times[label][0])} | {_summary(times[label][1])} |")
    print(f"\nSame p-values from both. Statistics once: **{speedup:.1f}×** less CPU time.")


if __name__ == "__main__":
    main()
