"""OmegaT's tab-separated glossary: ``source<TAB>target[<TAB>comment]``, no headings.

Read as OmegaT reads it (``GlossaryReaderTSV``, notes/protocols.md §4.1): lines
starting with ``#`` are comments, fields are trimmed, a line with one field or
an empty source is skipped, a line without a target is an entry with only its
source term. The encoding comes from a BOM, an Emacs ``-*- coding: … -*-``
line or the bytes. A first line that names languages (``en<TAB>zh-Hant``) is
read as headings, like a CSV table.

Written for one language pair: every source term (any status, so OmegaT also
recognises an old term in a source text) against the preferred target term,
with the comment line OmegaT itself writes first. A field that a spreadsheet
would run as a formula gets a leading apostrophe, taken off again on reading
(``formulas``): the file is also opened in spreadsheets, and OmegaT shows the
apostrophe but runs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from glossary.formats.columns import read_layout
from glossary.formats.errors import FormatError
from glossary.formats.formulas import escape_formula, unescape_formula
from glossary.formats.tablerows import is_comment, pair_entry, pair_languages, table_entries
from glossary.formats.termbase import (
    Entry,
    Notice,
    ReadOptions,
    TermbaseFormat,
    WriteOptions,
    by_language,
)
from glossary.formats.textfile import checked_lines, decoding_error, open_text
from glossary.formats.vocabulary import in_range
from glossary.records import ConceptRecord, TermRecord

FIRST_LINE = "# Glossary in tab-separated format -*- coding: utf-8 -*-"


class TsvFormat(TermbaseFormat):
    name = "tsv"
    title = "OmegaT tab-separated glossary"
    # OmegaT reads .txt (with the coding line), .tab and .utf8 as TSV glossaries.
    extensions = (".txt", ".tab", ".utf8", ".tsv")
    media_type = "text/tab-separated-values"

    def read(self, stream: IO[bytes], options: ReadOptions) -> Iterator[Entry | Notice]:
        text, notices = open_text(stream, limit=options.limit, name=options.name)
        yield from notices
        try:
            rows = [
                (f"line {n}", [unescape_formula(c) for c in line.rstrip("\r\n").split("\t")])
                for n, line in enumerate(checked_lines(text, options.name), 1)
            ]
        except UnicodeDecodeError as exc:
            raise decoding_error(exc, options.name) from exc
        data = [(label, cells) for label, cells in rows if "".join(cells).strip()]
        data = [(label, cells) for label, cells in data if not is_comment(cells)]
        if not data:
            return
        if read_layout(data[0][1]) is not None:
            yield from table_entries(data, options)
            return
        source_lang, target_lang = pair_languages(options)
        for label, cells in data:
            yield pair_entry(label, cells, source_lang, target_lang)

    def write(
        self, records: Iterable[ConceptRecord], stream: IO[bytes], options: WriteOptions
    ) -> None:
        if len(options.languages) < 2:
            raise FormatError(
                "an OmegaT glossary is for one language pair: give the source and target languages"
            )
        source_lang, target_lang = options.languages[:2]
        stream.write((FIRST_LINE + "\n").encode("utf-8"))
        for record in records:
            groups = by_language(record, options.languages)
            sources = [t for tag, ts in groups.items() if in_range(tag, source_lang) for t in ts]
            targets = [t for tag, ts in groups.items() if in_range(tag, target_lang) for t in ts]
            target = _best(targets)
            if target is None:
                continue
            comment = target.note or record.notes.get(target.lang) or record.notes.get("en") or ""
            for source in sources:
                line = "\t".join(_field(x) for x in (source.text, target.text, comment))
                stream.write((line.rstrip("\t") + "\n").encode("utf-8"))


def _best(terms: list[TermRecord]) -> TermRecord | None:
    """The rendering to use: the preferred term, else the first admitted one."""
    for status in ("preferred", "admitted"):
        for term in terms:
            if term.status == status:
                return term
    return None


def _field(text: str) -> str:
    # A tab or line break inside a field would split the line.
    return escape_formula(" ".join(text.split()))
