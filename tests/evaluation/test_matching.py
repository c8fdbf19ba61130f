"""Finding terms and satisfying each occurrence with its own, non-overlapping rendering."""

import itertools
import random

import pytest

from glossary.evaluation.matching import SourceFinder, Span, assign, find_all, merge_spans
from glossary.text import fold


@pytest.mark.parametrize(
    ("text", "needle", "plurals", "expected"),
    [
        ("gba and gbax", "gba", False, [(0, 3)]),  # not inside a longer Latin word
        ("xgba", "gba", False, []),
        ("ai+产业", "ai+", False, [(0, 3)]),  # "+" is no word character: no boundary after it
        ("湾区通湾区通", "湾区通", False, [(0, 3), (3, 6)]),  # Chinese: plain substring
        ("湾湾湾", "湾湾", False, [(0, 2), (1, 3)]),  # overlapping occurrences are all candidates
        # Exact match by default; plurals on request.
        ("ports of entry", "port of entry", False, []),
        ("ports of entry", "port of entry", True, [(0, 14)]),
        ("the cities", "city", True, [(4, 10)]),  # -y → -ies
        ("private enterprises", "private enterprise", False, []),
        ("private enterprises", "private enterprise", True, [(0, 19)]),
        ("portable", "port", True, []),
    ],
)
def test_find_all(text, needle, plurals, expected) -> None:
    assert find_all(text, needle, plurals=plurals) == expected


def test_source_occurrences_are_leftmost_longest() -> None:
    finder = SourceFinder([("粵港澳大灣區", 1), ("大灣區", 2), ("灣區通", 3)])
    # 粵港澳大灣區 is one occurrence, not also one of 大灣區; Simplified text finds
    # Traditional forms; a line break inside Chinese does not split a term.
    text = fold("粤港澳大湾区和大灣\n區的灣區通")
    assert [owner for _, _, owner in finder.find(text)] == [1, 2, 3]


def _brute_force(demand: dict[int, int], spans: list[Span]) -> int:
    best = 0
    choices = [[None, *sorted(s.owners)] for s in spans]
    for pick in itertools.product(*choices):
        used = [(s, o) for s, o in zip(spans, pick, strict=True) if o is not None]
        if any(a.overlaps(b) for (a, _), (b, _) in itertools.combinations(used, 2)):
            continue
        counts: dict[int, int] = {}
        for _, owner in used:
            counts[owner] = counts.get(owner, 0) + 1
        if all(counts[o] <= demand.get(o, 0) for o in counts):
            best = max(best, len(used))
    return best


def test_assign_is_the_true_maximum_on_random_overlaps() -> None:
    rng = random.Random(7)
    for _ in range(300):
        triples = []
        for _ in range(rng.randint(1, 7)):
            start = rng.randint(0, 12)
            triples.append((start, start + rng.randint(1, 5), rng.randint(1, 3)))
        spans = merge_spans(triples)
        demand = {t: rng.randint(0, 3) for t in (1, 2, 3)}
        result = assign(demand, spans)
        chosen = [span for span, _ in result.chosen]
        assert result.exact
        assert not any(a.overlaps(b) for a, b in itertools.combinations(chosen, 2))
        assert all(n <= demand[t] for t, n in result.hits().items())
        assert len(result.chosen) == _brute_force(demand, spans)


def test_a_long_rendering_and_the_short_one_inside_it() -> None:
    # Source: 粵港澳大灣區 (term 1) and, elsewhere, 大灣區 (term 2). Translation:
    # "Guangdong-Hong Kong-Macao Greater Bay Area … Greater Bay Area": term 1 takes
    # the long span, term 2 the second short one; greedy on the first short span
    # would have satisfied only one of them.
    long, inner, second = (
        Span(0, 42, frozenset({1})),
        Span(26, 42, frozenset({1, 2})),
        Span(50, 66, frozenset({1, 2})),
    )
    result = assign({1: 1, 2: 1}, [long, inner, second])
    assert result.hits() == {1: 1, 2: 1}
    assert sorted((s.start, o) for s, o in result.chosen) == [(0, 1), (50, 2)]
