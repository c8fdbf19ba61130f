"""The three hottest reads answered without Flask's per-request machinery.

GET /api/terms, POST /api/annotate and POST /api/tm/lookup are what CAT tools
and the live prompter ask all day. For a term lookup, Flask's dispatch (two
contexts, routing, six hooks, a Response object, header lists) cost more than
the lookup itself. This WSGI layer sits in front of the app and answers such a
request itself when it is plainly well formed:

* the same checks first (``request_limits``), and the same reading: the query
  string as werkzeug parses it, the body by Flask's JSON provider with the
  API's number rule, the same pydantic schemas, strictly;
* the same functions build the answer (``search_answer``, ``annotate_answer``,
  ``lookup_answer``, shared with the views) and the same provider writes it;
* the same headers (``headers.response_headers``).

Anything else goes to Flask untouched, body and all: a token (reads that
present one are checked there), ``min_seq``, private reads, trusted hosts, HEAD,
a trailing slash, a chunked, oversized or deeply nested body, and every error of
any kind, so errors keep their problem+json answers from one place.
``tests/web/test_hot.py`` sends the same requests both ways and compares status,
headers and bytes, and lists the hooks this layer stands in for, so that a new
one is weighed here too. The layer sits inside ProxyFix (GLOSSARY_TRUSTED_PROXIES),
so the access log shows the client's address for every request.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from glossary.store.terms import search_terms
from glossary.web import headers, request_limits
from glossary.web.api import _json_number, refuse_nul
from glossary.web.api.terms import annotate_answer, search_answer
from glossary.web.api.tm import lookup_answer
from glossary.web.database import database
from glossary.web.errors import ApiError
from glossary.web.fast import OrjsonProvider
from glossary.web.indexes import State, live_indexes
from glossary.web.memory_schemas import LookupIn
from glossary.web.term_schemas import AnnotateIn, TermQuery


class Declined(Exception):
    """Flask answers this request: it is not plainly well formed."""


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Requests that carry these go to Flask: a token to check, a sequence to wait for, a
# chunked body.
FLASK_ONLY = ("HTTP_AUTHORIZATION", "HTTP_X_GLOSSARY_MIN_SEQ", "HTTP_TRANSFER_ENCODING")
# Bodies with more brackets go to Flask: the JSON parser's nesting limit is the interpreter's
# recursion limit, reached at a depth that depends on the stack below it, so only shallow
# bodies are sure to parse alike in both places.
MAX_BRACKETS = 64
# Errors that mean "Flask answers this one": anything else is a bug in this layer, logged.
EXPECTED = (Declined, ApiError, HTTPException, ValueError, RecursionError, SQLAlchemyError)
log = logging.getLogger(__name__)
# One answer at a time per worker process. Only one thread runs Python anyway (the GIL),
# but a lookup's numpy calls release it, and with many connections on one worker every
# release handed it to another waiting thread. Measured with wrk's 16 kept-alive
# connections on one worker: 360–390 TM lookups/s without this lock, 610–720 with it (the
# waiting threads sleep on the lock instead of taking turns on the GIL); with 4 workers,
# 4 connections each, the two are within the rounds' spread.
ENGINE_GATE = threading.Lock()


class Request:
    """What the answers need of one request, and the session one may open."""

    def __init__(self, app: Flask, environ: dict[str, Any]) -> None:
        self.app, self.environ = app, environ
        self._session: Session | None = None
        self._body: bytes | None = None

    def session(self) -> Session:
        if self._session is None:
            self._session = database(self.app).sessionmaker()
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def args(self) -> dict[str, str]:
        """The query string as ``request.args.to_dict()`` reads it (first value of a name)."""
        query = self.environ.get("QUERY_STRING", "").encode("latin-1").decode()
        args: dict[str, str] = {}
        for name, value in parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote"):
            args.setdefault(name, value)
        if "min_seq" in args:
            raise Declined
        refuse_nul(args, "query")
        return args

    def json(self) -> Any:
        """The body as ``json_body`` reads it."""
        data = self.app.json.loads(self.take_body(), parse_float=_json_number)
        refuse_nul(data)
        return data

    def take_body(self) -> bytes:
        """The body's bytes, taken from the client once: the hot layer takes them before
        ENGINE_GATE, so that a slow client keeps none of the worker's other answers
        waiting (and parses them after, so that parsing does not contend for the GIL)."""
        if self._body is None:
            self._body = self._checked_body()
        return self._body

    def _checked_body(self) -> bytes:
        environ = self.environ
        # A query string on these POSTs is min_seq, or a parameter Flask's view refuses.
        if environ.get("QUERY_STRING"):
            raise Declined
        # werkzeug trims only spaces and tabs around the media type.
        mimetype = environ.get("CONTENT_TYPE", "").partition(";")[0].strip(" \t").lower()
        length = environ.get("CONTENT_LENGTH", "")
        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        if mimetype != "application/json" or not (length.isascii() and length.isdigit()):
            raise Declined
        size = int(length)
        if limit is not None and size > limit:
            raise Declined
        raw = self._read_body(size, limit)
        if len(raw) != size or raw.count(b"[") + raw.count(b"{") > MAX_BRACKETS:
            raise Declined
        return raw

    def _read_body(self, size: int, limit: int | None) -> bytes:
        """The body's bytes, read as werkzeug would (to the end of a stream the server ends,
        else ``size`` bytes), and put back in a fresh stream: if the hot layer declines,
        Flask reads the very same bytes."""
        environ = self.environ
        stream = environ["wsgi.input"]
        if "wsgi.input_terminated" in environ:
            want = None if limit is None else limit + 1
        else:
            want = size
        chunks: list[bytes] = []
        got = 0
        while want is None or got < want:
            chunk = stream.read(1 << 16 if want is None else min(1 << 16, want - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        raw = b"".join(chunks)
        environ["wsgi.input"] = io.BytesIO(raw)
        return raw

    def indexes(self) -> State:
        # ``self.session`` uncalled: the live indexes open a session only when they poll.
        return live_indexes(self.app).current(self.session)


def _terms(request: Request) -> dict[str, Any]:
    query = TermQuery.model_validate(request.args())
    terms = request.indexes().terms
    hits = search_terms(None, query.q, query.mode, limit=query.limit, index=terms)
    return search_answer(query, terms, hits)


def _annotate(request: Request) -> dict[str, Any]:
    body = AnnotateIn.model_validate(request.json(), strict=True)
    return annotate_answer(body, request.indexes().terms)


def _lookup(request: Request) -> dict[str, Any]:
    body = LookupIn.model_validate(request.json(), strict=True)
    state = request.indexes()
    # The engine, not a session: the lookup's one read borrows a pooled connection.
    return lookup_answer(body, database(request.app).engine, state.memories, state.terms)


ROUTES: dict[tuple[str, str], Callable[[Request], dict[str, Any]]] = {
    ("GET", "/api/terms"): _terms,
    ("POST", "/api/annotate"): _annotate,
    ("POST", "/api/tm/lookup"): _lookup,
}


class HotReads:
    """WSGI middleware: the routes in ROUTES answered here when plainly well formed."""

    def __init__(self, app: Flask, wsgi_app: WSGIApp) -> None:
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        answer = ROUTES.get((environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")))
        if answer is not None:
            body = self._answer(answer, environ)
            if body is not None:
                start_response("200 OK", headers.response_headers("application/json", len(body)))
                return [body]
        return self.wsgi_app(environ, start_response)

    def _answer(
        self, answer: Callable[[Request], dict[str, Any]], environ: dict[str, Any]
    ) -> bytes | None:
        """The answer's bytes, or None for Flask to answer."""
        provider, config = self.app.json, self.app.config
        if (
            not config["PUBLIC_READ"]
            or config.get("TRUSTED_HOSTS")  # Flask checks the Host header
            or not isinstance(provider, OrjsonProvider)
            or any(name in environ for name in FLASK_ONLY)
        ):
            return None
        request = Request(self.app, environ)
        try:
            request_limits.check_environ(environ)
            if environ.get("REQUEST_METHOD") == "POST":
                request.take_body()
            with ENGINE_GATE:
                return provider.dumps_bytes(answer(request))
        except EXPECTED:
            # Flask reads the request again and answers it, or reports the error, as it
            # always does (a database error thus costs the request its attempt twice).
            return None
        except Exception:
            log.exception("hot read of %s failed; handed to Flask", environ.get("PATH_INFO"))
            return None
        finally:
            request.close()


EXTENSION = "glossary.hot_reads"


def init_app(app: Flask) -> None:
    """Put the hot layer in front of the app's WSGI callable (so far), and remember it."""
    layer = HotReads(app, app.wsgi_app)
    app.extensions[EXTENSION] = layer
    app.wsgi_app = layer  # type: ignore[method-assign]


def hot_reads(app: Flask) -> HotReads:
    """The app's hot layer: its ``wsgi_app`` is Flask alone, as the benchmark and the
    tests compare."""
    layer: HotReads = app.extensions[EXTENSION]
    return layer
