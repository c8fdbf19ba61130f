"""The live prompter's pages: the list of sessions, the prompter screen, the feed.

``/live/<id>`` is the screen for the booth or a guest's tablet; its script
(static/live.js) listens to ``/live/<id>/events``, the same stream as the API's
but signed in with the page's cookie (EventSource cannot send a token).
``/live/<id>/feed`` is where a chair or an operator types or pastes text.
"""

from __future__ import annotations

import json
import time

from flask import Response, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from glossary.live import sessions
from glossary.live.chunks import MAX_CHUNK, Chunk
from glossary.store.errors import Invalid
from glossary.web.database import get_session
from glossary.web.indexes import term_index
from glossary.web.live import committed, stream_response
from glossary.web.pages import bp
from glossary.web.pages.render import render_page
from glossary.web.pages.signin import editor_required, page_actor

LANGUAGES = {"zh-Hant": "Chinese (Traditional)", "zh-Hans": "Chinese (Simplified)", "en": "English"}


@bp.get("/live")
def live_sessions() -> Response:
    """Open sessions, and a form to start one."""
    items = sessions.list_sessions(get_session())
    return render_page(
        "pages/live_list.html",
        alternate=url_for("api.list_live_sessions"),
        items=items,
        languages=LANGUAGES,
    )


@bp.post("/live")
@editor_required
def start_live_session() -> BaseResponse:
    source = request.form.get("lang", "zh-Hant")
    target = request.form.get("target", "en")
    if source not in LANGUAGES or target not in LANGUAGES:
        raise Invalid(["lang and target: choose from the lists"])
    title = request.form.get("title", "").strip()[:200] or None
    db = get_session()
    live = sessions.create_session(db, lang=source, target=target, title=title, actor=page_actor())
    db.commit()
    committed()
    return redirect(url_for("pages.feed_live_session", session_id=live.id), code=303)


@bp.get("/live/<int:session_id>")
def prompter(session_id: int) -> Response:
    live = sessions.find_session(get_session(), session_id)
    return render_page(
        "pages/live.html",
        alternate=url_for("api.live_session", session_id=session_id),
        live=live,
    )


@bp.get("/live/<int:session_id>/events")
def prompter_events(session_id: int) -> Response:
    return stream_response(session_id)


@bp.route("/live/<int:session_id>/feed", methods=["GET", "POST"])
@editor_required
def feed_live_session(session_id: int) -> BaseResponse:
    """Type or paste text: sent as provisional while typing, committed on Enter."""
    db = get_session()
    if request.method == "POST":
        text = request.form.get("text", "")
        if len(text) > MAX_CHUNK:
            raise Invalid([f"text: at most {MAX_CHUNK:,} characters at a time"])
        final = request.form.get("final", "1") != "0"
        received = time.time()
        fed = sessions.feed(db, session_id, Chunk(text, final), term_index(), received_at=received)
        db.commit()
        committed()
        if request.accept_mimetypes.best == "application/json":
            events = [{"id": seq, "event": kind} for seq, kind, _ in fed.events]
            return Response(
                json.dumps({"chunk": fed.chunk, "events": events}),
                mimetype="application/json",
            )
        return redirect(url_for("pages.feed_live_session", session_id=session_id), code=303)
    live = sessions.find_session(db, session_id)
    return render_page("pages/live_feed.html", live=live)


@bp.post("/live/<int:session_id>/end")
@editor_required
def end_live_session_page(session_id: int) -> BaseResponse:
    db = get_session()
    sessions.end_session(db, session_id, term_index(), received_at=time.time())
    db.commit()
    committed()
    return redirect(url_for("pages.live_sessions"), code=303)
