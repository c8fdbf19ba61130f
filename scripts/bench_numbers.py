#!/usr/bin/env python3
"""How fast numbers are found in Chinese text: find_numbers against the fold alone.

    .venv/bin/python scripts/bench_numbers.py [--runs 7] [--paragraphs N]

The text is the Chinese side of the HKMA annual reports in ../shared (every
paragraph, numbers and all), or the shipped evaluation set when ../shared is
absent. Each run finds the numbers of every paragraph, one call each (as
/api/annotate does per segment); the baseline is fold_with_offsets on the same
paragraphs, in the same run, since every find starts with it. Prints the median
and spread of the runs, the ratio to the baseline, the machine and its load.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.numbers import find_numbers
from glossary.text import fold_with_offsets
from scripts.shared_data import find_shared

ROOT = Path(__file__).resolve().parent.parent


def paragraphs(limit: int | None) -> tuple[str, list[str]]:
    folder = find_shared() / "external" / "eval" / "hkma_wmt25"
    texts: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.glob("hkma.zh-en.*.paragraphs.jsonl")):
            texts += [json.loads(line)["zh"] for line in path.read_text("utf-8").splitlines()]
        source = "HKMA annual reports 2016–2024, Chinese side"
    else:
        texts = (ROOT / "tm_data" / "eval" / "policy.zh-Hant.txt").read_text("utf-8").splitlines()
        source = "tm_data/eval/policy.zh-Hant.txt"
    return source, texts[:limit] if limit else texts


def timed(function, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--paragraphs", type=int, help="use only the first N paragraphs")
    args = parser.parse_args(argv)
    source, texts = paragraphs(args.paragraphs)
    chars = sum(map(len, texts))
    found = sum(len(find_numbers(t)) for t in texts)  # also warms the tables up
    numbers, fold = [], []
    for _ in range(args.runs):
        fold.append(timed(fold_with_offsets, texts))
        numbers.append(timed(find_numbers, texts))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    baseline = statistics.median(fold)
    print(f"{source}: {len(texts):,} paragraphs, {chars:,} characters, {found:,} numbers")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {load}"
    )
    print(f"date: {datetime.date.today().isoformat()}; runs: {args.runs}")
    print("| what | median s | spread (min–max) s | chars/s | ratio to the fold |")
    print("| --- | --: | --: | --: | --: |")
    for name, runs in (("fold_with_offsets", fold), ("find_numbers", numbers)):
        m = statistics.median(runs)
        print(
            f"| {name} | {m:.3f} | {min(runs):.3f}–{max(runs):.3f} | {chars / m:,.0f} | "
            f"{m / baseline:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
