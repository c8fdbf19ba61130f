"""CSV glossaries: comma, semicolon or tab; UTF-8, UTF-16 or GB18030; with or without headings.

(Not named ``csv.py``, which would shadow the standard library's ``csv``.)

Reading sniffs the delimiter from the first lines and maps the headings with
``columns``. Writing produces our own table, one row per term, in UTF-8 with a
BOM so that Excel opens Chinese correctly. A cell that would run as a formula
in a spreadsheet is written with a leading apostrophe, which reading takes off
again (``formulas``).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO

from glossary.formats.columns import export_rows
from glossary.formats.errors import FormatError
from glossary.formats.formulas import escape_formula, unescape_formula
from glossary.formats.tablerows import Row, table_entries
from glossary.formats.termbase import Entry, Notice, ReadOptions, TermbaseFormat, WriteOptions
from glossary.formats.textfile import checked_lines, decoding_error, open_text
from glossary.records import ConceptRecord

DELIMITERS = (",", ";", "\t")
SAMPLE_CHARS = 1 << 15


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the sample's lines into the most equal rows of two or more cells."""
    lines = [ln for ln in sample.splitlines() if ln.strip() and not ln.startswith("#")][:50]
    best, best_score = DELIMITERS[0], 0
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if any(r)]
        if not widths:
            continue
        width, score = Counter(widths).most_common(1)[0]
        if width >= 2 and score > best_score:
            best, best_score = delimiter, score
    if best_score == 0:
        raise FormatError("not a table: no line has two or more cells split by , ; or a tab")
    return best


class CsvFormat(TermbaseFormat):
    name = "csv"
    title = "CSV glossary"
    extensions = (".csv",)
    media_type = "text/csv"

    def read(self, stream: IO[bytes], options: ReadOptions) -> Iterator[Entry | Notice]:
        text, notices = open_text(stream, limit=options.limit, name=options.name, newline="")
        yield from notices
        try:
            yield from table_entries(self._rows(text, options), options)
        except UnicodeDecodeError as exc:
            raise decoding_error(exc, options.name) from exc

    def _rows(self, text: IO[str], options: ReadOptions) -> Iterator[Row]:
        sample = text.read(SAMPLE_CHARS)
        sample += text.readline()  # finish the last line of the sample
        if not sample.strip():
            return
        try:
            delimiter = sniff_delimiter(sample)
        except FormatError as exc:
            raise FormatError(exc.message, source=options.name) from None
        lines = checked_lines(itertools.chain(io.StringIO(sample, newline=""), text), options.name)
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            for cells in reader:
                yield f"line {reader.line_num}", [unescape_formula(c) for c in cells]
        except csv.Error as exc:
            raise FormatError(str(exc), source=options.name, line=reader.line_num) from exc

    def write(
        self, records: Iterable[ConceptRecord], stream: IO[bytes], options: WriteOptions
    ) -> None:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        for row in export_rows(records, options):
            writer.writerow([escape_formula(cell) for cell in row])
        text.flush()
        text.detach()
