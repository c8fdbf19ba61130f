"""The folded key the finder reads, and what can be told about a text before folding it.

``folded(text)`` is ``glossary.text.fold_with_offsets(text)``, made cheaper for
the usual sentence: when it is normalized and no character of it changes
length or is a space other than single spaces (no line break, no zero-width
character, no ligature), every folded character comes from the character at
its place, less the spaces the fold drops (a line join, an end): one table
lookup per character gives the key, and the offsets are the places kept.
``has_numeral(text)`` tells whether the fold of a text can hold a numeral at
all; a text without one has no number and is not folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from glossary.numbers.patterns import NUMERALS
from glossary.text import Folded, fold_with_offsets
from glossary.text.fold_tables import join_re, tables

__all__ = ["folded", "has_numeral"]

# The regex engine tests a class of scattered characters beyond the BMP one by
# one, slowly: these classes let every such character through instead (the
# caller then takes the general path, which is right for any text).
_ASTRAL = "\\U00010000-\\U0010FFFF"


def _char_class(chars: set[str]) -> re.Pattern[str]:
    bmp = "".join(re.escape(c) for c in sorted(chars) if ord(c) <= 0xFFFF)
    return re.compile(f"[{bmp}{_ASTRAL}]")


@lru_cache(maxsize=1)
def _numeral_sources() -> re.Pattern[str]:
    """Every character whose fold holds a numeral (萬, ５, 兩 as well as 万, 5, 两)."""
    mapping = tables().mapping
    sources = {c for c in NUMERALS if ord(c) not in mapping}
    sources |= {chr(cp) for cp, out in mapping.items() if any(c in NUMERALS for c in out)}
    return _char_class(sources)


@lru_cache(maxsize=1)
def _reshaping() -> re.Pattern[str]:
    """Every character that folds to other than one character, or to a space: line
    breaks and other spaces than " " (which join and collapse as runs), characters
    that vanish (zero width) and characters that expand (ligatures, ㍻)."""
    mapping = tables().mapping
    return _char_class({chr(cp) for cp, out in mapping.items() if len(out) != 1 or out.isspace()})


def has_numeral(text: str) -> bool:
    """Whether the fold of ``text`` may hold a numeral character (patterns.NUMERALS)."""
    return _numeral_sources().search(text) is not None


def folded(text: str) -> Folded:
    """``fold_with_offsets(text)``, without its general machinery where it is not needed."""
    if (
        not text
        or not unicodedata.is_normalized("NFC", text)
        or _reshaping().search(text) is not None
        or "  " in text
    ):
        return fold_with_offsets(text)
    raw = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes = tables().codes[raw]
    starts = None
    if " " in text:
        # Single spaces: those between Chinese characters go (line joins), and the ends.
        keep = np.ones(len(text), dtype=bool)
        keep[[m.start() for m in join_re().finditer(text)]] = False
        keep[[i for i in (0, len(text) - 1) if text[i] == " "]] = False
        codes, starts = codes[keep], np.flatnonzero(keep).astype(np.int32)
    key = codes.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")
    if not unicodedata.is_normalized("NFC", key):
        return fold_with_offsets(text)  # a mark that now composes with what it follows
    return Folded(key, np.arange(len(key), dtype=np.int32) if starts is None else starts)
