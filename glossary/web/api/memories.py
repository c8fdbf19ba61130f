"""Translation memories and their units, TMX import and export.

Units are stored once per memory: posting a unit that exists merges into it
(200) instead of adding a copy (201). An import is all or nothing and answers
with a report: units taken, merged, skipped and why.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from glossary.formats.errors import FormatError
from glossary.formats.tmx import read_tmx
from glossary.models import Change, Memory
from glossary.store import memories as store
from glossary.store.memory_export import export_tmx
from glossary.store.memory_import import import_units
from glossary.web.api import bp, json_body, json_response, query_args
from glossary.web.api.files import all_or_nothing, download, not_modified, spooled, uploaded_file
from glossary.web.auth import actor, require
from glossary.web.database import get_session
from glossary.web.errors import ApiError, invalid
from glossary.web.indexes import after_bulk_write
from glossary.web.memory_schemas import (
    ExportQuery,
    ImportQuery,
    ImportReportOut,
    MemoryIn,
    MemoryList,
    MemoryOut,
    MemoryPatch,
    TmxUpload,
    UnitIn,
    UnitOut,
    UnitPage,
    UnitQuery,
)
from glossary.web.openapi import operation

TAGS = ["memories"]
TMX_TYPES = ("application/x-tmx+xml", "application/xml", "text/xml", "application/octet-stream")


def _memory_response(memory: Memory, status: int = 200) -> Response:
    session = get_session()
    pairs = store.memory_languages(session, memory.id)
    body = store.memory_to_dict(memory, sum(n for _, _, n in pairs), pairs)
    response = json_response(body, status)
    response.set_etag(_memory_etag(memory))
    if status == 201:
        response.headers["Location"] = url_for("api.get_memory", name=memory.name)
    return response


@bp.get("/memories")
@operation("List translation memories", tags=TAGS, response=MemoryList)
def list_memories() -> Response:
    items = store.list_memories(get_session())
    return json_response({"items": [store.memory_to_dict(m, n) for m, n in items]})


@bp.post("/memories")
@require("editor")
@operation("Create a translation memory", tags=TAGS, body=MemoryIn, response=MemoryOut, status=201)
def create_memory() -> Response:
    body = json_body(MemoryIn)
    session = get_session()
    memory = store.create_memory(session, body.name, body.description)
    session.commit()
    return _memory_response(memory, 201)


@bp.get("/memories/<name>")
@operation(
    "Read a translation memory, with its language pairs and an ETag",
    tags=TAGS,
    response=MemoryOut,
    responses={304: "Not modified"},
)
def get_memory(name: str) -> BaseResponse:
    return _memory_response(store.get_memory(get_session(), name)).make_conditional(request)


def _check_if_match(current: Callable[[], str], what: str) -> None:
    """Refuse a write based on an old reading (If-Match naming another ETag than ``current``)."""
    if_match = request.if_match
    if if_match and not if_match.star_tag:
        etag = current()
        if not if_match.contains(etag):
            raise ApiError(
                412,
                f"{what} changed since it was read; read it again and reapply the change.",
                type="/problems/stale-version",
                title="Stale version",
                headers={"ETag": f'"{etag}"'},
            )


def _check_memory_precondition(memory: Memory) -> None:
    _check_if_match(lambda: _memory_etag(memory), f"Memory {memory.name!r}")


@bp.patch("/memories/<name>")
@require("editor")
@operation(
    "Change a memory's description (send If-Match with its ETag)",
    tags=TAGS,
    body=MemoryPatch,
    response=MemoryOut,
    responses={412: "The memory changed since it was read"},
)
def patch_memory(name: str) -> Response:
    body = json_body(MemoryPatch, types=("application/json", "application/merge-patch+json"))
    session = get_session()
    memory = store.get_memory(session, name)
    _check_memory_precondition(memory)
    store.update_memory(session, memory, body.description)
    session.commit()
    return _memory_response(memory)


@bp.delete("/memories/<name>")
@require("editor")
@operation(
    "Delete a translation memory and all its units (send If-Match with its ETag)",
    tags=TAGS,
    status=204,
    responses={412: "The memory changed since it was read"},
)
def delete_memory(name: str) -> Response:
    session = get_session()
    memory = store.get_memory(session, name)
    _check_memory_precondition(memory)
    store.delete_memory(session, memory)
    session.commit()
    return Response(status=204)


@bp.get("/memories/<name>/units")
@operation("List a memory's units, a page at a time", tags=TAGS, query=UnitQuery, response=UnitPage)
def list_units(name: str) -> Response:
    query = query_args(UnitQuery)
    session = get_session()
    memory = store.get_memory(session, name)
    per_page = min(query.per_page, current_app.config["MAX_PAGE_SIZE"])
    try:
        units, total = store.list_units(
            session,
            memory,
            source_lang=query.source_lang,
            target_lang=query.target_lang,
            offset=(query.page - 1) * per_page,
            limit=per_page,
        )
    except ValueError as exc:
        raise invalid([str(exc)]) from exc
    return json_response(
        {
            "items": [store.unit_to_dict(u) for u in units],
            "total": total,
            "page": query.page,
            "per_page": per_page,
            "pages": max(1, math.ceil(total / per_page)),
        }
    )


@bp.post("/memories/<name>/units")
@require("editor")
@operation(
    "Add a unit (an equal stored unit absorbs it: 200 instead of 201)",
    tags=TAGS,
    body=UnitIn,
    response=UnitOut,
    status=201,
    responses={200: "An equal unit was stored already; its metadata was merged"},
)
def add_unit(name: str) -> Response:
    body = json_body(UnitIn)
    session = get_session()
    memory = store.get_memory(session, name)
    unit, created = store.add_unit(session, memory, body.to_record(), actor=actor())
    session.commit()
    response = json_response(store.unit_to_dict(unit), 201 if created else 200)
    response.headers["Location"] = url_for("api.get_unit", name=memory.name, unit_id=unit.id)
    return response


def _unit_etag(data: dict[str, Any]) -> str:
    """Changes whenever any field of the unit does (units carry no version number)."""
    digest = hashlib.blake2b(json.dumps(data, sort_keys=True).encode("utf-8"), digest_size=12)
    return f"u{data['id']}-{digest.hexdigest()}"


def _unit_response(unit: Any) -> Response:
    data = store.unit_to_dict(unit)
    response = json_response(data)
    response.set_etag(_unit_etag(data))
    return response


def _check_unit_precondition(unit: Any) -> None:
    _check_if_match(lambda: _unit_etag(store.unit_to_dict(unit)), f"Unit {unit.id}")


@bp.get("/memories/<name>/units/<int:unit_id>")
@operation("Read one unit, with an ETag", tags=TAGS, response=UnitOut)
def get_unit(name: str, unit_id: int) -> BaseResponse:
    session = get_session()
    unit = store.get_unit(session, store.get_memory(session, name), unit_id)
    return _unit_response(unit).make_conditional(request)


@bp.put("/memories/<name>/units/<int:unit_id>")
@require("editor")
@operation(
    "Replace a unit (send If-Match with its ETag)",
    tags=TAGS,
    body=UnitIn,
    response=UnitOut,
    responses={412: "The unit changed since it was read"},
)
def replace_unit(name: str, unit_id: int) -> Response:
    body = json_body(UnitIn)
    session = get_session()
    unit = store.get_unit(session, store.get_memory(session, name), unit_id)
    _check_unit_precondition(unit)
    store.update_unit(session, unit, body.to_record(), actor=actor())
    session.commit()
    return _unit_response(unit)


@bp.delete("/memories/<name>/units/<int:unit_id>")
@require("editor")
@operation(
    "Delete a unit (If-Match honoured)",
    tags=TAGS,
    status=204,
    responses={412: "The unit changed since it was read"},
)
def delete_unit(name: str, unit_id: int) -> Response:
    session = get_session()
    unit = store.get_unit(session, store.get_memory(session, name), unit_id)
    _check_unit_precondition(unit)
    store.delete_unit(session, unit)
    session.commit()
    return Response(status=204)


@bp.post("/memories/<name>/import")
@require("editor")
@operation(
    "Import a TMX file into a memory (created if new); all or nothing",
    tags=TAGS,
    query=ImportQuery,
    body=TmxUpload,
    body_types=("multipart/form-data",),
    response=ImportReportOut,
    description="Send the TMX file as the form field `file`, or as the request body "
    f"({', '.join(TMX_TYPES)}).",
    responses={422: "The file is not TMX, or no unit in it could be taken"},
)
def import_tmx(name: str) -> Response:
    query = query_args(ImportQuery)
    source, stream = uploaded_file(raw_types=TMX_TYPES)
    session = get_session()
    with stream, all_or_nothing(session, dry_run=query.dry_run):
        try:
            memory, _ = store.ensure_memory(session, name)
            items = read_tmx(stream, source_lang=query.source_lang, target_lang=query.target_lang)
            report = import_units(session, memory, items, actor=actor())
        except FormatError:
            raise  # all_or_nothing answers it as an unreadable file
        except ValueError as exc:  # a language tag of the query that cannot be read
            raise invalid([str(exc)]) from exc
    if not query.dry_run:
        after_bulk_write(report.taken)
    return json_response({**report.to_dict(), "dry_run": query.dry_run})


def _memory_etag(memory: Memory) -> str:
    """The memory's ETag: changes whenever the memory or one of its units changes."""
    return f"m{memory.id}-{_last_change(memory)}"


def _etag(memory: Memory) -> str:
    """The TMX export's ETag: changes whenever the memory or one of its units changes."""
    return f"tmx-{memory.id}-{_last_change(memory)}"


def _last_change(memory: Memory) -> int:
    seq = get_session().scalar(
        sa.select(sa.func.max(Change.seq)).where(
            sa.or_(
                sa.and_(Change.entity == "memory", Change.entity_id == memory.id),
                sa.and_(Change.entity == "unit", Change.scope == memory.id),
            )
        )
    )
    return seq or 0


@bp.get("/memories/<name>/export")
@operation(
    "Export a memory as TMX 1.4",
    tags=TAGS,
    query=ExportQuery,
    response_type="application/x-tmx+xml",
    description="Sends an ETag; a matching If-None-Match gets 304.",
    responses={304: "Not modified"},
)
def export_memory(name: str) -> Response:
    query = query_args(ExportQuery)
    session = get_session()
    memory = store.get_memory(session, name)
    etag = _etag(memory) + f"-{query.source_lang or ''}-{query.target_lang or ''}-{query.tags}"
    # Weak: two exports of the same units differ in the header's creation date.
    unchanged = not_modified(etag, weak=True)
    if unchanged is not None:
        return unchanged
    spool = spooled()
    try:
        export_tmx(
            session,
            memory,
            spool,
            source_lang=store.canonical_or_none(query.source_lang),
            target_lang=store.canonical_or_none(query.target_lang),
            region_tags=query.tags == "region",
        )
    except ValueError as exc:
        spool.close()
        raise invalid([str(exc)]) from exc
    return download(
        spool, mimetype="application/x-tmx+xml", filename=f"{memory.name}.tmx", etag=etag, weak=True
    )
