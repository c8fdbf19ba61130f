"""Dump and restore: every table comes back equal, SQLite → PostgreSQL and back, and
PostgreSQL → SQLite and back; a dump is one snapshot; bad or partial files restore nothing."""

from __future__ import annotations

import gzip
import io
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from glossary.db import make_engine, make_sessionmaker, utcnow
from glossary.formats.termbase_toml import read_termbase
from glossary.live import sessions
from glossary.live.chunks import Chunk
from glossary.models import Change, Concept
from glossary.records import UnitRecord
from glossary.store import concepts, memories, tokens
from glossary.store.backup import DumpError, Summary, _snapshot, dump, dump_lines, restore, tables
from glossary.store.memory_import import import_units
from glossary.store.shipped import install_memories, install_termbase
from glossary.store.terms import build_term_index
from tests.conftest import NO_POSTGRES, POSTGRES_URL, ROOT, _empty_postgres

# Dumps and restores whole databases: seconds each.
pytestmark = pytest.mark.slow


def fill(url: str) -> None:
    """A database with something in every table: shipped data, edits, deletions,
    units with inline codes, dates and properties, tokens used and revoked, a
    live session with its events."""
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        install_termbase(session, read_termbase(ROOT / "tm_data" / "termbase"), actor="cli")
        install_memories(session, ROOT / "tm_data" / "memory", actor="cli")
    with make_sessionmaker(engine).begin() as session:
        first, second = session.scalars(sa.select(Concept).order_by(Concept.id).limit(2))
        record = concepts.concept_to_record(first)
        concepts.update_concept(
            session, first, replace(record, notes={"en": "An edited note 「引號」"}), actor="t"
        )
        concepts.delete_concept(session, second, actor="t")
        memory = memories.create_memory(session, "client 甲", "with odd units")
        units = [
            UnitRecord(
                "按<b>「灣區通」</b>推進",
                "Advance Bay Area Connect",
                "zh-Hant-HK",
                "en",
                source_markup='按<bpt i="1">&lt;b&gt;</bpt>「灣區通」<ept i="1">&lt;/b&gt;</ept>推進',
                created_at=datetime(2019, 5, 6, 7, 8, 9, tzinfo=UTC),
                usage_count=3,
                note="note",
                properties={"x-client": "甲", "tuid": "42"},
            ),
            UnitRecord("新質生產力", "new quality productive forces", "zh-Hans", "en"),
        ]
        import_units(session, memory, units, actor="t")
        admin, _ = tokens.create_token(session, "ops", "admin")
        reader, _ = tokens.create_token(session, "weblate", "reader")
        tokens.revoke_token(session, reader.id)
        tokens.record_use(session, admin.id, utcnow())
    with make_sessionmaker(engine).begin() as session:
        index = build_term_index(session)
        live = sessions.create_session(
            session, lang="zh-Hant", target="en", title="會議", actor="t"
        )
        sessions.feed(session, live.id, Chunk("深入實施「灣區通」工程", final=True), index)
        sessions.end_session(session, live.id, index)
    engine.dispose()


def contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, as the models read it."""
    engine = make_engine(url)
    with engine.connect() as connection:
        found = {
            table.name: [
                tuple(row)
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in tables()
        }
    engine.dispose()
    return found


def dumped(url: str) -> bytes:
    stream = io.BytesIO()
    engine = make_engine(url)
    dump(engine, stream)
    engine.dispose()
    return stream.getvalue()


def restored(url: str, data: bytes, **options: bool) -> Summary:
    engine = make_engine(url)
    try:
        return restore(engine, io.BufferedReader(io.BytesIO(data)), **options)
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "other.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.mark.postgresql
@pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)
@pytest.mark.parametrize("start", ["sqlite", "postgresql"])
def test_a_round_trip_each_way_keeps_every_table(
    start: str, sqlite_url: str, postgres_url: str
) -> None:
    _empty_postgres(postgres_url)
    urls = {"sqlite": sqlite_url, "postgresql": postgres_url}
    there = urls[start]
    back = urls["postgresql" if start == "sqlite" else "sqlite"]
    fill(there)
    original = contents(there)
    assert all(original[t.name] for t in tables()), "every table holds rows"

    summary = restored(back, dumped(there))
    assert summary.rows == {name: len(rows) for name, rows in original.items()}
    assert contents(back) == original

    restored(there, dumped(back), replace=True)
    assert contents(there) == original

    # New rows continue the numbering: ids and change-log numbers follow the restored ones.
    for url in urls.values():
        engine = make_engine(url)
        with make_sessionmaker(engine).begin() as session:
            record = concepts.concept_to_record(session.scalars(sa.select(Concept)).first())
            created = concepts.create_concept(session, replace(record, ref="new"), actor="t")
            assert created.id == max(row[0] for row in original["concept"]) + 1
            seq = session.scalar(sa.select(sa.func.max(Change.seq)))
            assert seq > max(row[0] for row in original["change_log"])
        engine.dispose()


def test_a_dump_is_one_snapshot_while_others_write(database_url: str) -> None:
    fill(database_url)
    engine = make_engine(database_url)
    with _snapshot(engine) as connection:
        summary = Summary(schema="x")
        lines = dump_lines(connection, summary)
        head = [next(lines), next(lines), next(lines)]  # the header, a table, a row
        with make_sessionmaker(engine).begin() as session:
            memories.create_memory(session, "written meanwhile")
        rest = list(lines)
    engine.dispose()
    text = "".join(head + rest)
    assert "written meanwhile" not in text
    assert summary.rows["memory"] == len(contents(database_url)["memory"]) - 1


def test_restore_refuses_a_database_with_rows_unless_told_to_replace(database_url: str) -> None:
    fill(database_url)
    data = dumped(database_url)
    with pytest.raises(DumpError, match="not empty"):
        restored(database_url, data)
    before = contents(database_url)
    restored(database_url, gzip.compress(data), replace=True)
    assert contents(database_url) == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[: len(d) // 2].rsplit(b"\n", 1)[0] + b"\n", "ends"),
        (lambda d: d.replace(b'"end_of_dump":true', b'"end_of_dump":true,"x":', 1), "JSON"),
        (lambda d: b"hello\n" + d, "JSON"),
        (lambda d: d.replace(b'"schema":"', b'"schema":"9', 1), "schema"),
        (lambda d: d.replace(b'{"end":"term","rows":', b'{"end":"term","rows":1', 1), "term"),
    ],
    ids=["cut short", "broken line", "not a dump", "another schema", "wrong count"],
)
def test_a_damaged_dump_restores_nothing(
    database_url: str, sqlite_url: str, damage, message
) -> None:
    fill(database_url)
    data = damage(dumped(database_url))
    with pytest.raises(DumpError, match=message):
        restored(sqlite_url, data)
    assert not any(contents(sqlite_url).values())
