#!/usr/bin/env python3
"""Term recognition throughput and latency, next to two baselines timed in the same run.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python scripts/bench_terms.py [--mb 10] [--terms 100000] [--runs 5]

Data, read at run time and never copied into the repository:

* terms: CC-CEDICT (CC BY-SA 4.0) headwords, Traditional and Simplified, folded.
  Two bases of ``--terms`` terms each: **policy-like** (every headword of three or
  more characters, topped up with two-word compounds, as policy terms are; a hit
  every few dozen characters) and **every word** (headwords of any length, 1-char
  words included: nearly every character is inside a hit, the worst case);
* text: the Chinese paragraphs of the HKMA annual reports (Traditional),
  shuffled with a fixed seed and repeated to ``--mb`` MB of UTF-8.

Contenders, all end to end from the original text to hits with original offsets:

* ``TermIndex.find_spans``: fold with offsets, word-edge marks, daachorse, offsets
  back (arrays); ``TermIndex.find``: the same with one ``TermHit`` per hit;
* pyahocorasick ``iter_long`` and a plain-Python longest match, each on the same
  folded text with the same offset map. The plain-Python baseline runs on the
  first ``--baseline-mb`` MB only (it is slow); its MB/s is comparable.

Also: p50/p99 of one call on a 300-character paragraph (``TermIndex.find``, and
``term_views.annotate``, which builds what POST /api/annotate returns), and the
cost of keeping the index current (build, rebuild on a new form, status edit).

Prints a Markdown section for BENCHMARKS.md. Times are wall clock (perf_counter)
with process CPU time beside the headline figures, as the machine may be shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from shared_data import find_shared

from glossary.index import term_views
from glossary.index.terms import ConceptCard, IndexedTerm, TermIndex
from glossary.text import fold, fold_with_offsets

ROOT = Path(__file__).resolve().parent.parent


SHARED = find_shared()
CORPUS = SHARED / "external" / "corpus"
CEDICT = CORPUS / "glossary" / "cc-cedict_1_0_ts_utf-8_mdbg_2023-11-07.txt.gz"
HKMA = CORPUS / "parallel" / "hkma_annual_report_2015-2024.zh-Hant_en.paragraphs.jsonl"
SEED = 20241127


# -- data ------------------------------------------------------------------------


def cedict_words() -> list[str]:
    """Folded CC-CEDICT headwords (both scripts fold to one), sorted."""
    words = set()
    with gzip.open(CEDICT, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            traditional, simplified, _ = line.split(" ", 2)
            words.update(w for w in (fold(traditional), fold(simplified)) if w)
    return sorted(words)


def term_bases(words: list[str], size: int) -> dict[str, list[str]]:
    rng = random.Random(SEED)
    long_words = [w for w in words if len(w) >= 3]
    pairs = [w for w in words if len(w) == 2]
    compounds: set[str] = set(long_words)
    while len(compounds) < size:
        compounds.add(rng.choice(pairs) + rng.choice(pairs))
    policy = sorted(compounds)
    rng.shuffle(policy)
    every = list(words)
    rng.shuffle(every)
    return {"policy-like": policy[:size], "every word": every[:size]}


def chinese_text(megabytes: float) -> str:
    paragraphs = [json.loads(line)["zh"] for line in HKMA.open(encoding="utf-8")]
    paragraphs = [p for p in paragraphs if not p.startswith("#")]
    rng = random.Random(SEED)
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        paragraph = rng.choice(paragraphs)
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(out)


def paragraphs_of(text: str, length: int, count: int) -> list[str]:
    rng = random.Random(SEED)
    starts = [rng.randrange(0, len(text) - length) for _ in range(count)]
    return [text[s : s + length] for s in starts]


def index_of(terms: list[str]) -> TermIndex:
    cards = [
        ConceptCard(i, "approved", None, (IndexedTerm(i, i, "zh-Hans", t, "preferred", t),))
        for i, t in enumerate(terms)
    ]
    return TermIndex(cards)


# -- contenders --------------------------------------------------------------------


def pyahocorasick_finder(terms: list[str]) -> Callable[[str], int] | None:
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for i, term in enumerate(terms):
        automaton.add_word(term, (i, len(term)))
    automaton.make_automaton()

    def find(text: str) -> int:
        folded = fold_with_offsets(text)
        hits = [(end - n + 1, end + 1, i) for end, (i, n) in automaton.iter_long(folded.text)]
        spans = [folded.span(s, e) for s, e, _ in hits]
        return len(spans)

    return find


def plain_python_finder(terms: list[str]) -> Callable[[str], int]:
    """Longest match by dictionary probes: the lengths that exist, longest first."""
    vocabulary = set(terms)
    lengths = sorted({len(t) for t in terms}, reverse=True)

    def find(text: str) -> int:
        folded = fold_with_offsets(text)
        key = folded.text
        spans = []
        i, n = 0, len(key)
        while i < n:
            for length in lengths:
                if i + length <= n and key[i : i + length] in vocabulary:
                    spans.append(folded.span(i, i + length))
                    i += length
                    break
            else:
                i += 1
        return len(spans)

    return find


# -- timing ------------------------------------------------------------------------


def timed(function: Callable[[], int], runs: int) -> tuple[list[float], list[float], int]:
    walls: list[float] = []
    cpus: list[float] = []
    result = 0
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return walls, cpus, result


def rate(megabytes: float, seconds: list[float]) -> str:
    speeds = sorted(megabytes / s for s in seconds)
    return f"{statistics.median(speeds):.1f} ({speeds[0]:.1f}–{speeds[-1]:.1f})"


def latency(function: Callable[[str], object], paragraphs: list[str]) -> tuple[float, float]:
    for paragraph in paragraphs[:50]:
        function(paragraph)
    samples = []
    for paragraph in paragraphs:
        start = time.perf_counter_ns()
        function(paragraph)
        samples.append(time.perf_counter_ns() - start)
    p50, p99 = np.percentile(np.array(samples) / 1e6, [50, 99])
    return float(p50), float(p99)


def measure(
    name: str, terms: list[str], text: str, baseline_text: str, runs: int
) -> tuple[list[tuple[str, str, str, str, int]], tuple[str, float, float, TermIndex, list[str]]]:
    """Table rows for one term base, and (name, build seconds, speed-up, index, terms)."""
    megabytes = len(text.encode("utf-8")) / 1e6
    baseline_mb = len(baseline_text.encode("utf-8")) / 1e6
    build = time.perf_counter()
    index = index_of(terms)
    build = time.perf_counter() - build
    rows: list[tuple[str, list[float], list[float], int, float]] = []
    walls, cpus, spans = timed(lambda: len(index.find_spans(text)), runs)
    ours = statistics.median(megabytes / c for c in cpus)
    rows.append(("glossary `TermIndex.find_spans`", walls, cpus, spans, megabytes))
    walls, cpus, found = timed(lambda: len(index.find(text)), max(1, runs // 2))
    rows.append(("glossary `TermIndex.find` (TermHit objects)", walls, cpus, found, megabytes))
    pyaho = pyahocorasick_finder(terms)
    if pyaho is not None:
        walls, cpus, count = timed(lambda: pyaho(text), max(1, runs // 2))
        rows.append(("pyahocorasick `iter_long`", walls, cpus, count, megabytes))
    plain = plain_python_finder(terms)
    walls, cpus, count = timed(lambda: plain(baseline_text), 1)
    rows.append(
        (f"plain Python longest match ({baseline_mb:.1f} MB)", walls, cpus, count, baseline_mb)
    )
    speedup = ours / (baseline_mb / cpus[0])
    table = [(name, label, rate(mb, w), rate(mb, c), n) for label, w, c, n, mb in rows]
    return table, (name, build, speedup, index, terms)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="MB of Chinese text")
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-mb", type=float, default=1.0)
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args()
    for path in (CEDICT, HKMA):
        if not path.exists():
            sys.exit(f"{path} is missing: set GLOSSARY_SHARED_DIR to the shared folder")

    load_before = os.getloadavg()
    started = datetime.now(UTC)
    words = cedict_words()
    bases = term_bases(words, args.terms)
    text = chinese_text(args.mb)
    megabytes = len(text.encode("utf-8")) / 1e6
    baseline_text = text[: int(len(text) * args.baseline_mb / megabytes)]
    paragraphs = paragraphs_of(text, 300, args.paragraphs)

    rows: list[tuple[str, str, str, str, int]] = []
    notes = []
    for name, terms in bases.items():
        base_rows, note = measure(name, terms, text, baseline_text, args.runs)
        rows += base_rows
        notes.append(note)

    lines = [
        f"### Term recognition ({started:%Y-%m-%d})",
        "",
        f"Machine: {machine()}. Load average before: {load_before[0]:.2f} {load_before[1]:.2f} "
        f"{load_before[2]:.2f}; after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        f"Text: {megabytes:.1f} MB ({len(text):,} characters) of HKMA report paragraphs "
        f"(Traditional). Terms: {args.terms:,} CC-CEDICT headwords per base. "
        f"Runs: {args.runs}; median (min–max).",
        "",
        "| term base | contender, end to end | MB/s wall | MB/s CPU | hits |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {b} | {c} | {w} | {p} | {h:,} |" for b, c, w, p, h in rows]
    lines.append("")
    for name, build, speedup, _, _ in notes:
        lines.append(
            f"* {name}: `find_spans` is **{speedup:.0f}×** the plain-Python baseline "
            f"(CPU time); building the index took {build:.2f} s."
        )

    name, _, _, index, terms = notes[0]
    lines += [
        "",
        f"One call on a 300-character paragraph ({len(paragraphs):,} paragraphs, {name} base):",
        "",
    ]
    lines += ["| call | p50 ms | p99 ms |", "| --- | --- | --- |"]
    for label, function in (
        ("`TermIndex.find`", index.find),
        (
            "`term_views.annotate` (the API's hits, as dicts)",
            lambda p: term_views.annotate(index, p, "en"),
        ),
    ):
        p50, p99 = latency(function, paragraphs)
        lines.append(f"| {label} | {p50:.3f} | {p99:.3f} |")

    new_card = ConceptCard(
        10**9,
        "approved",
        None,
        (IndexedTerm(10**9, 10**9, "zh-Hans", "灣區通行證", "preferred", fold("灣區通行證")),),
    )
    first = index.card(0)
    assert first is not None
    edited = ConceptCard(first.id, "retired", None, first.terms)
    lines += ["", "Keeping it current (one edit through the change log):", ""]
    for label, change in (
        ("a status or note changes (automaton reused)", lambda: len(index.changed([edited]))),
        ("a new term form (automaton rebuilt)", lambda: len(index.changed([new_card]))),
    ):
        walls, _, _ = timed(change, 3)
        lines.append(f"* {label}: {statistics.median(walls) * 1000:.0f} ms at {len(terms):,} terms")
    command = " ".join(["scripts/bench_terms.py", *sys.argv[1:]])
    lines += ["", f"Reproduce: `.venv/bin/pip install -e '.[bench]' && .venv/bin/python {command}`"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
