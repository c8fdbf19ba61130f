"""Character classes for CJK text.

Ranges are written with ``\\U`` escapes on purpose: ``"\\u20000"`` is the two
characters U+2000 and "0", a trap that sacrebleu's zh tokenizer fell into
(mjpost/sacrebleu#298). Tests include U+20000 to keep us honest.
"""

from __future__ import annotations

import re

# Han ideographs: URO, Extension A, compatibility ideographs, and the
# supplementary planes (Extensions B–I, compatibility supplement).
HAN_RANGES = (
    ("\U00003400", "\U00004dbf"),
    ("\U00004e00", "\U00009fff"),
    ("\U0000f900", "\U0000faff"),
    ("\U00020000", "\U0002fa1f"),
    ("\U00030000", "\U000323af"),
)

# Characters that sit *between* Han characters in running Chinese text:
# CJK symbols and punctuation (、。「」『』《》 …), kana, vertical and small form
# variants, full-width forms (，：；（） …), and the ideographic number zero.
# Full-width Latin letters (Ａ–Ｚ, ａ–ｚ) are left out: they fold to ASCII letters
# and are words like them, so "ＢＡＹ ＡＲＥＡ" keeps its spaces as "BAY AREA" does.
CJK_PUNCT_RANGES = (
    ("\U00003001", "\U0000303f"),
    ("\U00003040", "\U000030ff"),
    ("\U0000fe10", "\U0000fe1f"),
    ("\U0000fe30", "\U0000fe4f"),
    ("\U0000ff00", "\U0000ff20"),
    ("\U0000ff3b", "\U0000ff40"),
    ("\U0000ff5b", "\U0000ffef"),
)


def _class(ranges: tuple[tuple[str, str], ...]) -> str:
    return "".join(f"{a}-{b}" for a, b in ranges)


HAN = _class(HAN_RANGES)
CJK = HAN + _class(CJK_PUNCT_RANGES)

_HAN_RE = re.compile(f"[{HAN}]")
_CJK_CHAR_RE = re.compile(f"[{CJK}]")

# Whitespace that a line break or a typesetter put inside Chinese text: between
# two CJK characters, or between a CJK character and a digit ("連續 3 年").
# Latin words keep their spaces. \u3000 (ideographic space) is treated like any
# other space here, and invisible characters (zero-width space, soft hyphen …)
# count as part of the run, since the fold deletes them anyway.
JOIN_SPACE = " \t\r\n\f\v\u00a0\u3000\u00ad\u200b\u200c\u200d\u2060\ufeff"
DIGIT_RANGES = (("0", "9"), ("\uff10", "\uff19"))
PERCENT = "%\uff05"
_WS = f"[{re.escape(JOIN_SPACE)}]+"
_DIGIT = _class(DIGIT_RANGES)
JOIN_RE = re.compile(
    f"(?<=[{CJK}]){_WS}(?=[{CJK}{_DIGIT}])|(?<=[{_DIGIT}{PERCENT}]){_WS}(?=[{CJK}])"
)


def has_han(text: str) -> bool:
    """True if ``text`` contains at least one Han ideograph."""
    return _HAN_RE.search(text) is not None


def is_cjk_char(ch: str) -> bool:
    """True for a Han ideograph or a CJK punctuation, kana or full-width character."""
    return _CJK_CHAR_RE.match(ch) is not None


def join_lines(text: str) -> str:
    """``text`` without the line breaks and stray spaces inside Chinese, for display.

    >>> join_lines("規上\\n\\n工業")
    '規上工業'
    """
    return " ".join(JOIN_RE.sub("", text).split())
