"""Where terms occur, and how many source occurrences a translation satisfies.

Everything here works on folded text (``glossary.text.fold``): NFKC, case,
Traditional → Simplified, line breaks inside Chinese removed. So ``灣區通`` in a
dictionary finds ``湾区通`` in a text, and "GBA" finds "gba".

Boundaries: a Chinese form matches anywhere, as a plain substring (CJK
characters are "word" characters to ``\\w``, so ``(?<!\\w)`` anchoring would
never match inside a sentence). An end of a form that is a Latin letter or a
digit must not touch another Latin letter or digit: "GBA" is not found in
"GBAX", "AI+" is found in "AI+產業". On request (``plurals``), English words
of a rendering also match in the plural ("ports of entry" satisfies "port of
entry"); by default a rendering must occur as written (exact match).

Source occurrences are leftmost-longest and never overlap (粵港澳大灣區 is one
occurrence, not also one of 大灣區). Each occurrence then needs its own span of
an approved rendering in the translation, and no two chosen spans may overlap:
``assign`` finds the largest such set exactly (see its docstring).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from glossary.text import fold, is_cjk_char

# Upper limit on branch-and-bound nodes per text; beyond it the best set found
# so far is kept and the text is reported as not solved exactly.
MAX_SEARCH_NODES = 20_000


def is_word_char(ch: str) -> bool:
    """A letter, digit or underscore that is not CJK: what a Latin boundary is made of."""
    return (ch.isalnum() or ch == "_") and not is_cjk_char(ch)


def _bounded(text: str, start: int, end: int, needle: str) -> bool:
    if is_word_char(needle[0]) and start > 0 and is_word_char(text[start - 1]):
        return False
    return not (is_word_char(needle[-1]) and end < len(text) and is_word_char(text[end]))


_LATIN_WORD = re.compile(r"([a-z]{2,})")


@lru_cache(maxsize=65536)
def _inflected(needle: str) -> re.Pattern[str] | None:
    """A pattern that also accepts the plural of each English word, or None for other text.

    Translations inflect: "ports of entry" renders "port of entry", "private
    enterprises" renders "private enterprise". Plural endings are the common case
    for the noun phrases of a term base; other inflections are not guessed.
    """
    if not _LATIN_WORD.search(needle):
        return None
    parts = []
    for piece in _LATIN_WORD.split(needle):
        if not _LATIN_WORD.fullmatch(piece):
            parts.append(re.escape(piece))
        elif piece.endswith("y") and piece[-2] not in "aeiou":
            parts.append(f"(?:{piece}|{piece[:-1]}ies)")
        else:
            parts.append(f"{piece}(?:es|s)?")
    return re.compile(f"(?=({''.join(parts)}))")


def find_all(text: str, needle: str, *, plurals: bool = False) -> list[tuple[int, int]]:
    """Every ``(start, end)`` of ``needle`` in ``text`` (both folded), overlaps included.

    With ``plurals``, English words of ``needle`` also match in the plural.
    """
    pattern = _inflected(needle) if plurals else None
    if pattern is not None:
        found = ((m.start(1), m.end(1)) for m in pattern.finditer(text))
        return [(s, e) for s, e in found if _bounded(text, s, e, text[s:e])]
    spans = []
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if _bounded(text, start, end, needle):
            spans.append((start, end))
        start = text.find(needle, start + 1)
    return spans


class SourceFinder:
    """Leftmost-longest, non-overlapping occurrences of many forms in a folded text."""

    def __init__(self, forms: Iterable[tuple[str, int]]) -> None:
        # first character → (folded form, owner), longest first
        by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)
        seen = set()
        for form, owner in forms:
            folded = fold(form)
            if folded and (folded, owner) not in seen:
                seen.add((folded, owner))
                by_first[folded[0]].append((folded, owner))
        for candidates in by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))
        self._by_first = dict(by_first)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, owner)`` of each occurrence in the folded ``text``."""
        found = []
        position = 0
        by_first = self._by_first
        while position < len(text):
            step = 1
            for form, owner in by_first.get(text[position], ()):
                end = position + len(form)
                if text.startswith(form, position) and _bounded(text, position, end, form):
                    found.append((position, end, owner))
                    step = len(form)
                    break
            position += step
        return found


@dataclass(frozen=True)
class Span:
    """A stretch of the translation and the terms it could satisfy."""

    start: int
    end: int
    owners: frozenset[int]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Assignment:
    """Which span satisfies which term; ``exact`` is False if the search was cut short."""

    chosen: tuple[tuple[Span, int], ...]
    exact: bool = True

    def hits(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for _, owner in self.chosen:
            counts[owner] += 1
        return dict(counts)


def merge_spans(spans: Iterable[tuple[int, int, int]]) -> list[Span]:
    """``(start, end, owner)`` triples → one ``Span`` per stretch, sorted."""
    owners: dict[tuple[int, int], set[int]] = defaultdict(set)
    for start, end, owner in spans:
        owners[(start, end)].add(owner)
    return [Span(s, e, frozenset(o)) for (s, e), o in sorted(owners.items())]


def assign(demand: Mapping[int, int], spans: Sequence[Span]) -> Assignment:
    """The largest set of pairwise disjoint spans, each given to one term it can satisfy,
    with no term given more spans than its ``demand`` (its source occurrences).

    This is an interval selection problem (NP-hard in general), solved exactly by
    branch and bound, which is cheap on real text:

    * spans are grouped into clusters of overlapping spans; a cluster whose spans
      all serve the same terms simply contributes its largest disjoint subset;
    * any other cluster offers a few maximal disjoint subsets ("packings"); the
      search picks one per cluster, and for each choice a bipartite matching
      (spans → terms, capacity = demand) gives the number satisfied;
    * the bound is the matching with every undecided cluster's spans allowed at
      once (overlaps ignored), so most texts are settled without branching.
    """
    useful = []
    for span in spans:
        owners = frozenset(o for o in span.owners if demand.get(o, 0) > 0)
        if owners:
            useful.append(Span(span.start, span.end, owners))
    # A term with no more disjoint candidate spans than occurrences can never be
    # short of capacity: a span it can take costs the other terms nothing.
    unbounded = {
        term
        for term in {o for s in useful for o in s.owners}
        if len(most_disjoint([s for s in useful if term in s.owners])) <= demand[term]
    }
    fixed: list[Span] = []
    open_clusters: list[list[list[Span]]] = []
    exact = True
    for cluster in _clusters(useful):
        if len({s.owners for s in cluster}) == 1:
            fixed.extend(most_disjoint(cluster))
        elif len(cluster) > MAX_CLUSTER:
            # Only machine-made text gets here; keep one good packing.
            open_clusters.append([most_disjoint(cluster)])
            exact = False
        else:
            packings = _packings(cluster)
            largest = len(packings[0])
            # A largest packing whose spans all have an unbounded owner beats
            # every other packing: as many hits, no capacity spent.
            free = [
                p for p in packings if len(p) == largest and all(s.owners & unbounded for s in p)
            ]
            if free:
                fixed.extend(free[0])
            else:
                open_clusters.append(packings)
    found = _Search(demand, fixed, open_clusters).run()
    return found if exact else Assignment(found.chosen, exact=False)


def _clusters(spans: list[Span]) -> list[list[Span]]:
    clusters: list[list[Span]] = []
    reach = -1
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if clusters and span.start < reach:
            clusters[-1].append(span)
            reach = max(reach, span.end)
        else:
            clusters.append([span])
            reach = span.end
    return clusters


def most_disjoint(spans: list[Span]) -> list[Span]:
    """Earliest-end greedy: the largest set of pairwise disjoint spans."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.end, s.start)):
        if not chosen or chosen[-1].end <= span.start:
            chosen.append(span)
    return chosen


# Overlapping spans serving different terms, more than this in one cluster, are
# not searched exhaustively (their packings could number 2**n).
MAX_CLUSTER = 16


def _packings(cluster: list[Span]) -> list[list[Span]]:
    """The maximal sets of pairwise disjoint spans in a cluster, largest first."""
    found: list[list[Span]] = []

    def extend(index: int, chosen: list[Span]) -> None:
        if index == len(cluster):
            if all(any(s.overlaps(c) for c in chosen) or s in chosen for s in cluster):
                found.append(list(chosen))
            return
        span = cluster[index]
        if not any(span.overlaps(c) for c in chosen):
            extend(index + 1, [*chosen, span])
        extend(index + 1, chosen)

    extend(0, [])
    found.sort(key=lambda p: (-len(p), [(s.start, s.end) for s in p]))
    return found


class _Search:
    def __init__(
        self, demand: Mapping[int, int], fixed: list[Span], clusters: list[list[list[Span]]]
    ) -> None:
        self.demand = demand
        self.fixed = fixed
        self.clusters = clusters
        # tails[i]: every span of clusters[i:], allowed at once for the bound
        tails: list[list[Span]] = [[] for _ in range(len(clusters) + 1)]
        for i in range(len(clusters) - 1, -1, -1):
            spans = list(dict.fromkeys(s for packing in clusters[i] for s in packing))
            tails[i] = spans + tails[i + 1]
        self.tails = tails
        self.nodes = 0
        self.best: list[tuple[Span, int]] = []
        self.exact = True

    def run(self) -> Assignment:
        bound = _match(self.fixed + self.tails[0], self.demand)
        greedy = _match(self.fixed + [s for c in self.clusters for s in c[0]], self.demand)
        self.best = greedy
        if len(greedy) < len(bound):
            self._branch(0, [])
        return Assignment(tuple(sorted(self.best, key=lambda c: c[0].start)), self.exact)

    def _branch(self, index: int, chosen: list[Span]) -> None:
        self.nodes += 1
        if self.nodes > MAX_SEARCH_NODES:
            self.exact = False
            return
        matched = _match(self.fixed + chosen + self.tails[index], self.demand)
        if len(matched) <= len(self.best):
            return
        if index == len(self.clusters):
            self.best = matched
            return
        for packing in self.clusters[index]:
            self._branch(index + 1, chosen + packing)


def _match(spans: list[Span], demand: Mapping[int, int]) -> list[tuple[Span, int]]:
    """Maximum bipartite matching of spans to terms, each term up to its demand."""
    holders: dict[int, list[int]] = defaultdict(list)  # term → indices of its spans
    owner_of: dict[int, int] = {}

    def augment(i: int, visited: set[int]) -> bool:
        for term in sorted(spans[i].owners):
            if term in visited:
                continue
            visited.add(term)
            if len(holders[term]) < demand.get(term, 0):
                holders[term].append(i)
                owner_of[i] = term
                return True
            for j in list(holders[term]):
                if augment(j, visited):
                    # j moved to another term; i takes its place here.
                    holders[term].remove(j)
                    holders[term].append(i)
                    owner_of[i] = term
                    return True
        return False

    for i in range(len(spans)):
        augment(i, set())
    return [(spans[i], term) for i, term in sorted(owner_of.items())]
