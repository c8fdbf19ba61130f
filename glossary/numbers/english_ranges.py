"""Ranges in English: 5 to 6 percent, 5-6%, three to five years, 2021-2025, RMB 1 to 2 trillion."""

from __future__ import annotations

import re
from decimal import Decimal

from glossary.numbers.expr import NumberExpr
from glossary.numbers.numerals import tidy, to_plain
from glossary.numbers.render import group, quantity

__all__ = ["join_ranges"]

_RANGE = re.compile(r"\s*(?:-|–|—|to|and)\s*", re.IGNORECASE)
_SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def join_ranges(found: list[NumberExpr], text: str) -> list[NumberExpr]:
    """5 to 6 percent, 5-6%, three to five years, 2021-2025, between 5 and 6 percent."""
    out: list[NumberExpr] = []
    i = 0
    while i < len(found):
        low = found[i]
        high = found[i + 1] if i + 1 < len(found) else None
        # "from 0.57% to 0.90%" is a change, not a range; "from 2015 to 2024" a period.
        from_to = text[: low.start].rstrip().lower().endswith("from") and low.kind != "year"
        if high is not None and not from_to and _RANGE.fullmatch(text[low.end : high.start]):
            joined = _range(low, high, text)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(low)
        i += 1
    return out


def _range(low: NumberExpr, high: NumberExpr, text: str) -> NumberExpr | None:
    if (
        low.value is None
        or high.value is None
        or high.kind
        not in (
            "count",
            "percent",
            "amount",
            "year",
            "points",
        )
    ):
        return None
    if low.kind not in ("count", high.kind) and not (low.kind == "amount" == _kind_of(high)):
        return None
    word = text[low.end : high.start].strip().lower()
    if word == "and" and not text[: low.start].rstrip().lower().endswith("between"):
        return None
    low_value, low_precision = low.value, low.precision or Decimal(1)
    if high.value >= 1000 > low.value and low.kind in ("count", "amount"):
        # RMB 1 to 2 trillion: the first number shares the scale.
        factor = _scale_of(high.text)
        if factor:
            low_value, low_precision = low.value * factor, low_precision * factor
    if not low_value < high.value:
        return None
    return NumberExpr(
        low.start,
        high.end,
        text[low.start : high.end],
        None,
        "range",
        _range_english(low_value, high),
        low=tidy(low_value),
        high=high.value,
        currency=high.currency or low.currency,
        range_of=_kind_of(high) if low.kind == "amount" else high.kind,
        precision=tidy(min(low_precision, high.precision or Decimal(1))),
    )


def _kind_of(high: NumberExpr) -> str:
    """RMB 1 to 2 trillion: the second number is money when the first is."""
    return "amount" if high.kind in ("count", "amount") else high.kind


def _range_english(low: Decimal, high: NumberExpr) -> str:
    assert high.value is not None
    if high.kind == "percent":
        return f"{group(tidy(low))} to {group(high.value)} percent"
    if high.kind == "year":
        return f"{to_plain(low)}-{to_plain(high.value)}"
    low_text, high_text = quantity(tidy(low)), quantity(high.value)
    scale = high_text.partition(" ")[2]
    if scale and low_text.endswith(" " + scale):
        low_text = low_text.partition(" ")[0]  # 1 to 2 trillion
    return f"{low_text} to {high_text}"


def _scale_of(text: str) -> Decimal | None:
    for word, factor in _SCALE_WORDS.items():
        if word in text.lower() and factor >= 1000:
            return Decimal(factor)
    return None
