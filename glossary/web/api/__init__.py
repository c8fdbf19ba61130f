"""The JSON API under /api/: one module per area, all on one blueprint.

Views parse the request into a pydantic model, call the store, and return the
store's plain data as JSON. Errors are raised, never returned, so they all take
the problem+json shape of ``glossary.web.errors``.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic
from flask import Blueprint, Response, current_app, json, request
from werkzeug.exceptions import RequestEntityTooLarge

from glossary.web.auth import check, check_read
from glossary.web.errors import ApiError, invalid
from glossary.web.fast import json_bytes
from glossary.web.openapi import CONDITIONAL_METHODS

bp = Blueprint("api", __name__, url_prefix="/api")
M = TypeVar("M", bound=pydantic.BaseModel)

JSON_TYPES = ("application/json",)


@bp.before_request
def _reads_may_need_a_token() -> None:
    # Writes are decorated with @require(role); every other view is a read,
    # whatever its method (POST /api/annotate reads), and reads may be private.
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "_required_role", None) is None:
        check_read()


@bp.before_request
def _changes_need_if_match() -> None:
    """428 for a PUT, PATCH or DELETE without If-Match (RFC 6585), unless
    GLOSSARY_REQUIRE_IF_MATCH is off. A client that means to overwrite whatever is
    there says so with ``If-Match: *``."""
    if request.method not in CONDITIONAL_METHODS or not current_app.config["REQUIRE_IF_MATCH"]:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    role = getattr(view, "_required_role", None)
    if role is None:
        return
    check(role)  # who may write comes first: 401 and 403 before 428
    if "If-Match" not in request.headers:
        raise ApiError(
            428,
            f"{request.method} needs an If-Match header: the ETag from reading this resource "
            "(a GET answers with it), so a change made meanwhile by someone else is not "
            "overwritten (412 then). Send If-Match: * to apply it whatever the current "
            "version is.",
            type="/problems/if-match-required",
            title="Precondition Required",
        )


@bp.url_value_preprocessor
def _no_nul_in_paths(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    for name, value in (values or {}).items():
        if isinstance(value, str):
            refuse_nul(value, name)


def refuse_nul(value: Any, where: str = "body") -> None:
    """Refuse U+0000 anywhere in ``value``: no database stores it in text (PostgreSQL refuses it).

    :raises ApiError: 422 naming where the character was.
    """
    if isinstance(value, str):
        if "\x00" in value:
            raise invalid([f"{where}: contains the character U+0000"])
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_nul(key, where)
            refuse_nul(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            refuse_nul(item, f"{where}[{i}]")


def json_body(model: type[M], *, types: tuple[str, ...] = JSON_TYPES) -> M:
    """The request body validated as ``model``.

    :raises ApiError: 415 for another content type, 413 past the size limit
        (also for a chunked body), 400 for malformed JSON, 422 (through
        pydantic) for JSON that breaks the schema.
    """
    if request.mimetype not in types:
        raise ApiError(
            415,
            f"Send the body as {' or '.join(types)}, not {request.mimetype or 'nothing'}.",
        )
    raw = request.get_data(cache=True)  # raises 413 past GLOSSARY_MAX_UPLOAD_MB …
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length is None and len(raw) >= limit:
        # … except for a chunked body, which werkzeug cuts at the limit silently.
        raise RequestEntityTooLarge()
    try:
        data = json.loads(raw, parse_float=_json_number)
    except (ValueError, RecursionError):
        raise ApiError(400, "The body is not valid JSON (or is nested too deeply).") from None
    refuse_nul(data)
    # Strictly, as the document describes it: "version": false or "limit": "5" is refused,
    # not read as 0 or 5 (a query string, all text, is read leniently by query_args).
    return model.model_validate(data, strict=True)


def _json_number(text: str) -> float | int:
    """A JSON number with a fraction or exponent: 17.0 is the integer 17, as JSON Schema
    reads it (so an integer field takes it even when validated strictly)."""
    number = float(text)
    return int(number) if number.is_integer() else number


def query_args(model: type[M]) -> M:
    """The query string validated as ``model`` (unknown parameters are refused)."""
    args = request.args.to_dict()
    refuse_nul(args, "query")
    return model.model_validate(args)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json_bytes(data), status=status, mimetype="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# Route modules register their views on ``bp`` when imported.
from glossary.web.api import (  # noqa: E402,F401
    concepts,
    live,
    memories,
    meta,
    qa,
    review,
    termbase_files,
    terms,
    tm,
    tokens,
)
