"""The in-process side of scripts/bench_serving.py: the same generation the servers map,
searched in this process, and concordance through the postings checked against the scan.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field

from serving_data import Setup

from glossary.db import make_engine, make_sessionmaker
from glossary.index.generation import current
from glossary.store.generations import LoadedIndexes, load_generation
from glossary.store.memory_lookup import LookupQuery, concordance, lookup
from glossary.text import fold

THRESHOLD = 70
LIMIT = 5


@dataclass
class Timing:
    """Milliseconds over ``n`` calls."""

    n: int
    p50: float
    p90: float
    p99: float
    max: float
    mean: float

    @classmethod
    def of(cls, ms: list[float]) -> Timing:
        ordered = sorted(ms)

        def at(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]

        return cls(len(ordered), at(0.5), at(0.9), at(0.99), ordered[-1], statistics.fmean(ordered))


@dataclass
class TmInProcess:
    queries: int
    index_search: Timing  # fold + FuzzyIndex.search over every memory of the generation
    lookup: Timing  # glossary.store.memory_lookup.lookup(): the index, the database, flags, repair
    index_search_cpu: Timing  # the same calls, CPU time of this thread
    lookup_cpu: Timing


@dataclass
class ConcordanceCheck:
    compared: int  # queries answered both through the postings and by the scan
    equal: int
    differing: list[str] = field(default_factory=list)
    scan: Timing | None = None
    by_length: dict[int, Timing] = field(default_factory=dict)  # indexed, in process
    indexed: Timing | None = None  # every timed query
    indexed_cpu: Timing | None = None  # the same calls, CPU time of this thread
    hits_mean: float = 0.0


def load(setup: Setup) -> LoadedIndexes:
    generation = current(setup.root)
    if generation is None:
        raise SystemExit(f"no current generation in {setup.root}")
    return load_generation(generation)


def _timed(call, items: list[str], cpu: list[float] | None = None) -> list[float]:  # type: ignore[no-untyped-def]
    """Wall milliseconds of each call; with ``cpu``, this thread's CPU milliseconds too (on a
    busy machine the CPU time is the steadier figure)."""
    times = []
    for item in items:
        started, used = time.perf_counter(), time.thread_time()
        call(item)
        times.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - used) * 1000)
    return times


def tm_in_process(setup: Setup, queries: list[str]) -> TmInProcess:
    loaded = load(setup)
    indexes = list(loaded.memories.by_memory.values())

    def search(text: str) -> None:
        folded = fold(text)
        for index in indexes:
            index.search(folded, THRESHOLD / 100, LIMIT)

    _timed(search, queries[:20])  # the first touches of the mapped pages, as the servers had
    search_cpu: list[float] = []
    searched = _timed(search, queries, search_cpu)
    engine = make_engine(setup.database_url)
    try:
        with make_sessionmaker(engine)() as session:

            def full(text: str) -> None:
                query = LookupQuery(text, "zh", "en", (), THRESHOLD, LIMIT)
                lookup(session, loaded.memories, query, loaded.terms)

            _timed(full, queries[:20])
            lookup_cpu: list[float] = []
            looked_up = _timed(full, queries, lookup_cpu)
    finally:
        engine.dispose()
    return TmInProcess(
        len(queries),
        Timing.of(searched),
        Timing.of(looked_up),
        Timing.of(search_cpu),
        Timing.of(lookup_cpu),
    )


def check_concordance(setup: Setup, timed: int, scans: int) -> ConcordanceCheck:
    """The postings' answers against the scan's on ``scans`` queries; ``timed`` queries timed."""
    loaded = load(setup)
    needles = setup.queries.needles
    engine = make_engine(setup.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            result = _compare(session, loaded, needles, scans)
            hits = []

            def indexed(text: str) -> None:
                hits.append(len(concordance(session, text, indexes=loaded.memories)))

            mixed = setup.queries.all_needles()[:timed]
            _timed(indexed, mixed[:20])
            hits.clear()
            cpu: list[float] = []
            result.indexed = Timing.of(_timed(indexed, mixed, cpu))
            result.indexed_cpu = Timing.of(cpu)
            result.hits_mean = statistics.fmean(hits)
            for length, group in needles.items():
                share = [n for n in mixed if n in set(group)]
                if share:
                    result.by_length[length] = Timing.of(_timed(indexed, share))
    finally:
        engine.dispose()
    return result


def _compare(session, loaded: LoadedIndexes, needles: dict[int, list[str]], scans: int):  # type: ignore[no-untyped-def]
    sample = []
    rng = random.Random(6)
    for group in needles.values():
        sample += rng.sample(group, min(len(group), max(1, scans // len(needles))))
    result = ConcordanceCheck(len(sample), 0)
    scan_ms = []
    for needle in sample:
        started = time.perf_counter()
        scanned = concordance(session, needle)
        scan_ms.append((time.perf_counter() - started) * 1000)
        if concordance(session, needle, indexes=loaded.memories) == scanned:
            result.equal += 1
        else:
            result.differing.append(needle)
    result.scan = Timing.of(scan_ms)
    return result
