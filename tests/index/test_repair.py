"""Fuzzy-match repair: terms and numbers substituted only when that provably fixes the match."""

from __future__ import annotations

import pytest

from glossary.index.repair import Change, align, prepare, repair
from glossary.index.terms import ConceptCard, IndexedTerm, TermIndex
from glossary.text import fold

CONCEPTS = {
    1: [("zh-Hant", "硬聯通", "preferred"), ("en", "hard connectivity", "preferred")],
    2: [
        ("zh-Hant", "軟聯通", "preferred"),
        ("en", "soft connectivity", "preferred"),
        ("en", "soft links", "deprecated"),
    ],
    3: [
        ("zh-Hant", "灣區通", "preferred"),
        ("en", "Bay Area Connect", "preferred"),
        ("en", "Bay Area Pass", "forbidden"),
    ],
    4: [("zh-Hans", "双第一", "preferred"), ("en", "Double First-Class", "preferred")],
}


@pytest.fixture(scope="module")
def index() -> TermIndex:
    cards = []
    term_id = 0
    for concept_id, terms in CONCEPTS.items():
        indexed = []
        for tag, text, status in terms:
            term_id += 1
            indexed.append(IndexedTerm(term_id, concept_id, tag, text, status, fold(text)))
        cards.append(ConceptCard(concept_id, "approved", None, tuple(indexed)))
    return TermIndex(cards)


def test_a_term_is_replaced_by_the_other_terms_approved_rendering(index) -> None:
    fixed = repair(
        "推動大灣區軟聯通建設",
        "推動大灣區硬聯通建設",
        "Promote the building of hard connectivity in the Greater Bay Area",
        "en",
        index,
    )
    assert fixed is not None
    assert fixed.target == "Promote the building of soft connectivity in the Greater Bay Area"
    assert fixed.changes == (
        Change("term", "硬聯通", "軟聯通", "hard connectivity", "soft connectivity"),
    )


def test_numbers_and_terms_together_and_across_scripts(index) -> None:
    fixed = repair(
        "规上工业增长7.5%，推进软联通",
        "規上工業增長6.2%，推進硬聯通",
        "Industry grew by 6.2%; hard connectivity advanced",
        "en",
        index,
    )
    assert fixed is not None
    assert fixed.target == "Industry grew by 7.5%; soft connectivity advanced"
    assert [c.kind for c in fixed.changes] == ["number", "term"]
    longer = repair("增長16.2%", "增長6.2%", "grew by 6.2%", "en", index)
    assert longer is not None and longer.target == "grew by 16.2%"


@pytest.mark.parametrize(
    "query, source, target",
    [
        # Something other than a term or number differs.
        (
            "推動大灣區軟聯通工作",
            "推動大灣區硬聯通建設",
            "Promote hard connectivity in the Bay Area",
        ),
        # The target does not hold the stored term's rendering.
        ("推動軟聯通", "推動硬聯通", "Promote physical links"),
        # The number is not in the target.
        ("增長7.5%", "增長6.2%", "grew by six per cent"),
        # Identical once folded: nothing to repair.
        ("推動硬聯通", "推动硬联通", "Promote hard connectivity"),
        # A rendering inside a longer word does not count.
        ("推動軟聯通", "推動硬聯通", "Promote hard connectivityless links"),
    ],
)
def test_no_repair_unless_provable(index, query: str, source: str, target: str) -> None:
    assert repair(query, source, target, "en", index) is None


def test_forbidden_renderings_are_never_written(index) -> None:
    fixed = repair("深化灣區通", "深化雙第一", "Deepen Double First-Class", "en", index)
    assert fixed is not None and fixed.target == "Deepen Bay Area Connect"


def test_no_repair_when_the_changed_number_or_term_occurs_twice() -> None:
    # Which "3" of the target renders the changed one cannot be told.
    assert (
        repair(
            "3年內完成5項改革",
            "3年內完成3項改革",
            "Within 3 years, complete 3 reforms",
            "en",
            TermIndex(),
        )
        is None
    )
    index = TermIndex(
        [
            ConceptCard(
                1,
                "approved",
                None,
                (
                    IndexedTerm(11, 1, "zh-Hant", "硬聯通", "preferred", fold("硬聯通")),
                    IndexedTerm(12, 1, "en", "hard connectivity", "preferred", "hard connectivity"),
                ),
            ),
            ConceptCard(
                2,
                "approved",
                None,
                (
                    IndexedTerm(21, 2, "zh-Hant", "軟聯通", "preferred", fold("軟聯通")),
                    IndexedTerm(22, 2, "en", "soft connectivity", "preferred", "soft connectivity"),
                ),
            ),
        ]
    )
    target = "advance hard connectivity and hard connectivity"
    assert repair("推進硬聯通和軟聯通", "推進硬聯通和硬聯通", target, "en", index) is None
    # With one occurrence each, the repair is made.
    fixed = repair("推進軟聯通", "推進硬聯通", "advance hard connectivity", "en", index)
    assert fixed is not None and fixed.target == "advance soft connectivity"


@pytest.mark.parametrize(
    "query, source, target",
    [
        (
            "推動大灣區軟聯通建設",
            "推動大灣區硬聯通建設",
            "Promote hard connectivity in the Bay Area",
        ),
        (
            "规上工业增长7.5%，推进软联通",
            "規上工業增長6.2%，推進硬聯通",
            "grew by 6.2%; hard connectivity",
        ),
        (
            "推動大灣區軟聯通工作",
            "推動大灣區硬聯通建設",
            "Promote hard connectivity in the Bay Area",
        ),
        # The query's side of the difference is a term, the source's is not.
        ("推動軟聯通", "推動硬件", "Promote hardware"),
    ],
)
def test_an_alignment_made_for_the_flags_gives_the_same_repair(
    index, query, source, target
) -> None:
    """A lookup aligns the query with each source once, for the flags and the repair."""
    prepared = prepare(query, index)
    alone = repair(prepared, source, target, "en", index)
    made = align(query, source, prepared.folded)
    assert repair(prepared, source, target, "en", index, made) == alone
    # An alignment of other texts is not trusted: the repair aligns again. That includes
    # a query of the same fold, whose fold points elsewhere in its own text.
    for other in (align("別的句子", source), align("\n\n" + query, source), align(query, "x")):
        assert repair(prepared, source, target, "en", index, other) == alone
