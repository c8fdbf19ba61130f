"""TMX: real files from other tools, our own samples, strict export and round trips."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from glossary.formats.errors import FormatError
from glossary.formats.tmx import Skipped, export_tag, read_tmx, write_tmx
from glossary.records import UnitRecord
from tests.conftest import ROOT, SHARED

FORMATS = SHARED / "external" / "formats"
DATA = ROOT / "tests" / "data"
needs_shared = pytest.mark.skipif(not FORMATS.is_dir(), reason=f"{FORMATS} is absent")

# Every TMX under ../shared/external/formats: (units taken, variants or units skipped).
# A unit in three languages gives two units (source → each target).
REAL_FILES = {
    "go-tm/v1.4.tmx": (3, 0),  # UTF-16BE, namespaced; one TU in ja/en/fr
    "heartsome/ImportTMXTest.tmx": (314, 0),  # RTF codes in bpt/ept, en-US → zh-CN
    "heartsome/UTF-16LE.TMX": (2, 0),  # no version, srclang *all*, bare zh
    "heartsome/utf-16be.tmx": (2, 0),
    "heartsome/utf-8.tmx": (2, 0),  # header srclang zh-cn, every tu srclang en-us
    "lisa-tmx-compliance-kit/ImportTest1I.tmx": (1, 0),
    "lisa-tmx-compliance-kit/ImportTest1L.tmx": (2, 0),  # en-us → fr and en-gb
    "lisa-tmx-compliance-kit/ImportTest2A.tmx": (7, 0),  # UTF-16LE, En-uS / FR-CA
    "lisa-tmx-compliance-kit/ImportTest2C.tmx": (2, 0),
    "matecat/exampleForTestOriginal.tmx": (2, 0),
    "maxprograms/tmxvalidator_es.tmx": (35, 0),
    "okapi/header_with_prop_and_note.tmx": (1, 0),
    "okapi/html_test.tmx": (11, 0),  # Trados TW4Win, UTF-16LE without declaration
    "okapi/sampleTMX2.tmx": (3, 0),
    "okapi/tmxtest-attributes.tmx": (9, 0),
    "omegat/en-US_en-GB_fr_sr.tmx": (3, 0),
    "omegat/project_save.tmx": (1, 0),  # TMX 1.1, lang=
    "omegat/test-SMP.tmx": (1, 0),
    "python-tmx/namespaces.tmx": (1, 0),
    "tico-19/all.en-zh.excerpt.tmx": (84, 0),
    "trados-rws/export.tmx": (118, 0),
    "trados-rws/status.tmx": (14, 0),
    "weblate/memory.tmx": (2, 0),  # DE-DE → EN-US and CS-CZ
}
# Files that hold no importable unit, and the reason given.
REJECTED = {
    "okapi/okapi-confusion.tmx": "no translation (only en)",
    "omegat/invalid.tmx": "the source segment is empty",
    "weblate/memory2.tmx": "ambiguous language tag 'SC'",
}


def _read(path: Path | io.BytesIO, **kwargs: str) -> tuple[list[UnitRecord], list[Skipped]]:
    items = list(read_tmx(path, **kwargs))
    return (
        [i for i in items if isinstance(i, UnitRecord)],
        [i for i in items if isinstance(i, Skipped)],
    )


@needs_shared
def test_the_table_covers_every_real_tmx_file() -> None:
    found = {str(p.relative_to(FORMATS)) for p in FORMATS.rglob("*") if p.suffix.lower() == ".tmx"}
    assert found == set(REAL_FILES) | set(REJECTED)


@needs_shared
@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_files_import_with_their_unit_count(name: str) -> None:
    units, skipped = _read(FORMATS / name)
    assert (len(units), len(skipped)) == REAL_FILES[name]
    for unit in units:
        assert unit.source.strip() and unit.target.strip()
        assert unit.source_lang != unit.target_lang


@needs_shared
@pytest.mark.parametrize("name", sorted(REJECTED))
def test_real_files_without_units_say_why(name: str) -> None:
    units, skipped = _read(FORMATS / name)
    assert units == []
    assert any(REJECTED[name] in s.reason for s in skipped), skipped


@needs_shared
def test_what_real_tools_write_is_read_right() -> None:
    # Déjà Vu: the tu's srclang wins over the header's.
    units, _ = _read(FORMATS / "heartsome" / "utf-8.tmx")
    assert (units[0].source, units[0].target) == ("Active-matrix", "主动距陈")
    assert (units[0].source_lang, units[0].target_lang) == ("en-US", "zh-Hans")
    # UTF-16 with BOM and a bare zh.
    units, _ = _read(FORMATS / "heartsome" / "UTF-16LE.TMX")
    assert {u.target_lang for u in units} == {"zh"}
    # OmegaT's TMX 1.1 with lang=.
    units, _ = _read(FORMATS / "omegat" / "project_save.tmx")
    assert units[0].source_lang == "zh-Hans" and units[0].target_lang == "ja-JP"
    # Supplementary-plane characters survive.
    units, _ = _read(FORMATS / "omegat" / "test-SMP.tmx")
    assert any(ord(c) > 0xFFFF for c in units[0].source)
    # RTF codes: the plain text leaves them out, the markup keeps them.
    units, _ = _read(FORMATS / "heartsome" / "ImportTMXTest.tmx")
    coded = next(u for u in units if u.target_markup)
    assert "{\\f4 " in coded.target_markup and "{\\f4 " not in coded.target


def test_our_sample_reads_as_written() -> None:
    units, skipped = _read(DATA / "policy.tmx")
    assert len(units) == 5
    assert sorted(s.reason for s in skipped) == [
        "no translation (only zh-Hant-TW)",
        "the source segment is empty",
    ]
    first = units[0]
    assert first.source == "推動大灣區硬聯通和軟聯通"
    assert (first.source_lang, first.target_lang) == ("zh-Hant-TW", "en-GB")
    assert first.note == "Shenzhen work report, 2024"
    assert first.context == "heading"
    assert first.properties == {"x-Client": "policy office", "tuid": "gba-1"}
    assert first.usage_count == 3 and first.creator == "editor"
    assert first.created_at == datetime(2024, 1, 5, 8, 30, tzinfo=UTC)
    coded = units[1]
    assert coded.source == "深化灣區通工程"
    assert coded.source_markup == (
        '深化<bpt i="1" type="bold">&lt;b&gt;</bpt>灣區通<ept i="1">&lt;/b&gt;</ept>工程'
    )
    # A unit in three languages gives one record per target.
    assert [(u.source, u.target_lang) for u in units[3:]] == [
        ("雙第一", "en-GB"),
        ("雙第一", "zh-Hans"),
    ]
    # Asked for one target language, the others are left out.
    only_en, _ = _read(DATA / "policy.tmx", target_lang="en")
    assert len(only_en) == 4 and {u.target_lang for u in only_en} == {"en-GB"}


def test_namespaced_utf16_lang_attribute_and_odd_codes() -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<tmx xmlns="http://www.lisa.org/tmx14" version="1.1"><header srclang="ZH_tw"/><body>'
        '<tu><tuv lang="zh_TW"><seg>灣區通</seg></tuv>'
        '<tuv lang="EN"><seg>Bay Area Connect</seg></tuv></tu>'
        "</body></tmx>"
    )
    units, skipped = _read(io.BytesIO(text.encode("utf-16")))
    assert skipped == []
    assert [(u.source, u.source_lang, u.target, u.target_lang) for u in units] == [
        ("灣區通", "zh-Hant-TW", "Bay Area Connect", "en")
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<tbx><text/></tbx>", "not a TMX document"),
        (b"<tmx><body><tu><tuv xml:lang='en'><seg>a</seg>", "not well-formed"),
        (b'<!DOCTYPE tmx [<!ENTITY x "y">]><tmx/>', "declares XML entities"),
    ],
)
def test_not_tmx_is_refused(content: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        list(read_tmx(io.BytesIO(content)))


def _export(units: list[UnitRecord], srclang: str = "zh-Hant-TW", region: bool = True) -> bytes:
    out = io.BytesIO()
    assert write_tmx(units, out, srclang=srclang, region_tags=region) == len(units)
    return out.getvalue()


def _dtd() -> etree.DTD:
    path = FORMATS / "schemas" / "tmx14.dtd"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return etree.DTD(str(path))


def test_export_validates_against_the_tmx14_dtd() -> None:
    units, _ = _read(DATA / "policy.tmx")
    # Characters XML cannot carry are dropped, others escaped.
    units.append(UnitRecord("a < b & c\x01", "甲 < 乙 & 丙", "en", "zh-Hant"))
    data = _export(units, "*all*")
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    doc = etree.fromstring(data, parser).getroottree()
    dtd = _dtd()
    assert dtd.validate(doc), dtd.error_log
    header = doc.getroot().find("header")
    for name in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(name)


@needs_shared
@pytest.mark.parametrize(
    "name",
    [
        "heartsome/ImportTMXTest.tmx",
        "lisa-tmx-compliance-kit/ImportTest2A.tmx",
        "trados-rws/status.tmx",
        "heartsome/UTF-16LE.TMX",
        "go-tm/v1.4.tmx",
    ],
)
def test_exports_of_odd_real_files_are_valid_and_read_back_the_same(name: str) -> None:
    units, _ = _read(FORMATS / name)
    data = _export(units, "*all*")
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    dtd = _dtd()
    assert dtd.validate(etree.fromstring(data, parser).getroottree()), dtd.error_log
    again, skipped = _read(io.BytesIO(data))
    assert skipped == []
    assert again == units


def test_round_trip_keeps_every_field() -> None:
    units, _ = _read(DATA / "policy.tmx")
    again, _ = _read(io.BytesIO(_export(units)))
    assert again == units


@pytest.mark.parametrize(
    "tag, written",
    [
        ("zh-Hans", "zh-CN"),
        ("zh-Hant-TW", "zh-TW"),
        ("zh-Hant-HK", "zh-HK"),
        ("zh", "zh"),
        ("en-GB", "en-GB"),
    ],
)
def test_export_tags_are_region_forms_that_read_back_the_same(tag: str, written: str) -> None:
    from glossary import lang

    assert export_tag(tag) == written
    assert lang.canonical(written) == tag


def test_plain_traditional_is_written_as_taiwan_as_cat_tools_expect() -> None:
    from glossary import lang

    # As the README and the term base's tags=region say; zh-TW reads back with its region.
    assert export_tag("zh-Hant") == "zh-TW"
    assert lang.canonical("zh-TW") == "zh-Hant-TW"


def test_carriage_returns_survive_a_round_trip() -> None:
    units = [
        UnitRecord("第一行\r\n第二行", "line one\r\nline two", "zh-Hant", "en"),
        # Inline markup stored before carriage returns were escaped holds them literally.
        UnitRecord(
            "加粗\r",
            "bold\r",
            "zh-Hant",
            "en",
            source_markup='加粗\r<ph x="1">&lt;b&gt;</ph>',
            target_markup='bold\r<ph x="1">&lt;b&gt;</ph>',
        ),
    ]
    again, skipped = _read(io.BytesIO(_export(units)))
    assert skipped == []
    assert [(u.source, u.target) for u in again] == [(u.source, u.target) for u in units]
    assert again[1].source_markup == '加粗&#13;<ph x="1">&lt;b&gt;</ph>'
