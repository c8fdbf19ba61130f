"""Index generations from the database: build one, load one.

A generation (glossary.index.generation) holds what a worker needs to answer
without asking the database for the term base or for fuzzy candidates:

* ``terms.pickle``: the term index (automaton, cards) — small, loaded into each
  process in milliseconds;
* ``memories/<id>/``: each memory's segments (glossary.index.segments), mapped
  read-only and shared by every process of the host;
* ``meta.json``: the change-log position it includes (with the gaps that may
  still fill in), the numbering of language pairs, the memories' names and sizes.

The builder reads one consistent snapshot (a read transaction on SQLite,
REPEATABLE READ on PostgreSQL). A memory no change touched since the previous
generation is hard-linked from it instead of being rebuilt, so a new generation
costs what changed plus the term index. A worker that maps a generation applies
the change log after its position as a small delta.

Pickle is safe here: the files are written by this builder into the instance
folder, never taken from users.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from glossary.index.bigram import BigramIndex
from glossary.index.fuzzy import FuzzyIndex, Tier
from glossary.index.generation import Generation, building, current, prune, publish
from glossary.index.segments import FolderSink, build_segments, folder_size, open_segments
from glossary.index.terms import TermIndex
from glossary.models import Change, Memory, TranslationUnit
from glossary.store.changes import ChangeFeed
from glossary.store.memory_index import Groups, MemoryIndexes, build_memory_indexes, unit_rows
from glossary.store.terms import build_term_index

__all__ = ["LoadedIndexes", "build_generation", "build_in_memory", "load_generation", "status"]


@dataclass(frozen=True)
class LoadedIndexes:
    """Both indexes and the feed that continues from where they were read."""

    terms: TermIndex
    memories: MemoryIndexes
    feed: ChangeFeed
    generation: str | None = None  # its folder's name; None when built in memory


@contextmanager
def snapshot(engine: Engine) -> Iterator[Session]:
    """A read-only session that sees one moment of the database throughout."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        else:
            # pysqlite begins transactions only before writes; a read snapshot
            # needs an explicit BEGIN (WAL readers then see one moment).
            connection.exec_driver_sql("BEGIN")
        with Session(bind=connection) as session:
            try:
                yield session
            finally:
                session.rollback()


def build_in_memory(session: Session) -> LoadedIndexes:
    """Both indexes from the session, held in this process only (no index folder)."""
    feed = ChangeFeed.starting_now(session)
    return LoadedIndexes(build_term_index(session), build_memory_indexes(session), feed)


def build_generation(
    engine: Engine, root: Path, *, wait: bool = True, force: bool = False
) -> Generation | None:
    """Write and publish a new generation of ``root`` from the database as it is now.

    Returns the current generation unchanged when nothing changed since it
    (unless ``force``), and None when another process is building and ``wait``
    is False.
    """
    with building(root, wait=wait) as scratch:
        if scratch is None:
            return None
        previous = current(root)
        with snapshot(engine) as session:
            if previous is not None and not fits(previous, session):
                previous = None  # another database, or this one emptied: start afresh
            feed = ChangeFeed.starting_now(session)
            if previous is not None and not force and previous.meta["feed"] == feed.state():
                return previous
            meta = _write(session, scratch, feed, previous)
        meta["database"] = engine.url.render_as_string(hide_password=True)
        generation = publish(root, scratch, meta)
    prune(root)
    return generation


def _write(
    session: Session, scratch: Path, feed: ChangeFeed, previous: Generation | None
) -> dict[str, Any]:
    started = time.monotonic()
    terms = build_term_index(session)
    (scratch / "terms.pickle").write_bytes(pickle.dumps(terms, protocol=pickle.HIGHEST_PROTOCOL))
    names = dict(session.execute(sa.select(Memory.id, Memory.name).order_by(Memory.id)).all())
    reusable = _unchanged_memories(session, previous, feed) if previous else set()
    groups = Groups({(s, t): n for s, t, n in previous.meta["pairs"]} if previous else {})
    memories: dict[str, dict[str, Any]] = {}
    for memory_id, name in names.items():
        folder = scratch / "memories" / str(memory_id)
        if previous is not None and memory_id in reusable:
            units = _link(previous.path / "memories" / str(memory_id), folder)
        else:
            units = len(build_segments(unit_rows(session, memory_id, groups), FolderSink(folder)))
        memories[str(memory_id)] = {"name": name, "units": units, "bytes": folder_size(folder)}
    return {
        "seq": feed.applied,
        "last_change": _change_at(session, feed.applied),
        "feed": feed.state(),
        "max_unit_id": session.scalar(sa.select(sa.func.max(TranslationUnit.id))) or 0,
        "pairs": [[s, t, n] for (s, t), n in groups.pairs.items()],
        "memories": memories,
        "terms": len(terms),
        "build_seconds": round(time.monotonic() - started, 3),
    }


def _change_at(session: Session, seq: int) -> list[Any] | None:
    """The change-log row at ``seq`` as [seq, entity, entity id, op]: a fingerprint of the
    log a generation was built from."""
    row = session.execute(
        sa.select(Change.seq, Change.entity, Change.entity_id, Change.op).where(Change.seq == seq)
    ).first()
    return list(row) if row is not None else None


def fits(generation: Generation, session: Session) -> bool:
    """Whether ``generation`` was built from this database's log (not from another
    database at the same address, nor from this one before it was emptied)."""
    recorded = generation.meta.get("last_change")
    if recorded is None:
        return generation.seq == 0
    return _change_at(session, int(recorded[0])) == recorded


def _unchanged_memories(session: Session, previous: Generation, feed: ChangeFeed) -> set[int]:
    """Memories of the previous generation that no change since has touched."""
    before = ChangeFeed.resume(previous.meta["feed"])
    condition = Change.seq > before.applied
    for gap in before.gaps:
        condition = condition | Change.seq.between(gap.lo, gap.hi)
    touched = set()
    rows = session.execute(
        sa.select(Change.entity, Change.entity_id, Change.scope).where(
            condition, Change.seq <= feed.applied, Change.entity.in_(("unit", "memory"))
        )
    )
    for entity, entity_id, scope in rows:
        touched.add(entity_id if entity == "memory" else scope)
    return {int(m) for m in previous.meta["memories"]} - touched


def _link(source: Path, target: Path) -> int:
    """Hard-link a memory's files from the previous generation; return its unit count."""
    target.mkdir(parents=True)
    for entry in os.scandir(source):
        os.link(entry.path, target / entry.name)
    return len(open_segments(target))


def load_generation(generation: Generation) -> LoadedIndexes:
    """Map a generation: its term index and every memory's segments."""
    meta, path = generation.meta, generation.path
    terms = pickle.loads((path / "terms.pickle").read_bytes())
    by_memory = {
        int(m): FuzzyIndex(Tier(BigramIndex(open_segments(path / "memories" / m))))
        for m in meta["memories"]
    }
    memories = MemoryIndexes(
        by_memory=by_memory,
        pairs={(s, t): n for s, t, n in meta["pairs"]},
        names={int(m): v["name"] for m, v in meta["memories"].items()},
        max_unit_id=int(meta["max_unit_id"]),
    )
    return LoadedIndexes(terms, memories, ChangeFeed.resume(meta["feed"]), generation.name)


def status(engine: Engine, root: Path) -> dict[str, Any]:
    """What ``glossary index status`` shows: the current generation and how far behind it is."""
    generation = current(root)
    with engine.connect() as connection:
        latest = connection.scalar(sa.select(sa.func.max(Change.seq))) or 0
        if generation is None:
            return {"root": str(root), "current": None, "latest_seq": latest}
        behind = connection.scalar(sa.select(sa.func.count()).where(Change.seq > generation.seq))
    meta = generation.meta
    return {
        "root": str(root),
        "current": generation.name,
        "seq": generation.seq,
        "latest_seq": latest,
        "changes_behind": behind,
        "created": meta["created"],
        "build_seconds": meta.get("build_seconds"),
        "terms": meta["terms"],
        "memories": meta["memories"],
        "bytes": sum(v["bytes"] for v in meta["memories"].values())
        + (generation.path / "terms.pickle").stat().st_size,
    }
