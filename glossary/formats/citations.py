"""Citations as data: their JSON form, their rules, and their one-line text form.

The JSON form (a dict without empty fields) is what the database column, the
API and the audit history hold. The text form is what a TBX source note
carries, written so that a person can read it and this module can read it back::

    title: Report on the Work of the Government 2025 | publisher: State Council |
    date: 2025-03-12 | url: https://… | quote: “… the debut economy …”

(one line; a ``|`` or ``\\`` in a value is escaped with a backslash). A source note that is not in this form stays a free-text source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from glossary.records import Citation

# Field widths, generous for a title or a passage, strict for a quotation: a
# citation quotes a sentence fragment, never a paragraph.
MAX_QUOTE = 400
MAX_TEXT = 1000
MAX_URL = 2000
# ASCII digits only (Python's \d would take any script's digits).
DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
URL = re.compile(r"https?://[^\s<>\"]+")
TEXT_FIELDS = ("title", "publisher", "date", "url", "quote", "note", "searched")
# The order of the text form; the quotation last, since it is the longest.
TEXT_ORDER = ("title", "publisher", "date", "url", "note", "none_found", "searched", "quote")
LABELS = {name: name.replace("_", " ") for name in TEXT_ORDER}
SEPARATOR = " | "


def citation_to_dict(citation: Citation) -> dict[str, Any]:
    """The JSON form: only the fields that are set."""
    out: dict[str, Any] = {}
    for f in fields(Citation):
        value = getattr(citation, f.name)
        if value:
            out[f.name] = value
    return out


def citation_from_dict(data: Any) -> Citation:
    """:raises ValueError: for an unknown field or a value of the wrong type."""
    if not isinstance(data, dict):
        raise ValueError("a citation is a table of fields")
    known = {f.name for f in fields(Citation)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown citation field {', '.join(map(repr, unknown))}")
    for name in TEXT_FIELDS:
        if data.get(name) is not None and not isinstance(data[name], str):
            raise ValueError(f"citation {name}: expected a string")
    if not isinstance(data.get("none_found", False), bool):
        raise ValueError("citation none_found: expected true or false")
    return Citation(
        title=_stripped(data.get("title")),
        publisher=_stripped(data.get("publisher")),
        date=_stripped(data.get("date")),
        url=_stripped(data.get("url")),
        quote=_stripped(data.get("quote")),
        note=_stripped(data.get("note")),
        none_found=data.get("none_found", False),
        searched=_stripped(data.get("searched")),
    )


def _stripped(value: str | None) -> str | None:
    return (value.strip() or None) if value is not None else None


def citation_problems(citation: Citation) -> list[str]:
    """Every rule the citation breaks, in words (empty when it is fine)."""
    return _grounds_problems(citation) + _form_problems(citation)


def _grounds_problems(citation: Citation) -> list[str]:
    """What the citation stands on: a source, or a search that found none."""
    problems = []
    if not citation.url and not citation.none_found and not citation.note:
        problems.append("needs a url, or none_found with what was searched, or a note why not")
    if citation.none_found:
        if not citation.searched:
            problems.append("none_found needs searched: what was searched")
        if citation.quote:
            problems.append("none_found cannot quote a passage")
    elif not citation.title:
        problems.append("needs a title")
    return problems


def _form_problems(citation: Citation) -> list[str]:
    """How its fields are written: address and date forms, lengths, storable characters."""
    problems = []
    if citation.url and not URL.fullmatch(citation.url):
        problems.append(f"url {citation.url!r} is not an http(s) address")
    if citation.date and not DATE.fullmatch(citation.date):
        problems.append(f"date {citation.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if citation.quote and len(citation.quote) > MAX_QUOTE:
        problems.append(f"quote is longer than {MAX_QUOTE} characters: quote a fragment")
    if citation.url and len(citation.url) > MAX_URL:
        problems.append(f"url is longer than {MAX_URL} characters")
    for name in ("title", "publisher", "note", "searched"):
        value = getattr(citation, name)
        if value and len(value) > MAX_TEXT:
            problems.append(f"{name} is longer than {MAX_TEXT} characters")
    for name in TEXT_FIELDS:
        value = getattr(citation, name)
        if value and "\x00" in value:
            problems.append(f"{name} contains the character U+0000, which cannot be stored")
    return problems


def citation_text(citation: Citation) -> str:
    """The one-line text form (for a TBX source note)."""
    parts = []
    for name in TEXT_ORDER:
        value = getattr(citation, name)
        if name == "none_found":
            if value:
                parts.append("none found: yes")
        elif value:
            flat = " ".join(str(value).split())
            escaped = flat.replace("\\", "\\\\").replace("|", "\\|")
            parts.append(f"{LABELS[name]}: {escaped}")
    return SEPARATOR.join(parts)


ESCAPED = re.compile(r"\\(.)")
_FIELD = re.compile(
    r"(?:^|" + re.escape(SEPARATOR) + r")(" + "|".join(map(re.escape, LABELS.values())) + r"): "
)


def parse_citation_text(text: str) -> Citation | None:
    """A citation from its text form, or None when ``text`` is not in that form."""
    text = " ".join(text.split())
    matches = list(_FIELD.finditer(text))
    if not matches or matches[0].start() != 0:
        return None
    names = {label: name for name, label in LABELS.items()}
    values: dict[str, Any] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        name = names[match.group(1)]
        if name in values:
            return None
        values[name] = ESCAPED.sub(r"\1", text[match.end() : end].strip())
    if "none_found" in values:
        if values["none_found"] != "yes":
            return None
        values["none_found"] = True
    citation = Citation(**values)
    return None if citation_problems(citation) else citation


def split_sources(texts: Iterable[str]) -> tuple[tuple[str, ...], tuple[Citation, ...]]:
    """Source notes read from a file: the free-text ones, and the citations in text form."""
    plain: list[str] = []
    citations: list[Citation] = []
    for text in dict.fromkeys(texts):
        citation = parse_citation_text(text)
        if citation is None:
            plain.append(text)
        elif citation not in citations:
            citations.append(citation)
    return tuple(plain), tuple(citations)
