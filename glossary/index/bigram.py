"""The fuzzy search over one set of segments: a character-bigram index with an admissible bound.

The score is the CAT tools' fuzzy match: 1 − Levenshtein(a, b) / max(|a|, |b|),
on characters (Chinese has no spaces). Scoring every stored segment costs about
0.4 s per query at a million segments, so the index finds the few that can
reach the threshold and scores only those (notes/performance.md §3):

* every segment's *distinct* character bigrams go into CSR posting lists
  (numpy arrays: sorted keys, offsets, segment positions);
* segments are numbered by length, so a query's length window
  (t·|q| ≤ |s| ≤ |q|/t) is one contiguous slice of every posting list;
* one edit destroys at most two bigrams, so a segment that shares ``c`` of the
  query's ``Uq`` distinct bigrams and has ``Us`` of its own is at least
  max(⌈(Uq−c)/2⌉, ⌈(Us−c)/2⌉, ||q|−|s||) edits away: an upper bound on its score;
* so a segment must share a number of bigrams that grows as its length falls:
  the window is cut into bands of lengths by that demand; a window of few postings
  is merged whole, and otherwise in each band only the rarest lists are merged, the
  others looked up (``_count``);
* for a long query, a few likely candidates are scored first, and the k-th best
  of them raises the threshold (narrower window, higher demand);
* candidates are verified with RapidFuzz in decreasing bound order, and the
  search stops as soon as the k-th best score reaches the next bound.

That makes the top-k exact for any threshold. Below 0.7 the bound is weak and
exactness would cost tens of milliseconds, so callers pass a *budget* of
verifications; a search that runs out of budget says so (``exact=False``).

Pure computation over strings: no I/O, no database.
"""

from __future__ import annotations

import functools
import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from glossary.index.segments import Segments, bigram_keys, build_segments

__all__ = ["BigramIndex", "Search", "fuzzy_score", "length_window"]

# Tolerance for comparing float bounds with scores computed the same way.
EPS = 1e-9
# RapidFuzz turns a score cutoff into a distance cutoff and can drop a score
# exactly at the cutoff (0.6 for 3 of 5 characters); ask it for a little less
# and compare exactly here.
CUTOFF_MARGIN = 1e-6
FIRST_BATCH = 16
# Up to this many segments a scan of all of them is quicker than the bigram search, whose
# fixed cost is that of scoring several hundred segments in C (scripts/bench_small_index.py:
# half the time at 512, even at about 1,000). Small memories and delta tiers are common,
# and each lookup searches every memory.
SCAN_UP_TO = 512
# Posting lists this short are merged rather than looked up in (see ``_count``).
MERGE_SMALL = 256
# Up to this many postings in the window, all of them are merged at once (see ``_count``).
TALLY_UP_TO = 32768
# Where each segment length begins is kept for lengths up to this (see ``_at``).
LENGTH_TABLE = 4096
# Lengths with fewer segments than this join the next band (see ``_bands``).
MIN_BAND = 4096
# A first guess at the k-th best score (``_kth_floor``) pays from about this query length
# on: a long query's window of lengths is wide. For shorter ones it cost 25–30 µs of a
# 170–220 µs search and saved nothing (a million units, bench_serving's queries).
FLOOR_FROM = 24
# The first guess merges at most this many postings.
GUESS_ENTRIES = 16_384


def length_window(q_len: int, t: float) -> tuple[int, int]:
    """The shortest and longest segment lengths at which a score of t − EPS is possible
    for a query of ``q_len`` characters (scores are compared so)."""
    lo_len = math.ceil(q_len * (t - EPS) - EPS)
    hi_len = math.floor(q_len / max(t - EPS, EPS) + EPS)
    return lo_len, hi_len


def fuzzy_score(a: str, b: str) -> float:
    """1 − Levenshtein distance / longer length (1.0 for two empty strings)."""
    return float(Levenshtein.normalized_similarity(a, b))


@dataclass(frozen=True, slots=True)
class Band:
    """Positions [lo, hi) of the length order, whose segments must share ``at_least``
    of the query's bigrams."""

    lo: int
    hi: int
    at_least: int


@dataclass(frozen=True, slots=True)
class Search:
    """A search's (row, score) pairs, best first, and whether they are provably the top k."""

    hits: list[tuple[int, float]]
    exact: bool
    verified: int


class BigramIndex:
    """Fuzzy search over immutable segments (glossary.index.segments), mapped or in memory.

    Hits are (id, score) pairs, the ids those of the segments (list positions
    when built from a plain list of texts).
    """

    def __init__(self, texts: Sequence[str] | Segments) -> None:
        if not isinstance(texts, Segments):
            texts = build_segments((i, 0, t, "") for i, t in enumerate(texts))
        self.segments = texts
        self.size = len(texts)
        self.lens = texts.lens
        self.nbig = texts.nbig
        self.ids = texts.ids
        self._postings = texts.source_postings
        self.text = texts.source.get
        self.texts = texts.source.many
        self._all_texts: list[str] | None = None

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays and texts (mapped or not)."""
        return self.segments.nbytes

    @functools.cached_property
    def groups(self) -> frozenset[int]:
        """The language-pair groups its segments belong to (found once, on first use)."""
        return frozenset(np.unique(self.segments.groups).tolist())

    def search(
        self,
        query: str,
        threshold: float,
        k: int,
        *,
        allowed: Callable[[np.ndarray], np.ndarray] | None = None,
        budget: int | None = None,
    ) -> Search:
        """The k segments most similar to ``query`` with a score ≥ ``threshold``.

        :param allowed: given candidate positions, a bool for each: False ones are never returned.
        :param budget: verify at most this many candidates (then ``exact`` may be False).
        """
        q_len = len(query)
        if q_len == 0 or self.size == 0 or k <= 0:
            return Search([], True, 0)
        t = max(threshold, EPS)
        if self.size <= SCAN_UP_TO:
            return self._scan(query, t, k, allowed)
        query_keys = bigram_keys(query)
        u_q = len(query_keys)
        lists = self._postings.lists(query_keys)
        if budget is None and q_len >= FLOOR_FROM:
            t = self._kth_floor(query, t, k, lists, allowed)
        lo_len, hi_len = self._lengths(q_len, t)
        lo = self._at(lo_len, "left")
        hi = self._at(hi_len, "right")
        if lo >= hi:
            return Search([], True, 0)
        sharing, shared = self._count(lists, self._bands(q_len, u_q, t, lo_len, hi_len))
        positions = sharing
        bound = _bound(q_len, u_q, shared, self.nbig[positions], self.lens[positions])
        # Segments that share no bigram can still qualify when the query is short.
        # A budgeted search leaves them out when they are many (they are the least
        # likely matches) and then says it may have missed some.
        # The best an unshared segment could score (``left_out``) is kept to tell
        # afterwards whether the hits found beat it anyway.
        left_out = 0.0
        reach, reach_best = self._unshared_lengths(q_len, u_q, t, lo, hi)
        if len(reach) and budget is not None and u_q > 0 and self._count_of(reach) > 4 * budget:
            left_out = float(reach_best.max())
        elif len(reach):
            extra = self._unshared(reach, sharing, q_len, u_q, t)
            positions = np.concatenate((positions, extra))
            zeros = np.zeros(len(extra), dtype=np.int64)
            shared = np.concatenate((shared, zeros))
            bound = np.concatenate(
                (bound, _bound(q_len, u_q, zeros, self.nbig[extra], self.lens[extra]))
            )
        keep = bound >= t - EPS
        positions, bound, shared = positions[keep], bound[keep], shared[keep]
        if allowed is not None:
            keep = allowed(positions)
            positions, bound, shared = positions[keep], bound[keep], shared[keep]
        rows = np.asarray(self.ids[positions], dtype=np.int64)
        if budget is None:
            ranked = np.lexsort((rows, -bound))
        else:
            # With a budget, the segments sharing the most bigrams are the likeliest matches.
            ranked = np.lexsort((rows, -bound, -shared))
        found = _verify(
            query,
            t,
            k,
            rows[ranked],
            positions[ranked],
            bound[ranked],
            self.texts,
            budget,
            ordered_by_bound=budget is None,
        )
        complete = not left_out or (len(found.hits) == k and found.hits[-1][1] >= left_out - EPS)
        return Search(found.hits, found.exact and complete, found.verified)

    def _scan(
        self, query: str, t: float, k: int, allowed: Callable[[np.ndarray], np.ndarray] | None
    ) -> Search:
        """Every segment of a length that can reach ``t`` scored: the same hits as the
        search (a full scan is its definition), always exact (no budget cuts it short: a
        budget is never below SCAN_UP_TO here)."""
        lo_len, hi_len = self._lengths(len(query), t)
        positions = np.arange(self._at(lo_len, "left"), self._at(hi_len, "right"))
        if allowed is not None:
            positions = positions[allowed(positions)]
        rows = self.ids[positions].tolist()
        texts = self._texts()
        found = process.extract_iter(
            query,
            [texts[p] for p in positions.tolist()],
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=max(0.0, t - CUTOFF_MARGIN),
        )
        hits = [(rows[j], score) for _, score, j in found if score >= t - EPS and score > 0]
        hits.sort(key=lambda h: (-h[1], h[0]))
        return Search(hits[:k], True, len(rows))

    def _texts(self) -> list[str]:
        """All the segments' texts, decoded once (only small indexes are scanned)."""
        if self._all_texts is None:
            self._all_texts = self.segments.source.many(range(self.size))
        return self._all_texts

    def _at(self, length: int, side: Literal["left", "right"]) -> int:
        """Where segments of ``length`` begin (left) or end (right) in the length order."""
        first = length if side == "left" else length + 1
        starts = self._length_starts
        if 0 <= first < len(starts):
            return starts[first]
        # The length is cast to the array's own type first: given another type (even a
        # Python int), numpy converts the whole mapped array to compare, which costs
        # about 0.2 ms at a million segments.
        return int(self.lens.searchsorted(self.lens.dtype.type(length), side))

    @functools.cached_property
    def _length_starts(self) -> list[int]:
        """Where each length begins, up to a few thousand: a search asks several times,
        and a search of the mapped lengths costs some microseconds each time."""
        top = min(int(self.lens[-1]) + 1 if self.size else 0, LENGTH_TABLE) + 1
        return self.lens.searchsorted(np.arange(top, dtype=self.lens.dtype)).tolist()

    def _lengths(self, q_len: int, t: float) -> tuple[int, int]:
        """``length_window``, up to the longest segment: a tiny threshold's window would
        otherwise overflow the lengths' integer type."""
        lo_len, hi_len = length_window(q_len, t)
        return lo_len, min(hi_len, int(self.lens[-1]))

    def _bands(self, q_len: int, u_q: int, t: float, lo_len: int, hi_len: int) -> list[Band]:
        """The window of lengths cut where the bigrams a segment must share change.

        An edit destroys at most two bigrams, so a segment of length L that shares fewer
        than u_q − 2·E(L) of the query's u_q is more than E(L) = ⌊(1 − t)·max(L, |q|)⌋
        edits away. Shorter segments allow fewer edits and must share more: the longest
        lengths alone would let the whole window through with a weak demand. A band of
        few segments joins the next (with the next's smaller demand, which is safe):
        each band costs its own merge.
        """
        lengths = range(lo_len, hi_len + 1)
        demand = [u_q - 2 * _most_edits(t, max(length, q_len)) for length in lengths]
        bands: list[Band] = []
        start = self._at(lo_len, "left")
        for i, length in enumerate(lengths):
            if i + 1 < len(lengths) and demand[i + 1] == demand[i]:
                continue
            end = self._at(length, "right")
            if i + 1 < len(lengths) and end - start < MIN_BAND:
                continue  # too few for a merge of their own: they join the next band
            if end > start:
                bands.append(Band(start, end, demand[i]))
            start = end
        return bands

    def _count(self, plists: list[np.ndarray], bands: list[Band]) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the bands sharing at least a band's demand (and one) of the query's
        bigrams, whose posting lists are ``plists``, and how many each shares; in order."""
        if not bands:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        # Posting lists are sorted by position, that is by length: each band is one slice
        # of every list, all cut at once. The bounds are of the lists' own type: given
        # another, numpy converts the whole list to compare.
        edges = np.array([b.lo for b in bands] + [bands[-1].hi], self._postings.positions.dtype)
        cuts = [plist.searchsorted(edges).tolist() for plist in plists]
        if sum(c[-1] - c[0] for c in cuts) <= TALLY_UP_TO:
            return _count_all(plists, cuts, bands, edges)
        found = []
        for i, band in enumerate(bands):
            slices = [
                plist[c[i] : c[i + 1]]
                for plist, c in zip(plists, cuts, strict=True)
                if c[i + 1] > c[i]
            ]
            if slices:
                found.append(_count_band(slices, band.at_least))
        if not found:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        if len(found) == 1:
            return found[0]
        return np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])

    def _window(self, plists: list[np.ndarray], lo: int, hi: int) -> list[np.ndarray]:
        """The part of each posting list in positions [lo, hi), empty ones left out."""
        window = np.array([lo, hi], dtype=self._postings.positions.dtype)
        slices = []
        for plist in plists:
            s, e = plist.searchsorted(window).tolist()
            if e > s:
                slices.append(plist[s:e])
        return slices

    def _kth_floor(
        self,
        query: str,
        t: float,
        k: int,
        plists: list[np.ndarray],
        allowed: Callable[[np.ndarray], np.ndarray] | None,
    ) -> float:
        """A score that the k-th best match is sure to reach: ``t``, or more when k of a
        few likely candidates score more. Those are the segments sharing the most of the
        query's rarest bigrams.

        Searched with that as its threshold, the search finds the same top k (every one
        of them scores at least as much) in a narrower window of lengths, and each
        candidate must share more bigrams: fewer to count and to bound.
        """
        want = max(FIRST_BATCH, 2 * k)
        lo_len, hi_len = self._lengths(len(query), t)
        lo, hi = self._at(lo_len, "left"), self._at(hi_len, "right")
        rarest = sorted(plists, key=len)[: max(2, len(plists) // 3)]
        slices, taken = [], 0
        for plist in self._window(rarest, lo, hi):
            if taken + len(plist) > GUESS_ENTRIES:
                break
            slices.append(plist)
            taken += len(plist)
        if not slices:
            return t
        found, counts = _tally(slices)
        if len(found) > want:
            found = found[np.argpartition(-counts, want)[:want]]
        if allowed is not None:
            found = found[allowed(found)]
        if len(found) < k:
            return t
        cutoff = max(0.0, t - CUTOFF_MARGIN)
        scores = sorted(
            (
                Levenshtein.normalized_similarity(query, text, score_cutoff=cutoff)
                for text in self.texts(found)
            ),
            reverse=True,
        )
        return max(t, scores[k - 1]) if scores[k - 1] >= t - EPS else t

    def _unshared_lengths(
        self, q_len: int, u_q: int, t: float, lo: int, hi: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Lengths at which a segment sharing no bigram could still reach ``t``, and the
        best such a segment could score at each."""
        lengths = np.arange(self.lens[lo], self.lens[hi - 1] + 1)
        best = 1 - np.maximum((u_q + 1) // 2, np.abs(q_len - lengths)) / np.maximum(q_len, lengths)
        reach = best >= t - EPS
        return lengths[reach], best[reach]

    def _count_of(self, lengths: np.ndarray) -> int:
        return self._at(lengths[-1], "right") - self._at(lengths[0], "left")

    def _unshared(
        self, reach: np.ndarray, found: np.ndarray, q_len: int, u_q: int, t: float
    ) -> np.ndarray:
        """Positions of those lengths, not among the (sorted, unique) ``found`` ones, whose
        bound with no bigram shared reaches ``t`` (less EPS).

        At one length that bound only falls as a segment's distinct bigrams grow, so each
        length takes the segments with at most so many: one comparison over a slice of
        the mapped counts instead of a bound for every segment of the length.
        """
        picked = []
        # Where each length begins and ends, at once: a long window spans many lengths that
        # no segment has.
        wanted = reach.astype(self.lens.dtype)
        starts = np.searchsorted(self.lens, wanted, "left").tolist()
        ends = np.searchsorted(self.lens, wanted, "right").tolist()
        for length, a, b in zip(reach.tolist(), starts, ends, strict=True):
            if b <= a:
                continue
            counts = np.arange(length + 1)
            lengths = np.full(length + 1, length)
            fit = _bound(q_len, u_q, np.zeros(length + 1, np.int64), counts, lengths) >= t - EPS
            most = int(np.flatnonzero(fit)[-1]) if fit.any() else -1
            if most >= 0:
                nbig = self.nbig[a:b]
                picked.append(np.flatnonzero(nbig <= nbig.dtype.type(most)) + a)
        if not picked:
            return np.zeros(0, np.int64)
        extra = np.concatenate(picked).astype(np.int64)
        if not len(found):
            return extra
        at = np.minimum(np.searchsorted(found, extra), len(found) - 1)
        return extra[found[at] != extra]


def _count_all(
    plists: list[np.ndarray], cuts: list[list[int]], bands: list[Band], edges: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``_count`` for a window of few postings: all of them merged in one go, each position
    then held to its own band's demand. A merge per band, and the look-ups, cost more in
    numpy's calls than a sort of a few thousand postings."""
    slices = [plist[c[0] : c[-1]] for plist, c in zip(plists, cuts, strict=True) if c[-1] > c[0]]
    if not slices:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    found, counts = _tally(slices)
    if len(bands) == 1:
        keep = counts >= bands[0].at_least
    else:
        # ``found`` is sorted: each band is one run of it.
        runs = np.diff(np.searchsorted(found, edges))
        keep = counts >= np.repeat([b.at_least for b in bands], runs)
    return found[keep].astype(np.int64), counts[keep]


def _count_band(slices: list[np.ndarray], at_least: int) -> tuple[np.ndarray, np.ndarray]:
    """The positions in at least ``at_least`` (and one) of the sorted slices, and in how many.

    A position in ``at_least`` of n lists is in at least one of any n − at_least + 1
    of them: only the shortest that many are merged, and the positions found are
    looked up in the long lists, which are the common bigrams' and the costly part
    of a merge (the "MergeOpt" of Sarawagi and Kirpal, SIGMOD 2004).
    """
    slices.sort(key=len)
    merged_count = max(1, len(slices) - max(0, at_least - 1))
    # Small lists cost less to merge than to look up in.
    while merged_count < len(slices) and len(slices[merged_count]) <= MERGE_SMALL:
        merged_count += 1
    probed = slices[merged_count:]
    found, counts = _tally(slices[:merged_count])
    for left, plist in enumerate(probed[::-1]):
        # The longest first, each after dropping those that can no longer reach
        # ``at_least`` even if they are in every list still to look in.
        keep = counts + (len(probed) - left) >= at_least
        if not keep.all():
            found, counts = found[keep], counts[keep]
        at = plist.searchsorted(found)
        np.minimum(at, len(plist) - 1, out=at)
        counts += plist[at] == found
    keep = counts >= at_least
    return found[keep].astype(np.int64), counts[keep]


def _tally(slices: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each position found in the slices (once, in order), and in how many slices it is."""
    merged = np.concatenate(slices)
    # Plain integers: any sort gives the same array, and the default one is vectorised
    # (several times quicker than the stable one here).
    merged.sort()
    # Where each run of equal positions begins, and the end: runs' lengths are the counts.
    edges = np.ones(len(merged) + 1, dtype=bool)
    np.not_equal(merged[1:], merged[:-1], out=edges[1:-1])
    starts = np.flatnonzero(edges)
    return merged[starts[:-1]], starts[1:] - starts[:-1]


def _most_edits(t: float, longest: int) -> int:
    """The most edits a segment of up to ``longest`` characters may differ by and score
    t − EPS or more (with a little slack for rounding: more is safe, only slower)."""
    return math.floor((1 - t + EPS) * longest + 1e-6)


def _bound(
    q_len: int, u_q: int, shared: np.ndarray, u_s: np.ndarray, lens: np.ndarray
) -> np.ndarray:
    """The admissible upper bound on the score of each candidate.

    An edit removes at most two bigrams, so ``(unshared + 1) // 2`` edits at least;
    the counts are never negative, so a shift halves them (numpy's integer
    division is several times slower, and this runs over every candidate).
    """
    unshared = np.maximum(u_s, u_q) - shared
    edits = np.maximum((unshared + 1) >> 1, np.abs(lens - q_len))
    return 1.0 - edits / np.maximum(lens, q_len)


def _verify(
    query: str,
    t: float,
    k: int,
    rows: np.ndarray,
    positions: np.ndarray,
    bound: np.ndarray,
    texts_at: Callable[[np.ndarray], list[str]],
    budget: int | None,
    *,
    ordered_by_bound: bool = True,
) -> Search:
    """Score candidates in order; stop when no remaining one can enter the top k.

    Candidates come in decreasing bound order, unless ``ordered_by_bound`` is
    False (a budgeted search): then the stop test looks at the largest bound left.
    """
    top: list[tuple[float, int]] = []  # min-heap of (score, -row)
    verified = 0
    n = len(rows)
    i = 0
    batch = FIRST_BATCH
    exact = True
    # The largest bound from each index on (the bound itself when sorted by bound).
    best_left = bound if ordered_by_bound else np.maximum.accumulate(bound[::-1])[::-1]
    while i < n:
        floor = top[0][0] if len(top) == k else t
        # Stop only when no candidate left can reach the k-th score: one that could
        # equal it may still win the tie by a lower id, as in a full scan.
        if len(top) == k and floor > float(best_left[i]) + EPS:
            break
        if budget is not None and verified >= budget:
            exact = False
            break
        end = min(n, i + batch, i + budget - verified if budget is not None else n)
        # Only this batch is read out of the arrays: most searches stop after the first.
        texts, row_list = texts_at(positions[i:end]), rows[i:end].tolist()
        # One call scores the whole batch in C; the cutoff skips hopeless ones early.
        for _choice, score, j in process.extract_iter(
            query,
            texts,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=max(0.0, floor - CUTOFF_MARGIN),
        ):
            if score >= t - EPS and score > 0:
                item = (score, -row_list[j])
                if len(top) < k:
                    heapq.heappush(top, item)
                elif item > top[0]:
                    heapq.heapreplace(top, item)
        verified += end - i
        i = end
        batch *= 2
    hits = sorted(((-neg, s) for s, neg in top), key=lambda h: (-h[1], h[0]))
    return Search(hits, exact, verified)
