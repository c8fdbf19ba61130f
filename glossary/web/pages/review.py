"""The reviewer's page: the concepts whose preferred rendering is the term base's own
(no cited English text uses it), for a terminologist to confirm one by one.

Its JSON twin is ``/api/concepts?rendering_basis=own&reviewed=false``. The
"Mark reviewed" button (editors only, with the form's CSRF token) records who
confirmed the concept and when, in the concept and in its history.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Response, abort, current_app, redirect, request, url_for

from glossary.store import concepts as store
from glossary.store.errors import NotFound, StaleVersion
from glossary.store.review import set_reviewed
from glossary.web.database import get_session
from glossary.web.pages import bp
from glossary.web.pages.render import render_page
from glossary.web.pages.signin import editor_required, page_actor

# What the page lists: the renderings still to confirm, those confirmed, or both.
SHOWN = {"to-review": False, "reviewed": True, "all": None}


@bp.get("/review")
def review_queue() -> Response:
    """The term base's own renderings, not yet reviewed first."""
    page = min(max(1, request.args.get("page", 1, type=int) or 1), 1_000_000)
    shown = request.args.get("show", "to-review")
    if shown not in SHOWN:
        abort(400, f"show must be one of {', '.join(SHOWN)}")
    per_page = current_app.config["PAGE_SIZE"]
    items, total = store.list_concepts(
        get_session(),
        subject_field=request.args.get("subject_field") or None,
        rendering_basis="own",
        reviewed=SHOWN[shown],
        offset=(page - 1) * per_page,
        limit=per_page,
    )
    api_args: dict[str, Any] = {"rendering_basis": "own", "page": page}
    if SHOWN[shown] is not None:
        api_args["reviewed"] = str(SHOWN[shown]).lower()
    return render_page(
        "pages/review.html",
        alternate=url_for("api.list_concepts", **api_args),
        concepts=[store.concept_to_dict(c) for c in items],
        total=total,
        page=page,
        pages=max(1, math.ceil(total / per_page)),
        show=shown,
        choices=list(SHOWN),
    )


@bp.post("/concepts/<int:concept_id>/review")
@editor_required
def review_concept(concept_id: int) -> Any:
    """Mark the concept reviewed (or withdraw the review), then go back where the form was."""
    session = get_session()
    try:
        concept = store.get_concept(session, concept_id)
    except NotFound:
        abort(404, f"There is no concept {concept_id}.")
    reviewed = request.form.get("reviewed", "yes") != "no"
    try:
        set_reviewed(
            session,
            concept,
            reviewed,
            actor=page_actor(),
            expected_version=request.form.get("version", type=int),
        )
        session.commit()
    except StaleVersion:
        session.rollback()
        abort(409, "The concept changed since the page was shown: read it again, then review.")
    back = request.form.get("next", "")
    # Only a path of this site: never send the editor elsewhere.
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("pages.show_concept", concept_id=concept_id)
    return redirect(back, code=303)
