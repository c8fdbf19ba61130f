"""Term accuracy, wrong renderings and the per-term breakdown (notes/evaluation.md §2.7)."""

import pytest

from glossary.evaluation.dictionary import Term, TermList
from glossary.evaluation.terms import find_occurrences, per_segment, score_terms

BAY_AREA_CONNECT = Term(
    "bay-area-connect",
    ("灣區通",),
    ("Bay Area Connect", "Greater Bay Area Connect"),
    (("Bay Area Pass", "deprecated"),),
)
GBA = Term(
    "greater-bay-area",
    ("粵港澳大灣區", "大灣區"),
    ("Guangdong-Hong Kong-Macao Greater Bay Area", "Greater Bay Area", "GBA"),
    (("Pearl River Delta Bay Area", "deprecated"),),
)
EN_ZH = Term("bay-area-connect", ("Bay Area Connect",), ("湾区通",), (("湾区卡", "forbidden"),))


def _score(terms, sources, translations):
    term_list = TermList(tuple(terms), "test")
    compiled = per_segment([term_list], [0] * len(sources))
    return score_terms(compiled, find_occurrences(compiled, sources), translations)


@pytest.mark.parametrize(
    ("source", "translation", "hits", "occurrences"),
    [
        # Each occurrence needs its own rendering.
        ("灣區通和灣區通", "Bay Area Connect helps.", 1, 2),
        ("灣區通和灣區通", "Bay Area Connect and Greater Bay Area Connect.", 2, 2),
        # "Bay Area Connect" inside "Greater Bay Area Connect" is the same span: one, not two.
        ("灣區通和灣區通", "Greater Bay Area Connect.", 1, 2),
        # Any approved rendering counts, in any case.
        ("灣區通", "the greater bay area connect scheme", 1, 1),
        # An empty translation satisfies nothing.
        ("灣區通", "", 0, 1),
        # A segment without terms counts for nothing.
        ("今天天氣很好。", "Nice weather.", 0, 0),
    ],
)
def test_occurrences_and_hits(source, translation, hits, occurrences) -> None:
    scores = _score([BAY_AREA_CONNECT], [source], [translation])
    assert (scores.hits, scores.occurrences) == (hits, occurrences)


def test_overlapping_source_terms_and_nested_renderings() -> None:
    # 粵港澳大灣區 is one occurrence (not also 大灣區); then 大灣區 and 灣區通 follow.
    source = "粵港澳大灣區的大灣區居民使用灣區通。"
    good = (
        "Residents of the Guangdong-Hong Kong-Macao Greater Bay Area, the GBA, "
        "use Bay Area Connect."
    )
    scores = _score([GBA, BAY_AREA_CONNECT], [source], [good])
    assert (scores.hits, scores.occurrences) == (3, 3)
    # The short rendering inside the long one cannot serve a second occurrence.
    short = "Residents of the Guangdong-Hong Kong-Macao Greater Bay Area use Bay Area Connect."
    scores = _score([GBA, BAY_AREA_CONNECT], [source], [short])
    assert (scores.hits, scores.occurrences) == (2, 3)
    assert {r.key: (r.hits, r.occurrences) for r in scores.rows} == {
        "greater-bay-area": (1, 2),
        "bay-area-connect": (1, 1),
    }


def test_traditional_target_matches_a_simplified_rendering() -> None:
    # en → zh: the term base has the Simplified rendering, the translation is Traditional,
    # and a line break splits the term inside the Chinese text.
    scores = _score([EN_ZH], ["Bay Area Connect opens."], ["灣區\n通開通。"])
    assert (scores.hits, scores.occurrences) == (1, 1)


def test_wrong_renderings_are_counted_and_listed() -> None:
    sources = ["灣區通和灣區通", "灣區通", "灣區通"]
    translations = ["Bay Area Pass and Bay Area Pass", "Bay Area Connect", "Bay Area Pass"]
    scores = _score([BAY_AREA_CONNECT], sources, translations)
    assert (scores.hits, scores.occurrences, scores.wrong_used) == (1, 4, 3)
    assert scores.wrong_rate == pytest.approx(75.0)
    (row,) = scores.rows
    assert row.wrong == {("Bay Area Pass", "deprecated"): 3}
    assert row.renderings == {"Bay Area Connect": 1}
    assert row.missed_in == [1, 3]
    assert scores.stats.tolist() == [[0, 2, 2], [1, 1, 0], [0, 1, 1]]


def test_a_forbidden_rendering_inside_an_approved_one_is_not_wrong() -> None:
    term = Term("t", ("灣區通",), ("Greater Bay Area Connect",), (("Bay Area", "forbidden"),))
    scores = _score([term], ["灣區通"], ["Greater Bay Area Connect"])
    assert (scores.hits, scores.wrong_used) == (1, 0)


def test_macro_average_and_consistency() -> None:
    sources = ["灣區通", "灣區通", "大灣區"]
    translations = ["Bay Area Connect", "Greater Bay Area Connect", "nothing"]
    scores = _score([GBA, BAY_AREA_CONNECT], sources, translations)
    assert scores.accuracy == pytest.approx(200 / 3)
    assert scores.macro_accuracy == pytest.approx(50.0)  # 100 % and 0 %
    assert scores.consistency == pytest.approx(50.0)  # two renderings, one use each
