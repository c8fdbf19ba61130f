"""translate-toolkit, an independent TBX 2008 reader, reads our export with its language-aware getters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from glossary.formats.termbase_toml import read_termbase
from tests.conftest import ROOT
from tests.peers.conftest import unusable_terms

# translate-toolkit reads exports of the whole shipped term base: up to a minute.
pytestmark = pytest.mark.slow

tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit is a test dependency")
tmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is a test dependency")

STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}


def test_translate_toolkit_reads_our_tbx_2008(shipped) -> None:
    response = shipped.get("/api/termbase/export/tbx2008?profile=full")
    assert response.status_code == 200
    store = tbx.tbxfile.parsestring(response.data)
    units = {unit.getid(): unit for unit in store.units}
    expected = {r.ref: r for r in read_termbase(ROOT / "tm_data" / "termbase")}
    assert set(units) == set(expected)
    for ref, record in expected.items():
        unit = units[ref]
        for lang in ("en", "zh-Hans", "zh-Hant"):
            mine = [t for t in record.terms if t.lang == lang]
            theirs = unit.get_target_terms(lang=lang)
            assert [(t.text, t.administrative_status) for t in theirs] == [
                (t.text, STATUS[t.status]) for t in mine
            ], (ref, lang)
            preferred = next(t.text for t in mine if t.status == "preferred")
            assert unit.gettarget(lang=lang) == preferred


def test_the_requested_pair_comes_first_for_positional_readers(shipped) -> None:
    # Readers that take the first two language sets as source and target (Weblate,
    # notes/protocols.md §5) get the pair that was asked for.
    data = shipped.get("/api/termbase/export/tbx2008?source_lang=zh-Hant&target_lang=en").data
    store = tbx.tbxfile.parsestring(data)
    records = {r.ref: r for r in read_termbase(ROOT / "tm_data" / "termbase")}
    for unit in store.units:
        record = records[unit.getid()]
        zh = next(t.text for t in record.terms if t.lang == "zh-Hant" and t.status == "preferred")
        en = next(t.text for t in record.terms if t.lang == "en" and t.status == "preferred")
        assert (unit.source, unit.target) == (zh, en)


def test_the_cat_profile_offers_only_usable_terms(shipped) -> None:
    """TBX 2008 for CAT tools (the default): translate-toolkit's reader sees no deprecated term."""
    store = tbx.tbxfile.parsestring(shipped.get("/api/termbase/export/tbx2008").data)
    unusable = unusable_terms("en", "zh-Hans", "zh-Hant")
    seen = set()
    for unit in store.units:
        for lang in ("en", "zh-Hans", "zh-Hant"):
            terms = unit.get_target_terms(lang=lang)
            seen |= {t.text for t in terms}
            assert {t.administrative_status for t in terms} <= {
                "preferredTerm-admn-sts",
                "admittedTerm-admn-sts",
            }
    assert "Bay Area Connect" in seen and "Bay Area Pass" not in seen
    assert not seen & unusable


def test_tbx2tmx_converts_the_cat_export_without_deprecated_renderings(shipped, tmp_path) -> None:
    """translate-toolkit's tbx2tmx command, as a translator runs it on the downloaded file."""
    tbx2tmx = Path(sys.executable).parent / "tbx2tmx"
    if not tbx2tmx.exists():
        pytest.skip("translate-toolkit's tbx2tmx command is not installed")
    source = tmp_path / "glossary.tbx"
    source.write_bytes(
        shipped.get("/api/termbase/export/tbx2008?source_lang=zh-Hant&target_lang=en").data
    )
    out = tmp_path / "glossary.tmx"
    subprocess.run(
        [str(tbx2tmx), "-i", str(source), "-o", str(out), "-l", "en", "--source-language",
         "zh-Hant", "--progress", "none"],
        check=True, capture_output=True,
    )  # fmt: skip
    pairs = set()
    for unit in tmx.tmxfile.parsestring(out.read_bytes()).units:
        pairs.add((unit.source, unit.target))
    assert ("灣區通", "Bay Area Connect") in pairs
    assert not {target for _, target in pairs} & unusable_terms("en")
    assert not {source for source, _ in pairs} & unusable_terms("zh-Hant")
