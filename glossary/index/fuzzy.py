"""Fuzzy matching over folded segments: a character-bigram index with an admissible bound.

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
* candidates are verified with RapidFuzz in decreasing bound order, and the
  search stops as soon as the k-th best score reaches the next bound.

That makes the top-k exact for any threshold. Below 0.7 the bound is weak and
exactness would cost tens of milliseconds, so callers pass a *budget* of
verifications; a search that runs out of budget says so (``exact=False``).

Pure computation over strings: no I/O, no database.
"""

from __future__ import annotations

import heapq
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

__all__ = ["BigramIndex", "FuzzyIndex", "Search", "fuzzy_score"]

# Tolerance for comparing float bounds with scores computed the same way.
EPS = 1e-9
# RapidFuzz turns a score cutoff into a distance cutoff and can drop a score
# exactly at the cutoff (0.6 for 3 of 5 characters); ask it for a little less
# and compare exactly here.
CUTOFF_MARGIN = 1e-6
# Code points fit in 21 bits; query bigrams are counted on raw code points.
_SHIFT = np.uint64(21)
FIRST_BATCH = 16


def fuzzy_score(a: str, b: str) -> float:
    """1 − Levenshtein distance / longer length (1.0 for two empty strings)."""
    return float(Levenshtein.normalized_similarity(a, b))


@dataclass(frozen=True, slots=True)
class Search:
    """A search's (row, score) pairs, best first, and whether they are provably the top k."""

    hits: list[tuple[int, float]]
    exact: bool
    verified: int


class BigramIndex:
    """An immutable bigram index over a list of (folded) strings; rows are list positions."""

    def __init__(self, texts: Sequence[str]) -> None:
        n = len(texts)
        lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
        # Position p holds row order[p]; positions run from shortest to longest.
        self.order = np.argsort(lens, kind="stable").astype(np.int64)
        self.lens = lens[self.order]
        self.size = n
        ordered = [texts[i] for i in self.order.tolist()]
        self._blob = "".join(ordered)
        self.starts = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(self.lens, out=self.starts[1:])
        codes = np.frombuffer(self._blob.encode("utf-32-le"), dtype=np.uint32)
        # Dense character ids keep a bigram key and a position in one uint64.
        present = np.zeros(0x110000, dtype=bool)
        present[codes] = True
        self.alphabet = int(present.sum())
        self.char_id = np.cumsum(present, dtype=np.int64) - 1
        self.char_id[~present] = -1
        ids = self.char_id[codes].astype(np.uint64)
        position_of_char = np.repeat(np.arange(n, dtype=np.int64), self.lens)
        inside = (
            position_of_char[:-1] == position_of_char[1:] if len(codes) > 1 else np.zeros(0, bool)
        )
        keys = ids[:-1][inside] * np.uint64(max(self.alphabet, 1)) + ids[1:][inside]
        positions = position_of_char[:-1][inside].astype(np.uint64)
        bits = max(1, int(n).bit_length())
        if (max(self.alphabet, 1) ** 2).bit_length() + bits > 63:  # pragma: no cover - > 2^31 chars
            raise ValueError("too many distinct characters for one index")
        self._bits = np.uint64(bits)
        combined = (keys << self._bits) | positions
        # Sort, then drop repeats (np.unique's hash path is many times slower here).
        combined.sort()
        if len(combined):
            combined = combined[np.concatenate(([True], combined[1:] != combined[:-1]))]
        del keys, positions
        mask = np.uint64((1 << bits) - 1)
        all_keys = combined >> self._bits
        self.postings = (combined & mask).astype(np.int32 if n < 2**31 else np.int64)
        boundaries = (
            np.flatnonzero(np.diff(all_keys)) + 1 if len(all_keys) else np.zeros(0, np.int64)
        )
        self.keys = all_keys[np.concatenate(([0], boundaries))] if len(all_keys) else all_keys
        self.offsets = np.concatenate(([0], boundaries, [len(all_keys)])).astype(np.int64)
        del combined, all_keys
        # Distinct bigrams per position (Us in the bound).
        self.nbig = np.bincount(self.postings, minlength=n).astype(np.int32)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays and the text."""
        arrays = (
            self.order,
            self.lens,
            self.starts,
            self.char_id,
            self.postings,
            self.keys,
            self.offsets,
            self.nbig,
        )
        return sum(a.nbytes for a in arrays) + sys.getsizeof(self._blob)

    def text(self, position: int) -> str:
        return self._blob[self.starts[position] : self.starts[position + 1]]

    def search(
        self,
        query: str,
        threshold: float,
        k: int,
        *,
        allowed: Callable[[np.ndarray], np.ndarray] | None = None,
        budget: int | None = None,
    ) -> Search:
        """The k rows most similar to ``query`` with a score ≥ ``threshold``.

        :param allowed: given candidate rows, a bool for each: False rows are never returned.
        :param budget: verify at most this many candidates (then ``exact`` may be False).
        """
        q_len = len(query)
        if q_len == 0 or self.size == 0 or k <= 0:
            return Search([], True, 0)
        t = max(threshold, EPS)
        lo_len = math.ceil(q_len * t - EPS)
        hi_len = math.floor(q_len / t + EPS)
        lo = int(np.searchsorted(self.lens, lo_len, "left"))
        hi = int(np.searchsorted(self.lens, hi_len, "right"))
        if lo >= hi:
            return Search([], True, 0)
        raw = np.frombuffer(query.encode("utf-32-le"), dtype=np.uint32)
        raw_keys = np.unique((raw[:-1].astype(np.uint64) << _SHIFT) | raw[1:])
        u_q = len(raw_keys)
        positions, shared = self._count(raw, lo, hi)
        lens = self.lens[positions]
        bound = _bound(q_len, u_q, shared, self.nbig[positions], lens)
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
            extra = self._unshared(reach, positions)
            positions = np.concatenate((positions, extra))
            zeros = np.zeros(len(extra), dtype=np.int64)
            shared = np.concatenate((shared, zeros))
            bound = np.concatenate(
                (bound, _bound(q_len, u_q, zeros, self.nbig[extra], self.lens[extra]))
            )
        keep = bound >= t - EPS
        positions, bound, shared = positions[keep], bound[keep], shared[keep]
        rows = self.order[positions]
        if allowed is not None:
            keep = allowed(rows)
            positions, bound, shared, rows = positions[keep], bound[keep], shared[keep], rows[keep]
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
            self.text,
            budget,
            ordered_by_bound=budget is None,
        )
        complete = not left_out or (len(found.hits) == k and found.hits[-1][1] >= left_out - EPS)
        return Search(found.hits, found.exact and complete, found.verified)

    def _count(self, raw: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions in [lo, hi) sharing a bigram with the query, and how many each shares."""
        if len(raw) < 2:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        ids = self.char_id[raw]
        known = (ids[:-1] >= 0) & (ids[1:] >= 0)
        keys = np.unique(ids[:-1][known] * max(self.alphabet, 1) + ids[1:][known]).astype(np.uint64)
        where = np.searchsorted(self.keys, keys)
        inside = where < len(self.keys)
        where, keys = where[inside], keys[inside]
        where = where[self.keys[where] == keys]
        slices = []
        for j in where.tolist():
            a, b = self.offsets[j], self.offsets[j + 1]
            plist = self.postings[a:b]
            # Posting lists are sorted by position, that is by length: slice the window.
            s, e = np.searchsorted(plist, lo), np.searchsorted(plist, hi)
            if e > s:
                slices.append(plist[s:e])
        if not slices:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        merged = np.sort(np.concatenate(slices), kind="stable")
        starts = np.flatnonzero(np.concatenate(([True], merged[1:] != merged[:-1])))
        counts = np.diff(np.concatenate((starts, [len(merged)])))
        return merged[starts].astype(np.int64), counts.astype(np.int64)

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
        return int(
            np.searchsorted(self.lens, lengths[-1], "right")
            - np.searchsorted(self.lens, lengths[0], "left")
        )

    def _unshared(self, reach: np.ndarray, found: np.ndarray) -> np.ndarray:
        """Positions of those lengths that are not among the ``found`` ones."""
        a = int(np.searchsorted(self.lens, reach[0], "left"))
        b = int(np.searchsorted(self.lens, reach[-1], "right"))
        window = np.arange(a, b, dtype=np.int64)
        return window[~np.isin(window, found, assume_unique=True)]


def _bound(
    q_len: int, u_q: int, shared: np.ndarray, u_s: np.ndarray, lens: np.ndarray
) -> np.ndarray:
    """The admissible upper bound on the score of each candidate."""
    edits = np.maximum(
        np.maximum((u_q - shared + 1) // 2, (u_s - shared + 1) // 2), np.abs(q_len - lens)
    )
    return 1.0 - edits / np.maximum(q_len, lens)


def _verify(
    query: str,
    t: float,
    k: int,
    rows: np.ndarray,
    positions: np.ndarray,
    bound: np.ndarray,
    text: Callable[[int], str],
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
    row_list, pos_list, bound_list = rows.tolist(), positions.tolist(), bound.tolist()
    # The largest bound from each index on (equal to bound_list when sorted by bound).
    best_left = (
        bound_list if ordered_by_bound else np.maximum.accumulate(bound[::-1])[::-1].tolist()
    )
    while i < n:
        floor = top[0][0] if len(top) == k else t
        # Stop only when no candidate left can reach the k-th score: one that could
        # equal it may still win the tie by a lower id, as in a full scan.
        if len(top) == k and floor > best_left[i] + EPS:
            break
        if budget is not None and verified >= budget:
            exact = False
            break
        end = min(n, i + batch, i + budget - verified if budget is not None else n)
        texts = [text(p) for p in pos_list[i:end]]
        # One call scores the whole batch in C; the cutoff skips hopeless ones early.
        for _choice, score, j in process.extract_iter(
            query,
            texts,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=floor - CUTOFF_MARGIN,
        ):
            if score >= t - EPS and score > 0:
                item = (score, -row_list[i + j])
                if len(top) < k:
                    heapq.heappush(top, item)
                elif item > top[0]:
                    heapq.heapreplace(top, item)
        verified += end - i
        i = end
        batch *= 2
    hits = sorted(((-neg, s) for s, neg in top), key=lambda h: (-h[1], h[0]))
    return Search(hits, exact, verified)


class FuzzyIndex:
    """One memory's index: a base built at one moment, plus what changed since.

    Changed units go to a small *delta* scored by brute force, and their old
    base rows are marked dead (tombstones). ``rebuild_due`` says when the delta
    has grown enough that building a new base is cheaper than scanning it.
    Rows carry a *group*, an integer the caller gives each language pair.
    """

    DELTA_LIMIT = 5000

    def __init__(self, ids: Sequence[int], texts: Sequence[str], groups: Sequence[int]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.groups = np.asarray(groups, dtype=np.int32)
        self.base = BigramIndex(texts)
        self.dead = np.zeros(len(self.ids), dtype=bool)
        self._row_of = None if len(self.ids) == 0 else np.argsort(self.ids, kind="stable")
        self.delta: dict[int, tuple[str, int]] = {}
        self._groups_seen = int(self.groups.max(initial=0))

    def __len__(self) -> int:
        return int(len(self.ids) - self.dead.sum()) + len(self.delta)

    @property
    def rebuild_due(self) -> bool:
        return len(self.delta) > max(self.DELTA_LIMIT, len(self.ids) // 20)

    def _row(self, unit_id: int) -> int | None:
        if self._row_of is None:
            return None
        at = int(np.searchsorted(self.ids, unit_id, sorter=self._row_of))
        if at < len(self.ids) and self.ids[self._row_of[at]] == unit_id:
            return int(self._row_of[at])
        return None

    def put(self, unit_id: int, folded: str, group: int) -> None:
        """Add a unit, or replace what the index knows of it."""
        self.remove(unit_id)
        self.delta[unit_id] = (folded, group)

    def remove(self, unit_id: int) -> None:
        row = self._row(unit_id)
        if row is not None:
            self.dead[row] = True
        self.delta.pop(unit_id, None)

    def search(
        self,
        query: str,
        threshold: float,
        k: int,
        *,
        groups: set[int] | None = None,
        budget: int | None = None,
    ) -> tuple[list[tuple[int, float]], bool]:
        """The k best (unit id, score) pairs with score ≥ threshold, and whether that is exact."""
        group_ok = None
        if groups is not None:
            group_ok = np.zeros(max(self._groups_seen, *groups, 0) + 1, dtype=bool)
            group_ok[list(groups)] = True

        def allowed(rows: np.ndarray) -> np.ndarray:
            ok = ~self.dead[rows]
            if group_ok is not None:
                ok &= group_ok[self.groups[rows]]
            return ok

        found = self.base.search(query, threshold, k, allowed=allowed, budget=budget)
        hits = [(int(self.ids[row]), score) for row, score in found.hits]
        t = max(threshold, EPS)
        # A copy: another request thread may apply changes to this index meanwhile.
        for unit_id, (text, group) in list(self.delta.items()):
            if groups is not None and group not in groups:
                continue
            if not (len(text) * t - EPS <= len(query) <= len(text) / t + EPS):
                continue
            score = Levenshtein.normalized_similarity(query, text, score_cutoff=t - CUTOFF_MARGIN)
            if score >= t - EPS and score > 0:
                hits.append((unit_id, float(score)))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits[:k], found.exact
