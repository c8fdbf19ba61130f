"""One memory's fuzzy index: a base of segments, the changes since, and their search.

The search over one set of segments is glossary.index.bigram's (exact top k by
the CAT tools' fuzzy score); this module keeps a memory's index current between
generations: the base (usually mapped from a generation), a small in-memory
delta of the units changed since, and the few most recent changes, scored by
brute force. Pure computation over strings: no I/O, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein

from glossary.index.bigram import (
    CUTOFF_MARGIN,
    EPS,
    BigramIndex,
    Search,
    fuzzy_score,
    length_window,
)
from glossary.index.segments import Segments, build_segments

__all__ = ["BigramIndex", "DeltaUnit", "FuzzyIndex", "Search", "Tier", "fuzzy_score"]


@dataclass(frozen=True, slots=True)
class DeltaUnit:
    """A unit changed since the base was built: folded source and target, and its group."""

    source: str
    target: str
    group: int


@dataclass(frozen=True)
class Tier:
    """Segments with the positions that no longer count (``dead``, None when none)."""

    index: BigramIndex
    dead: np.ndarray | None = None

    @property
    def segments(self) -> Segments:
        return self.index.segments

    def live(self) -> int:
        return self.index.size - (int(self.dead.sum()) if self.dead is not None else 0)

    def without(self, unit_ids: Iterable[int]) -> Tier:
        """This tier with these units marked dead (the same tier when none is here)."""
        found = [p for u in unit_ids if (p := self.segments.position_of(u)) is not None]
        if not found:
            return self
        dead = self.dead.copy() if self.dead is not None else np.zeros(self.index.size, dtype=bool)
        dead[found] = True
        return Tier(self.index, dead)

    def live_units(self) -> Iterable[tuple[int, DeltaUnit]]:
        seg = self.segments
        for p in range(len(seg)):
            if self.dead is None or not self.dead[p]:
                yield (
                    int(seg.ids[p]),
                    DeltaUnit(seg.source.get(p), seg.target.get(p), int(seg.groups[p])),
                )


class FuzzyIndex:
    """One memory's index: a base built at one moment, plus what changed since.

    Immutable: ``changed`` returns a new index, so a request keeps a consistent
    view while the next one is made. Three tiers:

    * the *base*, usually a generation's segments mapped from disk;
    * the *delta*, an in-memory bigram index of the units changed since;
    * *recent* changes, too few to index, scored by brute force; when they
      outgrow a share of the delta, delta and recent are indexed together.

    A changed or removed unit is marked dead where it was. ``rebuild_due``
    says when the delta has grown enough that a new base should be built.
    Units carry a *group*, an integer the caller gives each language pair.
    """

    DELTA_LIMIT = 5000
    RECENT_LIMIT = 256

    def __init__(
        self,
        base: Tier,
        delta: Tier | None = None,
        recent: Mapping[int, DeltaUnit] | None = None,
    ) -> None:
        self.base = base
        self.delta = delta
        self.recent: Mapping[int, DeltaUnit] = recent or {}

    @classmethod
    def build(
        cls,
        ids: Sequence[int],
        texts: Sequence[str],
        groups: Sequence[int],
        targets: Sequence[str] | None = None,
    ) -> FuzzyIndex:
        """An index held in memory (tests, small memories)."""
        rows = zip(ids, groups, texts, targets or [""] * len(ids), strict=True)
        return cls(Tier(BigramIndex(build_segments(rows))))

    def tiers(self) -> list[Tier]:
        return [self.base] + ([self.delta] if self.delta is not None else [])

    def __len__(self) -> int:
        return sum(tier.live() for tier in self.tiers()) + len(self.recent)

    @property
    def delta_size(self) -> int:
        return (self.delta.live() if self.delta is not None else 0) + len(self.recent)

    @property
    def rebuild_due(self) -> bool:
        return self.delta_size > max(self.DELTA_LIMIT, self.base.index.size // 20)

    def changed(
        self, puts: Mapping[int, DeltaUnit] | None = None, removed: Iterable[int] = ()
    ) -> FuzzyIndex:
        """A new index with these units added or replaced and those removed."""
        puts = puts or {}
        gone = set(removed) | set(puts)
        if not gone:
            return self
        base = self.base.without(gone)
        delta = self.delta.without(gone) if self.delta is not None else None
        recent = {u: d for u, d in self.recent.items() if u not in gone}
        recent.update(puts)
        delta_size = delta.live() if delta is not None else 0
        if len(recent) > max(self.RECENT_LIMIT, delta_size // 4):
            units = dict(delta.live_units()) if delta is not None else {}
            units.update(recent)
            rows = ((u, d.group, d.source, d.target) for u, d in sorted(units.items()))
            delta, recent = Tier(BigramIndex(build_segments(rows))), {}
        return FuzzyIndex(base, delta, recent)

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
        hits: list[tuple[int, float]] = []
        exact = True
        for tier in self.tiers():
            if groups is not None and tier.index.groups.isdisjoint(groups):
                continue  # no segment of a wanted language pair
            found = tier.index.search(
                query, threshold, k, allowed=allowed_positions(tier, groups), budget=budget
            )
            hits.extend(found.hits)
            exact &= found.exact
        t = max(threshold, EPS)
        lo_len, hi_len = length_window(len(query), t)  # as the indexed tiers search
        for unit_id, unit in self.recent.items():
            if groups is not None and unit.group not in groups:
                continue
            text = unit.source
            if not lo_len <= len(text) <= hi_len:
                continue
            score = Levenshtein.normalized_similarity(
                query, text, score_cutoff=max(0.0, t - CUTOFF_MARGIN)
            )
            if score >= t - EPS and score > 0:
                hits.append((unit_id, float(score)))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits[:k], exact


def allowed_positions(
    tier: Tier, groups: set[int] | None
) -> Callable[[np.ndarray], np.ndarray] | None:
    """The filter of a tier's candidate positions: alive, and of a wanted group."""
    dead, seg_groups = tier.dead, tier.segments.groups
    if groups is not None and tier.index.groups <= groups:
        groups = None  # every segment is of a wanted pair (a memory often holds one pair)
    if dead is None and groups is None:
        return None
    group_ok = None
    if groups is not None:
        group_ok = np.zeros(max(*groups, 0) + 1, dtype=bool)
        group_ok[list(groups)] = True

    def allowed(positions: np.ndarray) -> np.ndarray:
        ok = np.ones(len(positions), dtype=bool) if dead is None else ~dead[positions]
        if group_ok is not None:
            candidate = np.asarray(seg_groups[positions], dtype=np.int64)
            inside = candidate < len(group_ok)
            ok &= inside
            ok[inside] &= group_ok[candidate[inside]]
        return ok

    return allowed
