"""Per-request costs the JSON API does not need to pay.

* JSON is written by orjson (about twice as fast as the standard library on
  lookup results); what orjson cannot write as Flask would (dates, dataclasses,
  numbers past 64 bits) falls back to Flask's own provider, so the output is the
  same.
* Requests outside the pages (the API, the tmserver protocol) get no cookie
  session: only the pages sign in with one, and opening a signed cookie session
  costs a serializer per request.
* Flask asks ``inspect.iscoroutinefunction`` of every hook and view on every
  request (about 3 µs each, eight or more a request); the app asks once per
  function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from flask import Flask, Request, current_app
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

# Paths whose views never read the cookie session.
SESSIONLESS = ("/api/", "/tmserver/", "/t/")
_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


class App(Flask):
    """Flask, remembering which functions are plain ``def`` (all of this app's are)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync = self._sync.get(func)
        if sync is None:
            sync = super().ensure_sync(func)
            if len(self._sync) < 10_000:  # bound methods are new objects each time
                self._sync[func] = sync
        return sync


class OrjsonProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing (reading stays with the standard library,
    whose errors the API reports)."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:
            return super().dumps(obj, **kwargs)
        return self.dumps_bytes(obj).decode()

    def dumps_bytes(self, obj: Any) -> bytes:
        """``dumps(obj)`` as UTF-8: what a response sends, without decoding orjson's bytes
        to a str and encoding them again (for a 20 KB answer, three times the writing)."""
        if self.sort_keys or self.ensure_ascii:
            return super().dumps(obj).encode()
        try:
            return orjson.dumps(obj, default=self.default, option=_OPTIONS)
        except (orjson.JSONEncodeError, TypeError):
            return super().dumps(obj).encode()


def json_bytes(data: Any) -> bytes:
    """``data`` as JSON in UTF-8, written by the app's provider."""
    provider = current_app.json
    if isinstance(provider, OrjsonProvider):
        return provider.dumps_bytes(data)
    return provider.dumps(data).encode()


class PageSessions(SecureCookieSessionInterface):
    """Cookie sessions for the pages only."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(SESSIONLESS):
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.json = OrjsonProvider(app)
    # JSON responses keep Chinese as Chinese and keep key order.
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.session_interface = PageSessions()
