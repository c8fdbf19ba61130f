"""Every TBX, TSV and CSV file in ../shared/external/formats, imported with ``glossary import``.

Each either imports with the numbers of concepts and terms written here, or is
refused with the reason written here. The numbers come from reading the files:
an entry with only empty ``<term/>`` elements has no terms, a row that repeats
an earlier row without adding anything is skipped, everything else is a concept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from glossary.db import make_engine
from glossary.formats.termbase import Entry, ReadOptions, termbase_format
from glossary.web.cli import main
from tests.conftest import SHARED

FORMATS = SHARED / "external" / "formats"
pytestmark = pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/external/formats is absent")
SUFFIXES = (".tbx", ".tsv", ".csv", ".tab", ".txt")


@dataclass(frozen=True)
class Expect:
    concepts: int = 0
    terms: int = 0
    skipped: int = 0
    # The languages of a table without headings (OmegaT and Okapi give none).
    languages: tuple[str, str] | None = None
    refused: str | None = None


EXPECTED = {
    "byu-tbx/TBX-basic-sample.tbx": Expect(5, 13),
    "byu-tbx/bad.tbx": Expect(2, 2),  # "lut" is a real language; the XCS check is not ours
    "byu-tbx/good.tbx": Expect(2, 2),
    "byu-tbx/min.tbx": Expect(2, 2),
    "go-tm/v2.0.tbx": Expect(1, 2),
    "heartsome/ImportTBXTest.tbx": Expect(314, 628),
    "iate/IATE_export.tbx": Expect(6, 19),
    "matecat/V - Formato completo.csv": Expect(12, 32),
    "okapi/ibm_tbx.tbx": Expect(5, 11),
    "okapi/maryland.tbx": Expect(1, 13),
    "okapi/medtronic_TBX.tbx": Expect(3, 62),
    "okapi/oracle_TBX.tbx": Expect(2, 6),
    "okapi/sdl_tbx.tbx": Expect(223, 472),  # 516 <term> elements, 44 of them empty
    "okapi/test01.csv": Expect(3, 6, skipped=1, languages=("en", "fr")),  # row 4 repeats row 3
    "okapi/test01.tbx": Expect(1, 2),
    # a line without a tab and a line without a source are skipped; one line has no target
    "okapi/test01.tsv": Expect(4, 7, skipped=2, languages=("en", "fr")),
    "okapi/test02_utf16be.tsv": Expect(2, 4, languages=("en", "fr")),
    "okapi/test02_win1254.tbx": Expect(1, 2),
    "omegat/sampleTBXfile.tbx": Expect(1, 2),
    "omegat/test-magiccomment-bom.tab": Expect(
        refused="no entries: the file is empty or holds only comment lines"
    ),
    "omegat/test.csv": Expect(7, 14, languages=("en", "fr")),
    "omegat/test.tab": Expect(4, 8, languages=("ja", "en")),
    "omegat/testUTF16LE.txt": Expect(2, 4, languages=("en", "en")),
    "tico-19/f_en-zh_CN.csv": Expect(306, 612),
    "tico-19/f_en-zh_TW.csv": Expect(306, 612),
    # 337 rows; 6 (4) repeat an earlier row word for word without pos or description
    "tico-19/g_en_zh-CN.csv": Expect(331, 662, skipped=6),
    "tico-19/g_en_zh-TW.csv": Expect(333, 666, skipped=4),
    "tico-19/g_zh-CN_en.csv": Expect(50, 100),
    "tico-19/g_zh-TW_en.csv": Expect(49, 98),
    # 9 entries: 4 repeat earlier ones; 6 <term></term> are empty
    "trados-rws/Glossary1.tbx": Expect(5, 17, skipped=4),
    "weblate/cs.tbx": Expect(4, 8),
    "weblate/fr-extended-metadata.tbx": Expect(2, 4),
}


def test_every_file_has_an_expectation() -> None:
    found = {
        str(p.relative_to(FORMATS))
        for p in FORMATS.rglob("*")
        if p.suffix.lower() in SUFFIXES and "LICENSES" not in p.parts and p.name != "License.txt"
    }
    assert found == set(EXPECTED)


def _counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as c:
        counts = tuple(
            c.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in ("concept", "term")
        )
    engine.dispose()
    return counts  # type: ignore[return-value]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imports_as_expected(name: str, database_url: str) -> None:
    expect = EXPECTED[name]
    args = ["import", str(FORMATS / name)]
    if expect.languages:
        args += ["--source-lang", expect.languages[0], "--target-lang", expect.languages[1]]
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}
    result = CliRunner().invoke(main, args, env=env)
    if expect.refused:
        assert result.exit_code == 1, result.output
        assert expect.refused in result.output
        assert _counts(database_url) == (0, 0)
        return
    assert result.exit_code == 0, result.output
    assert _counts(database_url) == (expect.concepts, expect.terms)
    assert f" {expect.concepts} new," in result.output.splitlines()[0]
    assert result.output.splitlines()[0].endswith(f" {expect.skipped} skipped")


@pytest.mark.parametrize("name", [n for n, e in EXPECTED.items() if e.languages])
def test_tables_without_headings_need_their_languages(name: str) -> None:
    with (FORMATS / name).open("rb") as handle:
        fmt = "csv" if name.endswith(".csv") else "tsv"
        from glossary.formats.errors import FormatError

        with pytest.raises(FormatError, match="give the source and target languages"):
            list(termbase_format(fmt).read(handle, ReadOptions(name=name)))


def _records(name: str, fmt: str = "tbx2008"):  # type: ignore[no-untyped-def]
    data = (FORMATS / name).read_bytes()
    entries = [
        e
        for e in termbase_format(fmt).read(io.BytesIO(data), ReadOptions())
        if isinstance(e, Entry)
    ]
    return {e.label: e for e in entries}


def test_what_real_files_carry() -> None:
    weblate = _records("weblate/fr-extended-metadata.tbx")
    data_bus = weblate["termEntry e001"].record
    assert [t.status for t in data_bus.terms] == ["deprecated", "deprecated"]  # "obsolete"
    assert (
        data_bus.notes["en"]
        == "Translation needed: Yes\nUsage note: Avoid using this term in any documentation."
    )
    assert weblate["termEntry e002"].record.terms[0].note == "Do not translate error codes."

    [gotm] = _records("go-tm/v2.0.tbx").values()
    assert [t.part_of_speech for t in gotm.record.terms] == ["noun", "noun"]  # "Noun"
    assert gotm.record.terms[1].lang == "ja-JP"

    ibm = _records("okapi/ibm_tbx.tbx")["termEntry c1"].record
    assert [(t.text, t.lang, t.part_of_speech) for t in ibm.terms] == [
        ("navigation trail", "en", "noun"),
        ("branch", "en", "noun"),  # the repeated en langSet
        ("historique de navigation", "fr", "noun"),  # "nom"
    ]

    oracle = next(iter(_records("okapi/oracle_TBX.tbx").values())).record
    assert "preferred" in {t.status for t in oracle.terms}  # standardizedTerm-admn-sts

    iate = _records("iate/IATE_export.tbx", "tbx")["conceptEntry 1875432"].record
    assert iate.ref == "1875432"
    assert iate.subject_field == "information technology and data processing;research"
    assert iate.terms[1].note == "termType: abbreviation\nreliabilityCode: 6"

    sdl = _records("okapi/sdl_tbx.tbx")
    dated = [e.record for e in sdl.values() if e.record and e.record.created_at]
    assert dated and dated[0].created_at.year == 2001  # "20010423T13:08:13Z"

    [turkish] = _records("okapi/test02_win1254.tbx").values()
    assert any(
        "ı" in t.text or "İ" in t.text or "ş" in t.text.lower() for t in turkish.record.terms
    )

    heartsome = _records("heartsome/ImportTBXTest.tbx")
    assert {t.lang for e in heartsome.values() for t in e.record.terms} == {"en-US", "zh-Hans"}


@pytest.mark.slow  # two large real glossaries
def test_traditional_glossary_merges_into_the_simplified_one(database_url: str) -> None:
    """TICO-19's zh-TW list joins the concepts of its zh-CN list by their English terms."""
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}
    runner = CliRunner()
    for name in ("f_en-zh_CN.csv", "f_en-zh_TW.csv"):
        result = runner.invoke(main, ["import", str(FORMATS / "tico-19" / name)], env=env)
        assert result.exit_code == 0, result.output
    assert "306 entries: 0 new, 306 merged, 0 already present, 0 skipped" in result.output
    assert _counts(database_url) == (306, 918)
    again = runner.invoke(main, ["import", str(FORMATS / "tico-19" / "f_en-zh_TW.csv")], env=env)
    assert "0 new, 0 merged, 306 already present" in again.output
    assert _counts(database_url) == (306, 918)
