"""Number QA: does the translation keep every number of the source?

Each number of the source is looked for among the numbers of the translation,
compared by value across magnitudes (3.68萬億 = 3.68 trillion = 3,680 billion)
and kind (a percentage with a percentage, 1.2個百分點 with 1.2 percentage
points). Rounding is allowed as far as the figures say: a translation may be
more precise than the source if it agrees within half the source's last digit
(3.684 trillion for 3.68萬億), or round it if it keeps two significant digits
(3.7 trillion, 224 billion for 2236.6億).

Verdicts: ``ok``; ``changed`` when the translation has a number of that kind
that no source number explains (a magnitude error such as 3.68 billion for
3.68萬億, percent for percentage points, another value); ``missing`` when it
has none. Ordinals are not checked: official English often rewrites them
(居全國第一 → "the largest of any city").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Literal

from glossary.numbers.english import read_english_numbers
from glossary.numbers.expr import NumberExpr
from glossary.numbers.find import find_numbers

__all__ = ["CHECKED_KINDS", "NumberCheck", "check_numbers", "numbers_of", "same_value"]

Verdict = Literal["ok", "missing", "changed"]
CHECKED_KINDS = frozenset(
    ("count", "amount", "percent", "points", "multiple", "fraction", "year", "date", "range")
    + ("digits",)
)
# What a number of each kind may be written as in the other language.
_COMPATIBLE = {
    # 85次 is "85 times"; 連續三年 "for the third year running".
    "count": ("count", "year", "amount", "ordinal", "multiple"),
    "amount": ("amount", "count"),
    "year": ("year", "count"),
    "percent": ("percent",),
    "points": ("points",),
    # 增加一倍 doubles, 急增2.3倍 "soared 230%": see _multiple_agrees.
    "multiple": ("multiple", "percent"),
    "fraction": ("fraction", "percent"),
    "date": ("date",),
    "digits": ("digits",),
    "range": ("range",),
    "ordinal": ("ordinal", "count"),  # not checked in QA; "page 5" for 第5頁
}
# A wrong rendering of a kind, for ``changed``: percent for percentage points.
_CONFUSED = {"points": ("percent",), "percent": ("points",)}
# "both" counts two things in English where Chinese writes 兩項, 兩地.
_BOTH = re.compile(r"\bboth\b", re.IGNORECASE)


@dataclass(frozen=True)
class NumberCheck:
    """The verdict on one number of the source."""

    source: NumberExpr
    verdict: Verdict
    target: NumberExpr | None = None  # the number of the translation matched or suspected
    reason: str | None = None  # for changed: magnitude, value, unit, currency

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source.to_dict(),
            "verdict": self.verdict,
            "target": self.target.to_dict() if self.target else None,
            "reason": self.reason,
        }


def _ends(numbers: list[NumberExpr]) -> list[NumberExpr]:
    """Each end of a range as a number too: "HK$1,245.5 billion to HK$1,383.9 billion"
    renders two numbers of a source that does not call them a range."""
    ends = []
    for n in numbers:
        if n.kind == "range" and n.range_of not in (None, "date", "ordinal"):
            for value in (n.low, n.high):
                ends.append(
                    NumberExpr(
                        n.start,
                        n.end,
                        n.text,
                        value,
                        n.range_of or "count",
                        n.english,
                        currency=n.currency,
                        precision=n.precision,
                    )  # fmt: skip
                )
    return numbers + ends


def numbers_of(text: str, lang: str) -> list[NumberExpr]:
    """The numbers of a text: Chinese ones found, English ones read."""
    if lang.lower().startswith("zh"):
        return find_numbers(text)
    numbers = read_english_numbers(text)
    taken = [(n.start, n.end) for n in numbers]
    for m in _BOTH.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            numbers.append(NumberExpr(m.start(), m.end(), m.group(), Decimal(2), "count", "two"))
    return sorted(numbers, key=lambda n: n.start)


def checked(expr: NumberExpr) -> bool:
    return expr.kind in CHECKED_KINDS


def check_numbers(
    source: str, target: str, *, source_lang: str = "zh", target_lang: str = "en"
) -> list[NumberCheck]:
    """One verdict per checked number of ``source``, in source order."""
    sources = [n for n in numbers_of(source, source_lang) if checked(n)]
    targets = _ends(numbers_of(target, target_lang))
    used = [False] * len(targets)
    verdicts: list[NumberCheck | None] = [None] * len(sources)
    # Exact kind first, then the looser pairings (a count written as an ordinal …).
    for strict in (True, False):
        for i, expr in enumerate(sources):
            if verdicts[i] is not None:
                continue
            j = _first(targets, used, partial(agrees, expr, strict=strict))
            if j is not None:
                used[j] = True
                verdicts[i] = NumberCheck(expr, "ok", targets[j])
    for i, expr in enumerate(sources):
        if verdicts[i] is None:
            verdicts[i] = _suspect(expr, targets, used)
    return [v for v in verdicts if v is not None]


def _first(
    targets: list[NumberExpr], used: list[bool], test: Callable[[NumberExpr], bool]
) -> int | None:
    for j, target in enumerate(targets):
        if not used[j] and test(target):
            return j
    return None


def _suspect(expr: NumberExpr, targets: list[NumberExpr], used: list[bool]) -> NumberCheck:
    """A changed number when an unexplained one of the same kind is there, else missing."""
    kinds = _COMPATIBLE.get(expr.kind, (expr.kind,))
    candidates = [j for j, t in enumerate(targets) if not used[j] and t.kind in kinds]
    for j in candidates:
        if _same_digits(expr, targets[j]):
            used[j] = True
            return NumberCheck(expr, "changed", targets[j], "magnitude")
    for j, target in enumerate(targets):
        if (
            not used[j]
            and target.kind in _CONFUSED.get(expr.kind, ())
            and _equal_values(expr, target)
        ):
            used[j] = True
            return NumberCheck(expr, "changed", target, "unit")
    if expr.kind == "amount":
        for j in candidates:
            t = targets[j]
            if t.currency and expr.currency and t.currency != expr.currency:
                if _equal_values(expr, t):
                    used[j] = True
                    return NumberCheck(expr, "changed", t, "currency")
    exact = [j for j in candidates if targets[j].kind == expr.kind]
    if exact:
        used[exact[0]] = True
        return NumberCheck(expr, "changed", targets[exact[0]], "value")
    return NumberCheck(expr, "missing")


def agrees(source: NumberExpr, target: NumberExpr, *, strict: bool = True) -> bool:
    """Whether ``target`` renders ``source``: same value (as rounding allows), kind and unit."""
    kinds = (source.kind,) if strict else _COMPATIBLE.get(source.kind, (source.kind,))
    if target.kind not in kinds:
        return False
    if source.kind == "date" or source.range_of == "date":
        return _same_dates(source.date, target.date)
    if source.kind in ("range", "digits"):
        return _same_bounds(source, target)
    if source.kind == "fraction" and target.kind == "percent":
        assert source.value is not None and target.value is not None
        return same_value(source.value * 100, None, target.value, target.precision)
    if source.kind == "multiple":
        return _multiple_agrees(source, target)
    if source.kind == "points" and target.kind == "count" and target.unit != "points":
        return False
    if target.kind == "ordinal" and (source.value is None or source.value > 100):
        return False
    if source.currency and target.currency and source.currency != target.currency:
        return False
    return _equal_values(source, target)


def _equal_values(source: NumberExpr, target: NumberExpr) -> bool:
    if source.value is None or target.value is None:
        return False
    s, t = source.value, target.value
    if source.kind in ("percent", "points") and (s < 0) != (t < 0):
        s, t = abs(s), abs(t)  # 下跌5.2% is "-5.2%" or "fell 5.2%"
    return same_value(s, source.precision, t, target.precision)


def _multiple_agrees(source: NumberExpr, target: NumberExpr) -> bool:
    """增加兩倍 is read both ways in English ("tripled", "two times"): n or n + 1 times,
    or a rise of n × 100 percent."""
    if source.value is None or target.value is None:
        return False
    if target.kind == "percent":
        return same_value(source.value * 100, None, target.value, target.precision)
    return any(
        same_value(v, source.precision, target.value, target.precision)
        for v in (source.value, source.value + 1)
    )


def _same_bounds(source: NumberExpr, target: NumberExpr) -> bool:
    if source.low is None or source.high is None or target.low is None or target.high is None:
        return False
    precision = source.precision
    return same_value(source.low, precision, target.low, target.precision) and same_value(
        source.high, precision, target.high, target.precision
    )


def _same_dates(source: str | None, target: str | None) -> bool:
    """Dates or intervals of dates (ISO 8601 "a/b") that agree end by end."""
    if not source or not target or source.count("/") != target.count("/"):
        return False
    return all(_same_date(a, b) for a, b in zip(source.split("/"), target.split("/"), strict=True))


def _same_date(source: str | None, target: str | None) -> bool:
    """Partial ISO dates agree where both say something: 2025-02-25 and --02-25."""
    if not source or not target:
        return False
    a, b = _date_parts(source), _date_parts(target)
    shared = [(x, y) for x, y in zip(a, b, strict=True) if x and y]
    # 22日 and "22 Dec" agree on the day; 2月 and "February 2024" on the month.
    return bool(shared) and all(x == y for x, y in shared) and (a[1] == b[1] or not a[1])


def _date_parts(iso: str) -> tuple[str, str, str]:
    m = re.fullmatch(r"(\d{4}|-)?-?(\d{2}|-)?(?:-(\d{2}))?", iso)
    if m is None:
        return "", "", ""
    year, month, day = m.groups()
    return (year if year and year != "-" else "", month or "", day or "")


def same_value(
    source: Decimal, source_ulp: Decimal | None, target: Decimal, target_ulp: Decimal | None
) -> bool:
    """Equal, or as close as the written precision allows.

    The target may be more precise than the source (within half the source's
    last digit) or round it to its own last digit, keeping two significant
    digits: 3.68萬億 matches 3.68 trillion, 3,680 billion, 3.684 trillion and
    3.7 trillion, but not 4 trillion or 3.68 billion.
    """
    if source == target:
        return True
    if source_ulp and abs(source - target) * 2 <= source_ulp:
        return True
    if not target_ulp or target_ulp <= (source_ulp or 0) or target == 0:
        return False
    rounded = (source / target_ulp).quantize(Decimal(1), rounding=ROUND_HALF_UP) * target_ulp
    if rounded != target:
        return False
    significant = abs(target) / target_ulp
    return significant >= 10


def _same_digits(source: NumberExpr, target: NumberExpr) -> bool:
    """3.68 trillion and 3.68 billion: the same figures at another magnitude."""
    if source.value is None or target.value is None or not source.value or not target.value:
        return False
    return _mantissa(source.value) == _mantissa(target.value) and source.value != target.value


def _mantissa(value: Decimal) -> tuple[int, ...]:
    return abs(value).normalize().as_tuple().digits
