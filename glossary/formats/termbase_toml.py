"""The shipped term base format: TOML files written to be reviewed and diffed.

One file per subject field under ``tm_data/termbase/``. A file may set a
default ``subject_field``; each ``[[concept]]`` table is one concept::

    subject_field = "Greater Bay Area cooperation"

    [[concept]]
    id = "bay-area-connect"              # stable; `glossary init` keys on it
    zh-Hant = "灣區通"                    # a bare language key: the preferred term
    zh-Hans = "湾区通"
    en = "Greater Bay Area Connect"
    en-admitted = ["Bay Area Connect"]   # <lang>-admitted / -deprecated / -forbidden
    en-deprecated = ["Bay Area Pass"]
    note = "One to three sentences of English background for the reader."
    citations = [
      { source = "gwr-2025", quote = "… the passage that uses the rendering …" },
      { none_found = true, searched = "what was searched for an official use" },
    ]

A citation holds the fields of ``records.Citation`` (title, publisher, date,
url, quote, note, none_found, searched). ``source`` names a document of the
folder's ``_sources.toml`` catalogue (a table per document, keyed by that name),
whose fields the citation takes unless it sets them itself: one official text
cites many concepts, each with its own passage. Files whose names start with
``_`` hold no concepts.

Optional keys: ``definition`` (English), ``status`` (default "approved"),
``subject_field`` (overrides the file's), ``sources`` (free-text sources, a
list of strings). Unknown keys are errors, so a typo cannot silently drop data.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from glossary import lang
from glossary.formats.citations import citation_from_dict
from glossary.formats.errors import FormatError
from glossary.records import TERM_STATUSES, Citation, ConceptRecord, TermRecord

CONCEPT_KEYS = {"id", "status", "subject_field", "note", "definition", "sources", "citations"}
STATUS_SUFFIXES = tuple(s for s in TERM_STATUSES if s != "preferred")
CATALOGUE = "_sources.toml"

Catalogue = dict[str, dict[str, Any]]


def read_termbase(path: Path) -> Iterator[ConceptRecord]:
    """Concepts from one TOML file, or from every ``*.toml`` in a folder (sorted)."""
    folder = path if path.is_dir() else path.parent
    files = sorted(folder.glob("*.toml")) if path.is_dir() else [path]
    catalogue = read_catalogue(folder / CATALOGUE)
    for file in files:
        if not file.name.startswith("_"):
            yield from _read_file(file, catalogue)


def _load(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(str(exc), source=str(file)) from exc


def read_catalogue(file: Path) -> Catalogue:
    """The documents that citations name by ``source`` (none when there is no file)."""
    if not file.is_file():
        return {}
    data = _load(file)
    for name, document in data.items():
        try:
            citation_from_dict(document)
        except ValueError as exc:
            raise FormatError(str(exc), source=f"{file.name}: {name}") from exc
    return data


def _read_file(file: Path, catalogue: Catalogue) -> Iterator[ConceptRecord]:
    data = _load(file)
    default_subject = data.get("subject_field")
    for i, table in enumerate(data.get("concept", [])):
        where = f"{file.name}: concept {table.get('id', i + 1)!r}"
        try:
            yield _concept(table, default_subject, catalogue)
        except (ValueError, TypeError, lang.LanguageError) as exc:
            raise FormatError(str(exc), source=where) from exc


def _citation(value: Any, catalogue: Catalogue) -> Citation:
    if not isinstance(value, dict):
        raise ValueError("citations: expected a list of tables")
    own = dict(value)
    name = own.pop("source", None)
    if name is None:
        return citation_from_dict(own)
    if name not in catalogue:
        raise ValueError(f"citations: no document {name!r} in {CATALOGUE}")
    return citation_from_dict({**catalogue[name], **own})


def _split_key(key: str) -> tuple[str, str]:
    """``en`` → (en, preferred); ``zh-Hant-admitted`` → (zh-Hant, admitted)."""
    head, _, tail = key.rpartition("-")
    if head and tail in STATUS_SUFFIXES:
        return head, tail
    return key, "preferred"


def _concept(
    table: dict[str, Any], default_subject: str | None, catalogue: Catalogue
) -> ConceptRecord:
    if not isinstance(table.get("id"), str) or not table["id"]:
        raise ValueError("every concept needs a string id")
    terms: list[TermRecord] = []
    for key, value in table.items():
        if key in CONCEPT_KEYS:
            continue
        tag, status = _split_key(key)
        tag = lang.canonical(tag)
        values = [value] if status == "preferred" else value
        if status == "preferred" and not isinstance(value, str):
            raise ValueError(f"{key}: the preferred term is one string")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{key}: expected a list of strings")
        terms.extend(TermRecord(text=v, lang=tag, status=status) for v in values)  # type: ignore[arg-type]
    sources = table.get("sources", [])
    if not isinstance(sources, list):
        raise ValueError("sources: expected a list of strings")
    citations = table.get("citations", [])
    if not isinstance(citations, list):
        raise ValueError("citations: expected a list of tables")
    return ConceptRecord(
        terms=tuple(terms),
        ref=table["id"],
        subject_field=table.get("subject_field", default_subject),
        status=table.get("status", "approved"),
        definitions={"en": table["definition"]} if table.get("definition") else {},
        notes={"en": table["note"]} if table.get("note") else {},
        sources=tuple(sources),
        citations=tuple(_citation(c, catalogue) for c in citations),
    )
