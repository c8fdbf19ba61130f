"""What the pages show beside the data: language names, where a rendering comes from,
the script of a free text, and the export links.

``rendering_origin`` is the one place that reads a concept's sources to say
whether its renderings are official or this project's own: switch it to
structured citations when they exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from glossary import lang
from glossary.text import has_han
from glossary.web.pages import bp

# Headings for language tags, each in its own language.
LANGUAGE_NAMES = {
    "zh-Hant": "繁體中文",
    "zh-Hans": "简体中文",
    "zh-Hant-HK": "繁體中文（香港）",
    "zh-Hant-TW": "繁體中文（台灣）",
    "zh-Hant-MO": "繁體中文（澳門）",
    "zh-Hans-SG": "简体中文（新加坡）",
    "zh": "中文",
    "en": "English",
    "en-GB": "English (UK)",
    "en-US": "English (US)",
}
# The languages an editor picks from; a stored tag outside them is offered too.
EDITOR_LANGUAGES = ("zh-Hant", "zh-Hans", "zh-Hant-HK", "zh-Hant-TW", "en")

ORIGINS = {
    "official": "Official rendering",
    "published": "In published use",
    "project": "This project's rendering",
}
_PROJECT = re.compile(r"^\s*rendering by this project", re.IGNORECASE)
_OFFICIAL = re.compile(r"\bofficial\b", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def language_name(tag: str) -> str:
    """``繁體中文`` for zh-Hant, ``English`` for en; the tag itself when unknown."""
    return LANGUAGE_NAMES.get(tag, tag)


def name_lang(tag: str) -> str:
    """The ``lang`` of a language's name as shown (a Chinese name is Chinese text)."""
    return tag if tag.startswith("zh") and tag in LANGUAGE_NAMES else "en"


def source_origin(source: str) -> str:
    """``official``, ``project`` or ``published`` for one source line."""
    if _PROJECT.match(source):
        return "project"
    if _OFFICIAL.search(source):
        return "official"
    return "published"


def rendering_origin(concept: dict[str, Any]) -> str | None:
    """Where a concept's renderings come from: by its citations (``rendering_basis``:
    a quoted official passage, or this project's own), else by its sources' wording,
    the strongest one counting."""
    basis = concept.get("rendering_basis")
    if basis == "attested":
        return "official"
    if basis == "own":
        return "project"
    origins = {source_origin(s) for s in concept.get("sources") or ()}
    for origin in ("official", "published", "project"):
        if origin in origins:
            return origin
    return None


def linked(text: str) -> Markup:
    """``text`` escaped, with its web addresses as links."""
    out, at = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[at : match.start()]))
        url = match.group()
        out.append(Markup('<a href="{0}" rel="noopener">{0}</a>').format(url))
        at = match.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def text_lang(text: str | None, fallback: str = "en") -> str:
    """The ``lang`` of a free text: its Chinese script when it has Han characters."""
    if not text or not has_han(text):
        return fallback
    from glossary.web.pages.preferences import to_script

    # Text that Traditional → Simplified leaves alone is written in Simplified.
    return "zh-Hans" if to_script(text, "Hans") == text else "zh-Hant"


def export_links(**filters: Any) -> list[tuple[str, str, str]]:
    """(label, hint, URL) of the term base exports a translator takes to a CAT tool."""
    given = {k: v for k, v in filters.items() if v}
    pair = {"source_lang": "zh-Hant", "target_lang": "en"}

    def url(fmt: str, **extra: Any) -> str:
        return url_for("api.export_termbase", fmt=fmt, **given, **extra)

    return [
        ("OmegaT glossary (TSV)", "Traditional Chinese → English", url("tsv", **pair)),
        ("TBX 2008 for CAT tools", "OmegaT, Trados, memoQ", url("tbx2008", **pair)),
        ("TBX", "every term with its status", url("tbx")),
        ("CSV", "Excel", url("csv")),
        ("XLSX", "Excel", url("xlsx")),
    ]


def _canonical_or_same(tag: str) -> str:
    try:
        return lang.canonical(tag)
    except lang.LanguageError:
        return tag


# Template globals rather than a context processor: the macros in
# templates/pages/_macros.html use them, and imported macros see globals only.
_GLOBALS: dict[str, Callable[..., Any]] = {
    "language_name": language_name,
    "name_lang": name_lang,
    "rendering_origin": rendering_origin,
    "source_origin": source_origin,
    "text_lang": text_lang,
    "export_links": export_links,
    "canonical_tag": _canonical_or_same,
}
for _name, _function in _GLOBALS.items():
    bp.add_app_template_global(_function, _name)
# Flask types a template global as a function; Jinja takes any value.
bp.add_app_template_global(ORIGINS, "origins")  # type: ignore[arg-type]
bp.add_app_template_filter(linked, "linked")
