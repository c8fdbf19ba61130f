"""The tables behind the fold, built once per process from Unicode and OpenCC.

For every code point below TABLE_SIZE: what it folds to (NFKC, case folding,
Traditional → Simplified with OpenCC's character tables, corner brackets →
curly quotes, invisible characters → nothing), and its role in line joins.
Building them takes a few tenths of a second, on first use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from glossary.text.cjk import (
    CJK_PUNCT_RANGES,
    DIGIT_RANGES,
    HAN_RANGES,
    PERCENT,
)

# Code points below this go through the lookup array; all CJK lives below it.
TABLE_SIZE = 0x40000
# Applied in this order; the first config that converts a character wins.
OPENCC_CONFIGS = ("t2s", "hk2s", "tw2s")
PUNCTUATION = {"「": "“", "」": "”", "『": "‘", "』": "’"}
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
SPACE = 0x20
# Class bits for line joins (the vectorised path and join_re use the same table).
# A character's role on each side of a run of spaces: as what precedes it (its
# last folded character counts) and as what follows it (its first one counts).
_SPACE, _CJK_BEFORE, _NUMBER_BEFORE, _CJK_AFTER, _DIGIT_AFTER = 1, 2, 4, 8, 16


@dataclass(frozen=True)
class Tables:
    # For str.translate: code point → folded text ("" deletes). Only changed characters.
    mapping: dict[int, str]
    # For the vectorised path, indexed by code point below TABLE_SIZE:
    # the folded code point (when it is one character) …
    codes: np.ndarray
    # … how many characters it folds to (0 vanishes, 1 usual, more expands) …
    lengths: np.ndarray
    # … where its expansion starts in ``expansions`` (for lengths other than 1) …
    expansion_at: np.ndarray
    expansions: np.ndarray
    # … and its role in line joins (SPACE, CJK, DIGIT, PERCENT bits, by its fold).
    classes: np.ndarray


def _t2s_characters() -> dict[str, str]:
    """Single-character Traditional → Simplified conversions from OpenCC's own tables."""
    import opencc

    chars = [chr(cp) for lo, hi in HAN_RANGES for cp in range(ord(lo), ord(hi) + 1)]
    joined = "\n".join(chars)
    table: dict[str, str] = {}
    for config in OPENCC_CONFIGS:
        converted = opencc.OpenCC(config).convert(joined).split("\n")
        if len(converted) != len(chars):  # pragma: no cover - would mean OpenCC changed
            raise RuntimeError(f"OpenCC {config} did not keep one line per character")
        for src, dst in zip(chars, converted, strict=True):
            if src != dst and len(dst) == 1:
                table.setdefault(src, dst)
    return table


def _fold_one(ch: str, t2s: dict[str, str]) -> str:
    if ch in INVISIBLE:
        return ""
    if ch.isspace():
        return " "
    out = unicodedata.normalize("NFKC", ch).casefold()
    out = "".join(PUNCTUATION.get(c, t2s.get(c, c)) for c in out)
    # An expansion such as "¨" → " ̈" must not smuggle spaces into the key.
    return "".join(out.split()) if len(out) > 1 else out


@lru_cache(maxsize=1)
def tables() -> Tables:
    t2s = _t2s_characters()
    mapping: dict[int, str] = {}
    for cp in range(TABLE_SIZE):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        out = _fold_one(ch, t2s)
        if out == ch:
            continue
        # Fold to a fixed point so that fold(fold(x)) == fold(x).
        while (again := "".join(_fold_one(c, t2s) for c in out)) != out:
            out = again
        mapping[cp] = out
    codes = np.arange(TABLE_SIZE, dtype=np.uint32)
    lengths = np.ones(TABLE_SIZE, dtype=np.uint8)
    expansion_at = np.zeros(TABLE_SIZE, dtype=np.int64)
    expansions: list[int] = []
    for cp, out in mapping.items():
        if len(out) == 1:
            codes[cp] = ord(out)
        else:
            lengths[cp] = len(out)
            expansion_at[cp] = len(expansions)
            expansions.extend(ord(c) for c in out)
    return Tables(
        mapping,
        codes,
        lengths,
        expansion_at,
        np.array(expansions, dtype=np.uint32),
        _classes(mapping),
    )


def _classes(mapping: dict[int, str]) -> np.ndarray:
    """Per code point, its role in line joins: as it is, or as what it folds to.

    A Kangxi radical ⼤ (as PDFs extract 大) joins like 大, a circled ① like 1,
    and every Unicode space (thin, no-break, line separator …) like a line
    break; so a text and its fold join alike, and fold(fold(t)) == fold(t).
    """
    cjk, digit, percent = _character_sets()
    classes = np.zeros(TABLE_SIZE, dtype=np.uint8)
    classes[cjk] |= _CJK_BEFORE | _CJK_AFTER
    classes[digit] |= _NUMBER_BEFORE | _DIGIT_AFTER
    classes[percent] |= _NUMBER_BEFORE
    _classify_folds(classes, mapping, cjk, digit, percent)
    for cp in range(TABLE_SIZE):
        if not 0xD800 <= cp < 0xE000 and chr(cp).isspace():
            classes[cp] = _SPACE
    return classes


def _character_sets() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point, whether it is CJK (with the quotes 「」『』 fold to), a digit, a percent sign."""
    cjk = np.zeros(TABLE_SIZE, dtype=bool)
    digit = np.zeros(TABLE_SIZE, dtype=bool)
    for ranges, flags in ((HAN_RANGES + CJK_PUNCT_RANGES, cjk), (DIGIT_RANGES, digit)):
        for lo, hi in ranges:
            flags[ord(lo) : ord(hi) + 1] = True
    # Curly quotes are what 「」『』 fold to.
    for quote in "“”‘’":
        cjk[ord(quote)] = True
    percent = np.zeros(TABLE_SIZE, dtype=bool)
    for c in PERCENT:
        percent[ord(c)] = True
    return cjk, digit, percent


def _inside(flags: np.ndarray, ch: str) -> bool:
    return ord(ch) < TABLE_SIZE and bool(flags[ord(ch)])


def _classify_folds(
    classes: np.ndarray,
    mapping: dict[int, str],
    cjk: np.ndarray,
    digit: np.ndarray,
    percent: np.ndarray,
) -> None:
    """Give a character that folds the join roles of the ends of what it folds to."""
    for cp, out in mapping.items():
        if not out or out.isspace():
            classes[cp] = _SPACE  # invisible characters belong to the run around them
            continue
        first, last = out[0], out[-1]
        if _inside(cjk, first):
            classes[cp] |= _CJK_AFTER
        if _inside(digit, first):
            classes[cp] |= _DIGIT_AFTER
        if _inside(cjk, last):
            classes[cp] |= _CJK_BEFORE
        if _inside(digit, last) or _inside(percent, last):
            classes[cp] |= _NUMBER_BEFORE


def _char_class(classes: np.ndarray, bit: int) -> str:
    """A regex character class body for the code points having ``bit``."""
    points = np.flatnonzero(classes & bit)
    if not len(points):
        return ""
    breaks = np.flatnonzero(np.diff(points) != 1)
    starts = np.concatenate(([points[0]], points[breaks + 1]))
    ends = np.concatenate((points[breaks], [points[-1]]))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    )


@lru_cache(maxsize=1)
def join_re() -> re.Pattern[str]:
    """The line-join rule of the fold, with the classes of _classes.

    Spaces go between two CJK characters, between a CJK character and a digit
    ("連續 3 年"), and between a digit or percent sign and a CJK character.
    """
    classes = tables().classes

    def chars(bits: int) -> str:
        return _char_class(classes, bits)

    space, cjk_before, cjk_after = chars(_SPACE), chars(_CJK_BEFORE), chars(_CJK_AFTER)
    return re.compile(
        f"(?<=[{cjk_before}])[{space}]+(?=[{cjk_after}{chars(_DIGIT_AFTER)}])"
        f"|(?<=[{chars(_NUMBER_BEFORE)}])[{space}]+(?=[{cjk_after}])"
    )
