"""The WMT25 term success rate, on cases worked out by hand from its definition."""

import pytest

from glossary.evaluation.dictionary import Term, TermList
from glossary.evaluation.wmt25 import dictionary_of, success_rate


def test_counts_capped_and_filtered_by_the_reference() -> None:
    sources = ["債券通和債券通", "大灣區", "粵港澳大灣區"]
    references = [["Bond Connect twice: Bond Connect", "the GBA", "the Greater Bay Area"]]
    translations = ["bond connect once", "the gba and the GBA", "the bay area"]
    entries = {
        "債券通": ["Bond Connect"],
        "大灣區": ["Greater Bay Area", "GBA"],
        # Its rendering is not in any reference: the pair does not count.
        "粵港澳大灣區": ["Guangdong-Hong Kong-Macao Greater Bay Area"],
    }
    result = success_rate(sources, translations, references, [entries] * 3)
    # 債券通: 1 of 2 → 0.5; 大灣區 in segment 2: 2 of 1, capped → 1.0;
    # 大灣區 inside 粵港澳大灣區 in segment 3 counts too (substring), 0 of 1 → 0.
    assert result.pairs == 3
    assert result.rate == pytest.approx((0.5 + 1.0 + 0.0) / 3)


def test_no_pair_gives_minus_one_as_published() -> None:
    assert success_rate(["無"], ["none"], [["none"]], [{"債券通": ["Bond Connect"]}]).rate == -1.0


def test_a_concept_gives_every_source_form_its_renderings() -> None:
    terms = TermList((Term("gba", ("粵港澳大灣區", "大灣區"), ("Greater Bay Area", "GBA")),), "t")
    assert dictionary_of(terms) == {
        "粵港澳大灣區": ["Greater Bay Area", "GBA"],
        "大灣區": ["Greater Bay Area", "GBA"],
    }
