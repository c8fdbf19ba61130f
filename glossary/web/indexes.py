"""The live indexes, one home for them: the term index and the memories' fuzzy indexes.

The API, the tmserver adapter and the pages ask for them through
``term_index()`` and ``memory_indexes()``. Each process holds one *state*: both
indexes and the change-log position they include, replaced as a whole, never
changed in place, so a request keeps a consistent view.

Where they come from (GLOSSARY_INDEX_DIR; see glossary.store.generations):

* a folder per database under the index directory holds *generations*. A
  process maps the current one (every worker of a host shares its pages), then
  applies the log rows after its position. ``gunicorn.conf.py``, ``glossary
  init`` and imports leave a current generation behind, so no request builds;
  when none exists the first request builds it, under a lock, once per host.
* When a memory's delta outgrows its base, a new generation is built in the
  background (a ``glossary index build`` process, or inline where configured),
  and every process switches to it at its next poll.
* With GLOSSARY_INDEX_DIR=off each process builds its indexes in memory.

Polling: at most every GLOSSARY_INDEX_POLL_SECONDS a request reads the log's new
rows (one query when nothing changed) and checks ``CURRENT`` (a readlink); at
once when the client asks to see at least a given sequence (``min_seq``, for
read-your-writes: every successful write answers with ``X-Glossary-Seq``).
"""

from __future__ import annotations

import gc
import hashlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Flask, Response, current_app, request
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from glossary.db import unavailable
from glossary.index.fuzzy import FuzzyIndex
from glossary.index.generation import Generation, current, current_name
from glossary.index.terms import TermIndex
from glossary.store.changes import BATCH, ChangeFeed, latest_seq
from glossary.store.generations import (
    LoadedIndexes,
    build_generation,
    build_in_memory,
    fits,
    load_generation,
)
from glossary.store.memory_index import MemoryIndexes, apply_memory_changes
from glossary.store.terms import update_term_index
from glossary.web.database import database, get_session
from glossary.web.errors import ApiError

SEQ_HEADER = "X-Glossary-Seq"
MIN_SEQ_HEADER = "X-Glossary-Min-Seq"
EXTENSION = "glossary.indexes"
# A background build is asked for at most this often per process.
BUILD_BACKOFF = 10.0


@dataclass(frozen=True)
class State:
    """Both indexes, what they include (a feed of their own), and their generation."""

    terms: TermIndex
    memories: MemoryIndexes
    feed: ChangeFeed
    generation: str | None
    polled_at: float


def index_root(index_dir: str | Path, database_url: str) -> Path:
    """The folder of one database's generations: a database's indexes never meet another's."""
    key = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return Path(index_dir) / key


class LiveIndexes:
    """This process's indexes, kept current through the change log and the generations."""

    def __init__(self, engine: Engine, root: Path | None, poll_interval: float, build: str):
        self.engine = engine
        self.root = root
        self.poll_interval = poll_interval
        self.build = build  # "process", "inline" or "off"
        self._lock = threading.Lock()
        self._state: State | None = None
        self._builder: subprocess.Popen[bytes] | None = None
        self._asked_at = -BUILD_BACKOFF

    @property
    def state(self) -> State | None:
        return self._state

    def current(
        self, session: Session | Callable[[], Session], min_seq: int | None = None
    ) -> State:
        """The state, brought up to date as the poll interval and ``min_seq`` require.

        :param session: a session, or a function giving one: most calls need none.
        """
        state = self._state
        if state is not None and time.monotonic() - state.polled_at < self.poll_interval:
            if min_seq is None or state.feed.has_seen(min_seq):
                return state
        if callable(session):
            session = session()
        with self._lock:
            state = self._state
            if state is None:
                state = self._load(session)
            else:
                state = self._refresh(state, session)
            self._state = state
            return state

    def warm(self) -> State:
        """Load the indexes now (a worker calls this before its first request)."""
        with Session(self.engine) as session:
            return self.current(session)

    # -- loading and refreshing ------------------------------------------------------------

    def _load(self, session: Session) -> State:
        if self.root is None:
            loaded = build_in_memory(session)
        else:
            generation = current(self.root)
            if generation is None or not fits(generation, session):
                generation = build_generation(self.engine, self.root)
            assert generation is not None
            loaded = load_generation(generation)
        state = self._poll(_state_of(loaded), session)
        # An index is many long-lived objects; left to the cyclic collector they
        # are scanned at every full collection, which stalls a request for tens
        # of milliseconds. Freeze what exists once it is loaded.
        gc.freeze()
        return state

    def _refresh(self, state: State, session: Session) -> State:
        if self.root is not None:
            name = current_name(self.root)
            if name is not None and name != state.generation:
                generation = current(self.root)
                if generation is not None:
                    state = _state_of(load_generation(generation))
        return self._poll(state, session)

    def _poll(self, state: State, session: Session) -> State:
        feed = replace(state.feed, gaps=list(state.feed.gaps))
        terms, memories = state.terms, state.memories
        while True:
            rows = feed.poll(session)
            if rows:
                terms = update_term_index(terms, session, rows)
                memories = apply_memory_changes(memories, session, rows, rebuild=self.root is None)
            if len(rows) < BATCH:
                break
        if self.root is not None and memories.rebuild_due():
            generation = self._ask_for_a_generation()
            if generation is not None:  # built here and now
                return self._poll(_state_of(load_generation(generation)), session)
        return State(terms, memories, feed, state.generation, time.monotonic())

    def _ask_for_a_generation(self) -> Generation | None:
        """Build a new generation here and now (``inline``), or start a builder process."""
        assert self.root is not None
        if self.build == "inline":
            return build_generation(self.engine, self.root)
        running = self._builder is not None and self._builder.poll() is None
        if self.build != "process" or running:
            return None
        if time.monotonic() - self._asked_at < BUILD_BACKOFF:
            return None
        self._asked_at = time.monotonic()
        env = {
            **os.environ,
            "GLOSSARY_DATABASE_URL": self.engine.url.render_as_string(hide_password=False),
            "GLOSSARY_INDEX_DIR": str(self.root.parent),
        }
        # Another process: the build's CPU and memory stay out of this worker.
        # Whichever process holds the build lock builds; the others return at once.
        self._builder = subprocess.Popen(
            [sys.executable, "-m", "glossary.web.cli", "index", "build", "--quiet", "--no-wait"],
            env=env,
            stdin=subprocess.DEVNULL,
        )
        return None


def _state_of(loaded: LoadedIndexes) -> State:
    return State(loaded.terms, loaded.memories, loaded.feed, loaded.generation, 0.0)


# -- the app's side ---------------------------------------------------------------------------


def after_bulk_write(units: int) -> None:
    """After an import of ``units`` committed: when more than a delta holds, publish the
    next generation now, so that no worker reads them one by one."""
    live = live_indexes()
    if live.root is not None and units > FuzzyIndex.DELTA_LIMIT:
        build_generation(live.engine, live.root)


def live_indexes(app: Flask | None = None) -> LiveIndexes:
    return (app or current_app).extensions[EXTENSION]


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


def current_state() -> State:
    """This request's indexes, as fresh as the request asks."""
    return live_indexes().current(get_session, requested_min_seq())


def term_index() -> TermIndex:
    """This worker's term index, as fresh as the request asks."""
    return current_state().terms


def memory_indexes() -> MemoryIndexes:
    """This worker's fuzzy indexes of all memories, as fresh as the request asks."""
    return current_state().memories


def init_app(app: Flask) -> None:
    build = str(app.config.get("INDEX_BUILD", "process"))
    if build not in ("process", "inline", "off"):
        raise ValueError(f"GLOSSARY_INDEX_BUILD: process, inline or off, not {build!r}")
    setting = str(app.config.get("INDEX_DIR", "")).strip()
    url = app.config["DATABASE_URL"]
    root = None if setting.lower() in ("off", "none", "") else index_root(setting, str(url))
    app.extensions[EXTENSION] = LiveIndexes(
        database(app).engine,
        root,
        float(app.config.get("INDEX_POLL_SECONDS", 0.25)),
        build,
    )

    @app.after_request
    def _tell_the_sequence(response: Response) -> Response:
        # Clients pass it back as min_seq to read their own writes from any worker.
        # Writes only: POST /api/annotate, /api/tm/lookup … read, and ask nothing.
        if response.status_code < 300 and _wrote():
            try:
                response.headers[SEQ_HEADER] = str(latest_seq(get_session()))
            except SQLAlchemyError as exc:
                if unavailable(exc) is None:
                    raise
                # The write is committed; only its position cannot be told now.
        return response


def _wrote() -> bool:
    if request.method in ("PUT", "PATCH", "DELETE"):
        return True
    if request.method != "POST":
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "_required_role", None) is not None
