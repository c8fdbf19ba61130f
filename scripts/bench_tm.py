"""Benchmark the translation memory: TMX import, index build, fuzzy lookup, recall.

A zh→en memory of ``--units`` units (real pairs from ../shared/external/corpus/
where present: HKMA report paragraphs and Tatoeba sentences, extended
deterministically by small edits, as real memories are full of near-duplicates)
is written as TMX, imported into a fresh SQLite database, and indexed. Queries
are stored sources with 1–4 character edits, half of them converted to the
other script. Each lookup is timed against a brute-force scan of every unit
with RapidFuzz in the same process, which also gives the recall.

    .venv/bin/python scripts/bench_tm.py --units 1000000 --queries 500

Prints a Markdown table for BENCHMARKS.md and, with --json, the raw numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import opencc
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from shared_data import find_shared

from glossary.db import make_engine, make_sessionmaker
from glossary.formats.tmx import write_tmx
from glossary.records import UnitRecord
from glossary.store.memories import create_memory
from glossary.store.memory_import import import_tmx_file
from glossary.store.memory_index import build_memory_indexes
from glossary.store.memory_lookup import LookupQuery, concordance, lookup
from glossary.store.schema import migrate
from glossary.text import fold

CORPUS = find_shared() / "external" / "corpus" / "parallel"
K = 5


def real_pairs() -> list[tuple[str, str, str]]:
    """(zh, en, tag) pairs from the shared corpus, or a small synthetic set without it."""
    pairs: list[tuple[str, str, str]] = []
    hkma = CORPUS / "hkma_annual_report_2015-2024.zh-Hant_en.paragraphs.jsonl"
    if hkma.exists():
        for line in hkma.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            zh, en = row["zh"].lstrip("# ").strip(), row["en"].lstrip("# ").strip()
            if zh and en:
                pairs.append((zh, en, "zh-Hant-HK"))
    tatoeba = CORPUS / "tatoeba_cmn-eng_manythings.tsv"
    if tatoeba.exists():
        for line in tatoeba.read_text(encoding="utf-8").splitlines():
            en, zh, *_ = line.split("\t")
            pairs.append((zh, en, "zh-Hans"))
    if not pairs:
        rng = random.Random(7)
        alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
        for i in range(20_000):
            zh = "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 60)))
            pairs.append((zh, f"sentence {i}", "zh-Hans"))
    return pairs


def edit(text: str, rng: random.Random, alphabet: list[str], edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        op = rng.random()
        at = rng.randrange(len(chars) + 1)
        if op < 0.5 and at < len(chars):
            chars[at] = rng.choice(alphabet)
        elif op < 0.75 or len(chars) < 3:
            chars.insert(at, rng.choice(alphabet))
        elif at < len(chars):
            del chars[at]
    return "".join(chars)


def extend(pairs: list[tuple[str, str, str]], n: int, seed: int = 1) -> list[UnitRecord]:
    """``n`` units: the real pairs first, then edited copies of them (deterministic)."""
    rng = random.Random(seed)
    alphabet = sorted({c for zh, _, _ in pairs[:20_000] for c in zh if "\u4e00" <= c <= "\u9fff"})
    units = [UnitRecord(zh, en, tag, "en") for zh, en, tag in pairs[:n]]
    while len(units) < n:
        zh, en, tag = pairs[rng.randrange(len(pairs))]
        units.append(UnitRecord(edit(zh, rng, alphabet, rng.randint(1, 3)), en, tag, "en"))
    return units


def make_queries(units: list[UnitRecord], count: int, seed: int = 2) -> list[str]:
    """Stored sources with 1–4 edits; every second one in the other script."""
    rng = random.Random(seed)
    alphabet = sorted({c for u in units[:20_000] for c in u.source if "\u4e00" <= c <= "\u9fff"})
    to_hant, to_hans = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    queries = []
    while len(queries) < count:
        unit = units[rng.randrange(len(units))]
        if not 4 <= len(unit.source) <= 120:
            continue
        text = edit(unit.source, rng, alphabet, rng.randint(1, 4))
        if len(queries) % 2:
            text = (to_hans if unit.source_lang.startswith("zh-Hant") else to_hant).convert(text)
        queries.append(text)
    return queries


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]

    return {
        "p50": at(0.5),
        "p90": at(0.9),
        "p99": at(0.99),
        "max": ordered[-1],
        "mean": statistics.fmean(ordered),
    }


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--brute-force-timed",
        type=int,
        default=100,
        help="queries whose brute-force scan is timed one by one",
    )
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    out: dict = {
        "units": args.units,
        "queries": args.queries,
        "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }

    pairs = real_pairs()
    units = extend(pairs, args.units)
    queries = make_queries(units, args.queries)
    out["real_pairs"] = min(len(pairs), args.units)
    out["brute_force_timed"] = args.brute_force_timed

    with tempfile.TemporaryDirectory() as tmp:
        tmx = Path(tmp) / "memory.tmx"
        with tmx.open("wb") as stream:
            write_tmx(units, stream, srclang="*all*")
        out["tmx_mb"] = tmx.stat().st_size / 1e6
        del units
        engine = make_engine(f"sqlite:///{tmp}/bench.sqlite3")
        migrate(engine)
        maker = make_sessionmaker(engine)
        fold("warm up")  # the fold's tables load once per process, not per import
        started, cpu = time.perf_counter(), time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        with maker.begin() as session:
            memory = create_memory(session, "bench")
            report = import_tmx_file(session, memory, tmx, actor="bench")
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out["import"] = {
            "seconds": seconds,
            "units_per_s": report.taken / seconds,
            "taken": report.taken,
            "merged": report.merged,
            "cpu_s_importer": time.process_time() - cpu,
            "cpu_s_parser_process": (after.ru_utime + after.ru_stime)
            - (children.ru_utime + children.ru_stime),
        }
        print(f"import: {report.taken} units in {seconds:.1f} s", flush=True)

        before = rss_mb()
        started = time.perf_counter()
        with maker() as session:
            indexes = build_memory_indexes(session)
        index = next(iter(indexes.by_memory.values()))
        out["index"] = {
            "seconds": time.perf_counter() - started,
            "array_mb": index.base.index.nbytes / 1e6,
            "rss_growth_mb": rss_mb() - before,
        }
        print(f"index: {out['index']}", flush=True)

        texts = [index.base.index.text(p) for p in range(index.base.index.size)]
        folded_queries = [fold(q) for q in queries]
        # Brute force, once at the lower threshold; the higher one is a prefix of it.
        truth = []
        bf_times = []
        for i, q in enumerate(folded_queries):
            t0 = time.perf_counter()
            found = process.extract(
                q, texts, scorer=Levenshtein.normalized_similarity, score_cutoff=0.5, limit=K
            )
            if i < args.brute_force_timed:
                bf_times.append((time.perf_counter() - t0) * 1000)
            truth.append(sorted((s for _, s, _ in found), reverse=True))
        out["brute_force_ms"] = percentiles(bf_times)
        print(f"brute force: {out['brute_force_ms']}", flush=True)

        with maker() as session:
            for threshold in (70, 50):
                index_ms, lookup_ms, cpu_ms = [], [], []
                hits = ranks = inexact = 0
                for q, fq, want in zip(queries, folded_queries, truth, strict=True):
                    t0, c0 = time.perf_counter(), time.thread_time()
                    found, exact = index.search(
                        fq, threshold / 100, K, budget=None if threshold >= 70 else 2000
                    )
                    index_ms.append((time.perf_counter() - t0) * 1000)
                    cpu_ms.append((time.thread_time() - c0) * 1000)
                    inexact += not exact
                    t0 = time.perf_counter()
                    result = lookup(
                        session, indexes, LookupQuery(q, "zh-Hant", "en", (), threshold, K)
                    )
                    lookup_ms.append((time.perf_counter() - t0) * 1000)
                    got = sorted((m["score"] / 100 for m in result["matches"]), reverse=True)
                    expected = [s for s in want if s >= threshold / 100 - 1e-9]
                    ranks += len(expected)
                    hits += sum(
                        1 for i, s in enumerate(expected) if i < len(got) and abs(got[i] - s) < 1e-9
                    )
                out[f"t{threshold}"] = {
                    "index_ms": percentiles(index_ms),
                    "index_cpu_ms": percentiles(cpu_ms),
                    "lookup_ms": percentiles(lookup_ms),
                    "recall": hits / ranks if ranks else 1.0,
                    "ranks": ranks,
                    "not_exact": inexact,
                    "speedup_p50": out["brute_force_ms"]["p50"] / percentiles(index_ms)["p50"],
                }
                print(f"t={threshold}: {out[f't{threshold}']}", flush=True)
            # Concordance: a LIKE scan of the folded columns, stopped at 20 hits.
            rng = random.Random(3)
            times = []
            for q in queries[:100]:
                start = rng.randrange(max(1, len(q) - 4))
                needle = q[start : start + rng.randint(2, 4)]
                t0 = time.perf_counter()
                concordance(session, needle, limit=20)
                times.append((time.perf_counter() - t0) * 1000)
            absent = []
            for _ in range(10):  # the worst case: nothing matches, every row is read
                t0 = time.perf_counter()
                concordance(session, "\u9fa5\u9fa4\u9fa3", limit=20)
                absent.append((time.perf_counter() - t0) * 1000)
            out["concordance_ms"] = percentiles(times)
            out["concordance_no_hit_ms"] = percentiles(absent)
            print(f"concordance: {out['concordance_ms']}, no hit: {out['concordance_no_hit_ms']}")
        engine.dispose()
    out["load_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    print(markdown(out))


def markdown(out: dict) -> str:
    """The run as rows for BENCHMARKS.md."""
    rows = [
        f"Load average before {out['load_before'][0]:.2f}, after {out['load_after'][0]:.2f}; "
        f"{out['units']:,} units ({out['real_pairs']:,} real pairs), {out['queries']} queries.",
        "",
        "| what | p50 ms | p90 | p99 | max | recall | exact |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    bf = out["brute_force_ms"]
    rows.append(
        f"| brute force, RapidFuzz over every unit ({args_timed(out)} queries) | {bf['p50']:.1f} "
        f"| {bf['p90']:.1f} | {bf['p99']:.1f} | {bf['max']:.1f} | truth | yes |"
    )
    for t in (70, 50):
        r = out[f"t{t}"]
        for label, key in (
            ("index search, wall", "index_ms"),
            ("index search, CPU", "index_cpu_ms"),
            ("lookup() with the database, wall", "lookup_ms"),
        ):
            m = r[key]
            rows.append(
                f"| t = {t / 100:.1f}, {label} | {m['p50']:.2f} | {m['p90']:.2f} | {m['p99']:.2f} "
                f"| {m['max']:.2f} | {100 * r['recall']:.1f} % | "
                f"{out['queries'] - r['not_exact']}/{out['queries']} |"
            )
    imp, idx = out["import"], out["index"]
    rows += [
        "",
        f"* import: {imp['taken']:,} units in {imp['seconds']:.1f} s = "
        f"**{imp['units_per_s']:,.0f} units/s** (CPU: importer {imp['cpu_s_importer']:.1f} s, "
        f"parser process {imp['cpu_s_parser_process']:.1f} s); TMX {out['tmx_mb']:.0f} MB",
        f"* index build {idx['seconds']:.1f} s; arrays and text {idx['array_mb']:.0f} MB; "
        f"RSS growth {idx['rss_growth_mb']:.0f} MB",
        f"* speed-up at p50 over brute force: t = 0.7 **{out['t70']['speedup_p50']:.0f}×**, "
        f"t = 0.5 {out['t50']['speedup_p50']:.0f}×",
    ]
    if "concordance_ms" in out:
        c, n = out["concordance_ms"], out["concordance_no_hit_ms"]
        rows.append(
            f"* concordance (2–4 characters, 20 hits): p50 {c['p50']:.1f} ms, "
            f"p99 {c['p99']:.1f} ms; with no hit (every row read): p50 {n['p50']:.0f} ms"
        )
    return "\n".join(rows)


def args_timed(out: dict) -> int:
    return out.get("brute_force_timed", 100)


if __name__ == "__main__":
    main()
