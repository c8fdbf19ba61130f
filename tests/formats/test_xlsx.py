"""Excel workbooks: the contract, formula safety, what Excel users send, and archive checks."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from glossary.formats.errors import FormatError
from glossary.formats.termbase import Entry, Notice, ReadOptions, termbase_format
from tests.formats.contract import FORMULAS, SAMPLE, TermbaseContract


def read(data: bytes, limit: int = 1 << 30) -> list[Entry | Notice]:
    options = ReadOptions(name="t.xlsx", limit=limit)
    return list(termbase_format("xlsx").read(io.BytesIO(data), options))


def workbook_bytes(*sheets: list[list[object]]) -> bytes:
    """A workbook as a user would save it (openpyxl's normal mode, like Excel's layout)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for i, rows in enumerate(sheets):
        sheet = book.create_sheet(f"Sheet{i + 1}")
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class TestXlsx(TermbaseContract):
    FORMAT = "xlsx"
    EMPTY_IS_ERROR = True

    def test_formula_like_text_stays_text(self) -> None:
        book = openpyxl.load_workbook(io.BytesIO(self.write([FORMULAS])))
        cells = {c.value: c for c in book.active["C"][1:]}
        for text in (
            '=HYPERLINK("http://example.invalid")',
            "+hard connectivity",
            "-ize",
            "@mention",
            "\uff1d1+1",
            "+86",
        ):
            cell = cells[text]
            assert cell.data_type == "s", text  # a string, not a formula
            assert cell.quotePrefix, text  # Excel shows it as typed, even after editing
        assert cells["硬聯通"].quotePrefix is False

    def test_headings_are_bold_and_frozen(self) -> None:
        book = openpyxl.load_workbook(io.BytesIO(self.write(SAMPLE)))
        sheet = book.active
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]][:3] == ["concept", "lang", "term"]
        assert all(c.font.bold for c in sheet[1])


def test_a_workbook_as_users_make_it() -> None:
    data = workbook_bytes(
        [
            ["English", "繁體中文", "Part of speech", "Notes"],
            ["Bay Area Connect", "灣區通", "noun", 2025],
            [None, None, None, None],
            ["hard connectivity", "硬聯通", None, None],
        ],
        [["ignored"]],
    )
    items = read(data)
    notices = [str(i) for i in items if isinstance(i, Notice)]
    assert notices == ["read the first sheet 'Sheet1' only, not 'Sheet2'"]
    entries = [i for i in items if isinstance(i, Entry)]
    assert [e.label for e in entries] == ["row 2", "row 4"]
    first = entries[0].record
    assert first is not None
    assert [(t.lang, t.text) for t in first.terms] == [
        ("en", "Bay Area Connect"),
        ("zh-Hant", "灣區通"),
    ]
    # Columns after a language column describe that language's term; numbers read as typed.
    assert first.terms[1].part_of_speech == "noun" and first.terms[1].note == "2025"


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


@pytest.mark.parametrize("padding", [b"", b"<!--" + b"x" * 100_000 + b"-->"])
def test_an_entity_declaration_inside_the_workbook_is_refused(padding: bytes) -> None:
    data = workbook_bytes([["en", "fr"], ["a", "b"]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert sheet.startswith(b"<worksheet")
    evil = padding + b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + sheet
    with pytest.raises(FormatError, match="declares XML entities"):
        read(_with_part(data, "xl/worksheets/sheet1.xml", evil))


def test_a_workbook_that_expands_too_far_is_refused() -> None:
    data = workbook_bytes([["en", "fr"], ["a" * 5000, "b"]])
    with pytest.raises(FormatError, match="expands to"):
        read(data, limit=len(data) + 1000)


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"plain text"])
def test_not_a_workbook(data: bytes) -> None:
    with pytest.raises(FormatError, match="XLSX"):
        read(data)
