"""The reader's Chinese script (繁 / 简), remembered in a cookie, and the filters that apply it.

Every Chinese string a page shows goes through the ``zh`` filter, so one switch
changes them all. Stored terms are tagged with their script and are shown as
they are; free text (notes, contexts, memory segments) is converted with OpenCC.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import redirect, request
from jinja2 import pass_context
from werkzeug.wrappers import Response

from glossary import lang
from glossary.text import has_han
from glossary.web.https import set_cookie
from glossary.web.pages import bp
from glossary.web.pages.signin import safe_next

COOKIE = "script"
SCRIPTS = {"Hant": "繁", "Hans": "简"}
DEFAULT_SCRIPT = "Hant"
# A year: the choice is a preference, not a session.
MAX_AGE = 365 * 24 * 3600


def current_script() -> str:
    value = request.cookies.get(COOKIE, DEFAULT_SCRIPT)
    return value if value in SCRIPTS else DEFAULT_SCRIPT


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_script(text: str | None, script: str | None = None) -> str:
    """``text`` written in the reader's script (Hong Kong forms for Traditional)."""
    if not text or not has_han(text):
        return text or ""
    script = script or current_script()
    return _converter("t2s" if script == "Hans" else "s2hk").convert(text)


def preferred_lang() -> str:
    """The language tag of the reader's script, for choosing among stored terms."""
    return "zh-Hans" if current_script() == "Hans" else "zh-Hant"


def sort_languages(tags: list[str]) -> list[str]:
    """The reader's script first, then the other Chinese forms, English, the rest."""
    script = current_script()

    def key(tag: str) -> tuple[int, str]:
        try:
            parsed = lang.parse(tag)
        except lang.LanguageError:
            return (9, tag)
        if parsed.language == "zh":
            return (0 if parsed.script == script else 1, tag)
        return (2 if parsed.language == "en" else 3, tag)

    return sorted(tags, key=key)


@bp.post("/script")
def choose_script() -> Response:
    """Remember the chosen script and go back to where the reader was."""
    script = request.form.get("script", DEFAULT_SCRIPT)
    response = redirect(safe_next(request.form.get("next")), code=303)
    if script in SCRIPTS:
        set_cookie(response, COOKIE, script, max_age=MAX_AGE)
    return response


@bp.app_context_processor
def _template_globals() -> dict[str, Any]:
    return {
        "current_script": current_script,
        "scripts": SCRIPTS,
        "preferred_lang": preferred_lang,
    }


@bp.app_template_filter("zh")
@pass_context  # depends on the request: Jinja must not fold it into a constant
def _zh(_context: Any, text: str | None) -> str:
    return to_script(text)
