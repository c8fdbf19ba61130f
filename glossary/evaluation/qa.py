"""Term QA for one translation: for every term occurrence in the source, is it rendered?

The source occurrences come from whoever recognises terms (the term index of the
service, or ``terms.CompiledTerms`` for a dictionary); this module checks the
translation with the same rule as term accuracy (``terms.check_segment``): each
occurrence needs its own approved rendering, renderings may not overlap. An
occurrence without one is reported as using a deprecated or forbidden rendering
when the translation shows one, and as missing otherwise. Offsets are code
points into the texts as given.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from glossary.evaluation.dictionary import Term, TermList
from glossary.evaluation.terms import CompiledTerms, check_segment
from glossary.text import fold_with_offsets

Verdict = Literal["ok", "missing", "deprecated", "forbidden"]


@dataclass(frozen=True)
class SourceHit:
    """A term occurrence in the source: ``source[start:end]``, of ``terms[term]``."""

    start: int
    end: int
    term: int


@dataclass(frozen=True)
class Finding:
    """The verdict on one source occurrence."""

    hit: SourceHit
    term: Term
    verdict: Verdict
    # The rendering found (as the term base spells it) and where, for ok and wrong ones.
    rendering: str | None = None
    target_start: int | None = None
    target_end: int | None = None


def check_translation(
    terms: Sequence[Term], hits: Sequence[SourceHit], target: str, *, plurals: bool = False
) -> list[Finding]:
    """One finding per source hit, in source order (``plurals``: see ``matching.find_all``)."""
    used = sorted({h.term for h in hits})
    local = {term: i for i, term in enumerate(used)}
    compiled = CompiledTerms(TermList(tuple(terms[t] for t in used), "qa"), plurals=plurals)
    occurrences: dict[int, int] = defaultdict(int)
    for hit in hits:
        occurrences[local[hit.term]] += 1
    folded = fold_with_offsets(target)
    check = check_segment(compiled, dict(occurrences), folded.text)

    def original(start: int, end: int) -> tuple[int, int]:
        return folded.span(start, end)

    rendered: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for (span, term), (_, rendering) in zip(check.chosen, check.used, strict=True):
        rendered[term].append((*original(span.start, span.end), rendering))
    wrong: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    for start, end, term, rendering, status in check.wrong_spans:
        wrong[term].append((*original(start, end), rendering, status))
    findings = []
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        term = local[hit.term]
        if rendered[term]:
            start, end, rendering = rendered[term].pop(0)
            findings.append(Finding(hit, terms[hit.term], "ok", rendering, start, end))
        elif wrong[term]:
            start, end, rendering, status = wrong[term].pop(0)
            verdict: Verdict = "forbidden" if status == "forbidden" else "deprecated"
            findings.append(Finding(hit, terms[hit.term], verdict, rendering, start, end))
        else:
            findings.append(Finding(hit, terms[hit.term], "missing"))
    return findings


def source_hits(compiled: CompiledTerms, source: str) -> list[SourceHit]:
    """Occurrences of a term list's terms in ``source``, with offsets into it."""
    if compiled.term_list.find is not None:
        return list(compiled.term_list.find(source))
    folded = fold_with_offsets(source)
    hits = []
    for start, end, term in compiled.finder.find(folded.text):
        original_start, original_end = folded.span(start, end)
        hits.append(SourceHit(original_start, original_end, term))
    return hits


def finding_to_dict(finding: Finding, source: str, target: str) -> dict[str, object]:
    """A finding as JSON (the shape of /api/qa and ``glossary qa --json``)."""
    hit, term = finding.hit, finding.term
    located = finding.target_start is not None and finding.target_end is not None
    return {
        "source_text": source[hit.start : hit.end],
        "source_start": hit.start,
        "source_end": hit.end,
        "term": term.key,
        "approved": list(term.approved),
        "verdict": finding.verdict,
        "rendering": finding.rendering,
        "target_text": target[finding.target_start : finding.target_end] if located else None,
        "target_start": finding.target_start,
        "target_end": finding.target_end,
    }
