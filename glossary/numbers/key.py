"""What can be told about a text before folding it: whether it may hold a numeral.

``has_numeral(text)`` tells whether the fold of a text can hold a numeral at
all; a text without one has no number and is not folded.
"""

from __future__ import annotations

import re
from functools import lru_cache

from glossary.numbers.patterns import NUMERALS
from glossary.text.fold_quick import char_class
from glossary.text.fold_tables import tables

__all__ = ["has_numeral"]


@lru_cache(maxsize=1)
def _numeral_sources() -> re.Pattern[str]:
    """Every character whose fold holds a numeral (萬, ５, 兩 as well as 万, 5, 两)."""
    mapping = tables().mapping
    sources = {c for c in NUMERALS if ord(c) not in mapping}
    sources |= {chr(cp) for cp, out in mapping.items() if any(c in NUMERALS for c in out)}
    return char_class(sources)


def has_numeral(text: str) -> bool:
    """Whether the fold of ``text`` may hold a numeral character (patterns.NUMERALS)."""
    return _numeral_sources().search(text) is not None
