"""Streaming term recognition: what can be announced now, and what may still change.

The committed text only grows. Recognition is leftmost-longest
(glossary.index.terms), so a hit near the end of the committed text may still
change: 前海 may be the start of 前海深港現代服務業合作區, whose rest comes in the
next chunk, and a Latin term may continue as a longer word.
A hit is *settled* when no continuation of the committed text can change it:

The automaton works on the folded, word-marked text (``fold_with_offsets`` then
``mark``). Folding is character by character, except for spaces, which depend
on both neighbours but are stripped at the end of a text, so the folded
committed text is a prefix of the folded text of any continuation; only the
word-edge mark after a final Latin letter or digit may change. Call that
certain marked prefix P. At a position j where P[j:] is not a proper prefix of
any pattern, every pattern that can match at j in any continuation lies inside
P, so the set of matches at j is already known. Leftmost-longest matching
decides left to right from the match sets of the positions it passes, so every
hit that starts before the first undecided position is settled. That position
is at most the longest pattern's length from the end, and usually much closer:
after 「灣區通」工程。 nothing is undecided.

(One case is left out on purpose: a chunk that starts with a combining mark
changes the character before it. Speech recognisers and typists do not send
those, and waiting for one would keep every last term of a text unsettled.)

Long sessions are rescanned from a restart point, not from the start: a point
just after a punctuation mark that no settled hit spans, where scanning the
rest alone finds exactly what scanning the whole finds.
"""

from __future__ import annotations

import bisect
import unicodedata
import weakref
from dataclasses import dataclass, replace

import numpy as np

from glossary.index.terms import TermHit, TermIndex
from glossary.index.words import mark, mark_term
from glossary.numbers import NumberExpr, find_numbers
from glossary.text import fold_with_offsets

__all__ = ["NumberScan", "Scan", "number_stop", "scan_numbers", "scan_terms", "settled_offset"]

# How far back from the settled point a restart point is looked for.
RESTART_REACH = 4000


class _Patterns:
    """The index's marked patterns, sorted, for "is this a proper prefix of a pattern?"."""

    def __init__(self, index: TermIndex) -> None:
        self.sorted = sorted({mark_term(folded) for folded, _ in index.forms() if folded})
        self.longest = max(map(len, self.sorted), default=0)

    def extends(self, text: str) -> bool:
        """True if some pattern starts with ``text`` and is longer."""
        at = bisect.bisect_left(self.sorted, text)
        for candidate in self.sorted[at : at + 2]:
            if len(candidate) > len(text) and candidate.startswith(text):
                return True
        return False


_PATTERNS: weakref.WeakKeyDictionary[TermIndex, _Patterns] = weakref.WeakKeyDictionary()


def _patterns(index: TermIndex) -> _Patterns:
    found = _PATTERNS.get(index)
    if found is None:
        found = _PATTERNS[index] = _Patterns(index)
    return found


def settled_offset(index: TermIndex, text: str) -> int:
    """The offset in ``text`` before which every hit is the same in any continuation.

    ``text`` is committed text: hits of ``index.find(text + more)`` that start
    before the offset are the hits of ``index.find(text)`` that start before it,
    whatever ``more`` is.
    """
    patterns = _patterns(index)
    folded = fold_with_offsets(text)
    n = len(folded.text)
    if n == 0 or not patterns.longest:
        return len(text)
    marked = mark(folded.text)
    # A mark at the very end (after a final letter or digit) may move; marks
    # before it are certain. marks[t] - t is the folded boundary mark t sits at.
    edges = marked.marks - np.arange(len(marked.marks))
    certain = n + int(np.count_nonzero(edges < n))
    prefix = marked.text[:certain]
    undecided = certain
    for j in range(max(0, certain - patterns.longest + 1), certain):
        if patterns.extends(prefix[j:]):
            undecided = j
            break
    at_folded = undecided - int(np.count_nonzero(marked.marks < undecided))
    if at_folded >= n:
        return len(text)
    # The original offset of the first undecided folded character: a hit that
    # starts before it started at a decided position.
    return int(folded.starts[at_folded])


@dataclass(frozen=True)
class Scan:
    """One recognition pass over the committed text and its provisional tail."""

    # Hits newly settled, in order; offsets into the committed text.
    settled: list[TermHit]
    # Hits after the settled point, in committed text + tail; they may change.
    provisional: list[TermHit]
    # Every hit starting before this offset is settled (and announced).
    settled_upto: int
    # Where the next pass may start reading the committed text.
    restart: int


def _shift(hit: TermHit, by: int) -> TermHit:
    return hit if not by else TermHit(hit.start + by, hit.end + by, hit.text, hit.terms)


def scan_terms(
    index: TermIndex,
    committed: str,
    tail: str,
    *,
    scan_from: int = 0,
    settled_upto: int = 0,
    closing: bool = False,
) -> Scan:
    """Recognise ``committed + tail``, reading the committed text from ``scan_from``.

    Hits starting before ``settled_upto`` were announced by an earlier pass and
    are left out. ``closing`` settles everything committed and drops the tail
    (the session is over, nothing can continue the text).
    """
    window = committed[scan_from:]
    if closing:
        upto = len(committed)
        tail = ""
    else:
        upto = scan_from + settled_offset(index, window)
    # Never go back: an index that changed mid-session (a term added) must not
    # announce again what was announced.
    upto = max(upto, settled_upto)
    hits = [_shift(h, scan_from) for h in index.find(window + tail)]
    settled = [h for h in hits if settled_upto <= h.start < upto]
    provisional = [h for h in hits if h.start >= upto]
    restart = _restart_point(committed, scan_from, upto, [h for h in hits if h.start < upto])
    return Scan(settled, provisional, upto, restart)


def _restart_point(committed: str, scan_from: int, upto: int, settled: list[TermHit]) -> int:
    """The last point in (scan_from, upto] where a later pass may start reading.

    Just after a punctuation mark (never a space: a space's fold depends on
    both neighbours), before a character that is not a combining mark, and not
    inside a settled hit. Folding and word marks there do not depend on what
    comes before, so scanning from it finds what scanning from the start finds.
    """
    ends = [h.end for h in settled]
    starts = [h.start for h in settled]
    lowest = max(scan_from + 1, upto - RESTART_REACH)
    for p in range(min(upto, len(committed)), lowest - 1, -1):
        if not unicodedata.category(committed[p - 1]).startswith("P"):
            continue
        if p < len(committed) and unicodedata.combining(committed[p]):
            continue
        i = bisect.bisect_left(ends, p + 1)  # the first hit ending after p
        if i < len(starts) and starts[i] < p:
            continue  # p is inside that hit
        return p
    return scan_from


# -- numbers --------------------------------------------------------------------

# Marks no numeric expression reaches across (glossary.numbers reads 3.5, 1,200,
# 5%—6%, 10:30, 三至五年, never 。). A comma or colon counts only after a
# character that is not a digit, since "1，200" is one number.
HARD_STOPS = set("。！？；!?;")
SOFT_STOPS = set("，,、：:")


def number_stop(text: str) -> int:
    """The offset just after the last mark no number reaches across (0 if none)."""
    for p in range(len(text) - 1, -1, -1):
        ch = text[p]
        if ch in HARD_STOPS or (ch in SOFT_STOPS and not (p and text[p - 1].isdigit())):
            return p + 1
    return 0


@dataclass(frozen=True)
class NumberScan:
    settled: list[NumberExpr]
    provisional: list[NumberExpr]
    # Every number starting before this offset is settled; the next pass reads from it.
    settled_upto: int


def scan_numbers(
    committed: str, tail: str, *, settled_upto: int = 0, closing: bool = False
) -> NumberScan:
    """Numbers in ``committed + tail``: settled up to the last stop mark, the rest provisional.

    A number may still grow (二十 … 二十萬人, 2025年 … 2025年2月), so one settles
    only when a mark it cannot reach across follows it in the committed text.
    Each pass reads the committed text from the previous stop: what precedes a
    stop does not change what follows it.
    """
    window = committed[settled_upto:]
    upto = len(committed) if closing else settled_upto + number_stop(window)
    found = [
        replace(n, start=n.start + settled_upto, end=n.end + settled_upto)
        for n in find_numbers(window + ("" if closing else tail))
    ]
    return NumberScan(
        [n for n in found if n.start < upto],
        [n for n in found if n.start >= upto],
        upto,
    )
