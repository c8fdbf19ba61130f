"""Term metrics: how many source term occurrences a translation renders as approved.

The counting rule (``COUNTING_RULE``), as in notes/evaluation.md §2.7:

* a term occurs in the source wherever one of its source forms does
  (leftmost-longest, non-overlapping, on folded text);
* each occurrence needs its own span of an approved rendering in the
  translation; any approved rendering counts; the spans chosen for different
  occurrences may not overlap (the largest such set, see ``matching.assign``);
* comparison is on folded text: case, width, Traditional/Simplified and line
  breaks inside Chinese do not matter; a rendering must otherwise occur as
  written, unless English plurals are allowed (``plurals``).

Term accuracy = satisfied occurrences / occurrences, micro-averaged over the
corpus; the macro average weighs every term alike. An occurrence "used a wrong
rendering" when its segment shows a deprecated or forbidden rendering of the
term outside every approved span (at most one per occurrence). Consistency is
the share of satisfied occurrences that use their term's most frequent rendering.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from glossary.evaluation.dictionary import Term, TermList
from glossary.evaluation.matching import (
    SourceFinder,
    Span,
    assign,
    find_all,
    merge_spans,
    most_disjoint,
)
from glossary.text import fold

COUNTING_RULE = (
    "every source occurrence needs its own approved rendering; chosen renderings may not "
    "overlap; any approved rendering counts; case, width, Traditional/Simplified and CJK "
    "line breaks are folded"
)
PLURALS_RULE = "; English words of a rendering also match in the plural"


def counting_rule(plurals: bool) -> str:
    return COUNTING_RULE + (PLURALS_RULE if plurals else "")


class CompiledTerms:
    """A term list folded once, ready to check many segments."""

    def __init__(self, term_list: TermList, *, plurals: bool = False) -> None:
        self.term_list = term_list
        self.plurals = plurals
        self.terms: tuple[Term, ...] = term_list.terms
        self.finder = SourceFinder(
            ()
            if term_list.find is not None
            else ((form, i) for i, term in enumerate(self.terms) for form in term.sources)
        )
        # folded rendering → the rendering as the term list spells it
        self.approved: list[dict[str, str]] = []
        self.wrong: list[dict[str, tuple[str, str]]] = []
        for term in self.terms:
            approved: dict[str, str] = {}
            for rendering in term.approved:
                if key := fold(rendering):
                    approved.setdefault(key, rendering)
            self.approved.append(approved)
            wrong = {fold(r): (r, status) for r, status in term.wrong if fold(r)}
            self.wrong.append({k: v for k, v in wrong.items() if k not in approved})

    def occurrences(self, source: str) -> dict[int, int]:
        """Term index → number of occurrences in ``source``."""
        if self.term_list.find is not None:
            return dict(Counter(hit.term for hit in self.term_list.find(source)))
        counts: Counter[int] = Counter(owner for _, _, owner in self.finder.find(fold(source)))
        return dict(counts)


@dataclass
class SegmentCheck:
    """One translation checked against the term occurrences of its source."""

    occurrences: dict[int, int]
    hits: dict[int, int]
    # (term, rendering) for every approved span chosen
    used: list[tuple[int, str]]
    # (term, rendering, status) for every wrong rendering seen
    wrong: list[tuple[int, str, str]]
    wrong_used: dict[int, int]
    exact: bool = True
    # spans in the folded translation, for callers that point into the text
    chosen: list[tuple[Span, int]] = field(default_factory=list)
    wrong_spans: list[tuple[int, int, int, str, str]] = field(default_factory=list)


def check_segment(
    compiled: CompiledTerms, occurrences: dict[int, int], folded_target: str
) -> SegmentCheck:
    """Check one folded translation; ``occurrences`` comes from ``compiled.occurrences``."""
    raw: list[tuple[int, int, int]] = []
    rendering_at: dict[tuple[int, int, int], str] = {}
    for term in occurrences:
        for key, rendering in compiled.approved[term].items():
            for start, end in find_all(folded_target, key, plurals=compiled.plurals):
                raw.append((start, end, term))
                rendering_at.setdefault((start, end, term), rendering)
    assignment = assign(occurrences, merge_spans(raw))
    approved_spans = [Span(s, e, frozenset()) for s, e, _ in raw]
    wrong: list[tuple[int, str, str]] = []
    wrong_spans: list[tuple[int, int, int, str, str]] = []
    wrong_used: dict[int, int] = {}
    for term, count in occurrences.items():
        seen = []
        for key, (rendering, status) in compiled.wrong[term].items():
            for start, end in find_all(folded_target, key, plurals=compiled.plurals):
                span = Span(start, end, frozenset({term}))
                if not any(span.overlaps(a) for a in approved_spans):
                    seen.append((span, rendering, status))
        distinct = most_disjoint([s for s, _, _ in seen])
        for span, rendering, status in seen:
            if span in distinct:
                wrong.append((term, rendering, status))
                wrong_spans.append((span.start, span.end, term, rendering, status))
        if distinct:
            wrong_used[term] = min(len(distinct), count)
    chosen = list(assignment.chosen)
    return SegmentCheck(
        occurrences=occurrences,
        hits=assignment.hits(),
        used=[(term, rendering_at[(span.start, span.end, term)]) for span, term in chosen],
        wrong=wrong,
        wrong_used=wrong_used,
        exact=assignment.exact,
        chosen=chosen,
        wrong_spans=sorted(wrong_spans),
    )


@dataclass
class TermRow:
    """One term over the whole corpus."""

    key: str
    sources: tuple[str, ...]
    approved: tuple[str, ...]
    occurrences: int = 0
    hits: int = 0
    wrong_used: int = 0
    renderings: Counter[str] = field(default_factory=Counter)
    wrong: Counter[tuple[str, str]] = field(default_factory=Counter)
    missed_in: list[int] = field(default_factory=list)  # 1-based segment numbers

    @property
    def accuracy(self) -> float:
        return 100.0 * self.hits / self.occurrences if self.occurrences else 0.0


@dataclass
class TermScores:
    """Term metrics of one translation of the corpus."""

    hits: int
    occurrences: int
    wrong_used: int
    rows: list[TermRow]
    # per segment [hits, occurrences, wrong_used], for bootstrap and paired tests
    stats: np.ndarray
    inexact_segments: int = 0

    @property
    def accuracy(self) -> float:
        return 100.0 * self.hits / self.occurrences if self.occurrences else 0.0

    @property
    def wrong_rate(self) -> float:
        return 100.0 * self.wrong_used / self.occurrences if self.occurrences else 0.0

    @property
    def macro_accuracy(self) -> float:
        rows = [r for r in self.rows if r.occurrences]
        return sum(r.accuracy for r in rows) / len(rows) if rows else 0.0

    @property
    def consistency(self) -> float:
        used = sum(r.hits for r in self.rows)
        top = sum(r.renderings.most_common(1)[0][1] for r in self.rows if r.renderings)
        return 100.0 * top / used if used else 0.0


def accuracy_from_stats(summed: np.ndarray) -> float:
    """Term accuracy (%) from summed per-segment ``stats``."""
    return 100.0 * float(summed[0]) / float(summed[1]) if summed[1] else 0.0


def score_terms(
    compiled: Sequence[CompiledTerms],
    occurrences: Sequence[dict[int, int]],
    translations: Sequence[str],
) -> TermScores:
    """Term metrics of ``translations``; segment ``i`` is checked with ``compiled[i]``."""
    rows: dict[str, TermRow] = {}
    stats = np.zeros((len(translations), 3), dtype=np.int64)
    inexact = 0
    for i, (terms, found, text) in enumerate(zip(compiled, occurrences, translations, strict=True)):
        if not found:
            continue
        check = check_segment(terms, found, fold(text))
        inexact += not check.exact
        for term, count in found.items():
            row = _row(rows, terms.terms[term])
            row.occurrences += count
            row.hits += check.hits.get(term, 0)
            row.wrong_used += check.wrong_used.get(term, 0)
            if check.hits.get(term, 0) < count:
                row.missed_in.append(i + 1)
        for term, rendering in check.used:
            _row(rows, terms.terms[term]).renderings[rendering] += 1
        for term, rendering, status in check.wrong:
            _row(rows, terms.terms[term]).wrong[(rendering, status)] += 1
        stats[i] = (sum(check.hits.values()), sum(found.values()), sum(check.wrong_used.values()))
    ordered = sorted(rows.values(), key=lambda r: (-r.occurrences, r.key))
    return TermScores(
        hits=int(stats[:, 0].sum()),
        occurrences=int(stats[:, 1].sum()),
        wrong_used=int(stats[:, 2].sum()),
        rows=ordered,
        stats=stats,
        inexact_segments=inexact,
    )


def _row(rows: dict[str, TermRow], term: Term) -> TermRow:
    row = rows.get(term.key)
    if row is None:
        row = rows[term.key] = TermRow(term.key, term.sources, term.approved)
    return row


def find_occurrences(
    compiled: Sequence[CompiledTerms], sources: Sequence[str]
) -> list[dict[int, int]]:
    return [terms.occurrences(text) for terms, text in zip(compiled, sources, strict=True)]


def per_segment(
    term_lists: Sequence[TermList], parts: Sequence[int], *, plurals: bool = False
) -> list[CompiledTerms]:
    """The compiled term list of each segment: ``parts[i]`` indexes ``term_lists``."""
    compiled = [CompiledTerms(t, plurals=plurals) for t in term_lists]
    return [compiled[p] for p in parts]
