"""Where a scan of every segment beats the bigram search: the crossover behind
``glossary.index.bigram.SCAN_UP_TO``.

Small memories (the shipped one, a project's own) and delta tiers are common, and every
lookup searches each memory: the bigram search's fixed cost is paid per memory. For each
size, a memory made by bench_tm's generator (real pairs from ../shared where present,
then edited copies) is indexed, and the same queries (stored sources with 1–4 edits, every
second one in the other script) are answered both ways, in alternating rounds of one
process. Both must give the same hits.

    .venv/bin/python scripts/bench_small_index.py
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_tm import extend, make_queries, real_pairs

import glossary.index.bigram as bigram
from glossary.index.bigram import BigramIndex
from glossary.text import fold


def cpu_per_search(index: BigramIndex, queries: list[str], scan: bool) -> float:
    bigram.SCAN_UP_TO = index.size if scan else 0
    started = time.process_time()
    for query in queries:
        index.search(query, 0.7, 5)
    return (time.process_time() - started) / len(queries) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256, 512, 1024, 2048])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    pairs = real_pairs()
    shipped = bigram.SCAN_UP_TO
    print(
        f"SCAN_UP_TO = {shipped}; CPU µs per search at threshold 0.7, k = 5, "
        f"median of {args.rounds} rounds of {args.queries} queries (range)\n"
    )
    print("| segments | mean length | scan | bigram search | scan ÷ search | same hits |")
    print("| --- | --- | --- | --- | --- | --- |")
    for size in args.sizes:
        units = extend(pairs, size, seed=size)
        index = BigramIndex([fold(u.source) for u in units])
        queries = [fold(q) for q in make_queries(units, args.queries, seed=size)]
        bigram.SCAN_UP_TO = size
        scanned = [index.search(q, 0.7, 5).hits for q in queries]
        bigram.SCAN_UP_TO = 0
        searched = [index.search(q, 0.7, 5).hits for q in queries]
        runs: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.rounds):
            for scan in (True, False):
                runs[scan].append(cpu_per_search(index, queries, scan))
        scan, search = statistics.median(runs[True]), statistics.median(runs[False])
        length = sum(len(u.source) for u in units) / size
        print(
            f"| {size:,} | {length:.0f} | {scan:.0f} ({min(runs[True]):.0f}–{max(runs[True]):.0f}) "
            f"| {search:.0f} ({min(runs[False]):.0f}–{max(runs[False]):.0f}) | {scan / search:.2f} "
            f"| {'yes' if scanned == searched else 'NO'} |"
        )
    bigram.SCAN_UP_TO = shipped


if __name__ == "__main__":
    main()
