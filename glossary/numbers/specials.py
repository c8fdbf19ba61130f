"""The numbers of a fixed shape, found before the general pass.

第一 and its units (第三季度, 第二期, 第5頁, 第149至237頁), 翻一番, 兩位數增長, 一半 and
過半, 「十五五」 (a five-year plan), 一季度 and 前三季度, 一是 at the head of a clause,
（右二） in a caption, and the set phrases whose numerals are not numbers (千家萬戶),
which the finder must leave alone. Offsets are into the folded text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from glossary.numbers.atoms import SESSION
from glossary.numbers.describe import with_qualifier
from glossary.numbers.expr import Draft, draft
from glossary.numbers.numerals import CN_DIGITS, parse_numeral
from glossary.numbers.patterns import SPECIAL, SPECIAL_ANCHORS, SPECIAL_FIRST
from glossary.numbers.render import ordinal, roman
from glossary.numbers.units import LABELS, UNITS

__all__ = ["specials"]

# (folded start, folded end, expression with folded offsets or None for a blocked span)
Found = tuple[int, int, Draft | None]


def specials(key: str, start: int, end: int) -> Iterator[Found]:
    """The fixed-shape numbers (and blocked set phrases) of ``key[start:end]``."""
    if SPECIAL_ANCHORS.search(key, start, end) is None:
        return
    for m in _matches(key, start, end):
        start, end = m.span()
        if m.group("idiom"):
            yield start, end, None
            continue
        expr = _special(m, start, end)
        if expr is not None:
            yield start, end, expr


def _matches(key: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``SPECIAL.finditer(key, start, end)``, tried only where a match may begin: the
    engine tries SPECIAL at every character, slowly (about 0.4 µs each)."""
    at = start
    for first in SPECIAL_FIRST.finditer(key, start, end):
        if first.start() >= at and (m := SPECIAL.match(key, first.start(), end)):
            yield m
            at = m.end()


def _special(m, start: int, end: int) -> Draft | None:
    if m.group("ordrange"):
        return _ordinal_range(m, start, end)
    if m.group("ord"):
        return _ordinal(m, start, end)
    plan = m.group("plan") or m.group("plan2")
    if plan:
        n = int(parse_numeral(plan).value)  # type: ignore[union-attr]
        english = f"the {ordinal(n)} Five-Year Plan"
        return draft(
            start, end, Decimal(n), "ordinal", english, alternatives=(f"{ordinal(n)} FYP",)
        )
    if m.group("double"):
        times = {"一": 2, "1": 2, None: 2, "两": 4, "二": 4, "2": 4, "三": 8, "3": 8}
        factor = times.get(m.group("fold"), 16)
        english = {2: "double", 4: "quadruple", 8: "increase eightfold"}.get(factor, "sixteenfold")
        alternatives = {2: ("twofold", "two times"), 4: ("fourfold", "four times")}.get(factor, ())
        return draft(start, end, Decimal(factor), "multiple", english, alternatives=alternatives)
    return _special_words(m, start, end)


def _special_words(m, start: int, end: int) -> Draft | None:
    """一半, 兩位數, quarters, enumerations and captions."""
    if m.group("digits"):
        return _digits(m, start, end)
    if m.group("half"):
        qualifier = {"过半": "more than"}.get(m.group("hw"))
        if m.group("hbefore") or m.group("hafter"):
            qualifier = "nearly" if m.group("hbefore") in ("近", "将近") else "more than"
            if m.group("hbefore") == "约":
                qualifier = "about"
        english = with_qualifier(qualifier, "half")
        return draft(
            start, end, Decimal("0.5"), "fraction", english, qualifier=qualifier,
            numerator=1, denominator=2,
        )  # fmt: skip
    if m.group("firstq"):
        n = int(parse_numeral(m.group("fqnum")).value)  # type: ignore[union-attr]
        english = f"the first {['', 'one', 'two', 'three'][n]} quarters"
        return draft(start, end, Decimal(n), "count", english, unit="quarters")
    if m.group("quarter"):
        n = int(parse_numeral(m.group("qnum")).value)  # type: ignore[union-attr]
        return draft(
            start, end, Decimal(n), "ordinal", f"the {ordinal(n)} quarter",
            alternatives=(f"Q{n}",), unit="quarter",
        )  # fmt: skip
    if m.group("side"):
        n = int(parse_numeral(m.group("sidenum")).value)  # type: ignore[union-attr]
        side = "left" if m.group("side") == "左" else "right"
        english = f"{ordinal(n)} from {side}"
        return draft(start, end, Decimal(n), "ordinal", english)
    if m.group("enum"):
        n = int(parse_numeral(m.group("enum")).value)  # type: ignore[union-attr]
        # The span is 一是 (two characters): "first", as in "First, …".
        return draft(m.start("enum"), end, Decimal(n), "ordinal", ordinal(n).capitalize())
    return None


def _ordinal(m, start: int, end: int) -> Draft | None:
    numeral = parse_numeral(m.group("ordnum"))
    if numeral is None or numeral.sequence or numeral.value != numeral.value.to_integral_value():
        return None
    n = int(numeral.value)
    unit = m.group("ordunit")
    alternatives: tuple[str, ...]
    if unit == "期":
        english, alternatives = f"phase {roman(n)}", (f"the {ordinal(n)} phase",)
    elif unit in LABELS:
        english, alternatives = f"{LABELS[unit]} {n}", (f"the {ordinal(n)} {LABELS[unit]}",)
    elif unit in ("季度", "季"):
        english, alternatives = f"the {ordinal(n)} quarter", (f"Q{n}",)
    else:
        english, alternatives = f"the {ordinal(n)}", ()
    if unit == "条":
        alternatives = (f"Article {n}", f"section {n}")
    if unit == "次" and SESSION.match(m.string, m.end()):
        english, alternatives = f"the {ordinal(n)} session", (f"the {ordinal(n)}",)
    if unit and unit not in (
        "期",
        "季度",
        "季",
        "届",
        "次",
        "个",
        "位",
        "名",
        "批",
        "家",
        "条",
        "项",
    ):
        if unit in LABELS:
            return draft(start, end, Decimal(n), "ordinal", english, alternatives=alternatives)
        # 第一年, 第三天: the unit belongs to the number; 第一股: it does not.
        if unit in UNITS and UNITS[unit].singular:
            english = f"the {ordinal(n)} {UNITS[unit].singular}"
    return draft(start, end, Decimal(n), "ordinal", english, alternatives=alternatives)


def _ordinal_range(m, start: int, end: int) -> Draft | None:
    """第157至162頁: pages 157-162."""
    low, high = parse_numeral(m.group("olow")), parse_numeral(m.group("ohigh"))
    if low is None or high is None or not low.value < high.value:
        return None
    if low.value != low.value.to_integral_value() or high.value != high.value.to_integral_value():
        return None
    a, b = int(low.value), int(high.value)
    unit = m.group("orunit")
    if unit in LABELS:
        english = f"{LABELS[unit]}s {a}-{b}"
    else:
        english = f"the {ordinal(a)} to {ordinal(b)}"
    return draft(
        start, end, None, "range", english,
        low=low.value, high=high.value, range_of="ordinal",
    )  # fmt: skip


def _digits(m, start: int, end: int) -> Draft:
    digits = {"个": 1, "两": 2, "二": 2, "双": 2}.get(m.group("dignum")) or CN_DIGITS[
        m.group("dignum")
    ]
    word = {1: "single", 2: "double", 3: "triple"}.get(digits, f"{digits}")
    english = f"{word}-digit" + (" growth" if m.group("growth") else "")
    low = Decimal(10) ** (digits - 1) if digits > 1 else Decimal(1)
    high = Decimal(10) ** digits - 1
    return draft(start, end, None, "digits", english, low=low, high=high)
