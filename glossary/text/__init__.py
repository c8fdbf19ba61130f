"""Chinese-aware text folding.

Matching works on a *folded key*; display always uses the original text. The fold
makes Traditional and Simplified, full and half width, and upper and lower case
the same, and ignores line breaks and stray spaces between CJK characters (as in
newspaper, PDF and OCR text). ``fold_with_offsets`` also returns, for every
folded character, where it came from, so a match in the key points back into
the original.

Rule: pure functions over strings; stdlib, numpy and OpenCC only. No I/O beyond
loading OpenCC's own tables, no Flask, no SQLAlchemy.
"""

from glossary.text.cjk import has_han, is_cjk_char, join_lines
from glossary.text.fold import Folded, fold, fold_char, fold_many, fold_with_offsets

__all__ = [
    "Folded",
    "fold",
    "fold_char",
    "fold_many",
    "fold_with_offsets",
    "has_han",
    "is_cjk_char",
    "join_lines",
]
