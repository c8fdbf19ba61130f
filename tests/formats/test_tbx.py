"""TBX v3: the contract, the structure of what we write, and reading what others write."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from glossary.formats.termbase import Entry, ReadOptions, WriteOptions, termbase_format
from glossary.records import ConceptRecord, TermRecord
from tests.conftest import ROOT
from tests.formats.contract import SAMPLE, TextTermbaseContract

NS = "{urn:iso:std:iso:30042:ed-2}"
# Our own RELAX NG of the TBX v3 core structure (ISO 30042:2019 as described in
# notes/formats.md §1.1; LTAC's schemas carry no licence, so none is copied).
STRUCTURE = etree.RelaxNG(etree.parse(str(ROOT / "tests" / "data" / "tbx-v3-structure.rng")))


def read(data: bytes) -> list[Entry]:
    fmt = termbase_format("tbx")
    return [e for e in fmt.read(io.BytesIO(data), ReadOptions()) if isinstance(e, Entry)]


class TestTbxV3(TextTermbaseContract):
    FORMAT = "tbx"
    EMPTY_IS_ERROR = True

    def expected_sample(self) -> object:
        # TBX v3's part-of-speech picklist has no properNoun; nothing in SAMPLE uses it.
        return self.comparable(SAMPLE)

    def test_export_has_the_v3_core_structure(self) -> None:
        document = etree.fromstring(self.write(SAMPLE))
        assert STRUCTURE.validate(document), STRUCTURE.error_log
        assert document.tag == f"{NS}tbx"
        assert (document.get("type"), document.get("style")) == ("TBX-Basic", "dca")

    def test_an_empty_export_is_valid_too(self) -> None:
        assert STRUCTURE.validate(etree.fromstring(self.write([])))

    def test_only_tbx_basic_categories_with_picklist_values(self) -> None:
        document = etree.fromstring(self.write(SAMPLE))
        allowed = {
            "termNote": {
                "administrativeStatus",
                "partOfSpeech",
                "termType",
                "grammaticalGender",
                "geographicalUsage",
                "termLocation",
            },
            "descrip": {"subjectField", "definition", "context"},
            "admin": {"source", "customerSubset", "projectSubset"},
            "transac": {"transactionType"},
        }
        for element in document.iter(f"{NS}termNote", f"{NS}descrip", f"{NS}admin", f"{NS}transac"):
            kind = etree.QName(element).localname
            assert element.get("type") in allowed[kind], (kind, element.get("type"))
        statuses = {
            e.text
            for e in document.iter(f"{NS}termNote")
            if e.get("type") == "administrativeStatus"
        }
        assert statuses == {
            "preferredTerm-admn-sts",
            "admittedTerm-admn-sts",
            "deprecatedTerm-admn-sts",
        }
        # Context only under a termSec, subject field only under a conceptEntry.
        for element in document.iter(f"{NS}descrip"):
            parent = etree.QName(element.getparent()).localname
            if element.get("type") == "context":
                assert parent == "termSec"
            if element.get("type") == "subjectField":
                assert parent == "conceptEntry"

    def test_ids_are_valid_xs_ids_even_for_numeric_refs(self) -> None:
        from glossary.records import ConceptRecord, TermRecord

        records = [
            ConceptRecord(terms=(TermRecord("a", "en"),), ref="1875432"),
            ConceptRecord(terms=(TermRecord("b", "en"),), ref="1875432 x"),
        ]
        document = etree.fromstring(self.write(records))
        assert STRUCTURE.validate(document), STRUCTURE.error_log
        ids = [e.get("id") for e in document.iter(f"{NS}conceptEntry")]
        assert ids == ["_1875432", "_1875432_x"]

    def test_proper_noun_is_written_as_noun(self) -> None:
        from glossary.records import ConceptRecord, TermRecord

        record = ConceptRecord(terms=(TermRecord("深圳", "zh-Hans", part_of_speech="properNoun"),))
        [back] = self.records(self.write([record]))
        assert back.terms[0].part_of_speech == "noun"


DCT = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <min:subjectField>Greater Bay Area cooperation</min:subjectField>
      <langSec xml:lang="zh-Hant">
        <basic:definition>推動粵港澳大灣區規則
          銜接。</basic:definition>
        <termSec><term>硬聯通</term>
          <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
          <min:partOfSpeech>noun</min:partOfSpeech>
          <basic:termType>fullForm</basic:termType>
        </termSec>
      </langSec>
      <langSec xml:lang="en"><termSec><term>hard connectivity</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>""".encode()


def test_dct_style_is_read() -> None:
    [entry] = read(DCT)
    record = entry.record
    assert record is not None
    assert record.subject_field == "Greater Bay Area cooperation"
    # The line break inside the Chinese definition is layout, not a space.
    assert record.definitions == {"zh-Hant": "推動粵港澳大灣區規則銜接。"}
    zh, en = record.terms
    assert (zh.text, zh.status, zh.part_of_speech, zh.note) == (
        "硬聯通",
        "preferred",
        "noun",
        "termType: fullForm",
    )
    assert (en.text, en.lang, en.status) == ("hard connectivity", "en", "admitted")


def test_a_v3_file_without_namespace_or_style() -> None:
    data = DCT.replace(b' xmlns="urn:iso:std:iso:30042:ed-2"', b"").replace(b' style="dct"', b"")
    [entry] = read(data)
    assert entry.record is not None and len(entry.record.terms) == 2


def test_the_structure_check_can_fail() -> None:
    good = TestTbxV3().write(SAMPLE)
    for bad in (
        good.replace(b'id="bay-area-connect"', b'id="123"'),  # not an xs:ID
        good.replace(b'xml:lang="zh-Hant"', b'xml:lang="zh_TW"', 1),  # not xs:language
        good.replace(b"<term>", b"<term/><term>", 1),  # two terms in a termSec
    ):
        assert bad != good
        assert not STRUCTURE.validate(etree.fromstring(bad))


@pytest.mark.parametrize("name", ["tbx", "tbx2008"])
def test_notes_definitions_and_contexts_keep_their_lines(name: str) -> None:
    record = ConceptRecord(
        terms=(
            TermRecord(
                "硬聯通",
                "zh-Hant",
                "preferred",
                note="Line A\nLine A\nLine B",
                context="第一句。\n第二句。",
            ),
            TermRecord("hard connectivity", "en", "preferred"),
        ),
        ref="x",
        definitions={"en": "Physical links.\nSee also soft connectivity."},
        notes={"zh-Hant": "第一段。\n\n第二段。", "en": "Point one.\nPoint one.\nPoint two."},
    )
    out = io.BytesIO()
    termbase_format(name).write([record], out, WriteOptions())
    (entry,) = [
        e
        for e in termbase_format(name).read(io.BytesIO(out.getvalue()), ReadOptions())
        if isinstance(e, Entry)
    ]
    back = entry.record
    assert back.notes == record.notes and back.definitions == record.definitions
    assert (back.terms[0].note, back.terms[0].context) == (
        "Line A\nLine A\nLine B",
        "第一句。\n第二句。",
    )
