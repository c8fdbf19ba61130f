"""A session's events as a Server-Sent Events stream.

Every event has ``id:`` (its number in the session), ``event:`` (its kind) and
one ``data:`` line of JSON. A stream first sends what the log holds after the
client's ``Last-Event-ID``, then what its subscription brings; an idle stream
sends a comment every ``heartbeat`` seconds, which keeps proxies from closing
it and lets the server notice a client that left (the write fails). The
stream ends after the session's ``end`` event.

The stream holds a thread while it is open (gunicorn's gthread worker: one of
its ``threads``), but no database connection: it borrows one from the pool
only to read the log.
"""

from __future__ import annotations

from collections.abc import Iterator

from glossary.live.fanout import Hub, Subscription
from glossary.live.sessions import BATCH, StoredEvent

__all__ = ["HEARTBEAT_SECONDS", "RETRY_MS", "event_stream", "frame"]

HEARTBEAT_SECONDS = 15.0
# How soon a browser reconnects after a dropped connection.
RETRY_MS = 1000


def frame(event: StoredEvent) -> str:
    return f"id: {event.seq}\nevent: {event.kind}\ndata: {event.data}\n\n"


def event_stream(
    hub: Hub,
    session_id: int,
    after: int,
    *,
    heartbeat: float = HEARTBEAT_SECONDS,
    subscription: Subscription | None = None,
) -> Iterator[str]:
    """The stream of a session's events numbered above ``after``.

    Pass a ``subscription`` made before the caller checked the session, so
    that nothing written in between is missed; one is made otherwise.
    """
    sub = subscription or hub.subscribe(session_id)
    last = after
    try:
        yield f"retry: {RETRY_MS}\n\n"
        while True:
            ended = False
            # Read the log: at the start, and whenever the numbers skip.
            while True:
                batch = hub.read_after(session_id, last)
                for event in batch:
                    yield frame(event)
                    last = event.seq
                    ended = ended or event.kind == "end"
                if len(batch) < BATCH:
                    break
            while not ended:
                news = sub.get(heartbeat)
                if news is None:
                    yield ": keep-alive\n\n"
                elif news.seq == last + 1:
                    yield frame(news)
                    last = news.seq
                    ended = news.kind == "end"
                elif news.seq > last + 1:
                    break  # a gap: read the log
            if ended:
                return
    finally:
        sub.close()
