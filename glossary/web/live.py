"""The web's side of the live prompter: one fan-out hub per app and worker, and
the event stream as an HTTP response, for the API and the pages alike.

Streams are made for gunicorn's gthread worker: an open stream holds one of the
worker's threads (and no database connection), so ``--threads`` bounds the
streams a worker serves next to its JSON requests (see README, "Live prompter").
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from glossary.live import sessions
from glossary.live.fanout import Hub
from glossary.live.sse import event_stream
from glossary.web.database import database, get_session
from glossary.web.errors import ApiError

EXTENSION = "glossary.live"
LAST_EVENT_HEADER = "Last-Event-ID"


def hub(app: Flask | None = None) -> Hub:
    """This app's hub; its listener thread starts with the first subscriber."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get(EXTENSION)
    if found is None:
        found = app.extensions.setdefault(EXTENSION, Hub(database(app).engine))
    return found


def committed() -> None:
    """Call after committing events: this worker's streams hear at once."""
    found = current_app.extensions.get(EXTENSION)
    if found is not None:
        found.poke()


def last_event_id() -> int:
    """Where the client resumes: ``Last-Event-ID`` (what browsers send on reconnecting)
    or ``?last_event_id=``; 0 for the start."""
    raw = request.headers.get(LAST_EVENT_HEADER) or request.args.get("last_event_id") or "0"
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise ApiError(
            422,
            f"Last-Event-ID: not an event number: {raw!r}",
            type="/problems/validation",
        )
    return value


def stream_response(session_id: int) -> Response:
    """The session's events after the client's last one, as text/event-stream.

    An ended session whose ``end`` the client has seen answers 204, which tells
    a browser to stop reconnecting.
    """
    after = last_event_id()
    live_hub = hub()
    subscription = live_hub.subscribe(session_id)  # before reading: nothing slips by
    try:
        live = sessions.find_session(get_session(), session_id)
        if live.ended_at is not None and after >= live.last_event:
            subscription.close()
            return Response(status=204)
    except Exception:
        subscription.close()
        raise
    heartbeat = float(current_app.config.get("LIVE_HEARTBEAT_SECONDS", 15.0))
    body = event_stream(live_hub, session_id, after, heartbeat=heartbeat, subscription=subscription)
    response = Response(body, mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    # nginx buffers responses unless told not to.
    response.headers["X-Accel-Buffering"] = "no"
    return response
