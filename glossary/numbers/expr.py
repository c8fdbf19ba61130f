"""NumberExpr: one numeric expression found in a text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from glossary.numbers.numerals import to_plain

__all__ = ["KINDS", "Draft", "NumberExpr", "draft"]

KINDS = (
    "count",  # 20萬人, 3個, 兩千零二十五, 40小時, 5平方公里
    "amount",  # money: 3.68萬億元, 500億港元
    "percent",  # 5.8%, 百分之五點八, 四成
    "points",  # 1.2個百分點
    "multiple",  # 3倍, 翻一番
    "fraction",  # 三分之一, 一半, 千分之三
    "ordinal",  # 第一, 七屆, 二期, 一季度, 「十五五」
    "year",  # 2025年, 二〇二五年
    "date",  # 2月25日, 2025年2月
    "range",  # 5%—6%, 三至五年
    "digits",  # 兩位數: value None, low and high give the range
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else to_plain(value)


@dataclass(frozen=True, slots=True)
class NumberExpr:
    """A numeric expression: ``text == original[start:end]`` (code points).

    ``value`` is exact; percentages and percentage points are in percent (5.8
    for 5.8%), multiples in times (2 for 翻一番), fractions as a ratio (to 28
    digits: ``numerator``/``denominator`` are exact), dates have ``date``
    instead. It is None only where no single value exists: a range (``low``
    and ``high``) or 兩位數 (10–99).
    """

    start: int
    end: int
    text: str
    value: Decimal | None
    kind: str
    english: str
    # Other renderings official English uses: "RMB 3.68 trillion", "5.8%".
    alternatives: tuple[str, ...] = ()
    # "about", "more than", "nearly", "below" … (English), from 約, 以上, 近, 以下 …
    qualifier: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    # The English noun, when the unit has one: "people", "vehicles", "years", "tons".
    unit: str | None = None
    currency: str | None = None  # ISO 4217: CNY, HKD, USD …
    date: str | None = None  # ISO 8601, partial where the text is: "2025-02-25", "--02-25"
    range_of: str | None = None  # the kind of each end of a range
    # The place of the last digit written: 10**10 for 3.68萬億 (how much rounding it allows).
    precision: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: Decimals as strings without exponent ("3680000000000")."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": _text(self.value),
            "kind": self.kind,
            "english": self.english,
            "alternatives": list(self.alternatives),
            "qualifier": self.qualifier,
            "low": _text(self.low),
            "high": _text(self.high),
            "unit": self.unit,
            "currency": self.currency,
            "date": self.date,
            "range_of": self.range_of,
            "precision": _text(self.precision),
            "numerator": self.numerator,
            "denominator": self.denominator,
        }


@dataclass(slots=True)
class Draft:
    """An expression as the finder builds it, at offsets into the folded text. It
    becomes a NumberExpr once its place in the original text is known: a frozen
    dataclass of 17 fields is slow to make, so each is made once, in place."""

    start: int
    end: int
    value: Decimal | None
    kind: str
    english: str
    more: dict[str, Any]  # the other fields of NumberExpr

    def placed(self, start: int, end: int, original: str) -> NumberExpr:
        """The expression at ``original[start:end]``."""
        return NumberExpr(
            start, end, original[start:end], self.value, self.kind, self.english, **self.more
        )


def draft(start: int, end: int, value: Decimal | None, kind: str, english: str, **kw) -> Draft:
    """An expression at folded offsets, before the finder maps them to the original text."""
    return Draft(start, end, value, kind, english, kw)
