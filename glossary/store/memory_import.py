"""Importing units into a memory in bulk.

An import is one transaction: the caller commits after it returns, or rolls
back on any error, so a file is taken whole or not at all. Units are checked,
keyed, folded and hashed a batch at a time (``glossary.store.unit_rows``), by a
second process for a large file (``glossary.store.parser_process``), and go in
with the driver's executemany, bypassing the ORM (and its per-row change log
entries); one "reload" entry in the change log then tells every worker to
rebuild that memory's index.

Nothing here holds the whole file or every key in memory: the unique index on
(memory, unit key) finds duplicates. A batch is inserted with ON CONFLICT DO
NOTHING; the units it did not insert are equal to stored ones and are merged
into them (their metadata), which the change log records per unit.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from glossary.formats.tmx import Skipped, read_tmx
from glossary.models import Change, Memory, TranslationUnit
from glossary.records import UnitRecord
from glossary.store.changes import log_change
from glossary.store.errors import Invalid
from glossary.store.memories import (
    MERGED_FIELDS,
    canonical_or_none,
    merge_records,
    unit_now,
)
from glossary.store.parser_process import ParseJob, parsed_elsewhere
from glossary.store.unit_rows import AT, COLUMNS, RowBatch, RowFormat, prepare_rows, row_to_record

# Files from this size on are parsed in a second process (which takes a few
# tenths of a second to start).
PARALLEL_FROM = 8 << 20
# Reasons kept with their line; beyond this only the counts by reason are kept.
KEEP_REASONS = 200
# SQLite's page cache during an import, in KiB: the unique key index takes
# inserts in random order, so its pages should stay cached; but not more, so
# that the importer's memory stays flat however large the file (a larger cache
# was measured 5-7 % faster at a million units, and grows with them).
SQLITE_IMPORT_CACHE_KIB = 65_536


@dataclass
class ImportReport:
    """What an import did: units taken (new), merged (already there), skipped and why."""

    memory: str
    taken: int = 0
    merged: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[int | None, str]] = field(default_factory=list)

    def skip(self, line: int | None, reason: str) -> None:
        self.skipped += 1
        # Group by the reason's wording, without the details that vary per unit.
        self.reasons[reason.split(":")[0]] += 1
        if len(self.examples) < KEEP_REASONS:
            self.examples.append((line, reason))

    def to_dict(self) -> dict[str, Any]:
        return {
            "memory": self.memory,
            "taken": self.taken,
            "merged": self.merged,
            "skipped": self.skipped,
            "skipped_by_reason": dict(self.reasons.most_common()),
            "skipped_examples": [{"line": line, "reason": r} for line, r in self.examples],
        }


def import_units(
    session: Session,
    memory: Memory,
    items: Iterable[UnitRecord | Skipped],
    *,
    actor: str,
) -> ImportReport:
    """Add every unit of ``items`` to ``memory``, merging duplicates; the caller commits.

    :raises Invalid: when not one unit could be taken (the report's reasons say why).
    :raises FormatError: from the reader, for a file that turns out malformed.
    """
    form = RowFormat(session.get_bind().dialect.name)
    batches = prepare_rows(items, memory_id=memory.id, actor=actor, form=form)
    return _store(session, memory, batches, actor, form)


def import_tmx_file(
    session: Session,
    memory: Memory,
    path: Path,
    *,
    actor: str,
    source_lang: str | None = None,
    target_lang: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a TMX file; a large one is parsed by a second process while this one inserts.

    :param progress: called with how many bytes of the file have been read so far.
    """
    try:
        source_lang = canonical_or_none(source_lang)
        target_lang = canonical_or_none(target_lang)
    except ValueError as exc:
        raise Invalid([str(exc)]) from exc
    dialect = session.get_bind().dialect.name
    form = RowFormat(dialect)
    if path.stat().st_size >= PARALLEL_FROM:
        job = ParseJob(str(path), source_lang, target_lang, memory.id, actor, dialect, os.getpid())
        made = parsed_elsewhere(job)
    else:
        made = _prepared_here(path, source_lang, target_lang, memory.id, actor, form)
    # Closed as soon as the import ends, well or not: the parser process goes with it.
    with closing(made):
        batches = _reporting(made, progress, path.stat().st_size) if progress else made
        return _store(session, memory, batches, actor, form)


def _prepared_here(
    path: Path,
    source_lang: str | None,
    target_lang: str | None,
    memory_id: int,
    actor: str,
    form: RowFormat,
) -> Generator[RowBatch, None, None]:
    with path.open("rb") as raw:
        records = read_tmx(raw, source_lang=source_lang, target_lang=target_lang)
        yield from prepare_rows(
            records,
            memory_id=memory_id,
            actor=actor,
            form=form,
            position=lambda: None if raw.closed else raw.tell(),
        )


def _reporting(
    batches: Iterable[RowBatch], progress: Callable[[int], None], size: int
) -> Iterator[RowBatch]:
    for batch in batches:
        if batch.position is not None:
            progress(min(batch.position, size))
        yield batch
    progress(size)


def _store(
    session: Session,
    memory: Memory,
    batches: Iterable[RowBatch],
    actor: str,
    form: RowFormat,
) -> ImportReport:
    report = ImportReport(memory.name)
    now = unit_now()
    insert = _inserter(session, form, now)
    with _import_pragmas(session):
        for batch in batches:
            for item in batch.skipped:
                report.skip(item.line, item.reason)
            if not batch.rows:
                continue
            left = insert(batch.rows)
            report.taken += len(batch.rows) - len(left)
            report.merged += len(left) + batch.merged
            merges = {row[AT["unit_key"]]: row_to_record(row, form) for row in left}
            for key, later in batch.later.items():
                earlier = merges.get(key)
                merges[key] = later if earlier is None else merge_records(earlier, later)
            # Once units were taken, the memory's "reload" covers every change.
            _merge_into_stored(session, memory, merges, actor, log=not report.taken)
    if report.taken == 0 and report.merged == 0:
        reasons = "; ".join(f"{r} ({n})" for r, n in report.reasons.most_common(5))
        raise Invalid([f"no unit could be imported: {reasons or 'the file holds no units'}"])
    if report.taken:
        memory.updated_at = now
        log_change(session, "memory", memory.id, "reload", scope=memory.id)
    session.flush()
    return report


@contextmanager
def _import_pragmas(session: Session) -> Iterator[None]:
    """SQLite settings for the length of an import, put back afterwards."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    saved = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(saved or 0)}")


Inserter = Callable[[list[tuple[Any, ...]]], list[tuple[Any, ...]]]


def _inserter(session: Session, form: RowFormat, now: Any) -> Inserter:
    """A function that inserts rows, skipping those whose key the memory holds,
    and returns the rows it skipped."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return _sqlite_inserter(connection, form, now)
    table = TranslationUnit.__table__
    statement = (
        pg_insert(table)
        .on_conflict_do_nothing(index_elements=["memory_id", "unit_key"])
        .returning(table.c.unit_key)
    )
    key = AT["unit_key"]
    created, changed = AT["created_at"], AT["changed_at"]

    def insert(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        values = []
        for row in rows:
            value = dict(zip(COLUMNS, row, strict=True))
            value["created_at"] = row[created] or now
            value["changed_at"] = row[changed] or row[created] or now
            values.append(value)
        inserted = set(session.scalars(statement, values))
        return [row for row in rows if row[key] not in inserted]

    return insert


def _sqlite_inserter(connection: sa.Connection, form: RowFormat, now: Any) -> Inserter:
    """On SQLite the rows go straight to the driver's executemany: SQLAlchemy's
    per-row parameter handling would cost as much as SQLite's insert itself.

    The defaults for missing dates are filled in by the statement, so a row
    keeps the dates its unit gave (to merge a duplicate by them).
    """
    stamp = form.date(now)
    assert isinstance(stamp, str) and "'" not in stamp
    created, changed = AT["created_at"] + 1, AT["changed_at"] + 1
    values = []
    for number, name in enumerate(COLUMNS, 1):
        if name == "created_at":
            values.append(f"coalesce(?{created}, '{stamp}')")
        elif name == "changed_at":
            values.append(f"coalesce(?{changed}, ?{created}, '{stamp}')")
        else:
            values.append(f"?{number}")
    sql = (
        f"INSERT INTO translation_unit ({', '.join(COLUMNS)}) VALUES ({', '.join(values)}) "
        "ON CONFLICT (memory_id, unit_key) DO NOTHING"
    )
    key = AT["unit_key"]

    def insert(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        # New rows get ids above the largest so far (SQLite has one writer, and
        # this transaction is it): the rows above it are the ones just inserted.
        largest = connection.exec_driver_sql("SELECT max(id) FROM translation_unit").scalar()
        cursor = connection.exec_driver_sql(sql, rows)
        if cursor.rowcount == len(rows):
            return []
        inserted = set(
            connection.exec_driver_sql(
                "SELECT unit_key FROM translation_unit WHERE id > ?", (largest or 0,)
            ).scalars()
        )
        return [row for row in rows if row[key] not in inserted]

    return insert


def _merge_into_stored(
    session: Session,
    memory: Memory,
    incoming: dict[str, UnitRecord],
    actor: str,
    *,
    log: bool,
) -> None:
    """Merge units into the stored units with their keys (their metadata); ``log``:
    record each changed unit in the change log."""
    if not incoming:
        return
    table = TranslationUnit.__table__
    columns = [table.c.id, table.c.unit_key, *(table.c[name] for name in MERGED_FIELDS)]
    keys = list(incoming)
    updates: list[dict[str, Any]] = []
    for start in range(0, len(keys), 500):
        found = session.execute(
            sa.select(*columns).where(
                table.c.memory_id == memory.id, table.c.unit_key.in_(keys[start : start + 500])
            )
        )
        for row in found:
            stored = dict(zip(MERGED_FIELDS, row[2:], strict=True))
            merged = merge_records(_stored_record(stored), incoming[row.unit_key])
            values = {name: getattr(merged, name) for name in MERGED_FIELDS}
            if values != stored:
                updates.append({"unit_id": row.id, **values, "changed_by": actor})
    if not updates:
        return
    session.execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("unit_id"))
        .values({name: sa.bindparam(name) for name in (*MERGED_FIELDS, "changed_by")}),
        updates,
    )
    if not log:
        return
    session.execute(
        sa.insert(Change),
        [
            {"entity": "unit", "entity_id": u["unit_id"], "op": "update", "scope": memory.id}
            for u in updates
        ],
    )


def _stored_record(values: dict[str, Any]) -> UnitRecord:
    return UnitRecord("", "", "", "", **values)
