"""Importing units into a memory in bulk, and exporting a memory as TMX.

An import is one transaction: the caller commits after it returns, or rolls
back on any error, so a file is taken whole or not at all. New units go in
with executemany through SQLAlchemy Core, thousands per statement batch,
bypassing the ORM (and its per-row change log entries); one "reload" entry in
the change log then tells every worker to rebuild that memory's index.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import glossary
from glossary.formats.tmx import Skipped, write_tmx
from glossary.models import Memory, TranslationUnit, source_hash
from glossary.records import UnitRecord
from glossary.store.changes import log_change
from glossary.store.errors import Invalid
from glossary.store.memories import key_of, merge_into, normalize_unit, unit_now, unit_to_record
from glossary.text import fold

BATCH = 5000
# Reasons kept with their line; beyond this only the counts by reason are kept.
KEEP_REASONS = 200


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
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Add every unit of ``items`` to ``memory``, merging duplicates; the caller commits.

    :raises Invalid: when not one unit could be taken (the report's reasons say why).
    :raises FormatError: from the reader, for a file that turns out malformed.
    """
    report = ImportReport(memory.name)
    if session.get_bind().dialect.name == "sqlite":
        # The unique key index takes inserts in random order: keep its pages cached.
        session.execute(sa.text("PRAGMA cache_size=-262144"))
    stored = dict(
        session.execute(
            sa.select(TranslationUnit.unit_key, TranslationUnit.id).where(
                TranslationUnit.memory_id == memory.id
            )
        ).all()
    )
    pending: dict[str, dict[str, Any]] = {}
    merges: dict[str, list[UnitRecord]] = {}
    inserted: set[str] = set()
    now = unit_now()
    insert = _inserter(session)
    for item in items:
        if isinstance(item, Skipped):
            report.skip(item.line, item.reason)
            continue
        try:
            record = normalize_unit(item)
        except Invalid as exc:
            report.skip(None, f"invalid unit: {exc}")
            continue
        key = key_of(record)
        if key in pending:
            _merge_row(pending[key], record)
            report.merged += 1
        elif key in stored or key in inserted:
            merges.setdefault(key, []).append(record)
            report.merged += 1
        else:
            pending[key] = _row(memory.id, key, record, actor, now)
            report.taken += 1
            if len(pending) >= BATCH:
                insert(list(pending.values()))
                inserted.update(pending)
                pending.clear()
                if progress:
                    progress(BATCH)
    if pending:
        insert(list(pending.values()))
        if progress:
            progress(len(pending))
    _apply_merges(session, memory, merges, actor)
    if report.taken == 0 and report.merged == 0:
        reasons = "; ".join(f"{r} ({n})" for r, n in report.reasons.most_common(5))
        raise Invalid([f"no unit could be imported: {reasons or 'the file holds no units'}"])
    if report.taken:
        memory.updated_at = now
        log_change(session, "memory", memory.id, "reload", scope=memory.id)
    session.flush()
    return report


# Columns of a bulk insert, in order.
COLUMNS = (
    "memory_id",
    "source_lang",
    "target_lang",
    "source",
    "target",
    "source_markup",
    "target_markup",
    "source_folded",
    "source_hash",
    "target_folded",
    "unit_key",
    "creator",
    "created_at",
    "changed_by",
    "changed_at",
    "usage_count",
    "last_used_at",
    "note",
    "context",
    "properties",
)


def _inserter(session: Session) -> Callable[[list[dict[str, Any]]], None]:
    """A function that inserts many rows at once.

    On SQLite the rows go straight to the driver's executemany, each value
    converted by its column type's own bind processor: SQLAlchemy's per-row
    parameter handling otherwise costs as much as SQLite's insert itself.
    Elsewhere, Core's executemany (insertmanyvalues on PostgreSQL).
    """
    table = TranslationUnit.__table__
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        statement = sa.insert(table)
        return lambda rows: session.execute(statement, rows) and None
    compiled = (
        sa.insert(table).values({c: sa.bindparam(c) for c in COLUMNS}).compile(dialect=dialect)
    )
    order = compiled.positiontup or []
    get = operator.itemgetter(*order)
    processors = [
        (i, p) for i, name in enumerate(order) if (p := table.c[name].type.bind_processor(dialect))
    ]
    sql = str(compiled)

    def insert(rows: list[dict[str, Any]]) -> None:
        values = []
        for row in rows:
            value = list(get(row))
            for i, process in processors:
                value[i] = process(value[i])
            values.append(tuple(value))
        connection.exec_driver_sql(sql, values)

    return insert


def _row(memory_id: int, key: str, r: UnitRecord, actor: str, now: datetime) -> dict[str, Any]:
    folded = fold(r.source)
    return {
        "memory_id": memory_id,
        "source_lang": r.source_lang,
        "target_lang": r.target_lang,
        "source": r.source,
        "target": r.target,
        "source_markup": r.source_markup,
        "target_markup": r.target_markup,
        "source_folded": folded,
        "source_hash": source_hash(folded),
        "target_folded": fold(r.target),
        "unit_key": key,
        "creator": r.creator or actor,
        "created_at": r.created_at or now,
        "changed_by": actor,
        "changed_at": r.changed_at or r.created_at or now,
        "usage_count": r.usage_count,
        "last_used_at": None,
        "note": r.note,
        "context": r.context,
        "properties": r.properties,
    }


def _merge_row(row: dict[str, Any], r: UnitRecord) -> None:
    row["usage_count"] = max(row["usage_count"], r.usage_count)
    if r.created_at and r.created_at < row["created_at"]:
        row["created_at"] = r.created_at
    if r.changed_at and r.changed_at > row["changed_at"]:
        row["changed_at"] = r.changed_at
    for name in ("note", "context", "creator"):
        row[name] = row[name] or getattr(r, name)
    row["properties"] = {**r.properties, **row["properties"]}


def _apply_merges(
    session: Session, memory: Memory, merges: dict[str, list[UnitRecord]], actor: str
) -> None:
    keys = list(merges)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        units = session.scalars(
            sa.select(TranslationUnit).where(
                TranslationUnit.memory_id == memory.id, TranslationUnit.unit_key.in_(chunk)
            )
        )
        for unit in units:
            changed = [merge_into(unit, record) for record in merges[unit.unit_key]]
            if any(changed):
                unit.changed_by = actor
        session.flush()


def iter_units(
    session: Session,
    memory: Memory,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    changed_since: datetime | None = None,
) -> Iterator[UnitRecord]:
    """A memory's units in id order, streamed from the database."""
    query = sa.select(TranslationUnit).where(TranslationUnit.memory_id == memory.id)
    if source_lang:
        query = query.where(TranslationUnit.source_lang == source_lang)
    if target_lang:
        query = query.where(TranslationUnit.target_lang == target_lang)
    if changed_since:
        query = query.where(TranslationUnit.changed_at >= changed_since)
    result = session.scalars(query.order_by(TranslationUnit.id).execution_options(yield_per=2000))
    for unit in result:
        yield unit_to_record(unit)
    session.expunge_all()


def export_tmx(
    session: Session,
    memory: Memory,
    stream: IO[bytes],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    changed_since: datetime | None = None,
) -> int:
    """Write a memory (or the units matching the filters) as TMX 1.4; returns the unit count."""
    languages = (
        sa.select(TranslationUnit.source_lang)
        .where(TranslationUnit.memory_id == memory.id)
        .distinct()
    )
    if source_lang:
        languages = languages.where(TranslationUnit.source_lang == source_lang)
    sources = session.scalars(languages.limit(2)).all()
    srclang = sources[0] if len(sources) == 1 else (source_lang or "*all*")
    units = iter_units(
        session,
        memory,
        source_lang=source_lang,
        target_lang=target_lang,
        changed_since=changed_since,
    )
    return write_tmx(units, stream, srclang=srclang, tool_version=glossary.__version__)
