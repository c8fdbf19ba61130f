"""Concepts: list, read, create, replace, patch, delete, history.

Every concept response carries an ``ETag`` made of its id and version. A write
with ``If-Match`` (or a ``version`` in the body) that no longer matches is
refused with 412 and changes nothing.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Response, current_app, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from glossary.models import Concept
from glossary.store import concepts as store
from glossary.store.audit import audit_to_dict
from glossary.store.errors import NotFound
from glossary.web.api import bp, json_body, json_response, query_args
from glossary.web.auth import actor, require
from glossary.web.concept_schemas import (
    ConceptIn,
    ConceptOut,
    ConceptPage,
    ConceptPatch,
    ConceptQuery,
    History,
)
from glossary.web.database import get_session
from glossary.web.errors import ApiError
from glossary.web.openapi import operation

TAGS = ["concepts"]
MERGE_PATCH = "application/merge-patch+json"


def etag_of(concept: Concept) -> str:
    return f"{concept.id}-{concept.version}"


def concept_response(concept: Concept, status: int = 200) -> Response:
    response = json_response(store.concept_to_dict(concept), status)
    response.set_etag(etag_of(concept))
    if status == 201:
        response.headers["Location"] = url_for("api.get_concept", concept_id=concept.id)
    return response


def _stale(concept: Concept, detail: str) -> ApiError:
    return ApiError(
        412,
        detail,
        type="/problems/stale-version",
        title="Stale version",
        headers={"ETag": f'"{etag_of(concept)}"'},
        current_version=concept.version,
    )


def check_preconditions(concept: Concept, body_version: int | None = None) -> None:
    """Refuse a write based on an old version (If-Match or the body's ``version``)."""
    if_match = request.if_match
    if if_match and not if_match.star_tag and not if_match.contains(etag_of(concept)):
        raise _stale(
            concept,
            f"Concept {concept.id} changed since it was read: it is now at version "
            f"{concept.version}. Read it again and reapply the change.",
        )
    if body_version is not None and body_version != concept.version:
        raise _stale(
            concept,
            f"Concept {concept.id} is at version {concept.version}, not {body_version}.",
        )


def _write(concept: Concept, record: Any, body_version: int | None) -> Response:
    check_preconditions(concept, body_version)
    session = get_session()
    store.update_concept(session, concept, record, actor=actor())
    session.commit()
    return concept_response(concept)


@bp.get("/concepts")
@operation("List concepts, a page at a time", tags=TAGS, query=ConceptQuery, response=ConceptPage)
def list_concepts() -> Response:
    query = query_args(ConceptQuery)
    per_page = min(query.per_page, current_app.config["MAX_PAGE_SIZE"])
    items, total = store.list_concepts(
        get_session(),
        subject_field=query.subject_field,
        status=query.status,
        rendering_basis=query.rendering_basis,
        reviewed=query.reviewed,
        offset=(query.page - 1) * per_page,
        limit=per_page,
    )
    pages = max(1, math.ceil(total / per_page))

    def link(page: int) -> str:
        args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}
        return url_for("api.list_concepts", page=page, **args)

    links = {}
    if query.page < pages:
        links["next"] = link(query.page + 1)
    if query.page > 1:
        links["prev"] = link(min(query.page - 1, pages))
    body = {
        "items": [store.concept_to_dict(c) for c in items],
        "total": total,
        "page": query.page,
        "per_page": per_page,
        "next": links.get("next"),
        "prev": links.get("prev"),
    }
    header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    return json_response(body, headers={"Link": header} if header else None)


@bp.get("/concepts/<int:concept_id>")
@operation("Read one concept", tags=TAGS, response=ConceptOut, responses={304: "Not modified"})
def get_concept(concept_id: int) -> BaseResponse:
    concept = store.get_concept(get_session(), concept_id)
    return concept_response(concept).make_conditional(request)


@bp.post("/concepts")
@require("editor")
@operation("Create a concept", tags=TAGS, body=ConceptIn, response=ConceptOut, status=201)
def create_concept() -> Response:
    body = json_body(ConceptIn)
    session = get_session()
    concept = store.create_concept(session, body.to_record(), actor=actor())
    session.commit()
    return concept_response(concept, 201)


@bp.put("/concepts/<int:concept_id>")
@require("editor")
@operation(
    "Replace a concept",
    tags=TAGS,
    body=ConceptIn,
    response=ConceptOut,
    description="Send If-Match with the ETag read; a stale one gets 412 and writes nothing.",
    responses={412: "The concept changed since it was read"},
)
def replace_concept(concept_id: int) -> Response:
    body = json_body(ConceptIn)
    concept = store.get_concept(get_session(), concept_id)
    return _write(concept, body.to_record(), body.version)


@bp.patch("/concepts/<int:concept_id>")
@require("editor")
@operation(
    "Change some fields of a concept (JSON merge patch)",
    tags=TAGS,
    body=ConceptPatch,
    body_types=(MERGE_PATCH, "application/json"),
    response=ConceptOut,
    responses={412: "The concept changed since it was read"},
)
def patch_concept(concept_id: int) -> Response:
    patch = json_body(ConceptPatch, types=(MERGE_PATCH, "application/json"))
    concept = store.get_concept(get_session(), concept_id)
    current = store.concept_to_dict(concept)
    merged: dict[str, Any] = {
        key: current[key]
        for key in ("ref", "subject_field", "status", "definitions", "notes", "sources")
    }
    merged["citations"] = current["citations"]
    merged["terms"] = [{k: v for k, v in term.items() if k != "id"} for term in current["terms"]]
    for key, value in patch.model_dump(exclude_unset=True, exclude={"version"}).items():
        if key in ("definitions", "notes"):
            # Merge patch: a null member removes that language, a null map all of them.
            combined = {**merged[key], **value} if value is not None else {}
            merged[key] = {k: v for k, v in combined.items() if v is not None}
        elif value is None and key in ("terms", "status"):
            raise ApiError(422, f"{key} cannot be removed", type="/problems/validation")
        else:
            empty: list[Any] | None = [] if key in ("sources", "citations") else None
            merged[key] = value if value is not None else empty
    record = ConceptIn.model_validate(merged).to_record()
    return _write(concept, record, patch.version)


@bp.delete("/concepts/<int:concept_id>")
@require("editor")
@operation(
    "Delete a concept",
    tags=TAGS,
    status=204,
    responses={412: "The concept changed since it was read"},
)
def delete_concept(concept_id: int) -> Response:
    session = get_session()
    concept = store.get_concept(session, concept_id)
    check_preconditions(concept)
    store.delete_concept(session, concept, actor=actor())
    session.commit()
    return Response(status=204)


@bp.get("/concepts/<int:concept_id>/history")
@operation("Every change of a concept, oldest first", tags=TAGS, response=History)
def concept_history(concept_id: int) -> Response:
    entries = store.concept_history(get_session(), concept_id)
    if not entries and get_session().get(Concept, concept_id) is None:
        raise NotFound(f"no concept with id {concept_id}")
    return json_response({"items": [audit_to_dict(e) for e in entries]})
