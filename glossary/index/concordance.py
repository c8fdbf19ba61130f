"""Concordance from the bigram postings: every unit whose folded source or target contains a text.

What a scan with ``LIKE '%text%'`` over the folded columns finds, without the
scan (``find`` gives the same units in the same order, unit id ascending):

* two characters are one bigram: its posting list *is* the answer;
* longer texts: the segments holding all of its bigrams (the shortest lists
  intersected first) are the candidates, each checked for the whole text in
  unit-id order until ``limit`` are found;
* one character: the posting lists of every bigram that holds it, plus the
  one-character segments (they have no bigram).

Pure computation over glossary.index.fuzzy's tiers: no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from glossary.index.fuzzy import FuzzyIndex, Tier, allowed_positions
from glossary.index.segments import SHIFT, Postings, Segments, Texts, bigram_keys

__all__ = ["SIDES", "find"]

SIDES = {"source": ("source",), "target": ("target",), "both": ("source", "target")}
# Intersect posting lists by marking a scratch array when the shorter list is at
# least this share of the longer one; below it, binary search is cheaper.
MARK_FROM = 1 / 16
# Stop intersecting when this few candidates are left: checking them is cheaper.
FEW = 256
# Segments read per step when walking a memory in unit-id order.
SCAN_BATCH = 1024


def find(
    index: FuzzyIndex,
    needle: str,
    *,
    side: str = "both",
    groups: set[int] | None = None,
    limit: int = 20,
) -> list[int]:
    """The ids (ascending, at most ``limit``) of units whose folded ``side`` contains ``needle``.

    ``needle`` must be folded like the stored texts.
    """
    sides = SIDES[side]
    if not needle or limit <= 0:
        return []
    found: list[int] = []
    for tier in index.tiers():
        found.extend(_in_tier(tier, needle, sides, groups, limit))
    for unit_id, unit in index.recent.items():
        if groups is not None and unit.group not in groups:
            continue
        if any(needle in (unit.source if s == "source" else unit.target) for s in sides):
            found.append(unit_id)
    return sorted(found)[:limit]


def _in_tier(
    tier: Tier, needle: str, sides: tuple[str, ...], groups: set[int] | None, limit: int
) -> list[int]:
    """Each side on its own (the first ``limit`` of the union are among each side's first
    ``limit``), merged."""
    seg = tier.segments
    if not len(seg):
        return []
    allowed = allowed_positions(tier, groups)
    found: set[int] = set()
    for side in sides:
        found.update(_on_side(seg, side, needle, allowed, limit))
    return sorted(found)[:limit]


def _on_side(
    seg: Segments,
    side: str,
    needle: str,
    allowed: Callable[[np.ndarray], np.ndarray] | None,
    limit: int,
) -> list[int]:
    if len(needle) == 1 and _common(seg, side, needle, limit):
        return _scan_by_id(seg, needle, side, allowed, limit)
    positions = _candidates(seg, side, needle)
    if allowed is not None and len(positions):
        positions = positions[allowed(positions)]
    ids = np.asarray(seg.ids[positions], dtype=np.int64)
    if len(needle) <= 2:  # the postings answer exactly (one character: see _one_char)
        return _smallest(ids, limit).tolist()
    texts = _texts(seg, side)
    found: list[int] = []
    for position, unit_id in _by_id(positions, ids, limit):
        if needle in texts.get(position):
            found.append(unit_id)
            if len(found) == limit:
                break
    return found


def _smallest(ids: np.ndarray, k: int) -> np.ndarray:
    """The k smallest of ``ids``, in order (a partition first: O(n), not a full sort)."""
    if len(ids) > 4 * k:
        ids = ids[np.argpartition(ids, k)[:k]]
    return np.sort(ids)[:k]


def _by_id(positions: np.ndarray, ids: np.ndarray, limit: int) -> Iterator[tuple[int, int]]:
    """(position, id) pairs in id order; the first few found by a partition, the rest sorted."""
    head = max(16 * limit, 256)
    if len(ids) > 4 * head:
        first = np.argpartition(ids, head)[:head]
        first = first[np.argsort(ids[first], kind="stable")]
        yield from zip(positions[first].tolist(), ids[first].tolist(), strict=True)
        rest = np.ones(len(ids), dtype=bool)
        rest[first] = False
        positions, ids = positions[rest], ids[rest]
    order = np.argsort(ids, kind="stable")
    yield from zip(positions[order].tolist(), ids[order].tolist(), strict=True)


def _common(seg: Segments, side: str, char: str, limit: int) -> bool:
    """Whether walking the segments in id order finds ``limit`` holding ``char`` sooner than
    merging its posting lists: the lists' total length against the segments a walk would
    read (the longest list bounds how many segments hold the character)."""
    postings = _postings(seg, side)
    sizes = np.diff(postings.starts)[_rows_with(postings, char)]
    longest = int(sizes.max(initial=0))
    return longest > 0 and len(seg) * limit / longest < int(sizes.sum())


def _scan_by_id(
    seg: Segments,
    char: str,
    side: str,
    allowed: Callable[[np.ndarray], np.ndarray] | None,
    limit: int,
) -> list[int]:
    texts = _texts(seg, side)
    found: list[int] = []
    for a in range(0, len(seg), SCAN_BATCH):
        positions = np.asarray(seg.by_id[a : a + SCAN_BATCH], dtype=np.int64)
        if allowed is not None:
            positions = positions[allowed(positions)]
        for position in positions.tolist():
            if char in texts.get(position):
                found.append(int(seg.ids[position]))
                if len(found) == limit:
                    return found
    return found


def _texts(seg: Segments, side: str) -> Texts:
    return seg.source if side == "source" else seg.target


def _postings(seg: Segments, side: str) -> Postings:
    return seg.source_postings if side == "source" else seg.target_postings


def _candidates(seg: Segments, side: str, needle: str) -> np.ndarray:
    """Positions whose ``side`` may contain ``needle`` (exactly those, for one or two characters)."""
    if len(needle) == 1:
        return _one_char(seg, side, needle)
    postings = _postings(seg, side)
    keys = bigram_keys(needle)
    if not postings.has_all(keys):
        return np.zeros(0, np.int64)
    lists = sorted(postings.lists(keys), key=len)
    return _intersect(lists, len(seg))


def _intersect(lists: list[np.ndarray], n: int) -> np.ndarray:
    """Positions in every one of ``lists`` (each sorted), shortest first."""
    result = np.asarray(lists[0], dtype=np.int64)
    mark: np.ndarray | None = None
    for other in lists[1:]:
        if len(result) <= FEW:
            break
        if len(result) >= MARK_FROM * len(other):
            mark = np.zeros(n, dtype=bool) if mark is None else mark
            mark[other] = True
            result = result[mark[result]]
            mark[other] = False
        else:
            # ``result`` in ``other``'s own type: numpy would otherwise convert all of ``other``.
            at = np.searchsorted(other, result.astype(other.dtype))
            inside = at < len(other)
            keep = np.zeros(len(result), dtype=bool)
            keep[inside] = other[at[inside]] == result[inside]
            result = result[keep]
    return result


def _one_char(seg: Segments, side: str, char: str) -> np.ndarray:
    """Positions whose ``side`` holds ``char``: through every bigram that holds it, and the
    one-character texts."""
    postings = _postings(seg, side)
    rows = _rows_with(postings, char)
    starts = postings.starts
    parts = [postings.positions[starts[j] : starts[j + 1]] for j in rows.tolist()]
    texts = _texts(seg, side)
    sizes = np.diff(texts.offsets)
    short = np.flatnonzero((sizes > 0) & (sizes <= 4))  # one character is 1–4 UTF-8 bytes
    parts.append(short[[texts.get(p) == char for p in short.tolist()]] if len(short) else short)
    return np.unique(np.concatenate(parts).astype(np.int64)) if parts else np.zeros(0, np.int64)


def _rows_with(postings: Postings, char: str) -> np.ndarray:
    """The rows of ``postings`` whose bigram holds ``char``, first or second."""
    code = np.uint64(ord(char))
    keys = np.asarray(postings.keys)
    first = np.searchsorted(keys, [code << SHIFT, (code + np.uint64(1)) << SHIFT])
    second = np.flatnonzero((keys & np.uint64((1 << 21) - 1)) == code)
    return np.union1d(np.arange(first[0], first[1]), second)
