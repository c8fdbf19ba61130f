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
from glossary.numbers.units import AFTER, BEFORE, CURRENCY_UNITS, CURRENCY_WORDS, UNITS, Unit

__all__ = ["SESSION", "Atom", "atom_of"]

_TENTHS = Unit("", "", "percent")
_YEAR_UNIT = Unit("", "", "year")
_MEETINGS = Unit("meeting", "meetings")
# 次 before 会议 or 全体会议 counts sessions: 六次会议 is the sixth session.
SESSION = re.compile(r"(?:全体)?会议")
_YEAR = re.compile(r"1\d{3}|20\d{2}|2100")
_PER = {"千分之": 1000, "万分之": 10000}


@dataclass(slots=True)
class Atom:
    """Built once by atom_of and not changed after (a plain class: it is made in bulk)."""

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


def _unit_for(
    kind: str, unit: Unit | None, unit_key: str | None, m: re.Match[str], text: str
) -> Unit | None:
    """The unit as the kind reads it: 5次會議 are meetings, 六日 days, 2025年 a year."""
    if kind == "year":
        return _YEAR_UNIT
    if unit_key == "次" and kind == "count" and SESSION.match(text, m.end()):
        return _MEETINGS
    if unit_key == "日" and kind == "count":
        return UNITS["天"]
    return unit


def _rescaled(
    kind: str, value: Decimal, ulp: Decimal, unit_key: str | None, per: int | None
) -> tuple[str, Decimal, Decimal]:
    """Values in the terms of their kind: 四成 is 40 percent, 25基點 0.25 percentage
    points, 千分之三 the ratio 0.003."""
    factor = Decimal(1)
    if kind == "percent" and unit_key == "成":
        factor = Decimal(10)
    elif unit_key == "基点":
        factor = Decimal("0.01")
    if per:
        kind, factor = "fraction", Decimal(1) / per
    return kind, tidy(value * factor), tidy(ulp * factor)


def _span(m: re.Match[str], kind: str) -> tuple[int, int]:
    """Where the number is: without a currency word that begins the next phrase
    (七成人民幣支付), or a qualifier that is not about a year (低於2019年的水平)."""
    start, end = m.span()
    if m.group("curafter") and kind != "amount":
        end = m.start("curafter")
    if kind in ("year", "date") and (m.group("before") or m.group("after")):
        start = m.end("before") if m.group("before") else start
        end = m.end("unit")
    return start, end


def _outer_qualifier(m: re.Match[str], kind: str) -> tuple[str | None, bool]:
    """The qualifier left when _span cut the match short."""
    if kind in ("year", "date"):
        return None, False
    return BEFORE.get(m.group("before") or ""), False


def _factor(units: str) -> Decimal:
    """100多万: the units after 多 multiply the number before it."""
    factor = Decimal(1)
    for ch in units:
        factor *= BIG.get(ch) or SMALL[ch]
    return factor


def _qualifier(m: re.Match[str]) -> tuple[str | None, bool]:
    """The English qualifier, and whether it stood after the number (以上, 多, 左右)."""
    if m.group("after"):
        return AFTER[m.group("after")], True
    if m.group("many"):
        return "more than", True
    if m.group("before") == "近" and m.group("unit") == "年":
        return "the past", False  # 近13年: the past 13 years, not nearly 13
    return BEFORE.get(m.group("before") or ""), False


def _trailing_scale(core: str) -> Decimal:
    """The big units a numeral ends with: 20万 → 10**4, 3.68万亿 → 10**12."""
    scale = Decimal(1)
    for ch in reversed(core):
        if ch not in BIG:
            break
        scale *= BIG[ch]
    return scale


def _numeral(m: re.Match[str]) -> tuple[Numeral, str] | None:
    if m.group("hundred"):
        return Numeral(Decimal(100), Decimal(1)), "百"  # 百分百: one hundred percent
    for group in ("pctnum", "num"):
        if m.group(group):
            parsed = parse_numeral(m.group(group))
            return (parsed, m.group(group)) if parsed else None
    return None


# Digits in a row (3.68 has 3 and 2) and characters of one expression (一千二百三十四萬五千六百
# 七十八 has 15): longer ones are codes or account numbers, past exact decimal arithmetic.
MAX_DIGITS = 24
MAX_CHARACTERS = 64
_DIGIT_RUN = re.compile(r"[0-9〇零]+")


def _too_long(match: str) -> bool:
    if len(match) > MAX_CHARACTERS:
        return True
    # A match no longer than MAX_DIGITS holds no longer run (most are: skip the scan).
    return len(match) > MAX_DIGITS and _longest_digit_run(match) > MAX_DIGITS


def _longest_digit_run(text: str) -> int:
    return max((len(run) for run in _DIGIT_RUN.findall(text)), default=0)


def atom_of(m: re.Match[str], text: str) -> Atom | None:
    """The atom of an ATOM match in folded ``text``, or None if its numeral is malformed
    or longer than any quantity (a code or an account number, past exact decimals)."""
    if _too_long(m.group(0)):
        return None
    if m.group("den"):
        return _fraction(m)
    found = _numeral(m)
    if found is None:
        return None
    numeral, core = found
    value, ulp = numeral.value, numeral.ulp
    if m.group("many"):
        factor = _factor(m.group("scale") or "")
        value, ulp = tidy(value * factor), tidy(ulp * factor)
        core += m.group("scale") or ""
    qualifier, qualified_after = _qualifier(m)
    if m.group("neg"):
        value = -value
    unit_key = m.group("unit")
    unit = _TENTHS if unit_key in ("成", "厘") else UNITS.get(unit_key or "")
    currency = CURRENCY_WORDS.get(m.group("cur") or "") or CURRENCY_WORDS.get(unit_key or "")
    if m.group("curafter"):
        currency = "CNY"
    kind = _kind(m, numeral, unit, unit_key, currency, text)
    unit = _unit_for(kind, unit, unit_key, m, text)
    start, end = _span(m, kind)
    if (start, end) != m.span():
        qualifier, qualified_after = _outer_qualifier(m, kind)
    if kind != "amount":
        currency = None
    per = _PER.get(m.group("pctword") or "")
    kind, value, ulp = _rescaled(kind, value, ulp, unit_key, per)
    atom = Atom(
        start=start,
        end=end,
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
    atom.alone = _alone(atom, m, numeral, core, text)
    return atom


def _kind(
    m: re.Match[str],
    numeral: Numeral,
    unit: Unit | None,
    unit_key: str | None,
    currency: str | None,
    text: str,
) -> str:
    if m.group("pct") == "%" or m.group("pctword") == "百分之" or unit_key in ("成", "厘"):
        return "percent"
    if m.group("hundred"):
        return "percent"
    if currency:
        return "amount"
    if unit is None:
        return "count"
    if unit_key in ("年", "年度") and _is_year(numeral, m.group("num") or ""):
        return "year"
    if (
        unit_key == "次"
        and SESSION.match(text, m.end())
        and "届" in text[max(0, m.start() - 6) : m.start()]
    ):
        return "ordinal"  # 七屆人大六次會議: the sixth session; 舉行5次會議: five meetings
    if unit_key == "期" and (not numeral.chinese or m.group("num") == "两"):
        return "count"  # 3期, 两期: issues or tranches; 二期 is phase II
    if unit_key == "日" and numeral.chinese and not text[: m.start()].endswith("月"):
        return "count"  # 開放六日, 為期三日: days; 二月二十五日 is a date
    if unit.kind == "date" and not _calendar_day_or_month(numeral.value, unit_key):
        return "count"  # 13月, 0日, 32日: no month or day of a calendar
    if unit.kind in ("points", "multiple", "ordinal", "date"):
        return unit.kind
    return "count"


def _calendar_day_or_month(value: Decimal, unit_key: str | None) -> bool:
    last = 12 if unit_key == "月" else 31
    return value == value.to_integral_value() and 1 <= value <= last


def _is_year(numeral: Numeral, core: str) -> bool:
    """2025, 二〇二五, 一九九七: four digits, no separators or units."""
    if numeral.sequence:
        return len(core) == 4
    return _YEAR.fullmatch(core) is not None


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
        # Only a digit that touches a Latin letter makes a code: 5g, covid-19, but 2024年gdp.
        before = text[max(0, m.start() - 2) : m.start()]
        after = text[m.end() : m.end() + 1]
        if m.group()[-1].isdigit() and LATIN_AFTER.match(after):
            return False
        strong = atom.kind != "count" or atom.unit is not None or atom.big
        return strong or not (m.group()[0].isdigit() and LATIN_BEFORE.search(before))
    if m.group("pctword") or m.group("hundred"):
        return True
    if numeral.sequence:
        return atom.kind == "year"
    has_unit = atom.unit is not None or atom.currency is not None or atom.kind == "percent"
    if len(core) == 1 and numeral.value == 1 and not numeral.bare:
        # A lone 一 is "a"/"one" in a thousand words; only these are numbers.
        if atom.kind == "amount":
            # 一元 is one yuan, but 一元化 a word and 人民幣一級 a name.
            money = atom.unit_key in CURRENCY_UNITS
            return money and text[m.end() : m.end() + 1] not in ("化", "论")
        if atom.kind in ("date", "ordinal"):
            return atom.unit_key in ("月", "期")  # 一月, 一期; not 一日千里, 新一屆
        return atom.kind in ("percent", "points", "multiple")
    if len(core) == 1 or numeral.bare:
        if atom.kind == "amount" and atom.unit_key not in CURRENCY_UNITS:
            return False  # 人民幣一級: a currency word before a lone numeral is a name
        return has_unit
    return True
