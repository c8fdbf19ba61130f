"""What every request must be before any view sees it: not too long, and UTF-8 throughout.

The HTTP server refuses what is far too long with its own HTML page (gunicorn:
414 past ``limit_request_line``, 400/431 past ``limit_request_field_size`` or
``limit_request_fields``), before the app runs. So the server is given
generous limits (see gunicorn.conf.py) and the app draws lower ones here,
answered as problem+json like every other error:

* the request target (path and query, as sent) at most ``MAX_TARGET`` bytes —
  room for a tmserver lookup of 2000 Chinese characters in the path, 9 bytes each
  percent-encoded — else 414;
* at most ``MAX_HEADER_FIELDS`` header fields, each at most
  ``MAX_HEADER_FIELD`` bytes (gunicorn's own defaults), else 431;
* the path and the query string, once percent-decoded, are UTF-8: ``%FF%FE``
  is refused with 400 instead of being read as U+FFFD replacement characters.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote_to_bytes

from flask import Flask, request

from glossary.web.errors import ApiError

MAX_TARGET = 32 * 1024
MAX_HEADER_FIELDS = 100
MAX_HEADER_FIELD = 8190


def _target(environ: dict[str, Any]) -> str:
    """The request target as the client sent it (gunicorn and werkzeug keep it in RAW_URI)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return str(raw)
    query = environ.get("QUERY_STRING", "")
    return quote(environ.get("PATH_INFO", ""), safe="/") + ("?" + query if query else "")


def _wsgi_bytes(value: str) -> bytes | None:
    """A WSGI string's bytes (PEP 3333 carries them as Latin-1); None if it is not one."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return None


def _check_size(environ: dict[str, Any]) -> None:
    target = len(_target(environ))
    if target > MAX_TARGET:
        raise ApiError(
            414,
            f"The URL is {target} bytes long; this server accepts at most {MAX_TARGET}. "
            "Send long text in a POST body instead.",
        )
    headers = [(k, v) for k, v in environ.items() if k.startswith("HTTP_")]
    if len(headers) > MAX_HEADER_FIELDS:
        raise ApiError(
            431, f"The request has {len(headers)} header fields; at most {MAX_HEADER_FIELDS}."
        )
    for key, value in headers:
        if len(key) - 5 + 2 + len(value) > MAX_HEADER_FIELD:
            name = key[5:].replace("_", "-").title()
            raise ApiError(
                431,
                f"The header field {name} is longer than the {MAX_HEADER_FIELD} bytes accepted.",
            )


def _check_utf8(environ: dict[str, Any]) -> None:
    path = _wsgi_bytes(environ.get("PATH_INFO", ""))
    query = _wsgi_bytes(environ.get("QUERY_STRING", ""))
    for where, raw in (("path", path), ("query string", query and unquote_to_bytes(query))):
        if raw is None:
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(
                400,
                f"The {where} is not UTF-8 once percent-decoded (byte {exc.start + 1}): "
                "percent-encode text as UTF-8.",
                type="/problems/not-utf-8",
                title="Not UTF-8",
            ) from None


def check_environ(environ: dict[str, Any]) -> None:
    """Refuse a request that is too long or not UTF-8.

    :raises ApiError: 414 or 431 for size, 400 for bytes that are not UTF-8.
    """
    _check_size(environ)
    _check_utf8(environ)


def check_request() -> None:
    """``check_environ`` for Flask's request."""
    check_environ(request.environ)


def init_app(app: Flask) -> None:
    # Registered before the blueprints, so it runs before their checks (tokens, CSRF).
    app.before_request(check_request)
