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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import daachorse
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
    entry: str  # the dictionary's key, as written
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


class SubstringCounter:
    """How often each of many strings occurs in a text, as ``str.count`` counts them.

    One Aho-Corasick scan (daachorse) finds every occurrence of every string,
    overlaps included; taking each string's occurrences left to right and
    skipping those that overlap the last one taken gives ``text.count(string)``
    exactly. A dictionary of a thousand entries costs one pass over the text
    instead of a thousand.
    """

    def __init__(self, strings: Iterable[str]) -> None:
        self.ids = {s: i for i, s in enumerate(dict.fromkeys(s for s in strings if s))}
        self._automaton = (
            daachorse.CharwiseDoubleArrayAhoCorasick(list(self.ids), daachorse.MATCH_KIND_STANDARD)
            if self.ids
            else None
        )

    def counts(self, text: str) -> Counts:
        found: dict[int, int] = {}
        if self._automaton is not None:
            ends: dict[int, int] = {}
            # Sorted by end; one string's occurrences all have its length, so by start too.
            for start, end, i in self._automaton.find_overlapping(text):
                if start >= ends.get(i, 0):
                    found[i] = found.get(i, 0) + 1
                    ends[i] = end
        return Counts(self.ids, found, len(text))


@dataclass(frozen=True)
class Counts:
    ids: dict[str, int]
    found: dict[int, int]
    length: int

    def __getitem__(self, string: str) -> int:
        if not string:
            return self.length + 1  # as "".count("") and str.count("") count
        return self.found.get(self.ids[string], 0)


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
        self._renderings = SubstringCounter(r for p in pairs for r in p.renderings)

    def __len__(self) -> int:
        return len(self.pairs)

    def rates(self, translations: Sequence[str], *, normalised: bool = False) -> np.ndarray:
        """Each pair's rate, min(1, renderings found / source occurrences).

        ``normalised``: the translations have been through ``normalise`` already.
        """
        if len(translations) != self.segments:
            raise ValueError(f"{len(translations)} translations for {self.segments} segments")
        rates = np.zeros(len(self.pairs), dtype=np.float64)
        for members, translation in zip(self.by_segment, translations, strict=True):
            if not members:
                continue
            text = translation if normalised else self.normalise(translation)
            counts = self._renderings.counts(text)
            for k in members:
                pair = self.pairs[k]
                found = sum(counts[r] for r in pair.renderings)
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


class _Entries:
    """One dictionary normalised, with counters for its terms and renderings."""

    def __init__(self, entries: Dictionary, normalise: Normalise) -> None:
        self.entries = [
            (entry, normalise(entry.strip()), tuple(normalise(r.strip()) for r in renderings))
            for entry, renderings in entries.items()
        ]
        self.terms = SubstringCounter(term for _, term, _ in self.entries)
        self.renderings = SubstringCounter(r for _, _, rs in self.entries for r in rs)
        # term → the entries (in dictionary order) that normalise to it
        self.by_term: dict[str, list[int]] = {}
        for k, (_, term, _) in enumerate(self.entries):
            if term:
                self.by_term.setdefault(term, []).append(k)

    def pairs(self, segment: int, source: str, references: list[str]) -> list[Pair]:
        terms = self.terms.counts(source)
        present = sorted(
            k for term, i in self.terms.ids.items() if i in terms.found for k in self.by_term[term]
        )
        if not present:
            return []
        in_references = [self.renderings.counts(ref) for ref in references]
        found = []
        for k in present:
            entry, term, renderings = self.entries[k]
            if any(counts[r] for r in renderings for counts in in_references):
                found.append(Pair(segment, entry, term, renderings, terms[term]))
        return found


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
    prepared: dict[int, _Entries] = {}
    pairs: list[Pair] = []
    for i, (source, entries) in enumerate(zip(sources, dictionaries, strict=True)):
        if id(entries) not in prepared:
            prepared[id(entries)] = _Entries(entries, normalise)
        refs = [normalise(stream[i]) for stream in references]
        pairs += prepared[id(entries)].pairs(i, normalise(source), refs)
    return Pairs(pairs, len(sources), normalise)


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
