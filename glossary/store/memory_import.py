"""Importing units into a memory in bulk.

An import is one transaction: the caller commits after it returns, or rolls
back on any error, so a file is taken whole or not at all. New units go in
with executemany through SQLAlchemy Core, thousands per statement batch,
bypassing the ORM (and its per-row change log entries); one "reload" entry in
the change log then tells every worker to rebuild that memory's index.

Parsing and folding cost about as much as inserting, so a large file is parsed
in a second process (fork) while this one inserts; the child only reads the file.
"""

from __future__ import annotations

import multiprocessing
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.formats.errors import FormatError
from glossary.formats.tmx import Skipped, read_tmx
from glossary.models import Memory, TranslationUnit, source_hash
from glossary.records import UnitRecord
from glossary.store.changes import log_change
from glossary.store.errors import Invalid
from glossary.store.memories import (
    canonical_or_none,
    key_of,
    merge_into,
    normalize_unit,
    unit_now,
)
from glossary.text import fold

BATCH = 5000
# Files from this size on are parsed in a second process.
PARALLEL_FROM = 4 << 20
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
) -> ImportReport:
    """Add every unit of ``items`` to ``memory``, merging duplicates; the caller commits.

    :raises Invalid: when not one unit could be taken (the report's reasons say why).
    :raises FormatError: from the reader, for a file that turns out malformed.
    """
    return _store(session, memory, _prepared(items), actor)


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
    """Import a TMX file; a large one is parsed in a second process while this one inserts.

    The second process is forked: call this from a command (``glossary import``),
    not from a threaded server, which reads uploads with ``import_units``.

    :param progress: called with how many bytes of the file have been read so far.
    """
    try:
        source_lang = canonical_or_none(source_lang)
        target_lang = canonical_or_none(target_lang)
    except ValueError as exc:
        raise Invalid([str(exc)]) from exc
    if path.stat().st_size >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        items = _prepared_elsewhere(path, source_lang, target_lang, progress)
    else:
        items = _prepared(_read_counting(path, source_lang, target_lang, progress))
    return _store(session, memory, items, actor)


# A unit on its way in: the fields of _FIELDS, folded and hashed.
Prepared = tuple[Any, ...]
_FIELDS = (
    "unit_key", "source_lang", "target_lang", "source", "target", "source_markup",
    "target_markup", "creator", "created_at", "changed_at", "usage_count", "note", "context",
    "properties", "source_folded", "source_hash", "target_folded",
)  # fmt: skip


def fold_text(text: str) -> str:
    """``glossary.text.fold``, with a shortcut for pure ASCII (most targets).

    For ASCII the fold is lower case with whitespace runs made one space and the
    ends stripped; the general fold costs ten times more on a long English
    sentence. A test holds the two equal.
    """
    if text.isascii():
        return " ".join(text.lower().split())
    return fold(text)


def _prepared(items: Iterable[UnitRecord | Skipped]) -> Iterator[Prepared | Skipped]:
    """Check, key, fold and hash each unit: the work that needs no database."""
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            r = normalize_unit(item)
        except Invalid as exc:
            yield Skipped(None, f"invalid unit: {exc}")
            continue
        folded = fold_text(r.source)
        yield (
            key_of(r), r.source_lang, r.target_lang, r.source, r.target, r.source_markup,
            r.target_markup, r.creator, r.created_at, r.changed_at, r.usage_count, r.note,
            r.context, r.properties, folded, source_hash(folded), fold_text(r.target),
        )  # fmt: skip


def _record(item: Prepared) -> UnitRecord:
    return UnitRecord(**dict(zip(_FIELDS[1:14], item[1:14], strict=True)))


def _store(
    session: Session, memory: Memory, items: Iterable[Prepared | Skipped], actor: str
) -> ImportReport:
    report = ImportReport(memory.name)
    if session.get_bind().dialect.name == "sqlite":
        # The unique key index takes inserts in random order: keep its pages cached.
        session.execute(sa.text("PRAGMA cache_size=-262144"))
    stored = set(
        session.scalars(
            sa.select(TranslationUnit.unit_key).where(TranslationUnit.memory_id == memory.id)
        )
    )
    pending: dict[str, dict[str, Any]] = {}
    merges: dict[str, list[UnitRecord]] = {}
    now = unit_now()
    insert = _inserter(session)
    for item in items:
        if isinstance(item, Skipped):
            report.skip(item.line, item.reason)
            continue
        key = item[0]
        if key in pending:
            _merge_row(pending[key], _record(item))
            report.merged += 1
        elif key in stored:
            merges.setdefault(key, []).append(_record(item))
            report.merged += 1
        else:
            pending[key] = _row(memory.id, item, actor, now)
            report.taken += 1
            if len(pending) >= BATCH:
                insert(list(pending.values()))
                stored.update(pending)
                pending.clear()
    if pending:
        insert(list(pending.values()))
    _apply_merges(session, memory, merges, actor)
    if report.taken == 0 and report.merged == 0:
        reasons = "; ".join(f"{r} ({n})" for r, n in report.reasons.most_common(5))
        raise Invalid([f"no unit could be imported: {reasons or 'the file holds no units'}"])
    if report.taken:
        memory.updated_at = now
        log_change(session, "memory", memory.id, "reload", scope=memory.id)
    session.flush()
    return report


def _read_counting(
    path: Path,
    source_lang: str | None,
    target_lang: str | None,
    progress: Callable[[int], None] | None,
) -> Iterator[UnitRecord | Skipped]:
    with path.open("rb") as raw:
        for n, item in enumerate(read_tmx(raw, source_lang=source_lang, target_lang=target_lang)):
            if progress and n % 2000 == 0:
                progress(raw.tell())
            yield item
    if progress:
        progress(path.stat().st_size)


def _prepared_elsewhere(
    path: Path,
    source_lang: str | None,
    target_lang: str | None,
    progress: Callable[[int], None] | None,
) -> Iterator[Prepared | Skipped]:
    """``_prepared(read_tmx(path))`` computed by a child process, batch by batch.

    Parsing and folding take as long as inserting; on two cores they overlap.
    The child only reads the file: it never touches the database.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=8)
    child = context.Process(
        target=_produce, args=(path, source_lang, target_lang, queue), daemon=True
    )
    child.start()
    try:
        while True:
            message = queue.get()
            if message[0] == "batch":
                if progress:
                    progress(message[1])
                yield from message[2]
            elif message[0] == "error":
                kind, text = message[1], message[2]
                if kind == "FormatError":
                    raise FormatError(text)
                if kind in ("LanguageError", "ValueError"):
                    raise Invalid([text])
                raise RuntimeError(text)
            else:
                break
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def _produce(path: Path, source_lang: str | None, target_lang: str | None, queue: Any) -> None:
    try:
        with path.open("rb") as raw:
            batch: list[Prepared | Skipped] = []
            for item in _prepared(read_tmx(raw, source_lang=source_lang, target_lang=target_lang)):
                batch.append(item)
                if len(batch) >= 2000:
                    queue.put(("batch", raw.tell(), batch))
                    batch = []
            queue.put(("batch", path.stat().st_size, batch))
        queue.put(("done",))
    except Exception as exc:  # handed to the parent, which raises it
        queue.put(("error", type(exc).__name__, str(exc)))


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


def _row(memory_id: int, item: Prepared, actor: str, now: datetime) -> dict[str, Any]:
    row = dict(zip(_FIELDS, item, strict=True))
    row["memory_id"] = memory_id
    row["creator"] = row["creator"] or actor
    row["changed_at"] = row["changed_at"] or row["created_at"] or now
    row["created_at"] = row["created_at"] or now
    row["changed_by"] = actor
    row["last_used_at"] = None
    return row


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
