"""One error shape for every error: RFC 9457 ``application/problem+json``.

``{"type", "title", "status", "detail"}``, plus ``errors`` (a list of messages)
for invalid input. ``type`` is ``about:blank`` for plain HTTP errors and a
stable relative URI such as ``/problems/stale-version`` for the service's own.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

import pydantic
import sqlalchemy.exc
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import NotFound as NotFoundError

from glossary.db import unavailable
from glossary.store.errors import Conflict, Invalid, NotFound, StaleVersion

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error a view raises to answer with a problem response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        type: str = "about:blank",
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.type = type
        self.title = title
        self.headers = headers or {}
        self.extra = extra


def problem_json(
    status: int,
    detail: str,
    *,
    type: str = "about:blank",
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {
        "type": type,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def invalid(errors: list[str]) -> ApiError:
    return ApiError(
        422,
        "; ".join(errors),
        type="/problems/validation",
        title="Invalid input",
        errors=errors,
    )


def pydantic_messages(exc: pydantic.ValidationError) -> list[str]:
    messages = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "body"
        messages.append(f"{where}: {error['msg']}")
    return messages


def _wants_html() -> bool:
    """Pages answer errors with a page; the API and unknown clients with problem+json."""
    if request.path.startswith(("/api", "/tmserver")):
        return False
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "text/html"
        and request.accept_mimetypes[best] > request.accept_mimetypes["application/json"]
    )


def problem(
    status: int,
    detail: str,
    *,
    type: str = "about:blank",
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """The error response: a page for browsers on pages, problem+json for everyone else."""
    if _wants_html():
        html = render_template(
            "error.html",
            status=status,
            title=title or HTTPStatus(status).phrase,
            detail=detail,
            path=request.path,
        )
        response = Response(html, status=status, mimetype="text/html")
        for name, value in (headers or {}).items():
            response.headers[name] = value
        return response
    return problem_json(status, detail, type=type, title=title, headers=headers, **extra)


def _http(exc: HTTPException) -> Response:
    headers = {}
    if exc.code == 405 and exc.valid_methods:  # type: ignore[attr-defined]
        headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
    detail = exc.description or HTTPStatus(exc.code or 500).description
    if exc.code == 404 and exc.description == NotFoundError.description:
        # The router's own text tells a reader nothing about where they are.
        detail = f"There is nothing at {request.path}."
    if exc.code == 413:
        detail = "The request body is larger than this server accepts (GLOSSARY_MAX_UPLOAD_MB)."
    return problem(exc.code or 500, detail, headers=headers)


# -- 503: the database is busy or cannot be reached -------------------------

# Seconds a client should wait before it tries again.
RETRY_AFTER = {"busy": 5, "unreachable": 15}
UNAVAILABLE = {
    "busy": "The database is busy with another write (an import, perhaps) and this request "
    "waited its turn long enough. Nothing was changed; try again in a few seconds.",
    "unreachable": "The database cannot be reached just now. Nothing was changed; try again "
    "shortly.",
}


def _database_error(exc: sqlalchemy.exc.SQLAlchemyError) -> Response:
    """503 with Retry-After while the database is busy or away; 500 for other errors."""
    reason = unavailable(exc)
    if reason is None:
        log.exception("unhandled error")
        return problem(500, "An unexpected error occurred; it has been logged.")
    log.warning("database %s: %s", reason, exc)
    headers = {"Retry-After": str(RETRY_AFTER[reason])}
    if _wants_html():
        # Its own page: the usual layout reads the signed-in token from the database.
        html = render_template("unavailable.html", detail=UNAVAILABLE[reason], headers=headers)
        return Response(html, status=503, mimetype="text/html", headers=headers)
    return problem_json(
        503,
        UNAVAILABLE[reason],
        type=f"/problems/database-{reason}",
        title="Service Unavailable",
        headers=headers,
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(sqlalchemy.exc.SQLAlchemyError, _database_error)

    @app.errorhandler(ApiError)
    def _api(exc: ApiError) -> Response:
        return problem(
            exc.status, exc.detail, type=exc.type, title=exc.title, headers=exc.headers, **exc.extra
        )

    @app.errorhandler(NotFound)
    def _not_found(exc: NotFound) -> Response:
        return problem(404, str(exc))

    @app.errorhandler(Invalid)
    def _invalid(exc: Invalid) -> Response:
        return _api(invalid(exc.errors))

    @app.errorhandler(Conflict)
    def _conflict(exc: Conflict) -> Response:
        return problem(409, str(exc), type="/problems/conflict", title="Conflict")

    @app.errorhandler(StaleVersion)
    def _stale(exc: StaleVersion) -> Response:
        return problem(412, str(exc), type="/problems/stale-version", title="Stale version")

    @app.errorhandler(pydantic.ValidationError)
    def _pydantic(exc: pydantic.ValidationError) -> Response:
        return _api(invalid(pydantic_messages(exc)))

    @app.errorhandler(sqlalchemy.exc.DataError)
    @app.errorhandler(OverflowError)
    def _unstorable(exc: Exception) -> Response:
        # The last line of defence: input checks should catch these first.
        log.warning("refused a value the database cannot store: %s", exc)
        return problem(
            422,
            "A value is out of range or cannot be stored (too long, too large, or a "
            "character the database refuses).",
            type="/problems/validation",
            title="Invalid input",
        )

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "An unexpected error occurred; it has been logged.")
