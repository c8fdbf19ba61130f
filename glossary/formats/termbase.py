"""The small base every term base format builds on: read entries, write records.

A format is a class with a ``name``, ``extensions`` and a ``media_type``, a
``read`` that turns a byte stream into ``Entry`` objects (a concept record, or
the reason an entry could not become one), and a ``write`` that turns concept
records into bytes. Readers are lenient (real files are odd, see
notes/formats.md §5), writers strict. ``termbase_format`` finds a format by name.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, ClassVar, Literal

from glossary.formats.vocabulary import in_range
from glossary.formats.xmlsafe import DEFAULT_LIMIT
from glossary.records import ConceptRecord, TermRecord
from glossary.text.cjk import CJK

__all__ = [
    "NAMES",
    "Entry",
    "Notice",
    "ReadOptions",
    "TermbaseFormat",
    "WriteOptions",
    "by_language",
    "clean",
    "parse_date",
    "termbase_format",
    "xml_safe",
]

# The names, in the order menus list them.
NAMES = ("tbx", "tbx2008", "tsv", "csv", "xlsx")


class Notice(str):
    """A remark about a file as a whole rather than one entry (readers yield it among entries)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a file as read: a concept, or why there is none.

    ``label`` says where it is (``termEntry c7``, ``line 12``); ``problems`` are
    the reasons it was skipped (when ``record`` is None) or what was left out of it.
    """

    label: str
    record: ConceptRecord | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What a reader cannot learn from the file itself."""

    # Languages of the columns of a table without headings (OmegaT's TSV and CSV).
    source_lang: str | None = None
    target_lang: str | None = None
    # The most bytes an XML or zipped document may expand to.
    limit: int = DEFAULT_LIMIT
    name: str = "upload"


TagStyle = Literal["bcp47", "region"]


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """How to write: which languages first, how to spell Chinese tags, a title."""

    # Source then target; writers put these first and two-column formats need both.
    languages: tuple[str, ...] = ()
    tags: TagStyle = "bcp47"
    title: str = "glossary export"
    generator: str = "glossary"
    # When the export was made (written into headers; fixed in tests).
    made_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class TermbaseFormat(ABC):
    """A term base file format: read entries from bytes, write records as bytes."""

    name: ClassVar[str]
    title: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    media_type: ClassVar[str]

    @abstractmethod
    def read(self, stream: IO[bytes], options: ReadOptions) -> Iterator[Entry | Notice]:
        """The file's entries in order.

        :raises FormatError: when the file as a whole cannot be read.
        """

    @abstractmethod
    def write(
        self, records: Iterable[ConceptRecord], stream: IO[bytes], options: WriteOptions
    ) -> None:
        """Write ``records`` to ``stream``."""

    @property
    def filename(self) -> str:
        return f"glossary{self.extensions[0]}"


def by_language(
    record: ConceptRecord, languages: tuple[str, ...] = ()
) -> dict[str, list[TermRecord]]:
    """A record's terms grouped by language tag, in the order exports write them.

    For each of ``languages`` (source, target) its closest tag comes first, so a
    reader that takes the first two sections as source and target gets the pair
    asked for (Weblate does, notes/protocols.md §5); other tags under those
    ranges follow (``zh-Hant-TW`` under ``zh-Hant``), then the rest.
    """
    groups: dict[str, list[TermRecord]] = {}
    for term in record.terms:
        groups.setdefault(term.lang, []).append(term)
    closest = []
    for want in languages:
        matches = [tag for tag in groups if in_range(tag, want)]
        if matches:
            closest.append(min(matches, key=len))
    under = [tag for want in languages for tag in groups if in_range(tag, want)]
    return {tag: groups[tag] for tag in dict.fromkeys([*closest, *under, *groups])}


def termbase_format(name: str) -> TermbaseFormat:
    """The format called ``name`` (one of ``NAMES``).

    :raises KeyError: for any other name.
    """
    # Imported here because every format module imports this base.
    from glossary.formats.csv_glossary import CsvFormat
    from glossary.formats.tbx import TbxFormat
    from glossary.formats.tbx2008 import Tbx2008Format
    from glossary.formats.tsv import TsvFormat
    from glossary.formats.xlsx import XlsxFormat

    classes = (TbxFormat, Tbx2008Format, TsvFormat, CsvFormat, XlsxFormat)
    return {c.name: c for c in classes}[name]()


# -- helpers shared by readers and writers ---------------------------------------

# A line break (with the indentation around it) between two CJK characters is not
# a space: it comes from wrapping, in XML pretty-printing as in newspapers.
_CJK_BREAK = re.compile(f"(?<=[{CJK}])[ \\t]*[\\r\\n]+\\s*(?=[{CJK}])")


def clean(text: str | None) -> str:
    """Text with layout whitespace removed: CJK line joins, runs of spaces, ends."""
    if not text:
        return ""
    return " ".join(_CJK_BREAK.sub("", text).split())


# A line break inside a Chinese sentence is wrapping; after 。！？；： or a closing
# quote it ends a line of the text.
_CJK_WRAP = re.compile(f"(?<=[{CJK}])(?<![。！？；：」』）])[ \\t]*\\r?\\n[ \\t]*(?=[{CJK}])")


def clean_block(text: str | None) -> str:
    """Text whose line breaks are content (a note, a definition): each line trimmed
    and its runs of spaces collapsed, blank lines at either end dropped, and
    line breaks that only wrap a Chinese sentence removed."""
    text = _CJK_WRAP.sub("", text or "")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# XML 1.0 allows tab, newline, carriage return and these ranges; anything else
# (control characters, lone surrogates, U+FFFE/U+FFFF) cannot be written.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})(Z)?)?$")


def parse_date(raw: str | None) -> datetime | None:
    """A date or time as files write it, in UTC; None if it cannot be read.

    ``2007-07-22``, ``2005-03-10T14:45:27``, ``2024-05-01T10:00:00+08:00`` (ISO 8601)
    and the compact ``20010423T13:08:13Z`` of SDLX and TMX. A time without a zone
    is taken as UTC.
    """
    text = (raw or "").strip()
    if not text:
        return None
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        m = _COMPACT.match(text.replace(":", "") if "T" in text else text)
        if m:
            y, mo, d, h, mi, s, _ = m.groups()
            try:
                value = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
            except ValueError:
                return None
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
