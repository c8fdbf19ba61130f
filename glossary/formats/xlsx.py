"""Excel workbooks (.xlsx): the first sheet is a glossary table, read and written with openpyxl.

Reading maps the first sheet's headings with ``columns``, as for CSV. Before
openpyxl sees the file, ``archive`` checks it: no zip bomb (every part is
measured while inflating, against its stated size, the size limit and a
compression ratio), and every XML part's prolog goes through ``xmlsafe``, which
refuses entity declarations (openpyxl parses with the standard library's
ElementTree, so no entity attack may reach it).

Writing produces our own table, one row per term, in openpyxl's streaming
(write-only) mode. A text cell that starts like a formula (``formulas``) is
marked as text with Excel's own quote prefix, so it can never run as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import IO, Any
from xml.etree import ElementTree

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from glossary.formats.archive import check_archive
from glossary.formats.columns import HEADINGS, export_rows
from glossary.formats.errors import FormatError
from glossary.formats.formulas import formula_like
from glossary.formats.tablerows import table_entries
from glossary.formats.termbase import Entry, Notice, ReadOptions, TermbaseFormat, WriteOptions
from glossary.formats.textfile import LimitedReader
from glossary.records import ConceptRecord

# Control characters Excel refuses in cells (openpyxl raises IllegalCharacterError).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Parts openpyxl's read-only mode streams; it holds the others (shared strings, styles) whole.
STREAMED_PARTS = "xl/worksheets/"
WIDTHS = {"term": 40, "context": 40, "definition": 50, "note": 50, "term note": 30, "sources": 30}


def cell_text(value: Any) -> str:
    """A cell's value as the text a user typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


# What openpyxl raises for a damaged workbook, when opening it or reading its rows.
UNREADABLE = (ElementTree.ParseError, KeyError, ValueError, zipfile.BadZipFile)


def _rows(sheet: Any, name: str) -> Iterator[tuple[str, list[str]]]:
    """The sheet's rows; in read-only mode openpyxl parses the sheet only now."""
    try:
        for n, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield f"row {n}", [cell_text(v) for v in values]
    except UNREADABLE as exc:
        raise FormatError(f"the sheet cannot be read: {exc}", source=name) from exc


class XlsxFormat(TermbaseFormat):
    name = "xlsx"
    title = "Excel workbook"
    extensions = (".xlsx",)
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def read(self, stream: IO[bytes], options: ReadOptions) -> Iterator[Entry | Notice]:
        data = LimitedReader(stream, options.limit, options.name).readall()
        check_archive(
            data,
            limit=options.limit,
            name=options.name,
            kind="XLSX workbook",
            streamed=lambda part: part.startswith(STREAMED_PARTS),
        )
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (*UNREADABLE, InvalidFileException) as exc:
            raise FormatError(f"not a readable XLSX workbook: {exc}", source=options.name) from exc
        try:
            sheets = workbook.worksheets
            if not sheets:
                return
            if len(sheets) > 1:
                others = ", ".join(repr(s.title) for s in sheets[1:])
                yield Notice(f"read the first sheet {sheets[0].title!r} only, not {others}")
            yield from table_entries(_rows(sheets[0], options.name), options)
        finally:
            workbook.close()

    def write(
        self, records: Iterable[ConceptRecord], stream: IO[bytes], options: WriteOptions
    ) -> None:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("glossary")
        for i, heading in enumerate(HEADINGS):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = WIDTHS.get(
                heading, 14
            )
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        rows = export_rows(records, options)
        for row in rows:
            cells = [self._cell(sheet, value) for value in row]
            if row == list(HEADINGS):
                for cell in cells:
                    cell.font = bold
            sheet.append(cells)
        workbook.properties.creator = options.generator
        workbook.save(stream)

    @staticmethod
    def _cell(sheet: Any, value: str) -> WriteOnlyCell:
        value = _ILLEGAL.sub("", value)
        cell = WriteOnlyCell(sheet, value=value)
        if formula_like(value):
            # openpyxl would store "=…" as a formula; make it text, shown as typed.
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell
