"""Which term dictionary applies to which segment.

Three ways, from the simplest:

* one term list for every segment;
* one per source file (``--terms a.json,b.json`` with ``--src a.jsonl,b.jsonl``);
* one per document or segment, chosen by a field of the source records
  (``--terms-by FIELD``). The field's value is

  - a key into a mapping (``--terms 2016=hkma.2016.terms.json,2018=…``): a corpus of
    several years scored as WMT25 scored it, each year with its own dictionary;
  - without a mapping, the path of the dictionary file (relative to the source
    file's folder);
  - an object: the segment's own dictionary, inline (``{"債券通": ["Bond Connect"]}``).

  A document joined from several records (``--documents``) takes the one
  dictionary its records name (they must agree) or, inline, the union of theirs.

Every segment gets an index into the returned term lists, as ``run.evaluate``
takes them (``parts``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.evaluation.dictionary import TermList, dictionary_of_entries
from glossary.evaluation.inputs import FieldValue, Segments


class TermChoiceError(ValueError):
    """Term dictionaries that cannot be matched to the segments."""


def parts_by_file(term_lists: Sequence[TermList], source: Segments) -> list[int]:
    """One term list for all segments, or one per source file."""
    if len(term_lists) <= 1:
        return [0] * len(source)
    files = len(source.spec.paths)
    if len(term_lists) != files:
        raise TermChoiceError(
            f"{len(term_lists)} term lists for {files} source files: give one term list, "
            "or one per source file (in the same order)"
        )
    return source.parts


def parse_mapping(text: str | None) -> dict[str, Path]:
    """``VALUE=FILE,VALUE=FILE…`` → {value: path}; empty or None → {}."""
    mapping: dict[str, Path] = {}
    for entry in (e.strip() for e in (text or "").split(",")):
        if not entry:
            continue
        key, sep, path = (part.strip() for part in entry.partition("="))
        if not sep or not key or not path:
            raise TermChoiceError(
                f"{entry!r}: with --terms-by, give --terms as VALUE=FILE,… "
                "(or leave --terms out when the field names the dictionary file)"
            )
        if key in mapping:
            raise TermChoiceError(f"two dictionaries for {key!r}")
        mapping[key] = Path(path)
    return mapping


@dataclass
class _Chosen:
    lists: list[TermList]
    index: dict[str, int]


def choose_by_field(
    source: Segments,
    field: str,
    mapping: dict[str, Path],
    load: Callable[[Path], TermList],
) -> tuple[list[TermList], list[int]]:
    """Each segment's term list by ``field`` (``source`` read with that attribute).

    ``load`` reads a dictionary or term base file; each file is read once.
    """
    if source.values is None:
        raise ValueError("the source was read without the field")
    chosen = _Chosen([], {})
    parts = []
    for values in source.values:
        key, make = _dictionary_of(values, field, mapping, load)
        if key not in chosen.index:
            chosen.index[key] = len(chosen.lists)
            chosen.lists.append(make())
        parts.append(chosen.index[key])
    return chosen.lists, parts


def _dictionary_of(
    values: list[FieldValue],
    field: str,
    mapping: dict[str, Path],
    load: Callable[[Path], TermList],
) -> tuple[str, Callable[[], TermList]]:
    """A key naming a segment's dictionary, and how to make it."""
    if all(isinstance(v.value, dict) for v in values):
        entries = [item for v in values for item in v.value.items()]
        first = values[0]
        origin = f"{first.path}:{first.line} {field}"
        return "inline " + json.dumps(entries, ensure_ascii=False), lambda: dictionary_of_entries(
            entries, origin
        )
    names = {_name(v, field) for v in values}
    if len(names) > 1:
        raise TermChoiceError(
            f"{values[0].path}:{values[0].line}: one document's records name different "
            f"dictionaries in {field!r} ({', '.join(sorted(names))})"
        )
    name = names.pop()
    where = values[0]
    if mapping:
        if name not in mapping:
            raise TermChoiceError(
                f"{where.path}:{where.line}: no dictionary for {field}={name}; "
                f"--terms maps {', '.join(mapping)}"
            )
        path = mapping[name]
    else:
        path = where.path.parent / name
    return "file " + str(path), lambda: load(path)


def _name(value: FieldValue, field: str) -> str:
    # JSON numbers (a year) name a dictionary as their text does; bool is no name.
    if isinstance(value.value, str | int) and not isinstance(value.value, bool):
        text = str(value.value).strip()
        if text:
            return text
    raise TermChoiceError(
        f"{value.path}:{value.line}: {field!r} must name a dictionary (a string or number) "
        f"or hold one (an object), not {json.dumps(value.value, ensure_ascii=False)}"
    )
