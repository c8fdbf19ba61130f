"""The shipped memory is valid TMX whose translations use the approved renderings."""

from glossary.evaluation.dictionary import load_terms
from glossary.evaluation.terms import find_occurrences, per_segment, score_terms
from glossary.formats.tmx import Skipped, read_tmx
from glossary.records import UnitRecord
from tests.conftest import ROOT

MEMORY = ROOT / "tm_data" / "memory" / "policy.tmx"


def _units() -> list[UnitRecord]:
    items = list(read_tmx(MEMORY))
    assert not [i for i in items if isinstance(i, Skipped)]
    return [i for i in items if isinstance(i, UnitRecord)]


def test_every_unit_reads_as_zh_hant_to_english() -> None:
    units = _units()
    assert len(units) >= 40
    assert {(u.source_lang, u.target_lang) for u in units} == {("zh-Hant", "en")}


def test_translations_use_an_approved_rendering_for_every_term() -> None:
    units = _units()
    terms = load_terms(ROOT / "tm_data" / "termbase", "zh-Hant", "en")
    sources = [u.source for u in units]
    compiled = per_segment([terms], [0] * len(sources))
    occurrences = find_occurrences(compiled, sources)
    scored = score_terms(compiled, occurrences, [u.target for u in units])
    missed = {r.key: r.missed_in for r in scored.rows if r.hits < r.occurrences}
    assert not missed, f"translations lacking an approved rendering: {missed}"
    assert scored.occurrences >= 40
