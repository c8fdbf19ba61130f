"""Other tools read our TMX: translate-toolkit's parser, and OmegaT 3.6 translating with it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from glossary.db import make_engine, make_sessionmaker
from glossary.formats.tmx import read_tmx
from glossary.records import UnitRecord
from glossary.store import memories as store
from glossary.store.memory_export import export_tmx
from glossary.store.memory_import import import_units
from tests.conftest import ROOT
from tests.peers.omegat import make_project, requires_omegat, run_omegat

# Other programs (OmegaT, translate-toolkit) read our exports of the shipped data.
pytestmark = pytest.mark.slow

DATA = ROOT / "tests" / "data"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _export(sqlite_template: Path, tmp_path: Path, **filters: str) -> bytes:
    """Our export of the sample memory (SQLite only: the peers read files, not databases)."""
    path = tmp_path / "peers.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with make_sessionmaker(engine).begin() as session:
        memory = store.create_memory(session, "policy")
        import_units(session, memory, read_tmx(DATA / "policy.tmx"), actor="t")
        store.add_unit(
            session,
            memory,
            UnitRecord("港車北上 & <測試>", "Northbound Travel & <test>", "zh-Hant-TW", "en-GB"),
            actor="t",
        )
    with make_sessionmaker(engine)() as session:
        out = io.BytesIO()
        export_tmx(session, store.get_memory(session, "policy"), out, **filters)
    engine.dispose()
    return out.getvalue()


@pytest.fixture
def exported(sqlite_template: Path, tmp_path: Path) -> bytes:
    return _export(sqlite_template, tmp_path)


def test_translate_toolkit_reads_our_export(exported: bytes) -> None:
    tmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is not installed")
    store_ = tmx.tmxfile.parsestring(exported)
    assert len(store_.units) == 6
    assert store_.sourcelanguage == "zh-TW"
    pairs = set()
    for unit in store_.units:
        langs = [node.get(XML_LANG) for node in unit.getlanguageNodes()]
        source_lang, target_lang = langs
        pairs.add((unit.source, unit.gettarget(lang=target_lang), source_lang, target_lang))
    assert (
        "推動大灣區硬聯通和軟聯通",
        "Promote hard and soft connectivity in the Greater Bay Area",
        "zh-TW",
        "en-GB",
    ) in pairs
    assert ("雙第一", "双第一", "zh-TW", "zh-CN") in pairs
    assert ("港車北上 & <測試>", "Northbound Travel & <test>", "zh-TW", "en-GB") in pairs
    noted = next(u for u in store_.units if u.source == "推動大灣區硬聯通和軟聯通")
    assert "Shenzhen work report, 2024" in noted.getnotes()
    assert noted.getid() == "gba-1"


@requires_omegat
def test_omegat_translates_a_project_from_our_export(sqlite_template: Path, tmp_path: Path) -> None:
    # OmegaT 3.6 matches TMX languages on the base language alone, so a zh-CN
    # target would pass for a translation of zh-TW: export the project's pair.
    exported = _export(sqlite_template, tmp_path, target_lang="en-GB")
    paragraphs = ["推動大灣區硬聯通和軟聯通", "雙第一", "港車北上 & <測試>", "新質生產力"]
    project = make_project(tmp_path / "project", paragraphs)
    (project / "tm" / "auto" / "policy.tmx").write_bytes(exported)
    run_omegat(project)
    lines = [
        ln for ln in (project / "target" / "doc.txt").read_text(encoding="utf-8").splitlines() if ln
    ]
    assert lines == [
        "Promote hard and soft connectivity in the Greater Bay Area",
        "Double First-Class",
        "Northbound Travel & <test>",
        "新質生產力",  # not in the memory: left as it was
    ]


def test_translate_toolkit_reads_the_pair_asked_for_from_units_stored_broader(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """The shipped memory is stored as zh-Hant → en; asked as zh-TW → en-GB, every unit comes."""
    tmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is not installed")
    path = tmp_path / "shipped.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with make_sessionmaker(engine).begin() as session:
        memory = store.create_memory(session, "policy")
        import_units(
            session, memory, read_tmx(ROOT / "tm_data" / "memory" / "policy.tmx"), actor="t"
        )
    with make_sessionmaker(engine)() as session:
        out = io.BytesIO()
        count = export_tmx(
            session, store.get_memory(session, "policy"), out, source_lang="zh-Hant-TW",
            target_lang="en-GB",
        )  # fmt: skip
    engine.dispose()
    parsed = tmx.tmxfile.parsestring(out.getvalue())
    assert count == len(parsed.units) == 40
    assert parsed.sourcelanguage == "zh-TW"
    langs = {tuple(n.get(XML_LANG) for n in u.getlanguageNodes()) for u in parsed.units}
    assert langs == {("zh-TW", "en-GB")}
