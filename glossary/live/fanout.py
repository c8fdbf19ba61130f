"""Fan-out: events written by any worker on any host reach every subscriber.

The event log in the database is the truth; a hub only tells a worker's open
streams that there is something new. One hub per process, with one listener
thread started by the first subscription (so after gunicorn forks, never in
the master):

* PostgreSQL: ``LISTEN`` on the schema's channel; a notification's payload is
  ``"<session>:<event number>"``, and the listener reads the new rows once for
  all of that session's subscribers in this process. A notification sent while
  the listener was reconnecting is lost, so every second the listener also
  checks its sessions' newest event number (one cheap query per session).
* SQLite (one host): the listener polls the event table every 50 ms for rows
  above the last id it saw (SQLite has one writer, so ids commit in order).

Each subscription is a queue that its stream waits on. A stream that sees a
gap in the numbers, or starts, reads the log itself (``read_after``), so a
missed wake-up costs latency, never an event.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from glossary.live.sessions import (
    BATCH,
    StoredEvent,
    channel,
    events_after,
    events_from_id,
    latest_event_id,
    session_state,
)

__all__ = ["Hub", "Subscription"]

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05
SWEEP_SECONDS = 1.0
RECONNECT_SECONDS = 1.0


class Subscription:
    """One stream's queue of events for one session."""

    def __init__(self, hub: Hub, session_id: int) -> None:
        self.hub = hub
        self.session_id = session_id
        self._queue: queue.SimpleQueue[StoredEvent] = queue.SimpleQueue()

    def put(self, event: StoredEvent) -> None:
        self._queue.put(event)

    def get(self, timeout: float) -> StoredEvent | None:
        """The next event, or None when ``timeout`` seconds pass without one."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self.hub.unsubscribe(self)


class Hub:
    """This process's listener and the subscriptions it wakes."""

    def __init__(self, engine: Engine, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.engine = engine
        self.poll_seconds = poll_seconds
        self._pid = -1
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._subscribers: dict[int, set[Subscription]] = defaultdict(set)
        # The newest event number this process has handed out, per session.
        self._known: dict[int, int] = {}
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()

    # -- subscriptions ------------------------------------------------------------

    def subscribe(self, session_id: int) -> Subscription:
        if self._pid != os.getpid():
            self._reset()  # forked: the parent's thread and queues are not ours
        sub = Subscription(self, session_id)
        with self._lock:
            first = not self._subscribers[session_id]
            self._subscribers[session_id].add(sub)
        if first:
            # Events up to here reach the stream through its own read of the log.
            with self.engine.connect() as connection:
                state = session_state(connection, session_id)
            with self._lock:
                self._known.setdefault(session_id, state[0] if state else 0)
        self._start()
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subscribers.get(sub.session_id)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subscribers[sub.session_id]
                    self._known.pop(sub.session_id, None)

    def subscriber_count(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._subscribers.values())

    def read_after(self, session_id: int, after: int) -> list[StoredEvent]:
        """A session's logged events above ``after`` (one batch)."""
        with self.engine.connect() as connection:
            return events_after(connection, session_id, after, BATCH)

    def _deliver(self, events: list[StoredEvent]) -> None:
        with self._lock:
            for event in events:
                if event.seq > self._known.get(event.session_id, 0):
                    self._known[event.session_id] = event.seq
                for sub in self._subscribers.get(event.session_id, ()):
                    sub.put(event)

    # -- the listener thread ------------------------------------------------------

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="live-listener", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Events were just committed in this process: poll now rather than at the
        next tick (SQLite), so this worker's own streams hear at once."""
        self._wake.set()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        listen = self._listen_postgres if self.engine.dialect.name == "postgresql" else self._poll
        while not self._stop.is_set():
            try:
                listen()
            except Exception:  # the database went away: wait, reconnect, catch up
                log.exception("live listener lost its connection; reconnecting")
                self._stop.wait(RECONNECT_SECONDS)

    def _poll(self) -> None:
        with self.engine.connect() as connection:
            last_id = latest_event_id(connection)
            connection.rollback()
            while not self._stop.is_set():
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                while True:
                    rows = events_from_id(connection, last_id, BATCH)
                    connection.rollback()
                    if rows:
                        last_id = rows[-1].id
                        self._deliver([r for r in rows if r.session_id in self._subscribers])
                    if len(rows) < BATCH:
                        break

    def _listen_postgres(self) -> None:
        with self.engine.connect() as connection:
            name = channel(connection)
            connection.rollback()
        raw = self.engine.raw_connection()
        listener = raw.driver_connection
        assert listener is not None  # a connection just taken from the pool is open
        raw.detach()  # a connection of its own, never handed back to the pool
        try:
            listener.rollback()
            listener.autocommit = True
            listener.execute(f'LISTEN "{name}"')
            self._sweep()  # whatever was sent while no one listened
            swept = time.monotonic()
            while not self._stop.is_set():
                for note in listener.notifies(timeout=SWEEP_SECONDS, stop_after=1):
                    self._notified(note.payload)
                if time.monotonic() - swept >= SWEEP_SECONDS:
                    self._sweep()
                    swept = time.monotonic()
        finally:
            listener.close()

    def _notified(self, payload: str) -> None:
        session_id, _, seq = payload.partition(":")
        try:
            sid, number = int(session_id), int(seq)
        except ValueError:
            return
        if sid in self._subscribers and number > self._known.get(sid, 0):
            self._catch_up(sid)

    def _sweep(self) -> None:
        with self._lock:
            sessions = list(self._subscribers)
        if not sessions:
            return
        with self.engine.connect() as connection:
            newest: dict[int, int] = dict(
                connection.execute(
                    sa.text("SELECT id, last_event FROM live_session WHERE id IN :ids").bindparams(
                        sa.bindparam("ids", expanding=True)
                    ),
                    {"ids": sessions},
                ).all()
            )
        for sid in sessions:
            if newest.get(sid, 0) > self._known.get(sid, 0):
                self._catch_up(sid)

    def _catch_up(self, session_id: int) -> None:
        while session_id in self._subscribers:
            after = self._known.get(session_id, 0)
            rows = self.read_after(session_id, after)
            self._deliver(rows)
            if len(rows) < BATCH:
                return
