"""TBX 2008 (martif): the contract, DTD validity of what we write, and real tools' quirks."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from glossary.formats.termbase import Entry, Notice, ReadOptions, termbase_format
from glossary.records import ConceptRecord, TermRecord
from tests.conftest import SHARED
from tests.formats.contract import SAMPLE, TextTermbaseContract

SCHEMAS = SHARED / "external" / "formats" / "schemas"
needs_schemas = pytest.mark.skipif(not SCHEMAS.is_dir(), reason="../shared schemas are absent")


def read(data: bytes) -> list[Entry | Notice]:
    return list(termbase_format("tbx2008").read(io.BytesIO(data), ReadOptions()))


def records(data: bytes) -> list[ConceptRecord]:
    return [e.record for e in read(data) if isinstance(e, Entry) and e.record]


def dtd_errors(data: bytes) -> list[str]:
    # The test loads the DTD itself; the package never loads DTDs.
    dtd = etree.DTD(str(SCHEMAS / "TBXcoreStructV02.dtd"))
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    ok = dtd.validate(etree.fromstring(data, parser))
    return [] if ok else [str(e) for e in dtd.error_log]


class TestTbx2008(TextTermbaseContract):
    FORMAT = "tbx2008"
    EMPTY_IS_ERROR = True

    @needs_schemas
    def test_export_is_valid_against_the_tbx_2008_dtd(self) -> None:
        assert dtd_errors(self.write(SAMPLE)) == []

    @needs_schemas
    def test_the_dtd_check_can_fail(self) -> None:
        bad = self.write(SAMPLE).replace(b"<tig>", b"<tig><bogus/>", 1)
        assert dtd_errors(bad)

    @needs_schemas
    def test_export_with_region_tags_and_odd_ids_is_valid(self) -> None:
        from glossary.formats.termbase import WriteOptions

        odd = ConceptRecord(terms=(TermRecord("x", "en"), TermRecord("乙", "zh-Hant-TW")), ref="42")
        out = io.BytesIO()
        self.fmt.write([*SAMPLE, odd], out, WriteOptions(tags="region"))
        data = out.getvalue()
        assert dtd_errors(data) == []
        assert b'xml:lang="zh-TW"' in data and b'xml:lang="zh-HK"' in data
        assert b'xml:lang="zh-CN"' in data and b"zh-Hant" not in data

    def test_doctype_and_header(self) -> None:
        data = self.write(SAMPLE)
        assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM')
        root = etree.fromstring(data)
        assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")
        assert [e.tag for e in root] == ["martifHeader", "text"]


def martif(body: str, root: str = '<martif type="TBX" xml:lang="en">') -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{root}<martifHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></martifHeader>
<text><body>{body}</body></text></martif>""".encode()


def test_ntig_repeated_language_sets_and_vendor_statuses() -> None:
    data = martif("""
      <termEntry id="e1">
        <descrip type="subjectField">政策</descrip>
        <langSet xml:lang="zh_tw"><ntig><termGrp><term>灣區通</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <termNote type="partOfSpeech">Noun</termNote></termGrp>
          <descrip type="context">推動灣區通。</descrip></ntig></langSet>
        <langSet xml:lang="ZH-TW"><tig><term>大灣區通</term>
          <termNote type="administrativeStatus">obsolete</termNote></tig></langSet>
        <langSet xml:lang="en"><tig><term>Bay Area Pass</term>
          <termNote type="forbidden">true</termNote></tig>
          <tig><term>GBA Connect</term>
          <termNote type="administrativeStatus">standardizedTerm-admn-sts</termNote>
          <termNote type="administrativeStatus">nonsense-admn-sts</termNote></tig></langSet>
      </termEntry>""")
    [record] = records(data)
    assert record.subject_field == "政策"
    assert [(t.text, t.lang, t.status) for t in record.terms] == [
        ("灣區通", "zh-Hant-TW", "preferred"),
        ("大灣區通", "zh-Hant-TW", "deprecated"),
        ("Bay Area Pass", "en", "forbidden"),
        ("GBA Connect", "en", "preferred"),
    ]
    assert record.terms[0].part_of_speech == "noun"
    assert record.terms[0].context == "推動灣區通。"
    # An unknown status is kept, not dropped.
    assert record.terms[3].note == "administrativeStatus: nonsense-admn-sts"
    [entry] = [e for e in read(data) if isinstance(e, Entry)]
    assert any("nonsense-admn-sts" in p for p in entry.problems)


def test_categories_without_a_column_are_kept_as_note_lines() -> None:
    data = martif("""
      <termEntry id="e1">
        <descrip type="relatedConcept">navigation tree</descrip>
        <xref type="externalCrossReference" target="http://example.invalid">site</xref>
        <transacGrp><transac type="transactionType">origination</transac>
          <date>20010423T13:08:13Z</date></transacGrp>
        <transacGrp><transac type="transactionType">modification</transac>
          <date>2005-03-10T14:45:27</date></transacGrp>
        <langSet xml:lang="fr">
          <admin type="productSubset">Servers</admin>
          <descripGrp><descrip type="definition">Une définition.</descrip>
            <admin type="source">IBM</admin></descripGrp>
          <tig><term>piste</term><termNote type="partOfSpeech">nom</termNote>
            <termNote type="termType">entryTerm</termNote><note from="developer">Attention.</note>
            <CommentAll>custom</CommentAll></tig></langSet>
      </termEntry>""")
    [record] = records(data)
    assert record.notes == {
        "en": "relatedConcept: navigation tree\nexternalCrossReference: site (http://example.invalid)",
        "fr": "productSubset: Servers",
    }
    assert record.definitions == {"fr": "Une définition."}
    assert record.sources == ("IBM",)
    [term] = record.terms
    assert term.part_of_speech == "noun"
    assert term.note == "termType: entryTerm\nAttention.\nCommentAll: custom"
    assert (
        record.created_at is not None
        and record.created_at.isoformat() == "2001-04-23T13:08:13+00:00"
    )
    assert (
        record.changed_at is not None
        and record.changed_at.isoformat() == "2005-03-10T14:45:27+00:00"
    )


def test_a_section_in_an_ambiguous_language_is_left_out_with_the_reason() -> None:
    data = martif("""<termEntry><langSet xml:lang="SC"><tig><term>术语</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>term</term></tig></langSet></termEntry>""")
    [entry] = [e for e in read(data) if isinstance(e, Entry)]
    assert entry.record is not None and [t.text for t in entry.record.terms] == ["term"]
    assert "'术语'" in entry.problems[0] and "ambiguous" in entry.problems[0]


def test_not_tbx() -> None:
    from glossary.formats.errors import FormatError

    with pytest.raises(FormatError, match="root element is <tmx>"):
        read(b"<tmx version='1.4'><body/></tmx>")
