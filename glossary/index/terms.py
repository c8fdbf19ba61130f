"""Term recognition: every term of the term base in a text, Traditional or Simplified.

One charwise double-array Aho-Corasick automaton (daachorse) over the folded
forms of all terms in all languages finds occurrences leftmost-longest and
without overlaps, so 粵港澳大灣區 wins over 大灣區 and one- and two-character
terms are found like any other. The text is folded with offsets
(glossary.text.fold_with_offsets), so a hit in the folded key leads back to the
original text: 「規上\\n\\n工業」 is found as 规上工业 and reported with the line
breaks it has. Terms that begin or end with a Latin letter or digit match only
at word edges (glossary.index.words).

Use it without Flask or a database::

    index = TermIndex(cards)              # cards: ConceptCard records
    for hit in index.find(text):
        hit.start, hit.end, hit.text      # code points into ``text``
        hit.terms[0].concept_id           # every term with that folded form

``glossary.store.terms.build_term_index(session)`` makes the cards from the
database; ``TermIndex.changed`` gives the index after some concepts changed.

Changes: the automaton is rebuilt only when the set of folded forms changes (a
term added, removed or renamed); any other change (a status, a note) reuses it.
A rebuild at 100,000 terms takes a fraction of a second (BENCHMARKS.md). An
exact tombstone-and-delta scheme would save that, but merging two leftmost-longest
scans, or skipping a dead pattern, loses the matches the discarded ones hid.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import daachorse
import numpy as np

from glossary.index.words import mark, mark_term
from glossary.text import Folded, fold_with_offsets

__all__ = ["ConceptCard", "IndexedTerm", "SearchHit", "Spans", "TermHit", "TermIndex"]

# Characters of marked text per automaton call (see TermIndex._scan).
SCAN_WINDOW = 1 << 16
# Best first when several terms share a folded form.
STATUS_ORDER = {"preferred": 0, "admitted": 1, "deprecated": 2, "forbidden": 3}


@dataclass(frozen=True, slots=True)
class IndexedTerm:
    """One term as the index knows it."""

    id: int
    concept_id: int
    lang: str
    text: str
    status: str
    folded: str


@dataclass(frozen=True, slots=True)
class ConceptCard:
    """What a hit shows of its concept, kept in memory so recognition needs no query."""

    id: int
    status: str
    subject_field: str | None
    terms: tuple[IndexedTerm, ...]
    notes: Mapping[str, str] = field(default_factory=dict)
    definitions: Mapping[str, str] = field(default_factory=dict)


class TermHit(NamedTuple):
    """One occurrence: ``text == original[start:end]`` (code points).

    A named tuple: a paragraph makes dozens, and a frozen dataclass costs twice as
    much to make (0.53 against 0.25 µs).
    """

    start: int
    end: int
    text: str
    # Every term whose folded form matched, best status first; usually one
    # concept, several when two concepts share a designation.
    terms: tuple[IndexedTerm, ...]

    @property
    def concept_ids(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(t.concept_id for t in self.terms))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A concept found through one of its terms."""

    card: ConceptCard
    term: IndexedTerm
    score: float


@dataclass(frozen=True)
class Spans:
    """Hits as arrays, for whole documents: original start and end, and pattern id."""

    starts: np.ndarray
    ends: np.ndarray
    patterns: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)


_NO_SPANS = Spans(*(np.zeros(0, dtype=np.int64) for _ in range(3)))


def _term_order(term: IndexedTerm) -> tuple[int, int, int]:
    return (STATUS_ORDER.get(term.status, 9), term.concept_id, term.id)


class TermIndex:
    """An immutable term automaton with the concepts it came from.

    Instances never change, so a request can keep using one while the next is
    built; ``changed`` returns a new index.
    """

    def __init__(self, cards: Iterable[ConceptCard] = ()) -> None:
        # What readers derive from this index's cards, kept with it (see index.term_views).
        self.view_cache: dict[tuple[object, ...], object] = {}
        self._cards: dict[int, ConceptCard] = {c.id: c for c in cards}
        self._groups: dict[str, tuple[IndexedTerm, ...]] = {}
        grouped: dict[str, list[IndexedTerm]] = {}
        for card in self._cards.values():
            for term in card.terms:
                if term.folded:
                    grouped.setdefault(mark_term(term.folded), []).append(term)
        self._groups = {p: tuple(sorted(ts, key=_term_order)) for p, ts in grouped.items()}
        self._compile()

    def _compile(self) -> None:
        self._patterns = list(self._groups)
        self._pattern_id = {p: i for i, p in enumerate(self._patterns)}
        self._pattern_terms = [self._groups[p] for p in self._patterns]
        self._longest = max(map(len, self._patterns), default=0)
        self._automaton = (
            daachorse.CharwiseDoubleArrayAhoCorasick(
                self._patterns, daachorse.MATCH_KIND_LEFTMOST_LONGEST
            )
            if self._patterns
            else None
        )

    def __getstate__(self) -> dict[str, object]:
        # What readers derived is theirs to remake; a pickle holds the index alone.
        return {k: v for k, v in self.__dict__.items() if k not in ("view_cache", "_blob")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.view_cache = {}

    # -- reading ---------------------------------------------------------------

    def __len__(self) -> int:
        """The number of distinct folded forms (automaton patterns)."""
        return len(self._patterns)

    def card(self, concept_id: int) -> ConceptCard | None:
        return self._cards.get(concept_id)

    def cards(self) -> Iterable[ConceptCard]:
        return self._cards.values()

    def lookup(self, folded: str) -> tuple[IndexedTerm, ...]:
        """The terms whose folded form is exactly ``folded``."""
        return self._groups.get(mark_term(folded), ())

    def forms(self) -> list[tuple[str, tuple[IndexedTerm, ...]]]:
        """Every folded form with its terms (for fuzzy search); made once per index."""
        forms = self.__dict__.get("_forms")
        if forms is None:
            forms = self._forms = [(ts[0].folded, ts) for ts in self._pattern_terms]
        return forms

    def matching(self, key: str, mode: str, limit: int) -> list[tuple[IndexedTerm, float]]:
        """Terms whose folded form equals (``exact``), starts with (``prefix``) or contains
        (``contains``) ``key``: the shortest first, then by term id, at most ``limit``; each
        with the share of its form that ``key`` covers.

        What a database query over the folded forms would return, from memory.
        """
        if mode == "exact":
            forms = [key] if self._groups.get(mark_term(key)) else []
        else:
            forms = self._forms_containing(key)
            if mode == "prefix":
                forms = [f for f in forms if f.startswith(key)]
        terms = [t for f in forms for t in self._groups[mark_term(f)]]
        terms.sort(key=lambda t: (len(t.folded), t.id))
        return [(t, len(key) / max(len(t.folded), 1)) for t in terms[:limit]]

    def _forms_containing(self, key: str) -> list[str]:
        """The distinct folded forms holding ``key``: one search through all of them joined."""
        blob = self.__dict__.get("_blob")
        if blob is None:
            forms = [f for f, _ in self.forms()]
            starts, at = [], 0
            for form in forms:
                starts.append(at)
                at += len(form) + 1
            blob = self._blob = ("\0".join(forms), starts, forms)
        text, starts, forms = blob
        found: list[str] = []
        at = text.find(key)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            found.append(forms[i])
            at = text.find(key, starts[i] + len(forms[i]) + 1)  # on to the next form
        return found

    def find_spans(self, text: str, folded: Folded | None = None) -> Spans:
        """Every hit in ``text`` as arrays, leftmost-longest, without overlaps.

        The fast path for whole documents: no Python object per hit.
        ``folded``: the text's fold, when the caller has made it already.
        """
        if self._automaton is None or not text:
            return _NO_SPANS
        folded = fold_with_offsets(text) if folded is None else folded
        marked = mark(folded.text)
        flat = self._scan(marked.text)
        if not len(flat):
            return _NO_SPANS
        starts, ends = folded.spans(marked.unmark(flat[:, 0]), marked.unmark(flat[:, 1]))
        patterns = flat[:, 2]
        if len(starts) > 1 and bool((starts[1:] < ends[:-1]).any()):
            keep = _without_overlaps(starts, ends)
            starts, ends, patterns = starts[keep], ends[keep], patterns[keep]
        return Spans(starts, ends, patterns)

    def _scan(self, text: str) -> np.ndarray:
        """(start, end, pattern) rows of the automaton's leftmost-longest matches.

        Long texts go in windows of SCAN_WINDOW characters, so that the Python
        tuples daachorse returns never pile up (a dense 10 MB text gives 1.7
        million). A window reads ``longest`` characters further, and keeps the
        matches that start inside it: each of those is what a scan of the whole
        text finds, since every pattern starting there fits. The next window
        starts where the last kept match ends, or where the window ended.
        """
        assert self._automaton is not None
        size, reach = SCAN_WINDOW, self._longest
        parts: list[np.ndarray] = []
        at = 0
        while at < len(text):
            stop = min(len(text), at + size + reach)
            found = self._automaton.find(text[at:stop] if at or stop < len(text) else text)
            rows = np.fromiter(itertools.chain.from_iterable(found), np.int64, 3 * len(found))
            rows = rows.reshape(-1, 3)
            if stop == len(text):
                rows[:, :2] += at
                parts.append(rows)
                break
            rows = rows[rows[:, 0] < size]
            rows[:, :2] += at
            parts.append(rows)
            at = max(int(rows[-1, 1]), at + size) if len(rows) else at + size
        return np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)

    def find(self, text: str, folded: Folded | None = None) -> list[TermHit]:
        """Every term occurrence in ``text``, in order, as ``TermHit`` records.

        Offsets are code points into ``text`` as given; ``hit.text`` is the
        original slice, line breaks and all. ``folded``: as for ``find_spans``.
        """
        spans = self.find_spans(text, folded)
        terms = self._pattern_terms
        return [
            TermHit(s, e, text[s:e], terms[p])
            for s, e, p in zip(
                spans.starts.tolist(), spans.ends.tolist(), spans.patterns.tolist(), strict=True
            )
        ]

    # -- changing ----------------------------------------------------------------

    def changed(
        self, upserts: Iterable[ConceptCard] = (), removed: Iterable[int] = ()
    ) -> TermIndex:
        """A new index with these concepts added or replaced and those removed.

        The automaton is reused when the set of folded forms stays the same.
        """
        cards = dict(self._cards)
        touched, fresh = _swap_cards(cards, upserts, removed)
        groups = dict(self._groups)
        affected = _regroup(groups, touched, fresh)

        index = TermIndex.__new__(TermIndex)
        index.view_cache = {}
        index._cards = cards
        index._groups = groups
        if groups.keys() == self._pattern_id.keys():
            index._patterns = self._patterns
            index._pattern_id = self._pattern_id
            index._automaton = self._automaton
            index._longest = self._longest
            index._pattern_terms = list(self._pattern_terms)
            for pattern in affected:
                index._pattern_terms[self._pattern_id[pattern]] = groups[pattern]
        else:
            index._compile()
        return index


def _swap_cards(
    cards: dict[int, ConceptCard], upserts: Iterable[ConceptCard], removed: Iterable[int]
) -> tuple[list[ConceptCard], list[ConceptCard]]:
    """Remove and upsert concepts in ``cards``; the cards replaced or removed, and the new."""
    touched: list[ConceptCard] = []
    for concept_id in removed:
        old = cards.pop(concept_id, None)
        if old is not None:
            touched.append(old)
    fresh = list(upserts)
    for card in fresh:
        old = cards.get(card.id)
        if old is not None:
            touched.append(old)
        cards[card.id] = card
    return touched, fresh


def _regroup(
    groups: dict[str, tuple[IndexedTerm, ...]],
    touched: list[ConceptCard],
    fresh: list[ConceptCard],
) -> set[str]:
    """Bring the terms per pattern in ``groups`` up to date; the patterns that changed."""
    ids = {c.id for c in touched} | {c.id for c in fresh}
    affected = {mark_term(t.folded) for c in touched + fresh for t in c.terms if t.folded}
    for pattern in affected:
        kept = [t for t in groups.get(pattern, ()) if t.concept_id not in ids]
        groups[pattern] = tuple(kept)
    for card in fresh:
        for term in card.terms:
            if term.folded:
                pattern = mark_term(term.folded)
                groups[pattern] = tuple(sorted((*groups[pattern], term), key=_term_order))
    for pattern in affected:
        if not groups[pattern]:
            del groups[pattern]
    return affected


def _without_overlaps(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Keep the first of hits that overlap in the original text.

    Folded hits never overlap, but two can point into one original character
    that folded to several (㍿ → 株式会社).
    """
    keep = np.ones(len(starts), dtype=bool)
    last_end = -1
    for i, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if s < last_end:
            keep[i] = False
        else:
            last_end = e
    return keep
