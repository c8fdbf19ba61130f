"""CSV glossaries: the contract, delimiters and encodings, and the three table shapes."""

from __future__ import annotations

import csv
import io

import pytest

from glossary.formats.errors import FormatError
from glossary.formats.formulas import escape_formula, unescape_formula
from glossary.formats.termbase import Entry, Notice, ReadOptions, termbase_format
from tests.formats.contract import FORMULAS, TextTermbaseContract


def read(data: bytes, source: str | None = None, target: str | None = None) -> list[Entry | Notice]:
    options = ReadOptions(source_lang=source, target_lang=target, name="t.csv")
    return list(termbase_format("csv").read(io.BytesIO(data), options))


def records(data: bytes, source: str | None = None, target: str | None = None):  # type: ignore[no-untyped-def]
    return [e.record for e in read(data, source, target) if isinstance(e, Entry) and e.record]


class TestCsv(TextTermbaseContract):
    FORMAT = "csv"

    def test_formula_cells_are_neutralised(self) -> None:
        text = self.write([FORMULAS]).decode("utf-8-sig")
        terms = [row[2] for row in csv.reader(io.StringIO(text))][1:]
        assert terms == [
            "硬聯通",
            '\'=HYPERLINK("http://example.invalid")',
            "'+hard connectivity",
            "'-ize",
            "'@mention",
            "'\uff1d1+1",
            "'+86",
        ]

    def test_written_for_excel(self) -> None:
        data = self.write([FORMULAS])
        assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
        assert b"\r\n" in data


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\uff1d1", "\uff0b1", "\uff0d1", "\uff20x"]
    + ["plain", "'quoted", "'=odd", "''+x", "'\uff1dx"],
)
def test_formula_escaping_is_undone_on_reading(cell: str) -> None:
    assert unescape_formula(escape_formula(cell)) == cell


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_delimiters_and_encodings(delimiter: str, encoding: str) -> None:
    rows = [
        ["zh-Hans", "en", "note"],
        ["湾区通", "Bay Area Connect", "a; b, c"],
        ["硬联通", "hard connectivity", ""],
    ]
    text = "\n".join(
        delimiter.join(f'"{c}"' if delimiter in c or "," in c or ";" in c else c for c in r)
        for r in rows
    )
    items = read(text.encode(encoding))
    got = [[t.text for t in e.record.terms] for e in items if isinstance(e, Entry) and e.record]
    assert got == [["湾区通", "Bay Area Connect"], ["硬联通", "hard connectivity"]]
    notices = [str(i) for i in items if isinstance(i, Notice)]
    assert bool(notices) == (encoding == "gb18030")


def test_pairs_with_languages_per_row_tico_style() -> None:
    data = (
        "stringID,sourceLang,targetLang,pos,description,sourceString,targetString\n"
        "1,en,zh_CN,noun,In the context of COVID-19.,confirmed cases,确诊病例\n"
        "2,en,SC,noun,,bad language,坏\n"
    ).encode()
    items = [e for e in read(data) if isinstance(e, Entry)]
    first = items[0].record
    assert first is not None and first.ref == "1"
    assert [(t.text, t.lang, t.part_of_speech) for t in first.terms] == [
        ("confirmed cases", "en", "noun"),
        ("确诊病例", "zh-Hans", None),
    ]
    assert first.definitions == {"en": "In the context of COVID-19."}
    assert items[1].record is None and "ambiguous" in items[1].problems[0]


def test_pairs_without_language_columns_need_the_languages() -> None:
    data = "source,target,status\n灣區通,Bay Area Pass,forbidden\n".encode()
    with pytest.raises(FormatError, match="give the source and target languages"):
        read(data)
    [record] = records(data, "zh-Hant", "en")
    assert [(t.lang, t.status) for t in record.terms] == [
        ("zh-Hant", "admitted"),
        ("en", "forbidden"),
    ]


def test_one_row_per_concept_matecat_style() -> None:
    data = (
        "Forbidden,Domain,Subdomain,Definition,en-GB,Notes,Example of use,zh-TW,Notes,Example of use\n"
        ',Policy,GBA,"Rules aligned across the area.",Bay Area Connect,Official.,Promote Bay Area Connect.,灣區通,,推動灣區通。\n'
        "TRUE,,,,Bay Area Pass,,,灣區通行證,,\n"
        "TRUE,,,,,,,大灣區卡,,\n"
    ).encode()
    first, second, third = records(data)
    assert first.subject_field == "Policy / GBA"
    assert first.definitions == {"en-GB": "Rules aligned across the area."}
    en, zh = first.terms
    assert (en.text, en.lang, en.note, en.context) == (
        "Bay Area Connect",
        "en-GB",
        "Official.",
        "Promote Bay Area Connect.",
    )
    assert (zh.text, zh.lang, zh.context) == ("灣區通", "zh-Hant-TW", "推動灣區通。")
    # Forbidden marks the translations, not the source term; a lone term is itself forbidden.
    assert [t.status for t in second.terms] == ["admitted", "forbidden"]
    assert [(t.text, t.status) for t in third.terms] == [("大灣區卡", "forbidden")]


def test_chinese_headings() -> None:
    data = "繁體中文,简体中文,英文,备注\n灣區通,湾区通,Bay Area Connect,说明\n".encode()
    [record] = records(data)
    assert [t.lang for t in record.terms] == ["zh-Hant", "zh-Hans", "en"]
    assert record.terms[2].note == "说明"


def test_unknown_columns_are_kept_in_the_note() -> None:
    data = "en,zh-Hans,Approved by\nBay Area Connect,湾区通,Li Lei\n".encode()
    [record] = records(data)
    assert record.notes == {"en": "Approved by: Li Lei"}


def test_headerless_csv_omegat_quoting() -> None:
    data = b'kde,csv kde\n"kde, qu",comma dot\n"""kde"",""q""",cdk\n'
    got = [[t.text for t in r.terms] for r in records(data, "en", "fr")]
    assert got == [["kde", "csv kde"], ["kde, qu", "comma dot"], ['"kde","q"', "cdk"]]


def test_not_a_table() -> None:
    with pytest.raises(FormatError, match="not a table"):
        read(b"just one column\nand another line\n", "en", "fr")
