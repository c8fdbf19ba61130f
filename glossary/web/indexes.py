"""The live indexes, one home for them: the term index and the memories' fuzzy indexes.

Each is kept current through the change log. ``init_app`` registers both; the
API, the tmserver adapter and the pages ask for them through ``term_index()``
and ``memory_indexes()``. The first call builds an index; later calls apply the
log's new rows at most every GLOSSARY_INDEX_POLL_SECONDS, or at once when the
client asks to see at least a given sequence (``min_seq``, for read-your-writes:
every successful write answers with ``X-Glossary-Seq``).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from flask import Flask, Response, current_app, request
from sqlalchemy.orm import Session

from glossary.index.terms import TermIndex
from glossary.store.changes import BATCH, ChangeFeed, ChangeRow, latest_seq
from glossary.store.memory_index import MemoryIndexes, apply_memory_changes, build_memory_indexes
from glossary.store.terms import build_term_index, update_term_index
from glossary.web.database import get_session
from glossary.web.errors import ApiError

T = TypeVar("T")
Build = Callable[[Session], T]
# Apply changes to an index; return the index to use from now on (the same
# object, changed in place, or a new one that replaces it atomically).
Apply = Callable[[T, Session, list[ChangeRow]], T]

TERMS = "terms"
MEMORIES = "memories"
SEQ_HEADER = "X-Glossary-Seq"
MIN_SEQ_HEADER = "X-Glossary-Min-Seq"


class LiveIndex(Generic[T]):
    def __init__(self, build: Build[T], apply: Apply[T], poll_interval: float) -> None:
        self._build = build
        self._apply = apply
        self._poll_interval = poll_interval
        self._lock = threading.Lock()
        self._index: T | None = None
        self._feed: ChangeFeed | None = None
        self._polled_at = 0.0

    @property
    def applied_seq(self) -> int:
        return self._feed.applied if self._feed else 0

    def current(self, session: Session, min_seq: int | None = None) -> T:
        """The index, brought up to date as the poll interval and ``min_seq`` require."""
        index, feed = self._index, self._feed
        due = time.monotonic() - self._polled_at >= self._poll_interval
        if index is not None and feed is not None and not due:
            if min_seq is None or feed.has_seen(min_seq):
                return index
        with self._lock:
            changed = False
            if self._index is None or self._feed is None:
                self._feed = ChangeFeed.starting_now(session)
                self._index = self._build(session)
                changed = True
            else:
                while True:
                    rows = self._feed.poll(session)
                    if rows:
                        self._index = self._apply(self._index, session, rows)
                        changed = True
                    if len(rows) < BATCH:
                        break
            self._polled_at = time.monotonic()
            if changed:
                # An index is many long-lived objects; left to the cyclic collector
                # they are scanned at every full collection, which stalls a request
                # for tens of milliseconds. Freezing takes what exists now out of
                # the collector's view (scripts/bench_pages.py shows the effect).
                gc.freeze()
            return self._index

    def reset(self) -> None:
        """Forget the index; the next use rebuilds it."""
        with self._lock:
            self._index = None
            self._feed = None


def register(app: Flask, name: str, build: Build[T], apply: Apply[T]) -> LiveIndex[T]:
    interval = float(app.config.get("INDEX_POLL_SECONDS", 0.25))
    live: LiveIndex[T] = LiveIndex(build, apply, interval)
    app.extensions.setdefault("glossary.indexes", {})[name] = live
    return live


def live_index(name: str) -> LiveIndex:  # type: ignore[type-arg]
    return current_app.extensions["glossary.indexes"][name]


def requested_min_seq() -> int | None:
    """The sequence a client wants to see at least (``min_seq`` or X-Glossary-Min-Seq)."""
    raw = request.args.get("min_seq") or request.headers.get(MIN_SEQ_HEADER)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ApiError(
            422, f"min_seq: not an integer: {raw!r}", type="/problems/validation"
        ) from None


def current_index(name: str) -> object:
    """The named index for this request, as fresh as the request asks."""
    return live_index(name).current(get_session(), requested_min_seq())


def term_index() -> TermIndex:
    """This worker's term index, as fresh as the request asks."""
    index = current_index(TERMS)
    assert isinstance(index, TermIndex)
    return index


def memory_indexes() -> MemoryIndexes:
    """This worker's fuzzy indexes of all memories, as fresh as the request asks."""
    index = current_index(MEMORIES)
    assert isinstance(index, MemoryIndexes)
    return index


def init_app(app: Flask) -> None:
    register(app, TERMS, build_term_index, update_term_index)
    register(app, MEMORIES, build_memory_indexes, apply_memory_changes)

    @app.after_request
    def _tell_the_sequence(response: Response) -> Response:
        # Clients pass it back as min_seq to read their own writes from any worker.
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and response.status_code < 300:
            response.headers[SEQ_HEADER] = str(latest_seq(get_session()))
        return response
