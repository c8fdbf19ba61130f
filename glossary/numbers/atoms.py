"""One number of the general pass, with what stands around it, before rendering.

``atom_of`` turns a match of ``patterns.ATOM`` into an ``Atom``: its value, kind,
unit, currency and qualifier, and whether it can stand alone as a number. A
lone 三 or 十 is a number only with a unit or classifier after it (三年, 十家);
a lone 一 hardly ever is (一些, 一批, 統一); a numeral written digit by digit
(二〇二五) only as a year. The finder may still join an atom that cannot stand
alone into a range (三至五年) or a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from glossary.numbers.numerals import BIG, SMALL, Numeral, parse_numeral, tidy
from glossary.numbers.patterns import LATIN_AFTER, LATIN_BEFORE
from glossary.numbers.units import AFTER, BEFORE, CURRENCY_WORDS, UNITS, Unit

__all__ = ["Atom", "atom_of"]

_TENTHS = Unit("", "", "percent")
_YEAR_UNIT = Unit("", "", "year")
# 次 before 会议 or 全体会议 counts sessions: 六次会议 is the sixth session.
_SESSION = re.compile(r"(?:全体)?会议")


@dataclass(frozen=True)
class Atom:
    start: int  # folded offsets
    end: int
    value: Decimal
    ulp: Decimal
    kind: str
    unit: Unit | None = None
    unit_key: str | None = None
    currency: str | None = None
    qualifier: str | None = None
    qualified_after: bool = False
    alone: bool = True  # can stand alone as a number
    big: bool = False  # written with 万 亿 兆
    scale: Decimal = Decimal(1)  # the big units at its end: 10**4 for 20万
    numerator: int | None = None
    denominator: int | None = None
    chinese: bool = False  # written in Chinese numerals only
    per: int | None = None  # 千分之 1000, 万分之 10000

    def with_value(self, value: Decimal, ulp: Decimal) -> Atom:
        return replace(self, value=value, ulp=ulp)


def _trailing_scale(core: str) -> Decimal:
    """The big units a numeral ends with: 20万 → 10**4, 3.68万亿 → 10**12."""
    scale = Decimal(1)
    for ch in reversed(core):
        if ch not in BIG:
            break
        scale *= BIG[ch]
    return scale


def _numeral(m: re.Match[str]) -> tuple[Numeral, str] | None:
    for group in ("pctnum", "num"):
        if m.group(group):
            parsed = parse_numeral(m.group(group))
            return (parsed, m.group(group)) if parsed else None
    return None


def atom_of(m: re.Match[str], text: str) -> Atom | None:
    """The atom of an ATOM match in folded ``text``, or None if its numeral is malformed."""
    if m.group("den"):
        return _fraction(m)
    found = _numeral(m)
    if found is None:
        return None
    numeral, core = found
    value, ulp = numeral.value, numeral.ulp
    qualifier = BEFORE.get(m.group("before") or "")
    qualified_after = False
    if m.group("many"):
        scale = m.group("scale") or ""
        factor = Decimal(1)
        for ch in scale:
            factor *= BIG.get(ch) or SMALL[ch]
        value, ulp = tidy(value * factor), tidy(ulp * factor)
        qualifier, qualified_after = "more than", True
        core += scale
    if m.group("after"):
        qualifier, qualified_after = AFTER[m.group("after")], True
    elif m.group("before") == "近" and m.group("unit") == "年":
        qualifier = "the past"  # 近13年: the past 13 years, not nearly 13
    if m.group("neg"):
        value = -value
    unit_key = m.group("unit")
    unit = _TENTHS if unit_key == "成" else UNITS.get(unit_key or "")
    currency = CURRENCY_WORDS.get(m.group("cur") or "") or CURRENCY_WORDS.get(unit_key or "")
    if m.group("curafter"):
        currency = "CNY"
    if unit_key == "年度":
        unit = UNITS["年"]
    kind = _kind(m, numeral, unit, unit_key, currency, text)
    if kind == "percent" and unit_key == "成":
        value, ulp = tidy(value * 10), tidy(ulp * 10)
    if kind == "year" or (unit is not None and unit.kind in ("date", "ordinal")):
        unit = _YEAR_UNIT if kind == "year" else unit
    per = {"千分之": 1000, "万分之": 10000}.get(m.group("pctword") or "")
    if per:
        kind, value, ulp = "fraction", tidy(value / per), tidy(ulp / per)
    atom = Atom(
        start=m.start(),
        end=m.end(),
        value=value,
        ulp=ulp,
        kind=kind,
        unit=unit,
        unit_key=unit_key,
        currency=currency,
        qualifier=qualifier,
        qualified_after=qualified_after,
        big=numeral.big or bool(m.group("scale")),
        scale=_trailing_scale(core),
        chinese=numeral.chinese,
        per=per,
    )
    return replace(atom, alone=_alone(atom, m, numeral, core, text))


def _kind(
    m: re.Match[str],
    numeral: Numeral,
    unit: Unit | None,
    unit_key: str | None,
    currency: str | None,
    text: str,
) -> str:
    if m.group("pct") == "%" or m.group("pctword") == "百分之" or unit_key == "成":
        return "percent"
    if currency:
        return "amount"
    if unit is None:
        return "count"
    if unit_key in ("年", "年度") and _is_year(numeral, m.group("num") or ""):
        return "year"
    if unit_key == "次" and _SESSION.match(text, m.end()):
        return "ordinal"
    if unit.kind in ("points", "multiple", "ordinal", "date"):
        return unit.kind
    return "count"


def _is_year(numeral: Numeral, core: str) -> bool:
    """2025, 二〇二五, 一九九七: four digits, no separators or units."""
    if numeral.sequence:
        return len(core) == 4
    return bool(re.fullmatch(r"1\d{3}|20\d{2}|2100", core))


def _fraction(m: re.Match[str]) -> Atom | None:
    denominator, numerator = parse_numeral(m.group("den")), parse_numeral(m.group("numr"))
    if denominator is None or numerator is None or denominator.value == 0:
        return None
    if denominator.value != denominator.value.to_integral_value():
        return None
    if numerator.value != numerator.value.to_integral_value():
        return None
    value = tidy(numerator.value / denominator.value)
    qualifier = BEFORE.get(m.group("before") or "") or AFTER.get(m.group("after") or "")
    return Atom(
        start=m.start(),
        end=m.end(),
        value=value,
        ulp=Decimal(0),
        kind="fraction",
        qualifier=qualifier,
        qualified_after=bool(m.group("after")),
        numerator=int(numerator.value),
        denominator=int(denominator.value),
        chinese=numerator.chinese,
    )


def _alone(atom: Atom, m: re.Match[str], numeral: Numeral, core: str, text: str) -> bool:
    """Whether the atom is a number without help from its neighbours."""
    if not numeral.chinese:
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 1]
        if LATIN_AFTER.match(after):
            return False
        strong = atom.kind != "count" or atom.unit is not None or atom.big
        return strong or not LATIN_BEFORE.search(before)
    if m.group("pctword"):
        return True
    if numeral.sequence:
        return atom.kind == "year"
    has_unit = atom.unit is not None or atom.currency is not None or atom.kind == "percent"
    if len(core) == 1 and numeral.value == 1 and not numeral.bare:
        # A lone 一 is "a"/"one" in a thousand words; only these are numbers.
        return atom.kind in ("percent", "points", "multiple", "date", "ordinal")
    if len(core) == 1 or numeral.bare:
        return has_unit
    return True
