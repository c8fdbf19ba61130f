"""translate-toolkit, an independent TBX 2008 reader, reads our export with its language-aware getters."""

from __future__ import annotations

import pytest

from glossary.formats.termbase_toml import read_termbase
from tests.conftest import ROOT

tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit is a test dependency")

STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}


def test_translate_toolkit_reads_our_tbx_2008(shipped) -> None:
    response = shipped.get("/api/termbase/export/tbx2008")
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
    for unit in store.units:
        record = next(
            r for r in read_termbase(ROOT / "tm_data" / "termbase") if r.ref == unit.getid()
        )
        zh = next(t.text for t in record.terms if t.lang == "zh-Hant" and t.status == "preferred")
        en = next(t.text for t in record.terms if t.lang == "en" and t.status == "preferred")
        assert (unit.source, unit.target) == (zh, en)
