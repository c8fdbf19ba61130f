"""A snapshot of the whole database, and restoring it: SQLite and PostgreSQL alike.

The snapshot is JSON Lines (gzip-compressed when the file name ends in .gz),
written and read a row at a time, so a memory of millions of units never sits
in memory:

    {"glossary_dump": 1, "schema": "0002", "created_at": …, "source": "sqlite", …}
    {"table": "concept", "columns": ["id", "ref", …]}
    [1, "shipped-bay-area-connect", …]            one array per row
    {"end": "concept", "rows": 12}
    …                                              every table, parents first
    {"end_of_dump": true, "rows": {…}, "next_ids": {…}}

Every table of the models is in it: concepts, terms, memories, units, the
change log, the audit history and API tokens (their hashes; secrets are never
stored). Dates are ISO 8601 with their offset; JSON columns are JSON.

A dump reads in one transaction (REPEATABLE READ on PostgreSQL; one read
snapshot on SQLite), so it is consistent while the service keeps writing. A
restore goes into a database at the same schema revision, in one transaction:
all of it or nothing; into an empty database unless asked to replace what is
there. Afterwards PostgreSQL's sequences continue where the source's did, so
new ids and change-log numbers follow the restored ones.

Imports: models, db, store.schema. No Flask.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection, Engine

from glossary.db import UTCDateTime, utcnow
from glossary.models import Base
from glossary.store.schema import current_revision, head_revision, migrate

FORMAT = 1
BATCH = 1000


class DumpError(Exception):
    """A snapshot that cannot be restored here, and why; nothing was restored."""


@dataclass
class Summary:
    """What a dump wrote or a restore loaded."""

    schema: str
    rows: dict[str, int] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[sa.Table]:
    """Every table of the models, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


# -- writing ------------------------------------------------------------------


def dump(engine: Engine, stream: IO[bytes]) -> Summary:
    """Write a consistent snapshot of the database to a binary stream."""
    with _snapshot(engine) as connection:
        summary = Summary(schema=_revision(connection))
        for line in dump_lines(connection, summary):
            stream.write(line.encode("utf-8"))
    return summary


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that reads one unchanging state of the database until it closes."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            connection.begin()
        else:
            # The driver begins transactions only before writes: begin one for
            # reading, so every table is read from the same snapshot.
            connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()


def _revision(connection: Connection) -> str:
    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None:
        raise DumpError("the database has no schema: nothing to dump (run `glossary init`)")
    return str(revision)


def dump_lines(connection: Connection, summary: Summary) -> Iterator[str]:
    """The snapshot, line by line (``connection`` reads one snapshot throughout)."""
    yield _line(
        {
            "glossary_dump": FORMAT,
            "schema": summary.schema,
            "created_at": utcnow().isoformat(),
            "source": connection.dialect.name,
            "tables": [t.name for t in tables()],
        }
    )
    for table in tables():
        columns = list(table.columns)
        yield _line({"table": table.name, "columns": [c.name for c in columns]})
        encoders = [_encoder(c) for c in columns]
        count = 0
        query = sa.select(*columns).order_by(*table.primary_key.columns)
        for row in connection.execution_options(yield_per=BATCH).execute(query):
            yield _line([encode(value) for encode, value in zip(encoders, row, strict=True)])
            count += 1
        summary.rows[table.name] = count
        yield _line({"end": table.name, "rows": count})
    summary.next_ids = _next_ids(connection)
    yield _line({"end_of_dump": True, "rows": summary.rows, "next_ids": summary.next_ids})


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _is_date(column: sa.Column[Any]) -> bool:
    return isinstance(column.type, UTCDateTime)


def _encoder(column: sa.Column[Any]) -> Any:
    if _is_date(column):
        return lambda v: None if v is None else v.isoformat()
    return lambda v: v


def _decoder(column: sa.Column[Any]) -> Any:
    if _is_date(column):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    return lambda v: v


def _counter(table: sa.Table) -> sa.Column[Any] | None:
    """The column a table numbers its rows by (an integer primary key), if any."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and isinstance(keys[0].type, sa.Integer):
        return keys[0]
    return None


def _next_ids(connection: Connection) -> dict[str, int]:
    """The id each table would give its next row: a sequence's next value on
    PostgreSQL, one past the largest on SQLite (which reuses nothing below it)."""
    found = {}
    for table in tables():
        column = _counter(table)
        if column is None:
            continue
        largest = connection.execute(sa.select(sa.func.max(column))).scalar() or 0
        found[table.name] = largest + 1
        if connection.dialect.name == "postgresql":
            sequence = _sequence(connection, table, column)
            if sequence is not None:
                last, called = connection.exec_driver_sql(
                    f"SELECT last_value, is_called FROM {sequence}"
                ).one()
                found[table.name] = max(largest + 1, last + 1 if called else last)
    return found


def _sequence(connection: Connection, table: sa.Table, column: sa.Column[Any]) -> str | None:
    name = connection.execute(
        sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
        {"table": table.name, "column": column.name},
    ).scalar()
    return str(name) if name else None


# -- reading ------------------------------------------------------------------


def restore(engine: Engine, stream: IO[bytes], *, replace: bool = False) -> Summary:
    """Load a snapshot into the database, all of it or nothing.

    An empty database (no schema yet) is migrated first.

    :param replace: delete every row already there first (otherwise a database
        with any row is refused).
    :raises DumpError: for a file that is not a snapshot, is cut short, is of
        another schema revision, or a database that is not empty.
    """
    lines = _json_lines(stream)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("glossary_dump") != FORMAT:
        raise DumpError("not a glossary dump (its first line is not a dump header)")
    schema = str(header.get("schema"))
    if schema != head_revision():
        raise DumpError(
            f"the dump is of schema {schema}; this glossary is at {head_revision()}: restore "
            "it with the glossary version that made it, then upgrade with `glossary init`"
        )
    if current_revision(engine) is None:
        migrate(engine)
    elif current_revision(engine) != schema:
        raise DumpError(
            f"the database is at schema {current_revision(engine)}, the dump at {schema}: "
            "bring the database to the same revision (`glossary init`) first"
        )
    summary = Summary(schema=schema)
    with engine.begin() as connection:
        _make_room(connection, replace=replace)
        _load(connection, lines, summary)
        if connection.dialect.name == "postgresql":
            _continue_sequences(connection, summary.next_ids)
    return summary


def _json_lines(stream: IO[bytes]) -> Iterator[Any]:
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    text: Iterable[bytes] = gzip.GzipFile(fileobj=stream) if head == b"\x1f\x8b" else stream
    for number, raw in enumerate(text, 1):
        try:
            yield json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise DumpError(f"line {number} is not JSON: {exc}") from None


def _make_room(connection: Connection, *, replace: bool) -> None:
    filled = [
        t.name
        for t in tables()
        if connection.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
    ]
    if filled and not replace:
        raise DumpError(
            f"the database is not empty ({', '.join(filled)} hold rows): restore into an "
            "empty database, or replace what is there (--replace)"
        )
    for table in reversed(tables()):
        connection.execute(table.delete())


def _load(connection: Connection, lines: Iterator[Any], summary: Summary) -> None:
    known = {t.name: t for t in tables()}
    for line in lines:
        if isinstance(line, dict) and line.get("end_of_dump"):
            summary.next_ids = {str(k): int(v) for k, v in line.get("next_ids", {}).items()}
            if line.get("rows") != summary.rows:
                raise DumpError(f"the dump's counts {line.get('rows')} differ from its rows")
            return
        if not isinstance(line, dict) or line.get("table") not in known:
            raise DumpError(f"expected a table heading, found {str(line)[:80]!r}")
        table = known[line["table"]]
        summary.rows[table.name] = _load_table(connection, table, line.get("columns"), lines)
    raise DumpError("the dump ends early (no end-of-dump line): it is incomplete")


def _load_table(connection: Connection, table: sa.Table, names: Any, lines: Iterator[Any]) -> int:
    if not isinstance(names, list) or set(names) != set(table.columns.keys()):
        raise DumpError(f"{table.name}: the dump's columns {names} are not this schema's")
    columns = [table.columns[name] for name in names]
    decoders = [_decoder(c) for c in columns]
    batch: list[dict[str, Any]] = []
    count = 0
    for line in lines:
        if isinstance(line, dict):
            if line.get("end") != table.name or line.get("rows") != count + len(batch):
                raise DumpError(f"{table.name}: the table's rows end wrongly ({line})")
            break
        if not isinstance(line, list) or len(line) != len(names):
            raise DumpError(f"{table.name}: a row does not match the columns: {str(line)[:80]}")
        batch.append({n: d(v) for n, d, v in zip(names, decoders, line, strict=True)})
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    else:
        raise DumpError(f"{table.name}: the dump ends inside the table")
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def _continue_sequences(connection: Connection, next_ids: dict[str, int]) -> None:
    """Set each sequence so the next row gets the id the source would have given it."""
    for table in tables():
        column = _counter(table)
        sequence = _sequence(connection, table, column) if column is not None else None
        if column is None or sequence is None:
            continue
        largest = connection.execute(sa.select(sa.func.max(column))).scalar() or 0
        following = max(next_ids.get(table.name, 1), largest + 1)
        connection.execute(
            sa.text("SELECT setval(CAST(:sequence AS regclass), :value, :called)"),
            {"sequence": sequence, "value": max(following - 1, 1), "called": following > 1},
        )
