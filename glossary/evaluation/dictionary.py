"""The terms an evaluation checks: source forms, approved and wrong renderings.

A term list comes from a dictionary file or from term base records:

* **JSON dictionary** — ``{source term: renderings}``, either bare or under a
  ``"terms"`` key (the WMT25 ``terms.json`` layout). ``renderings`` is a string,
  a list of strings (all approved: any of them counts), or an object
  ``{"approved": [...], "deprecated": [...], "forbidden": [...]}``.
* **Term base** — the TOML files of ``tm_data/termbase/`` or the database, read
  through the service's term recognition (``recognition``): every
  source-language term of a concept is a source form; its target-language terms
  marked preferred or admitted are approved, those marked deprecated or
  forbidden are wrong. Chinese matches Chinese whatever the script or region
  (``zh-Hans`` renderings count for a ``zh-Hant`` target: matching is
  script-folded).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.formats.errors import FormatError
from glossary.text import fold

WRONG_STATUSES = ("deprecated", "forbidden")
APPROVED_STATUSES = ("preferred", "admitted")


@dataclass(frozen=True)
class Term:
    """One term to check: found by any source form, satisfied by any approved rendering."""

    key: str
    sources: tuple[str, ...]
    approved: tuple[str, ...]
    # (rendering, "deprecated" | "forbidden")
    wrong: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TermList:
    """Terms and where they came from (shown in every report).

    ``find`` recognises source occurrences (``qa.SourceHit`` records) when the
    list comes from a term base: the service's term index does it. Without it,
    ``matching.SourceFinder`` scans for the source forms.
    """

    terms: tuple[Term, ...]
    origin: str
    find: Callable[[str], list[Any]] | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.terms)


def read_dictionary(path: Path) -> TermList:
    """A JSON dictionary file (see the module docstring).

    :raises FormatError: for unreadable JSON, a wrong shape or empty entries.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"not a JSON dictionary: {exc}", source=str(path)) from exc
    return dictionary_of_data(data, str(path))


def dictionary_of_data(data: Any, origin: str) -> TermList:
    """A dictionary already parsed from JSON (a file's, or one inline in a JSONL record)."""
    if isinstance(data, dict) and isinstance(data.get("terms"), dict):
        data = data["terms"]
    if not isinstance(data, dict) or not data:
        raise FormatError(
            'expected an object {source term: renderings} (or one under "terms")',
            source=origin,
        )
    return dictionary_of_entries(data.items(), origin)


def dictionary_of_entries(entries: Iterable[tuple[str, Any]], origin: str) -> TermList:
    """Source term → renderings entries; a source term may come more than once.

    Entries whose source terms fold alike (灣區通 and 湾区通, or the same term
    twice) are one term: a source occurrence of either is satisfied by the
    renderings of both.
    """
    merged: dict[str, tuple[list[str], list[str], list[tuple[str, str]]]] = {}
    for raw_source, value in entries:
        source = raw_source.strip()
        where = f"{origin}: {raw_source!r}"
        if not source:
            raise FormatError("a source term is empty", source=origin)
        approved, wrong = _renderings(value, where)
        sources, kept, kept_wrong = merged.setdefault(fold(source), ([], [], []))
        if source not in sources:
            sources.append(source)
        kept.extend(r for r in approved if r not in kept)
        kept_wrong.extend(w for w in wrong if w not in kept_wrong)
    terms = tuple(
        Term(sources[0], tuple(sources), tuple(approved), tuple(wrong))
        for sources, approved, wrong in merged.values()
    )
    return TermList(terms, origin)


def _strings(value: Any, where: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise FormatError("renderings must be a string or a list of strings", source=where)
    cleaned = [v.strip() for v in values]
    if not all(cleaned):
        raise FormatError("a rendering is empty", source=where)
    return cleaned


def _renderings(value: Any, where: str) -> tuple[list[str], list[tuple[str, str]]]:
    if not isinstance(value, dict):
        approved = _strings(value, where)
        if not approved:
            raise FormatError("no renderings", source=where)
        return approved, []
    unknown = set(value) - {"approved", *WRONG_STATUSES}
    if unknown:
        raise FormatError(f"unknown keys {sorted(unknown)}", source=where)
    approved = _strings(value.get("approved", []), where)
    if not approved:
        raise FormatError("no approved rendering", source=where)
    wrong = [(r, s) for s in WRONG_STATUSES for r in _strings(value.get(s, []), where)]
    return approved, wrong


def load_terms(path: Path, source_lang: str, target_lang: str) -> TermList:
    """A JSON dictionary, or a TOML term base (one file or a folder of them)."""
    from glossary.evaluation.recognition import termbase_of_records
    from glossary.formats.termbase_toml import read_termbase

    if not path.exists():
        raise FormatError("no such file or folder", source=str(path))
    if path.is_dir() or path.suffix == ".toml":
        term_list = termbase_of_records(read_termbase(path), source_lang, target_lang, str(path))
        if not term_list.terms:
            raise FormatError(
                f"no concept has both a {source_lang} term and an approved {target_lang} one",
                source=str(path),
            )
        return term_list
    return read_dictionary(path)
