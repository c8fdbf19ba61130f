"""The tmserver / amaGama protocol, as Weblate's tmserver machinery speaks it.

Mounted at ``/tmserver`` and ``/api/v1`` (as amaGama did), and at
``/t/<token>/tmserver`` for clients that can send neither headers nor HTTP
Basic auth when reads are private (notes/protocols.md §7.1):

* ``GET /languages/`` → ``{"sourceLanguages": [...], "targetLanguages": [...]}``
  in the lowercase underscore codes Weblate sends (``zh_hant``, ``zh_hans``,
  ``zh``, ``en`` …): a code missing there makes Weblate stop asking;
* ``GET /<slang>/<tlang>/unit/<text>`` (the text percent-encoded, ``%2F``
  included) or ``…/unit/?source=<text>`` → a JSON list of
  ``{source, target, quality, rank}``, best first, ``quality`` a number 0–100:
  the fuzzy score on folded text less the penalties for what the fold hid (the
  native ``quality``: 100 only for an identical source, since Weblate takes 100
  as exact); ``rank`` the same, ``score`` the unpenalised fuzzy score;
  ``min_similarity`` and ``max_candidates`` as amaGama had them.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from werkzeug.routing import PathConverter

from glossary import lang
from glossary.store.memories import memory_languages
from glossary.store.memory_lookup import LookupQuery, lookup
from glossary.web.auth import authenticate_secret, check_read
from glossary.web.database import get_session
from glossary.web.errors import ApiError
from glossary.web.fast import json_bytes
from glossary.web.indexes import memory_indexes
from glossary.web.memory_schemas import TmserverLanguages, TmserverMatches, TmserverQuery
from glossary.web.openapi import operation

TAGS = ["tmserver"]
DEFAULT_SIMILARITY, LOWEST_SIMILARITY = 70, 30
DEFAULT_CANDIDATES, MOST_CANDIDATES = 5, 50
MAX_TEXT = 2000
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,99}$")

bp = Blueprint("tmserver", __name__)


@bp.url_value_preprocessor
def _token_from_path(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and "token" in values:
        g.path_token = values.pop("token")


@bp.before_request
def _reads_may_need_a_token() -> None:
    secret = g.pop("path_token", None)
    if secret:
        authenticate_secret(secret)
    check_read()


def _tag(code: str) -> str:
    try:
        return lang.canonical(code)
    except lang.LanguageError:
        raise ApiError(404, f"Unknown language code {code!r}.") from None


# What a stored language answers to, in Weblate's codes.
_HANS = {"zh", "zh_hans", "zh_cn", "zh_sg"}
_HANT = {"zh", "zh_hant", "zh_tw", "zh_hk", "zh_mo"}


def _codes(tag: str, *, any_script: bool) -> set[str]:
    parsed = lang.parse(tag)
    codes = {lang.tmserver_code(tag), parsed.language}
    if parsed.language == "zh":
        if any_script or parsed.script is None:
            codes |= _HANS | _HANT
        else:
            codes |= _HANS if parsed.script == "Hans" else _HANT
    elif parsed.language == "en":
        codes |= {"en_gb", "en_us"}
    return codes


@bp.get("/languages/")
@operation("Source and target languages, in Weblate's codes", tags=TAGS, response=TmserverLanguages)
def languages() -> Response:
    sources: set[str] = set()
    targets: set[str] = set()
    for source, target, _n in memory_languages(get_session()):
        # Sources match across scripts (the fold); targets keep their script.
        sources |= _codes(source, any_script=True)
        targets |= _codes(target, any_script=False)
    return _json({"sourceLanguages": sorted(sources), "targetLanguages": sorted(targets)})


_UNIT_DOC = (
    "A JSON list of matches, best first. `score` is the fuzzy score: 1 − Levenshtein / "
    "longer length on folded text (Traditional = Simplified, width and case folded), 0–100, "
    "what a scan of every unit would compute. `quality` (and `rank`, as amaGama had it) is "
    "that score less small penalties for the differences the fold hid (listed in `flags`), "
    "so 100 means a source identical to the text, as Weblate takes it."
)


class SegmentConverter(PathConverter):
    """Any text, line breaks included (Weblate sends them as they are; only CR becomes a space)."""

    regex = r"[\s\S]+?"
    part_isolating = False  # it spans slashes (Werkzeug guesses from "/" in the regex)


# A lookup path: everything after "/unit/" is the text, whatever it holds.
_UNIT_PATH = re.compile(
    r"^(?P<base>(?:/t/[^/]+)?/(?:tmserver|api/v1)/[^/]+/[^/]+/unit/)(?P<text>.+)$", re.DOTALL
)


class KeepSegments:
    """WSGI middleware: the text of a lookup path reaches the view untouched.

    A text may hold ``%2F``, which the server decodes to "/" before routing; the
    router then reads "a//b", "/a" or "a/" as paths and merges, refuses or drops
    the slashes. The text is taken from the path before routing, and such paths
    go to the ``…/unit/`` route, which reads it from there.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        m = _UNIT_PATH.match(environ.get("PATH_INFO", ""))
        if m:
            text = m["text"]
            environ["glossary.segment"] = text
            if "//" in text or text.startswith("/") or text.endswith("/"):
                environ["PATH_INFO"] = m["base"]
        return self.app(environ, start_response)


def _segment(routed: str) -> str:
    """The text as the client sent it (see KeepSegments), else as routed."""
    raw = request.environ.get("glossary.segment")
    if raw is None:
        return routed
    try:
        # WSGI strings carry the path's bytes as Latin-1 (PEP 3333).
        return str(raw.encode("latin-1").decode("utf-8", "replace"))
    except UnicodeEncodeError:
        return str(raw)


@bp.get("/<slang>/<tlang>/unit/<segment:text>", merge_slashes=False)
@operation(
    "Translation memory suggestions for a text in the path (percent-encoded, %2F included)",
    tags=TAGS,
    query=TmserverQuery,
    response=TmserverMatches,
    description=_UNIT_DOC,
)
def unit(slang: str, tlang: str, text: str) -> Response:
    return _suggestions(slang, tlang, _segment(text))


@bp.get("/<slang>/<tlang>/unit/", merge_slashes=False)
@operation(
    "Translation memory suggestions for the text in ?source=",
    tags=TAGS,
    query=TmserverQuery,
    response=TmserverMatches,
    description=_UNIT_DOC,
)
def unit_by_parameter(slang: str, tlang: str) -> Response:
    return _suggestions(slang, tlang, _segment(request.args.get("source", "")))


def _suggestions(slang: str, tlang: str, text: str) -> Response:
    if not text.strip():
        raise ApiError(404, "No text to look up: put it in the path or in ?source=.")
    source, target = _tag(slang), _tag(tlang)
    if source == target:
        raise ApiError(404, "The source and target languages are the same.")
    similarity = max(LOWEST_SIMILARITY, min(100, _int("min_similarity", DEFAULT_SIMILARITY)))
    candidates = max(1, min(MOST_CANDIDATES, _int("max_candidates", DEFAULT_CANDIDATES)))
    found = lookup(
        get_session(),
        memory_indexes(),
        LookupQuery(text[:MAX_TEXT], source, target, (), float(similarity), candidates),
    )
    items = [
        {
            "source": m["source"],
            "target": m["target"],
            # Weblate takes quality 100 as an exact match: it gets the penalised
            # value, so a source the fold only made equal stays below 100.
            "quality": m["quality"],
            "rank": m["quality"],
            "score": m["score"],
            "penalty": m["penalty"],
            "context": m["context"],
            "memory": m["memory"],
            "flags": m["flags"],
        }
        for m in found["matches"]
    ]
    items.sort(key=lambda item: (-item["quality"], -item["score"]))
    response = _json(items)
    response.headers["Cache-Control"] = (
        "public, max-age=3600" if current_app.config["PUBLIC_READ"] else "private, max-age=3600"
    )
    return response


def _int(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(float(raw))
    except (ValueError, OverflowError):  # "soon", or "inf" and 1e400
        raise ApiError(422, f"{name}: not a number: {raw!r}", type="/problems/validation") from None


def _json(data: Any) -> Response:
    body = json_bytes(data)
    callback = request.args.get("jsoncallback") or request.args.get("callback")
    if callback:
        if not _CALLBACK.match(callback):
            raise ApiError(422, "callback: not a JavaScript name", type="/problems/validation")
        return Response(b"%s(%s);" % (callback.encode(), body), mimetype="application/javascript")
    return Response(body, content_type="application/json; charset=utf-8")


def init_app(app: Flask) -> None:
    """The protocol at its three mount points."""
    app.url_map.converters["segment"] = SegmentConverter
    app.wsgi_app = KeepSegments(app.wsgi_app)  # type: ignore[method-assign]
    app.register_blueprint(bp, url_prefix="/tmserver")
    app.register_blueprint(bp, url_prefix="/api/v1", name="amagama")
    app.register_blueprint(bp, url_prefix="/t/<token>/tmserver", name="tmserver_token")
