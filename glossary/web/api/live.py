"""The live prompter's API: sessions, feeding transcript chunks, the event stream.

The work is glossary.live's; these views parse, authorise and commit.
"""

from __future__ import annotations

import time

from flask import Response, url_for

from glossary.live import sessions
from glossary.live.chunks import ChunkError, parse_chunk
from glossary.web.api import bp, json_body, json_response
from glossary.web.auth import actor, require
from glossary.web.database import get_session
from glossary.web.errors import invalid
from glossary.web.indexes import term_index
from glossary.web.live import committed, stream_response
from glossary.web.live_schemas import (
    AnyJson,
    EventStreamQuery,
    LiveSessionIn,
    LiveSessionList,
    LiveSessionOut,
    TranscriptIn,
    TranscriptOut,
)
from glossary.web.openapi import operation

TAGS = ["live"]


@bp.post("/live/sessions")
@require("editor")
@operation(
    "Start a live prompter session",
    tags=TAGS,
    body=LiveSessionIn,
    response=LiveSessionOut,
    status=201,
)
def create_live_session() -> Response:
    body = json_body(LiveSessionIn)
    db = get_session()
    live = sessions.create_session(
        db, lang=body.lang, target=body.target, title=body.title, actor=actor()
    )
    db.commit()
    committed()
    location = url_for("api.live_session", session_id=live.id)
    return json_response(sessions.session_to_dict(live), 201, {"Location": location})


@bp.get("/live/sessions")
@operation("The open live sessions, newest first", tags=TAGS, response=LiveSessionList)
def list_live_sessions() -> Response:
    items = sessions.list_sessions(get_session())
    return json_response({"items": [sessions.session_to_dict(s) for s in items]})


@bp.get("/live/sessions/<int:session_id>")
@operation(
    "A live session, with its committed text and provisional tail",
    tags=TAGS,
    response=LiveSessionOut,
)
def live_session(session_id: int) -> Response:
    live = sessions.find_session(get_session(), session_id)
    return json_response(sessions.session_to_dict(live, with_text=True))


@bp.delete("/live/sessions/<int:session_id>")
@require("editor")
@operation(
    "End a live session: the committed text settles, subscribers get `end`",
    tags=TAGS,
    response=LiveSessionOut,
)
def end_live_session(session_id: int) -> Response:
    received = time.time()
    db = get_session()
    fed = sessions.end_session(db, session_id, term_index(), received_at=received)
    db.commit()
    committed()
    return json_response(sessions.session_to_dict(fed.session))


@bp.post("/live/sessions/<int:session_id>/transcript")
@require("editor")
@operation(
    "Feed a transcript chunk: ours, Vosk's or FunASR's result JSON",
    tags=TAGS,
    body=TranscriptIn,
    response=TranscriptOut,
    description="`final: true` commits the text (appended to the committed text); "
    "`final: false` replaces the provisional tail. Vosk's `partial` and FunASR's "
    "`2pass-online` are provisional, their final results are committed. The answer lists "
    "the events the chunk caused; subscribers receive them on the event stream.",
)
def feed_transcript(session_id: int) -> Response:
    received = time.time()
    # The shapes are told apart by parse_chunk, whose messages say what is wrong
    # in the shape the client meant; TranscriptIn documents them.
    raw = json_body(AnyJson).root
    try:
        chunk = parse_chunk(raw)
    except ChunkError as exc:
        raise invalid(exc.errors) from exc
    db = get_session()
    fed = sessions.feed(db, session_id, chunk, term_index(), received_at=received)
    db.commit()
    committed()
    return json_response(
        {
            "session": session_id,
            "chunk": fed.chunk,
            "committed_length": len(fed.session.committed),
            "tail": fed.session.tail,
            "events": [{"id": seq, "event": kind} for seq, kind, _ in fed.events],
        }
    )


@bp.get("/live/sessions/<int:session_id>/events")
@operation(
    "The session's events as Server-Sent Events",
    tags=TAGS,
    query=EventStreamQuery,
    response_type="text/event-stream",
    description="`event: term` (a settled term occurrence, once, in order), "
    "`event: provisional` (a hit in the provisional tail or not yet settled), "
    "`event: withdraw` (a provisional hit a revision removed), `event: transcript`, "
    "`event: end`. Every event has an `id:`; reconnect with `Last-Event-ID` to miss "
    "nothing. A comment is sent every 15 s when idle. 204 once an ended session's "
    "`end` was seen.",
    responses={204: "The session has ended and the client has seen its end"},
)
def live_events(session_id: int) -> Response:
    return stream_response(session_id)
