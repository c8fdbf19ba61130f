"""Quick folds of ordinary text with its offsets, tried before the general path.

``fold_with_offsets`` handles every text with numpy arrays: vanishing and
expanding characters, line joins, space runs. Most texts need none of that, and
numpy's set-up is then most of the cost. Each function here returns the folded
text and, for each folded character, where it came from, or None when the text
needs the general path; both give exactly what the general path gives
(tests/text/test_fold.py and tests/numbers/test_key.py compare them).

* ``one_to_one``: every character folds to exactly one and none is a space
  (a segment, a term): one ``str.translate`` (6 against 19 µs for 10 characters).
* ``single_spaced``: no character changes length and spaces stand alone (a
  sentence, a paragraph): one table lookup per character, then the spaces the
  fold drops (line joins, the ends) are left out (8 against 18 µs for 300
  characters). Past about a thousand characters numpy is quicker.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from glossary.text.fold_tables import _SPACE, TABLE_SIZE, join_re, tables

__all__ = ["char_class", "one_to_one", "single_spaced"]

# The regex engine tests a class of scattered characters beyond the BMP one by
# one, slowly: these classes let every such character through instead (the
# caller then takes the general path, which is right for any text).
_ASTRAL = "\\U00010000-\\U0010FFFF"
_TWO = "\0\0"
_OUTSIDE_TABLE = chr(TABLE_SIZE)
_CODEC = ("utf-32-le", "surrogatepass")


def char_class(chars: set[str]) -> re.Pattern[str]:
    """A pattern matching any of ``chars``, or any character beyond the BMP."""
    bmp = "".join(re.escape(c) for c in sorted(chars) if ord(c) <= 0xFFFF)
    return re.compile(f"[{bmp}{_ASTRAL}]")


@lru_cache(maxsize=1)
def _one_to_one_table() -> dict[int, str]:
    """For str.translate: each character that folds to one character and is no space
    maps to that character; every other one (vanishing, expanding, spacing) maps to
    two, so that a longer result says the text needs the whole fold."""
    table = tables()
    others = np.flatnonzero((table.lengths != 1) | ((table.classes & _SPACE) != 0))
    single = {cp: out for cp, out in table.mapping.items() if len(out) == 1}
    single.update(dict.fromkeys(others.tolist(), _TWO))
    return single


def one_to_one(text: str) -> tuple[str, np.ndarray] | None:
    """The fold of an NFC text whose characters all fold one to one and are no spaces."""
    if max(text) >= _OUTSIDE_TABLE:
        return None
    folded = text.translate(_one_to_one_table())
    if len(folded) != len(text):
        return None
    return folded, np.arange(len(text), dtype=np.int32)


@lru_cache(maxsize=1)
def _reshaping() -> re.Pattern[str]:
    """Every character that folds to other than one character, or to a space: line
    breaks and other spaces than " " (which join and collapse as runs), characters
    that vanish (zero width) and characters that expand (ligatures, ㍻)."""
    mapping = tables().mapping
    return char_class({chr(cp) for cp, out in mapping.items() if len(out) != 1 or out.isspace()})


def single_spaced(text: str) -> tuple[str, np.ndarray] | None:
    """The fold of an NFC text where no character changes length and no two spaces meet."""
    if _reshaping().search(text) is not None or "  " in text:
        return None
    raw = np.frombuffer(text.encode(*_CODEC), dtype=np.uint32)
    codes = tables().codes[raw]
    starts = None
    if " " in text:
        # Single spaces: those between Chinese characters go (line joins), and the ends.
        keep = np.ones(len(text), dtype=bool)
        keep[[m.start() for m in join_re().finditer(text)]] = False
        keep[[i for i in (0, len(text) - 1) if text[i] == " "]] = False
        codes, starts = codes[keep], np.flatnonzero(keep).astype(np.int32)
    folded = codes.astype("<u4", copy=False).tobytes().decode(*_CODEC)
    return folded, np.arange(len(folded), dtype=np.int32) if starts is None else starts
