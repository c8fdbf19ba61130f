"""Latin word edges, marked so that the term automaton matches whole words only.

A term that begins or ends with a Latin letter or a digit must not match inside
a longer word: "AI" is not a term in "said", nor "32連冠" in "132連冠". Rejecting
such matches after the automaton has chosen them would break leftmost-longest
matching (a rejected match hides the shorter or later ones it overlapped), so
instead both the terms and the text carry a MARK at each edge of every run of
word characters. A pattern can then only start and end where the text has an
edge. Chinese characters are not word characters here: a Chinese term matches
anywhere, as Chinese has no spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from glossary.text import is_cjk_char

__all__ = ["MARK", "Marked", "mark", "mark_term"]

# A noncharacter: text never carries one for us (any in the input become U+FFFD).
MARK = "\ufdd0"
_MARK = ord(MARK)
_REPLACEMENT = 0xFFFD
# Word characters are looked up below this code point; the planes above hold
# Han extensions, emoji and private use, none of them Latin word characters.
TABLE_SIZE = 0x40000
_CODEC = ("utf-32-le", "surrogatepass")
_NO_MARKS = np.zeros(0, dtype=np.int64)


def _is_word(ch: str) -> bool:
    if is_cjk_char(ch):
        return False
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    table = np.zeros(TABLE_SIZE, dtype=bool)
    for cp in range(TABLE_SIZE):
        if not 0xD800 <= cp < 0xE000 and _is_word(chr(cp)):
            table[cp] = True
    return table


@lru_cache(maxsize=1)
def _word_run() -> re.Pattern[str]:
    """A regex for runs of word characters, made from the same table."""
    table = _word_table()
    edges = np.flatnonzero(np.diff(table.astype(np.int8), prepend=np.int8(0), append=np.int8(0)))
    ranges = "".join(
        f"{re.escape(chr(lo))}-{re.escape(chr(hi - 1))}"
        for lo, hi in zip(edges[::2], edges[1::2], strict=True)
    )
    return re.compile(f"[{ranges}]+")


@dataclass(frozen=True)
class Marked:
    """A folded text with MARKs at word edges, and where those MARKs are."""

    text: str
    marks: np.ndarray

    def unmark(self, positions: np.ndarray) -> np.ndarray:
        """Positions in the marked text → positions in the folded text."""
        if not len(self.marks):
            return positions
        return positions - np.searchsorted(self.marks, positions, side="left")


def mark(folded: str) -> Marked:
    """Put a MARK at each edge of every run of Latin letters and digits."""
    if not folded:
        return Marked(folded, _NO_MARKS)
    if len(folded) < SHORT:
        return _mark_short(folded)
    codes = np.frombuffer(folded.encode(*_CODEC), dtype=np.uint32)
    inside = codes < TABLE_SIZE
    word = _word_table()[np.where(inside, codes, 0)] & inside
    # Where a run of word characters begins or ends: compare each with the one before,
    # with a non-word character on either side (np.diff with prepend/append costs more).
    padded = np.zeros(len(word) + 2, dtype=bool)
    padded[1:-1] = word
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    stray = codes == _MARK
    if stray.any():
        codes = np.where(stray, _REPLACEMENT, codes).astype(np.uint32)
    if not len(edges):
        text = folded if not stray.any() else codes.tobytes().decode(*_CODEC)
        return Marked(text, _NO_MARKS)
    out = np.insert(codes, edges, np.uint32(_MARK))
    marks = edges + np.arange(len(edges), dtype=np.int64)
    return Marked(out.tobytes().decode(*_CODEC), marks)


# Below this length a str.translate over the text finds the runs quicker than
# numpy's setup (4 against 22 µs for a 10-character segment); above it numpy wins.
SHORT = 128


@lru_cache(maxsize=1)
def _words_to_marks() -> dict[int, str]:
    """A str.translate table turning every word character into a MARK."""
    return dict.fromkeys(np.flatnonzero(_word_table()).tolist(), MARK)


def _mark_short(folded: str) -> Marked:
    """``mark`` for a short text: the runs are where the translated text holds MARKs
    (the text's own MARKs are made U+FFFD first, as ``mark`` does)."""
    if MARK in folded:
        folded = folded.replace(MARK, chr(_REPLACEMENT))
    runs = [m.span() for m in _MARK_RUN.finditer(folded.translate(_words_to_marks()))]
    if not runs:
        return Marked(folded, _NO_MARKS)
    parts: list[str] = []
    edges: list[int] = []
    at = 0
    for start, end in runs:
        parts += (folded[at:start], MARK, folded[start:end], MARK)
        edges += (start, end)
        at = end
    parts.append(folded[at:])
    marks = np.array(edges, dtype=np.int64) + np.arange(len(edges), dtype=np.int64)
    return Marked("".join(parts), marks)


_MARK_RUN = re.compile(MARK + "+")


def _wrap(match: re.Match[str]) -> str:
    return f"{MARK}{match.group()}{MARK}"


def mark_term(folded: str) -> str:
    """The marked form of one folded term (quicker than ``mark`` for short strings)."""
    if MARK in folded:
        folded = folded.replace(MARK, chr(_REPLACEMENT))
    run = _word_run()
    if run.search(folded) is None:  # most Chinese terms
        return folded
    return run.sub(_wrap, folded)
