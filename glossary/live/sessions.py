"""Live sessions and their event log in the database.

Functions take a Session and flush but never commit: the caller owns the
transaction. Feeding a chunk locks the session's row first (an UPDATE, which
on SQLite also takes the write lock before anything is read), so chunks that
arrive at two workers at once are applied one after the other, and a session's
events are numbered 1, 2, … without gaps, in the order they commit.

On PostgreSQL the transaction also sends ``NOTIFY`` with ``"<session>:<event>"``
on a channel of the schema's own; it is delivered when the caller commits.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.db import utcnow
from glossary.index.terms import TermIndex
from glossary.live.chunks import Chunk, joined
from glossary.live.events import Announcer, number_passes, term_passes
from glossary.live.recognition import scan_numbers, scan_terms
from glossary.models import LiveEvent, LiveSession
from glossary.store.errors import Conflict, Invalid, NotFound

__all__ = [
    "StoredEvent",
    "channel",
    "create_session",
    "end_session",
    "events_after",
    "events_from_id",
    "feed",
    "find_session",
    "latest_event_id",
    "list_sessions",
    "session_to_dict",
]

BATCH = 500
# A session's committed text is a speech, not a library: an hour is ~20,000 characters.
MAX_COMMITTED = 1_000_000
_CHANNELS: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class StoredEvent:
    session_id: int
    seq: int
    kind: str
    data: str
    # The row's global id (for polling the table).
    id: int = 0


def create_session(
    db: Session, *, lang: str, target: str, title: str | None, actor: str
) -> LiveSession:
    live = LiveSession(
        lang=lang, target=target, title=title, created_by=actor, committed="", tail=""
    )
    live.provisional = []
    db.add(live)
    db.flush()
    return live


def find_session(db: Session, session_id: int) -> LiveSession:
    """:raises NotFound: when there is no such session."""
    live = db.get(LiveSession, session_id)
    if live is None:
        raise NotFound(f"There is no live session {session_id}.")
    return live


def list_sessions(db: Session, *, include_ended: bool = False) -> list[LiveSession]:
    query = sa.select(LiveSession).order_by(LiveSession.id.desc())
    if not include_ended:
        query = query.where(LiveSession.ended_at.is_(None))
    return list(db.scalars(query))


def session_to_dict(live: LiveSession, *, with_text: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": live.id,
        "title": live.title,
        "lang": live.lang,
        "target": live.target,
        "created_by": live.created_by,
        "created_at": live.created_at.isoformat(),
        "ended_at": live.ended_at.isoformat() if live.ended_at else None,
        "chunks": live.chunks,
        "last_event": live.last_event,
        "committed_length": len(live.committed),
    }
    if with_text:
        out["committed"] = live.committed
        out["tail"] = live.tail
    return out


def _lock(db: Session, session_id: int) -> LiveSession:
    """The session's row, locked for this transaction."""
    touched = db.execute(
        sa.update(LiveSession)
        .where(LiveSession.id == session_id)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not touched.rowcount:  # type: ignore[attr-defined]
        raise NotFound(f"There is no live session {session_id}.")
    live = db.get(LiveSession, session_id, populate_existing=True)
    assert live is not None
    if live.ended_at is not None:
        raise Conflict(f"Live session {session_id} has ended; start a new one.")
    return live


@dataclass(frozen=True)
class Fed:
    """What one chunk did."""

    session: LiveSession
    chunk: int
    events: list[tuple[int, str, dict[str, Any]]]


def feed(
    db: Session,
    session_id: int,
    chunk: Chunk,
    index: TermIndex,
    *,
    received_at: float | None = None,
) -> Fed:
    """Apply a chunk to a session, announce what it changed, log the events.

    :raises NotFound: for an unknown session.
    :raises Conflict: for a session that has ended.
    """
    live = _lock(db, session_id)
    committed, tail = live.committed, live.tail
    if len(committed) + len(chunk.text) > MAX_COMMITTED:
        raise Invalid([f"text: the session's text would pass {MAX_COMMITTED:,} characters"])
    if chunk.final:
        committed += joined(committed, chunk.text, chunk.utterance)
        tail = ""
    else:
        base = tail if chunk.extends_tail else ""
        tail = base + joined(committed + base, chunk.text, chunk.utterance)
    live.chunks += 1
    stamp = {"chunk": live.chunks, "received_at": received_at or time.time()}
    announcer = Announcer(live.last_event, stamp, list(live.provisional or []))
    announcer.emit(
        "transcript",
        {
            "committed_length": len(committed),
            "appended": committed[len(live.committed) :],
            "tail": tail,
            "final": chunk.final,
        },
    )
    _recognise(live, announcer, index, committed, tail, closing=False)
    live.committed, live.tail = committed, tail
    return _log(db, live, announcer)


def end_session(
    db: Session, session_id: int, index: TermIndex, *, received_at: float | None = None
) -> Fed:
    """End a session: what is committed settles, the tail is dropped, ``end`` is sent.

    :raises NotFound: for an unknown session.
    :raises Conflict: for a session that has ended already.
    """
    live = _lock(db, session_id)
    stamp = {"chunk": live.chunks, "received_at": received_at or time.time()}
    announcer = Announcer(live.last_event, stamp, list(live.provisional or []))
    _recognise(live, announcer, index, live.committed, "", closing=True)
    announcer.emit("end", {"committed_length": len(live.committed)})
    live.tail = ""
    live.ended_at = utcnow()
    return _log(db, live, announcer)


def _recognise(
    live: LiveSession,
    announcer: Announcer,
    index: TermIndex,
    committed: str,
    tail: str,
    *,
    closing: bool,
) -> None:
    scan = scan_terms(
        index,
        committed,
        tail,
        scan_from=live.scan_from,
        settled_upto=live.terms_upto,
        closing=closing,
    )
    term_passes(announcer, scan, index, live.target, live.lang)
    live.terms_upto, live.scan_from = scan.settled_upto, scan.restart
    if _has_numbers(live.lang):
        numbers = scan_numbers(committed, tail, settled_upto=live.numbers_upto, closing=closing)
        number_passes(announcer, numbers)
        live.numbers_upto = numbers.settled_upto
    live.provisional = announcer.provisional


def _has_numbers(tag: str) -> bool:
    """glossary.numbers reads Chinese text."""
    return tag.split("-")[0] == "zh"


def _log(db: Session, live: LiveSession, announcer: Announcer) -> Fed:
    rows = [
        {
            "session_id": live.id,
            "seq": seq,
            "kind": kind,
            "data": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            "at": utcnow(),
        }
        for seq, kind, data in announcer.events
    ]
    if rows:
        db.execute(sa.insert(LiveEvent), rows)
        live.last_event = announcer.last_event
    db.flush()
    if rows and db.get_bind().dialect.name == "postgresql":
        db.execute(sa.select(sa.func.pg_notify(channel(db), f"{live.id}:{live.last_event}")))
    return Fed(live, live.chunks, announcer.events)


def channel(db: Session | sa.Connection) -> str:
    """The NOTIFY channel of the schema the connection uses (one per schema)."""
    engine = db.get_bind().engine if isinstance(db, Session) else db.engine
    key = engine.url.render_as_string(hide_password=True)
    if key not in _CHANNELS:
        schema = db.scalar(sa.text("SELECT current_schema()")) or "public"
        _CHANNELS[key] = f"glossary_live_{schema}"[:63]
    return _CHANNELS[key]


def events_after(
    db: Session | sa.Connection, session_id: int, after: int, limit: int = BATCH
) -> list[StoredEvent]:
    """A session's events numbered above ``after``, in order."""
    rows = db.execute(
        sa.select(LiveEvent.id, LiveEvent.seq, LiveEvent.kind, LiveEvent.data)
        .where(LiveEvent.session_id == session_id, LiveEvent.seq > after)
        .order_by(LiveEvent.seq)
        .limit(limit)
    )
    return [StoredEvent(session_id, r.seq, r.kind, r.data, r.id) for r in rows]


def events_from_id(
    db: Session | sa.Connection, last_id: int, limit: int = BATCH
) -> list[StoredEvent]:
    """Every session's events whose row id is above ``last_id`` (the SQLite poll)."""
    rows = db.execute(
        sa.select(LiveEvent.id, LiveEvent.session_id, LiveEvent.seq, LiveEvent.kind, LiveEvent.data)
        .where(LiveEvent.id > last_id)
        .order_by(LiveEvent.id)
        .limit(limit)
    )
    return [StoredEvent(r.session_id, r.seq, r.kind, r.data, r.id) for r in rows]


def latest_event_id(db: Session | sa.Connection) -> int:
    return db.scalar(sa.select(sa.func.max(LiveEvent.id))) or 0


def session_state(db: Session | sa.Connection, session_id: int) -> tuple[int, bool] | None:
    """(last event number, ended?) of a session, or None if there is none."""
    row = db.execute(
        sa.select(LiveSession.last_event, LiveSession.ended_at).where(LiveSession.id == session_id)
    ).first()
    return None if row is None else (row.last_event, row.ended_at is not None)
