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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from glossary.evaluation.dictionary import TermList

Dictionary = Mapping[str, Sequence[str]]
Normalise = Callable[[str], str]


@dataclass(frozen=True)
class SuccessRate:
    rate: float  # -1.0 when no pair counts, as the task's script reports it
    pairs: int
    total: float


@dataclass(frozen=True)
class Pair:
    """A (segment, dictionary entry) pair that counts."""

    segment: int
    term: str  # normalised, as compared
    renderings: tuple[str, ...]  # normalised; a rendering listed twice counts twice
    source_count: int


def dictionary_of(term_list: TermList) -> dict[str, list[str]]:
    """Source form → approved renderings (a concept's every source form is an entry)."""
    entries: dict[str, list[str]] = {}
    for term in term_list.terms:
        for source in term.sources:
            renderings = entries.setdefault(source, [])
            renderings.extend(r for r in term.approved if r not in renderings)
    return entries


class Pairs:
    """The pairs of a corpus, found once; any number of translations scored against them.

    The source and reference filter does not depend on the translation, so a
    table of many systems finds the pairs once and only counts renderings per system.
    """

    def __init__(self, pairs: list[Pair], segments: int, normalise: Normalise) -> None:
        self.pairs = pairs
        self.segments = segments
        self.normalise = normalise
        self.by_segment: list[list[int]] = [[] for _ in range(segments)]
        for k, pair in enumerate(pairs):
            self.by_segment[pair.segment].append(k)

    def __len__(self) -> int:
        return len(self.pairs)

    def rates(self, translations: Sequence[str]) -> np.ndarray:
        """Each pair's rate, min(1, renderings found / source occurrences)."""
        if len(translations) != self.segments:
            raise ValueError(f"{len(translations)} translations for {self.segments} segments")
        rates = np.zeros(len(self.pairs), dtype=np.float64)
        for members, translation in zip(self.by_segment, translations, strict=True):
            if not members:
                continue
            text = self.normalise(translation)
            for k in members:
                pair = self.pairs[k]
                found = sum(text.count(r) for r in pair.renderings)
                rates[k] = min(found / pair.source_count, 1.0)
        return rates

    def segment_stats(self, rates: np.ndarray) -> np.ndarray:
        """Per segment [Σ rates, pairs]: what the success rate sums, for resampling."""
        stats = np.zeros((self.segments, 2), dtype=np.float64)
        segments = np.fromiter((p.segment for p in self.pairs), dtype=np.int64, count=len(self))
        np.add.at(stats[:, 0], segments, rates)
        np.add.at(stats[:, 1], segments, 1.0)
        return stats

    def success_rate(self, translations: Sequence[str]) -> SuccessRate:
        rates = self.rates(translations)
        total = float(rates.sum()) if len(rates) else 0.0
        pairs = len(self.pairs)
        return SuccessRate(total / pairs if pairs else -1.0, pairs, total)


def rate_from_stats(summed: np.ndarray) -> float:
    """The success rate from summed ``Pairs.segment_stats`` (-1 without pairs)."""
    return float(summed[0]) / float(summed[1]) if summed[1] else -1.0


def find_pairs(
    sources: Sequence[str],
    references: Sequence[Sequence[str]],
    dictionaries: Sequence[Dictionary],
    normalise: Normalise = str.lower,
) -> Pairs:
    """The pairs that count; ``dictionaries[i]`` applies to segment ``i``.

    ``references`` is a list of reference streams, as for sacrebleu. ``normalise``
    is the task's ``str.lower``; another (such as ``glossary.text.fold``) gives
    the same rule on differently normalised text.
    """
    normalised: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    pairs: list[Pair] = []
    for i, (source, entries) in enumerate(zip(sources, dictionaries, strict=True)):
        if id(entries) not in normalised:
            normalised[id(entries)] = _normalised_entries(entries, normalise)
        source = normalise(source)
        refs = [normalise(stream[i]) for stream in references]
        for term, renderings in normalised[id(entries)]:
            if not term or term not in source:
                continue
            if not any(r in ref for r in renderings for ref in refs):
                continue
            pairs.append(Pair(i, term, renderings, source.count(term)))
    return Pairs(pairs, len(sources), normalise)


def _normalised_entries(
    entries: Dictionary, normalise: Normalise
) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (normalise(term.strip()), tuple(normalise(r.strip()) for r in renderings))
        for term, renderings in entries.items()
    ]


def success_rate(
    sources: Sequence[str],
    translations: Sequence[str],
    references: Sequence[Sequence[str]],
    dictionaries: Sequence[Dictionary],
) -> SuccessRate:
    """The corpus success rate; ``dictionaries[i]`` applies to segment ``i``.

    ``references`` is a list of reference streams, as for sacrebleu.
    """
    return find_pairs(sources, references, dictionaries).success_rate(translations)
