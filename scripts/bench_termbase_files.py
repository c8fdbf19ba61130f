#!/usr/bin/env python3
"""Term base import and export throughput, next to a baseline timed in the same run.

    .venv/bin/python scripts/bench_termbase_files.py [--concepts 2000] [--runs 3]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

Data: a synthetic term base written by this script (seeded): each concept has a
Traditional term of 2–6 characters, its Simplified fold, one or two English
terms, a definition and a note, like the shipped policy term base.

Measured, each run into a freshly migrated database (SQLite in a temporary
file; PostgreSQL in a schema of its own when ``--postgres`` is given):

* **import**: read a TBX 2008 file of the base and import it (what
  ``glossary import`` does: read, check, match against the base, write all
  concepts in one transaction). Baseline: the same records added one by one
  with ``create_concept`` (what one POST /api/concepts per concept does, minus HTTP).
* **re-import**: the same file again into the filled base: every entry is matched
  by its folded terms and found already present.
* **export**: select every concept and write it, per format.

Prints a Markdown section for BENCHMARKS.md: concepts per second, median and
(min–max) over the runs, with the machine, date and load.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.db import make_engine, make_sessionmaker
from glossary.formats.termbase import NAMES, ReadOptions, WriteOptions, termbase_format
from glossary.records import ConceptRecord, TermRecord
from glossary.store.concepts import create_concept
from glossary.store.schema import migrate
from glossary.store.termbase_export import ExportFilters, export_records
from glossary.store.termbase_import import import_entries
from glossary.text import fold

SEED = 20261127
# Common Traditional characters, many of which fold to a different Simplified form.
HAN = "灣區通硬聯軟雙第一規上工業連冠新質生產力人智慧發展經濟創科技術數據資訊營商環境協同開放合作體制機構"
WORDS = [
    "area",
    "bay",
    "connect",
    "rules",
    "data",
    "market",
    "trade",
    "science",
    "growth",
    "policy",
    "zone",
    "service",
    "city",
    "port",
]


def synthetic_base(n: int) -> list[ConceptRecord]:
    rng = random.Random(SEED)
    records = []
    for i in range(n):
        hant = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 6))) + str(i)
        english = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + f" {i}"
        terms = [
            TermRecord(hant, "zh-Hant", "preferred"),
            TermRecord(fold(hant), "zh-Hans", "preferred"),
            TermRecord(english, "en", "preferred"),
        ]
        if i % 3 == 0:
            terms.append(TermRecord(english + " programme", "en", "admitted"))
        records.append(
            ConceptRecord(
                terms=tuple(terms),
                ref=f"bench-{i}",
                subject_field=rng.choice(["Economy", "Greater Bay Area cooperation", "Technology"]),
                status="approved",
                definitions={"en": f"Definition of {english}."},
                notes={"en": f"Background of {hant} ({english})."},
            )
        )
    return records


@contextmanager
def fresh_database(postgres: str | None) -> Iterator[str]:
    """The URL of an empty, migrated database, dropped afterwards."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            engine = make_engine(url)
            migrate(engine)
            engine.dispose()
            yield url
        return
    schema = f"bench_{secrets.token_hex(4)}"
    admin = make_engine(postgres)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = (
        sa.make_url(postgres)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def timed(work: Callable[[Session], object], url: str) -> float:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        start = time.perf_counter()
        work(session)
        session.commit()
        seconds = time.perf_counter() - start
    engine.dispose()
    return seconds


def import_file(data: bytes) -> Callable[[Session], object]:
    def work(session: Session) -> object:
        entries = termbase_format("tbx2008").read(io.BytesIO(data), ReadOptions())
        return import_entries(session, entries, actor="bench", source="bench", format="tbx2008")

    return work


def one_by_one(records: list[ConceptRecord]) -> Callable[[Session], object]:
    def work(session: Session) -> object:
        for record in records:
            create_concept(session, record, actor="bench")
        return None

    return work


def export(fmt: str) -> Callable[[Session], object]:
    def work(session: Session) -> object:
        out = io.BytesIO()
        options = WriteOptions(languages=("zh-Hant", "en") if fmt == "tsv" else ())
        termbase_format(fmt).write(export_records(session, ExportFilters()), out, options)
        return out

    return work


def summary(n: int, seconds: list[float]) -> str:
    rates = [n / s for s in seconds]
    return f"{statistics.median(rates):,.0f} ({min(rates):,.0f}–{max(rates):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concepts", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", help="also measure on this PostgreSQL database")
    args = parser.parse_args()
    n = args.concepts
    records = synthetic_base(n)
    tbx = io.BytesIO()
    termbase_format("tbx2008").write(records, tbx, WriteOptions())
    data = tbx.getvalue()
    load_before = os.getloadavg()

    backends = [("SQLite", None)] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
    rows: list[tuple[str, str, str]] = []
    for backend, postgres in backends:
        times: dict[str, list[float]] = {}
        for _ in range(args.runs):
            with fresh_database(postgres) as url:
                times.setdefault("baseline", []).append(timed(one_by_one(records), url))
            with fresh_database(postgres) as url:
                times.setdefault("import", []).append(timed(import_file(data), url))
                times.setdefault("re-import", []).append(timed(import_file(data), url))
                for fmt in NAMES:
                    times.setdefault(f"export {fmt}", []).append(timed(export(fmt), url))
        rows.append(
            (backend, "baseline: `create_concept` one by one", summary(n, times["baseline"]))
        )
        rows.append(
            (backend, "import a TBX 2008 file (`glossary import`)", summary(n, times["import"]))
        )
        rows.append((backend, "re-import it (all already present)", summary(n, times["re-import"])))
        for fmt in NAMES:
            rows.append((backend, f"export `{fmt}`", summary(n, times[f"export {fmt}"])))
        speedup = statistics.median(times["baseline"]) / statistics.median(times["import"])
        rows.append((backend, "import vs baseline", f"{speedup:.1f}×"))

    print(f"### Run ({datetime.now(UTC):%Y-%m-%d})\n")
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()}. "
        f"Load average before: {' '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}."
    )
    print(
        f"Term base: {n:,} synthetic concepts ({sum(len(r.terms) for r in records):,} terms), "
        f"TBX 2008 file {len(data) / 1e6:.1f} MB. Runs: {args.runs}; median (min–max).\n"
    )
    print("| database | what | concepts/s |")
    print("| --- | --- | --- |")
    for row in rows:
        print(f"| {' | '.join(row)} |")
    print(f"\nCommand: `{' '.join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]])}`")


if __name__ == "__main__":
    main()
