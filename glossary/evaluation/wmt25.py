"""The WMT25 terminology task's term success rate (track 2), exactly as published.

Kept apart from our own term accuracy (``terms``) so published numbers can be
compared like with like. The definition, from the task's ``evaluate_track2.py``
(wmt-conference/wmt25-terminology), for each segment and dictionary entry:

* the pair counts only if the source term occurs in the source and some
  rendering occurs in the reference (the dictionary was machine-extracted, so
  entries the reference does not use are left out);
* its rate is min(1, Σ occurrences of every rendering in the translation /
  occurrences of the source term in the source);
* the success rate is the mean rate over all counted pairs of the corpus.

Everything is compared after Python's ``str.lower()`` and nothing else: no
Traditional/Simplified folding, no word boundaries, and substrings count (a
source term inside a longer one is counted for both; 大灣區 inside 粵港澳大灣區).
With several references, a pair counts if any reference has a rendering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from glossary.evaluation.dictionary import TermList

Dictionary = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class SuccessRate:
    rate: float  # -1.0 when no pair counts, as the task's script reports it
    pairs: int
    total: float


def dictionary_of(term_list: TermList) -> dict[str, list[str]]:
    """Source form → approved renderings (a concept's every source form is an entry)."""
    entries: dict[str, list[str]] = {}
    for term in term_list.terms:
        for source in term.sources:
            renderings = entries.setdefault(source, [])
            renderings.extend(r for r in term.approved if r not in renderings)
    return entries


def success_rate(
    sources: Sequence[str],
    translations: Sequence[str],
    references: Sequence[Sequence[str]],
    dictionaries: Sequence[Dictionary],
) -> SuccessRate:
    """The corpus success rate; ``dictionaries[i]`` applies to segment ``i``.

    ``references`` is a list of reference streams, as for sacrebleu.
    """
    pairs = 0
    total = 0.0
    for i, (source, translation, entries) in enumerate(
        zip(sources, translations, dictionaries, strict=True)
    ):
        source = source.lower()
        translation = translation.lower()
        refs = [stream[i].lower() for stream in references]
        for term, renderings in entries.items():
            term = term.strip().lower()
            lowered = [r.strip().lower() for r in renderings]
            if not term or term not in source:
                continue
            if not any(r in ref for r in lowered for ref in refs):
                continue
            pairs += 1
            found = sum(translation.count(r) for r in lowered)
            total += min(found / source.count(term), 1.0)
    return SuccessRate(total / pairs if pairs else -1.0, pairs, total)
