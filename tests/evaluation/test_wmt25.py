"""The WMT25 term success rate, on cases worked out by hand from its definition."""

import pytest

from glossary.evaluation.dictionary import Term, TermList
from glossary.evaluation.wmt25 import (
    SubstringCounter,
    dictionary_of,
    find_pairs,
    rate_from_stats,
    success_rate,
)


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


def test_one_scan_counts_as_str_count_does() -> None:
    text = "aaaa gba GBA gbagba 大灣區粵港澳大灣區"
    strings = ["aa", "a", "gba", "gbagba", "大灣區", "粵港澳大灣區", "absent"]
    counts = SubstringCounter(strings).counts(text)
    # Non-overlapping, left to right: "aa" twice in "aaaa", not three times.
    assert {s: counts[s] for s in strings} == {s: text.count(s) for s in strings}
    assert counts[""] == "".count("") + len(text)


def _naive_rate(sources, translations, references, dictionaries) -> tuple[float, int]:
    """The definition of the module docstring, one entry at a time."""
    pairs, total = 0, 0.0
    for source, translation, reference, entries in zip(
        sources, translations, references, dictionaries, strict=True
    ):
        for term, renderings in entries.items():
            term = term.strip().lower()
            lowered = [r.strip().lower() for r in renderings]
            if term in source.lower() and any(r in reference.lower() for r in lowered):
                pairs += 1
                found = sum(translation.lower().count(r) for r in lowered)
                total += min(found / source.lower().count(term), 1.0)
    return total / pairs, pairs


def test_pairs_found_once_agree_with_the_definition() -> None:
    entries = {
        "大灣區": ["Greater Bay Area", "GBA", "gba"],  # a rendering listed twice counts twice
        "粵港澳大灣區": ["Guangdong-Hong Kong-Macao Greater Bay Area"],
        "債券通": ["Bond Connect"],
        "通": ["connect"],
        "缺席": ["absent"],
    }
    other = {"債券通": ["Bond Connect", "BC"]}
    sources = ["粵港澳大灣區和大灣區", "債券通，債券通", "大灣區", "債券通"]
    references = [
        "the Guangdong-Hong Kong-Macao Greater Bay Area and the GBA",
        "Bond Connect twice",
        "no rendering here",
        "BC",
    ]
    translations = ["GBA, gba and Greater Bay Area", "bond connect", "GBA", "BC and Bond Connect"]
    dictionaries = [entries, entries, entries, other]
    pairs = find_pairs(sources, [references], dictionaries)
    rate, count = _naive_rate(sources, translations, references, dictionaries)
    result = pairs.success_rate(translations)
    assert (result.pairs, result.rate) == (count, pytest.approx(rate))
    assert [(p.segment, p.entry, p.source_count) for p in pairs.pairs] == [
        (0, "大灣區", 2),
        (0, "粵港澳大灣區", 1),
        (1, "債券通", 2),
        (1, "通", 2),
        (3, "債券通", 1),
    ]
    # The same pairs score any number of translations; per-segment sums for resampling.
    stats = pairs.segment_stats(pairs.rates(references))
    assert stats[:, 1].tolist() == [2, 2, 0, 1]
    assert rate_from_stats(stats.sum(0)) == pytest.approx(
        _naive_rate(sources, references, references, dictionaries)[0]
    )
