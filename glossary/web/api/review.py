"""The reviewer's API: confirm a concept's renderings, or withdraw the confirmation.

The concepts still to confirm are ``GET /api/concepts?rendering_basis=own&reviewed=false``.
"""

from __future__ import annotations

from flask import Response

from glossary.store import concepts as store
from glossary.store.review import set_reviewed
from glossary.web.api import bp
from glossary.web.api.concepts import check_preconditions, concept_response
from glossary.web.auth import actor, require
from glossary.web.concept_schemas import ConceptOut
from glossary.web.database import get_session
from glossary.web.openapi import operation

TAGS = ["concepts"]
STALE = {412: "The concept changed since it was read (If-Match)"}


def _review(concept_id: int, reviewed: bool) -> Response:
    session = get_session()
    concept = store.get_concept(session, concept_id)
    check_preconditions(concept)
    set_reviewed(session, concept, reviewed, actor=actor())
    session.commit()
    return concept_response(concept)


@bp.post("/concepts/<int:concept_id>/review")
@require("editor")
@operation(
    "Mark a concept's renderings reviewed by the caller, now",
    tags=TAGS,
    response=ConceptOut,
    description="Records the token's name and the time; the history shows a review entry.",
    responses=STALE,
)
def review_concept(concept_id: int) -> Response:
    return _review(concept_id, True)


@bp.delete("/concepts/<int:concept_id>/review")
@require("editor")
@operation("Withdraw a concept's review", tags=TAGS, response=ConceptOut, responses=STALE)
def unreview_concept(concept_id: int) -> Response:
    return _review(concept_id, False)
