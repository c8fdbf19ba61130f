"""The JSON API under /api/: one module per area, all on one blueprint.

Views parse the request into a pydantic model, call the store, and return the
store's plain data as JSON. Errors are raised, never returned, so they all take
the problem+json shape of ``glossary.web.errors``.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic
from flask import Blueprint, Response, json, request

from glossary.web.auth import check_read
from glossary.web.errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api")
M = TypeVar("M", bound=pydantic.BaseModel)

JSON_TYPES = ("application/json",)


@bp.before_request
def _reads_may_need_a_token() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        check_read()


def json_body(model: type[M], *, types: tuple[str, ...] = JSON_TYPES) -> M:
    """The request body validated as ``model``.

    :raises ApiError: 415 for another content type, 400 for malformed JSON,
        422 (through pydantic) for JSON that breaks the schema.
    """
    if request.mimetype not in types:
        raise ApiError(
            415,
            f"Send the body as {' or '.join(types)}, not {request.mimetype or 'nothing'}.",
        )
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "The body is not valid JSON.")
    return model.model_validate(data)


def query_args(model: type[M]) -> M:
    """The query string validated as ``model`` (unknown parameters are refused)."""
    return model.model_validate(request.args.to_dict())


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(data), status=status, mimetype="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# Route modules register their views on ``bp`` when imported.
from glossary.web.api import (  # noqa: E402,F401  # noqa: E402,F401
    concepts,
    memories,
    meta,
    qa,  # noqa: E402,F401
    termbase_files,  # noqa: E402,F401
    terms,  # noqa: E402,F401
    tm,
    tokens,
)
