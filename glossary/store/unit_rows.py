"""Units on their way into the database: checked, keyed, folded and hashed, a batch at a time.

This is the part of an import that needs no database, so a large file can have
it done by a second process (``glossary.store.parser_process``) while the first
one inserts. Each batch leaves as plain tuples in the order of ``COLUMNS``,
already in the form the driver stores (on SQLite: dates and JSON as text), so
the inserting side only hands them to ``executemany``.

A unit goes in as its first occurrence, with the dates it gave (the inserting
side fills in missing ones); later units with the same key are merged into it
as they would be into any stored unit. Within a batch they are merged with each
other here (``RowBatch.later``); the inserting side finds the rest by the
unique key.

Imports: records, models (for the hashes and column types), formats, text,
store.memories. No database access.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from glossary.formats.tmx import Skipped
from glossary.models import TranslationUnit, source_hash
from glossary.records import UnitRecord
from glossary.store.errors import Invalid
from glossary.store.memories import key_of, merge_records, normalize_unit
from glossary.text import fold_many

BATCH = 5000

# The columns an import writes, in the order of every row tuple.
COLUMNS = (
    "memory_id", "source_lang", "target_lang", "source", "target", "source_markup",
    "target_markup", "source_folded", "source_hash", "target_folded", "unit_key", "creator",
    "created_at", "changed_by", "changed_at", "usage_count", "note", "context", "properties",
)  # fmt: skip
AT = {name: i for i, name in enumerate(COLUMNS)}
# created_at and changed_at hold the dates the file gave (or None): the inserting
# side fills in the defaults, and a duplicate is merged by the dates it really had.


@dataclass
class RowBatch:
    """Rows ready to insert, the units left out and why, and how far the file was read."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # By key, the later units equal to a row's unit, merged with each other:
    # what is to be merged into that row's unit once it is stored.
    later: dict[str, UnitRecord] = field(default_factory=dict)
    # How many units those are.
    merged: int = 0
    # Bytes of the file read when the batch was cut (None: not known).
    position: int | None = None


class RowFormat:
    """How a dialect's driver takes dates and JSON, and back again (for merging)."""

    def __init__(self, dialect_name: str) -> None:
        dialect = sqlite.dialect() if dialect_name == "sqlite" else postgresql.dialect()
        self.driver_values = dialect_name == "sqlite"
        table = TranslationUnit.__table__
        self._date = _processor(table.c.created_at.type, dialect)
        self._json = _processor(table.c.properties.type, dialect)
        self._date_back = _result(table.c.created_at.type, dialect)

    def date(self, value: datetime | None) -> Any:
        if value is None or not self.driver_values:
            return value
        return self._date(value)

    def properties(self, value: dict[str, str]) -> Any:
        if not self.driver_values:
            return value
        return "{}" if not value else self._json(value)

    def date_back(self, value: Any) -> datetime | None:
        if value is None or not self.driver_values:
            return value
        return self._date_back(value)

    def properties_back(self, value: Any) -> dict[str, str]:
        return json.loads(value) if self.driver_values else value


def _processor(type_: sa.types.TypeEngine[Any], dialect: sa.Dialect) -> Callable[[Any], Any]:
    return type_.dialect_impl(dialect).bind_processor(dialect) or (lambda v: v)


def _result(type_: sa.types.TypeEngine[Any], dialect: sa.Dialect) -> Callable[[Any], Any]:
    process = type_.dialect_impl(dialect).result_processor(dialect, None)
    return process or (lambda v: v)


def row_to_record(row: tuple[Any, ...], form: RowFormat) -> UnitRecord:
    """The unit a row was made from (to merge it into an equal stored unit)."""
    return UnitRecord(
        source=row[AT["source"]],
        target=row[AT["target"]],
        source_lang=row[AT["source_lang"]],
        target_lang=row[AT["target_lang"]],
        source_markup=row[AT["source_markup"]],
        target_markup=row[AT["target_markup"]],
        creator=row[AT["creator"]],
        created_at=form.date_back(row[AT["created_at"]]),
        changed_at=form.date_back(row[AT["changed_at"]]),
        usage_count=row[AT["usage_count"]],
        note=row[AT["note"]],
        context=row[AT["context"]],
        properties=form.properties_back(row[AT["properties"]]),
    )


def prepare_rows(
    items: Iterable[UnitRecord | Skipped],
    *,
    memory_id: int,
    actor: str,
    form: RowFormat,
    position: Callable[[], int | None] = lambda: None,
    size: int | None = None,
) -> Iterator[RowBatch]:
    """Batches of rows for ``items``: each unit checked, keyed, folded and hashed."""
    size = size or BATCH
    batch = RowBatch()
    pending: dict[str, UnitRecord] = {}
    for item in items:
        if isinstance(item, Skipped):
            batch.skipped.append(item)
            continue
        try:
            record = normalize_unit(item)
        except Invalid as exc:
            batch.skipped.append(Skipped(None, f"invalid unit: {exc}"))
            continue
        key = key_of(record)
        if key not in pending:
            pending[key] = record
            if len(pending) >= size:
                yield _finish(batch, pending, memory_id, actor, form, position())
                batch, pending = RowBatch(), {}
        else:
            earlier = batch.later.get(key)
            batch.later[key] = record if earlier is None else merge_records(earlier, record)
            batch.merged += 1
    yield _finish(batch, pending, memory_id, actor, form, position())


def _finish(
    batch: RowBatch,
    pending: dict[str, UnitRecord],
    memory_id: int,
    actor: str,
    form: RowFormat,
    position: int | None,
) -> RowBatch:
    records = list(pending.values())
    sources = fold_many([r.source for r in records])
    targets = fold_many([r.target for r in records])
    date, properties = form.date, form.properties
    batch.rows = [
        (
            memory_id,
            r.source_lang,
            r.target_lang,
            r.source,
            r.target,
            r.source_markup,
            r.target_markup,
            folded,
            source_hash(folded),
            folded_target,
            key,
            r.creator or actor,
            date(r.created_at),
            actor,
            date(r.changed_at),
            r.usage_count,
            r.note,
            r.context,
            properties(r.properties),
        )  # fmt: skip
        for key, r, folded, folded_target in zip(pending, records, sources, targets, strict=True)
    ]
    batch.position = position
    return batch
