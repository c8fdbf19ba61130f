"""What every term base format must do; each format's tests inherit ``TermbaseContract``.

A subclass sets ``FORMAT`` (text formats inherit ``TextTermbaseContract``) and, where the format cannot hold everything (OmegaT's
two-column TSV), overrides ``comparable``.
"""

from __future__ import annotations

import codecs
import io
from datetime import UTC, datetime

import pytest

from glossary.formats.errors import FormatError
from glossary.formats.termbase import (
    Entry,
    ReadOptions,
    WriteOptions,
    termbase_format,
)
from glossary.records import ConceptRecord, TermRecord

MADE = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

BAY_AREA = ConceptRecord(
    terms=(
        TermRecord("灣區通", "zh-Hant", "preferred"),
        TermRecord("湾区通", "zh-Hans", "preferred"),
        TermRecord(
            "Greater Bay Area Connect",
            "en",
            "preferred",
            part_of_speech="noun",
            context="推動灣區通 means aligning rules.",
            source="Shenzhen government work report 2025",
            note="termType: fullForm\nUsed in official English releases.",
        ),
        TermRecord("Bay Area Pass", "en", "deprecated"),
    ),
    ref="bay-area-connect",
    subject_field="Greater Bay Area cooperation",
    status="approved",
    definitions={"en": "Aligning rules and standards across the Greater Bay Area."},
    notes={"en": "A programme of the 2025 report.", "zh-Hant": "粵港澳大灣區的規則銜接。"},
    sources=("Shenzhen government work report 2025", "HKSAR policy address"),
    created_at=datetime(2024, 5, 1, 10, 0, tzinfo=UTC),
)

# Supplementary-plane Han (U+20000, U+2A6D6) and a forbidden term.
ASTRAL = ConceptRecord(
    terms=(
        TermRecord("\U00020000\U0002a6d6", "zh-Hant-HK", "admitted"),
        TermRecord("astral plane test", "en", "forbidden", note="Never in print."),
    ),
    ref="astral",
    status="review",
)

# Cells a spreadsheet would run as formulas (full-width ＝ too), and a dialling code.
FORMULAS = ConceptRecord(
    terms=(
        TermRecord("硬聯通", "zh-Hant", "preferred"),
        TermRecord('=HYPERLINK("http://example.invalid")', "en", "admitted"),
        TermRecord("+hard connectivity", "en", "preferred"),
        TermRecord("-ize", "en", "deprecated"),
        TermRecord("@mention", "en", "forbidden"),
        TermRecord("\uff1d1+1", "en", "admitted"),
        TermRecord("+86", "en", "admitted"),
    ),
    ref="formulas",
    status="draft",
)

SAMPLE = (BAY_AREA, ASTRAL, FORMULAS)


def comparable_record(record: ConceptRecord) -> tuple[object, ...]:
    """What must survive a round trip, independent of term order."""
    return (
        record.ref,
        frozenset(record.terms),
        record.subject_field,
        record.status,
        record.definitions,
        record.notes,
        frozenset(record.sources),
        record.created_at,
    )


class TermbaseContract:
    FORMAT: str
    # Languages to write first (two-column formats need exactly a pair).
    LANGUAGES: tuple[str, ...] = ()
    # Whether a zero-byte file is an error (XML, zip) rather than a file with no entries.
    EMPTY_IS_ERROR = False

    @property
    def fmt(self):  # type: ignore[no-untyped-def]
        return termbase_format(self.FORMAT)

    def write(self, records: tuple[ConceptRecord, ...] | list[ConceptRecord]) -> bytes:
        out = io.BytesIO()
        self.fmt.write(records, out, WriteOptions(languages=self.LANGUAGES, made_at=MADE))
        return out.getvalue()

    def read(self, data: bytes) -> list[Entry]:
        langs = self.LANGUAGES + (None, None)
        options = ReadOptions(source_lang=langs[0], target_lang=langs[1], name="test")
        return [e for e in self.fmt.read(io.BytesIO(data), options) if isinstance(e, Entry)]

    def records(self, data: bytes) -> list[ConceptRecord]:
        entries = self.read(data)
        assert all(e.record is not None for e in entries), [e.problems for e in entries]
        return [e.record for e in entries if e.record is not None]

    def comparable(self, records: list[ConceptRecord] | tuple[ConceptRecord, ...]) -> object:
        return sorted(map(comparable_record, records), key=repr)

    def expected_sample(self) -> object:
        """What reading the written SAMPLE gives, in ``comparable`` form."""
        return self.comparable(SAMPLE)

    def test_round_trip(self) -> None:
        back = self.records(self.write(SAMPLE))
        assert self.comparable(back) == self.expected_sample()

    def test_round_trip_is_stable(self) -> None:
        once = self.records(self.write(SAMPLE))
        twice = self.records(self.write(once))
        assert self.comparable(twice) == self.comparable(once)

    def test_chinese_and_astral_characters_survive_exactly(self) -> None:
        record = ConceptRecord(
            terms=(
                TermRecord("\U00020000灣區通\U0002a6d6", "zh-Hant", "preferred"),
                TermRecord("Bay Area \U0001d400", "en", "preferred"),
            ),
            ref="astral-2",
        )
        texts = {t.text for r in self.records(self.write([record])) for t in r.terms}
        assert texts == {"\U00020000灣區通\U0002a6d6", "Bay Area \U0001d400"}

    def test_nothing_to_write_reads_back_as_nothing(self) -> None:
        assert self.read(self.write([])) == []

    def test_an_empty_file(self) -> None:
        if self.EMPTY_IS_ERROR:
            with pytest.raises(FormatError):
                self.read(b"")
        else:
            assert self.read(b"") == []


class TextTermbaseContract(TermbaseContract):
    """The contract of a text format: a byte-order mark and UTF-16 change nothing."""

    def test_a_byte_order_mark_is_ignored(self) -> None:
        data = self.write(SAMPLE)
        if not data.startswith(codecs.BOM_UTF8):
            data = codecs.BOM_UTF8 + data
        assert self.comparable(self.records(data)) == self.expected_sample()

    def test_utf16_is_read(self) -> None:
        text = self.write(SAMPLE).decode("utf-8-sig")
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            data = text.encode(encoding)
            assert self.comparable(self.records(data)) == self.expected_sample(), encoding
