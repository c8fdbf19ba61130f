"""Segments from plain text, TSV and JSONL files, named the way the command line names them.

An input is written ``[NAME=]PATH[,PATH…][:FIELD]``:

* plain text (any other extension): one segment per line, no field;
* ``.tsv``: the column named ``FIELD`` in the header row, or column number
  ``FIELD`` (1-based) of every row when there is no header;
* ``.jsonl``: the string under the key ``FIELD`` of each object.

Several paths (comma-separated, or a glob pattern, expanded in sorted order) are
read one after the other as one input; each segment remembers which file it
came from, so one term dictionary per file can apply. ``NAME=`` names a system.

With ``documents`` (field names such as ``("year", "doc")``), consecutive JSONL or
TSV records that share those fields are joined with line breaks into one
segment: scoring whole documents from a paragraph-per-line file. Inputs without
those fields are taken as they are.

With ``attribute`` (a field name), each segment also keeps that field's value
from every record joined into it (``Segments.values``): the evaluation uses it
to give each document or segment its own term dictionary.

Files are UTF-8 (a byte order mark is allowed). Outer white space of a segment
is ignored; an empty line is an empty segment.
"""

from __future__ import annotations

import csv
import glob
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.formats.errors import FormatError


@dataclass(frozen=True)
class FieldValue:
    """One record's value of a field, and where the record is (for messages)."""

    value: Any
    path: Path
    line: int


JSONL_SUFFIXES = (".jsonl", ".ndjson")
TSV_SUFFIXES = (".tsv", ".tab")
_FIELD = re.compile(r"^[\w.\- ]+$")
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class InputSpec:
    """An input as the command line gives it."""

    text: str
    paths: tuple[Path, ...]
    field: str | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        """The system name: given, or the first file's name without its extensions."""
        return self.name or self.paths[0].name.split(".")[0]


@dataclass(frozen=True)
class Segments:
    texts: list[str]
    # index into the spec's paths of the file each segment came from
    parts: list[int]
    spec: InputSpec
    # with an attribute: its value in each record of the segment, and where that record is
    values: list[list[FieldValue]] | None = None

    def __len__(self) -> int:
        return len(self.texts)


def parse_spec(text: str, *, named: bool = False) -> InputSpec:
    """``[NAME=]PATH[,PATH…][:FIELD]`` → an ``InputSpec`` (paths are checked to exist)."""
    rest = text.strip()
    name = None
    if named and "=" in rest and not Path(rest).exists():
        name, rest = (part.strip() for part in rest.split("=", 1))
        if not name:
            raise FormatError(f"{text!r}: the name before '=' is empty")
    field = None
    head, sep, tail = rest.rpartition(":")
    if sep and head and _FIELD.match(tail) and not Path(rest).exists():
        rest, field = head, tail.strip()
    paths: list[Path] = []
    for item in (p.strip() for p in rest.split(",")):
        if not item:
            raise FormatError(f"{text!r}: an empty path")
        if _GLOB.search(item) and not Path(item).exists():
            matches = sorted(glob.glob(item))
            if not matches:
                raise FormatError(f"{text!r}: no file matches {item!r}")
            paths.extend(Path(m) for m in matches)
        else:
            path = Path(item)
            if not path.is_file():
                raise FormatError(f"{text!r}: no such file {item!r}")
            paths.append(path)
    return InputSpec(text, tuple(paths), field, name)


# (line number, the whole record, the segment text)
Record = tuple[int, dict[str, Any], str]
# A segment's text and the records it came from (none for plain text).
Segment = tuple[str, list[Record]]


def read_segments(
    spec: InputSpec, documents: Sequence[str] = (), attribute: str | None = None
) -> Segments:
    """Every segment of ``spec``'s files, in order (``attribute``: see the module docstring)."""
    texts: list[str] = []
    parts: list[int] = []
    values: list[list[FieldValue]] = []
    for part, path in enumerate(spec.paths):
        for text, records in _read_file(path, spec.field, documents):
            texts.append(text.strip())
            parts.append(part)
            if attribute is not None:
                values.append(_values(path, records, attribute))
    if not texts:
        raise FormatError(f"{spec.text!r}: no segments")
    return Segments(texts, parts, spec, values if attribute is not None else None)


def _values(path: Path, records: list[Record], attribute: str) -> list[FieldValue]:
    if not records:
        raise FormatError(
            f"a plain text file has no field {attribute!r} (fields are for .tsv and .jsonl)",
            source=str(path),
        )
    found = []
    for number, record, _ in records:
        if attribute not in record:
            keys = ", ".join(sorted(record)) or "none"
            raise FormatError(
                f"no field {attribute!r} (it has {keys})", source=str(path), line=number
            )
        found.append(FieldValue(record[attribute], path, number))
    return found


def _read_file(path: Path, field: str | None, documents: Sequence[str]) -> list[Segment]:
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"not UTF-8 ({exc.reason} at byte {exc.start})", source=str(path)
        ) from exc
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.removesuffix("\r") for line in lines]
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        records = _jsonl(path, lines, field)
    elif suffix in TSV_SUFFIXES:
        records = _tsv(path, lines, field)
    else:
        if field is not None:
            raise FormatError(
                f"a plain text file has no field {field!r} (fields are for .tsv and .jsonl)",
                source=str(path),
            )
        return [(line, []) for line in lines]
    return _group(path, records, documents)


def _jsonl(path: Path, lines: list[str], field: str | None) -> list[Record]:
    if field is None:
        raise FormatError(f"name the field to read: {path}:FIELD", source=str(path))
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"not JSON: {exc.msg}", source=str(path), line=number) from exc
        if not isinstance(record, dict):
            raise FormatError("each line must be a JSON object", source=str(path), line=number)
        if field not in record:
            keys = ", ".join(sorted(record)) or "none"
            raise FormatError(f"no field {field!r} (it has {keys})", source=str(path), line=number)
        if not isinstance(record[field], str):
            raise FormatError(f"{field!r} is not a string", source=str(path), line=number)
        records.append((number, record, record[field]))
    return records


def _tsv(path: Path, lines: list[str], field: str | None) -> list[Record]:
    if field is None:
        raise FormatError(
            f"name the column to read: {path}:NAME (header) or {path}:NUMBER", source=str(path)
        )
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    first = 1
    if field.isdigit():
        column = int(field) - 1
        if column < 0:
            raise FormatError("columns are numbered from 1", source=str(path))
        header = [str(i + 1) for i in range(max((len(r) for r in rows), default=0))]
    else:
        if not rows or field not in rows[0]:
            found = ", ".join(rows[0]) if rows else "an empty file"
            raise FormatError(f"no column {field!r} in the header ({found})", source=str(path))
        header, rows, first = rows[0], rows[1:], 2
        column = header.index(field)
    records = []
    for number, row in enumerate(rows, first):
        if column >= len(row):
            raise FormatError(
                f"{len(row)} columns; {field!r} is column {column + 1}",
                source=str(path),
                line=number,
            )
        records.append((number, dict(zip(header, row, strict=False)), row[column]))
    return records


def _group(path: Path, records: list[Record], documents: Sequence[str]) -> list[Segment]:
    having = [all(k in record for k in documents) for _, record, _ in records]
    if not documents or not any(having):
        return [(record[2], [record]) for record in records]
    if not all(having):
        number = records[having.index(False)][0]
        raise FormatError(
            f"lacks a document field ({', '.join(documents)}) that other lines have",
            source=str(path),
            line=number,
        )
    segments: list[Segment] = []
    previous: tuple[Any, ...] | None = None
    for record in records:
        key = tuple(json.dumps(record[1][k], sort_keys=True) for k in documents)
        if key == previous:
            text, joined = segments[-1]
            segments[-1] = (text + "\n" + record[2], [*joined, record])
        else:
            segments.append((record[2], [record]))
        previous = key
    return segments
