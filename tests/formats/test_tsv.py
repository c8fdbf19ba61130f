"""OmegaT's tab-separated glossary: the contract, and OmegaT's own rules for reading."""

from __future__ import annotations

import io

import pytest

from glossary.formats.errors import FormatError
from glossary.formats.termbase import Entry, ReadOptions, WriteOptions, termbase_format
from glossary.records import ConceptRecord, TermRecord
from tests.formats.contract import SAMPLE, TextTermbaseContract


def read(data: bytes, source: str | None = "zh-Hant", target: str | None = "en") -> list[Entry]:
    options = ReadOptions(source_lang=source, target_lang=target, name="t.txt")
    return [
        e for e in termbase_format("tsv").read(io.BytesIO(data), options) if isinstance(e, Entry)
    ]


class TestTsv(TextTermbaseContract):
    FORMAT = "tsv"
    LANGUAGES = ("zh-Hant", "en")

    def comparable(self, records: list[ConceptRecord] | tuple[ConceptRecord, ...]) -> object:
        return sorted((r.terms[0].text, r.terms[1].text) for r in records)

    def expected_sample(self) -> object:
        # Every zh-Hant term (zh-Hant-HK too) against the preferred English term; the
        # astral concept has only a forbidden English term, so OmegaT gets no row for it.
        return [("灣區通", "Greater Bay Area Connect"), ("硬聯通", "+hard connectivity")]

    def test_the_file_starts_as_omegat_writes_it(self) -> None:
        lines = self.write(SAMPLE).decode("utf-8").splitlines()
        assert lines[0] == "# Glossary in tab-separated format -*- coding: utf-8 -*-"
        assert (
            lines[1]
            == "灣區通\tGreater Bay Area Connect\ttermType: fullForm Used in official English releases."
        )

    def test_writing_needs_a_language_pair(self) -> None:
        with pytest.raises(FormatError, match="one language pair"):
            self.fmt.write(SAMPLE, io.BytesIO(), WriteOptions(languages=("en",)))


def test_formula_fields_are_neutralised_and_read_back() -> None:
    pairs = [
        ('=HYPERLINK("http://example.invalid","x")', "\uff1d1+1", "@comment"),
        ("+86", "-ize", "\tplain"),
        ("'=quoted", "\uff20x", ""),
    ]
    records = [
        ConceptRecord(
            terms=(
                TermRecord(source, "zh-Hant", "preferred"),
                TermRecord(target, "en", "preferred", note=note or None),
            )
        )
        for source, target, note in pairs
    ]
    out = io.BytesIO()
    termbase_format("tsv").write(records, out, WriteOptions(languages=("zh-Hant", "en")))
    lines = out.getvalue().decode("utf-8").splitlines()[1:]
    assert lines == [
        '\'=HYPERLINK("http://example.invalid","x")\t\'\uff1d1+1\t\'@comment',
        "'+86\t'-ize\tplain",
        "''=quoted\t'\uff20x",
    ]
    back = [[t.text for t in e.record.terms] for e in read(out.getvalue()) if e.record]
    assert back == [[s, t] for s, t, _ in pairs]


def test_omegat_rules() -> None:
    data = (
        "# a comment\n"
        "  灣區通 \t Greater Bay Area Connect \t a comment \n"
        "\n"
        "   \n"
        "one column only\n"
        "\tno source\n"
        "source only\t\n"
        "a\tb\tc\textra\n"
    ).encode()
    entries = read(data)
    taken = [(e.label, [t.text for t in e.record.terms]) for e in entries if e.record]
    assert taken == [
        ("line 2", ["灣區通", "Greater Bay Area Connect"]),
        ("line 7", ["source only"]),
        ("line 8", ["a", "b"]),
    ]
    skipped = {e.label: e.problems for e in entries if e.record is None}
    assert skipped == {
        "line 5": ("one column only: a glossary row needs a source and a target",),
        "line 6": ("no source term",),
    }
    first = entries[0].record
    assert first is not None and first.terms[1].note == "a comment"
    assert first.terms[0].lang == "zh-Hant" and first.terms[1].lang == "en"
    last = entries[-1].record
    assert last is not None and last.notes == {"zh-Hant": "column 4: extra"}


def test_languages_are_needed_for_a_file_without_headings() -> None:
    with pytest.raises(FormatError, match="give the source and target languages"):
        read(b"a\tb\n", None, None)


def test_a_first_line_naming_languages_is_read_as_headings() -> None:
    entries = read("en\tzh-Hant\tnote\nBay Area Connect\t灣區通\tpolicy\n".encode(), None, None)
    [record] = [e.record for e in entries]
    assert record is not None
    assert [(t.lang, t.text) for t in record.terms] == [
        ("en", "Bay Area Connect"),
        ("zh-Hant", "灣區通"),
    ]
    assert record.terms[1].note == "policy"


def test_the_coding_line_names_the_encoding() -> None:
    data = "# -*- coding: gb18030 -*-\n湾区通\tBay Area Connect\n".encode("gb18030")
    [entry] = read(data, "zh-Hans", "en")
    assert entry.record is not None and entry.record.terms[0].text == "湾区通"
