"""Chinese numerals, Arabic digits and their mixtures, read to exact values.

The input is a numeral as it stands in *folded* text (glossary.text.fold:
Simplified, half-width digits): ``3.68万亿``, ``三万六千八百亿``, ``两千零二十五``,
``二〇二五``, ``1.2万``, ``三点五``, ``百万``. The reader is strict on purpose:
``万一`` (in case), ``一一`` (one by one) and ``十五五`` are not numbers, and a
text finder must be able to tell.

Big units (万 10⁴, 亿 10⁸, 万亿 and 兆 10¹²) multiply everything written
before them that is smaller than they are, as in 三万六千八百亿 = 36,800 × 10⁸;
small units (十 百 千) multiply the digit before them. Besides the value, the
reader returns the place of the last digit written (``ulp``: 10¹⁰ for 3.68万亿),
which says how much rounding the number allows, and what the numeral looked
like, which the finder uses to decide how much context it needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

__all__ = ["CN_DIGITS", "CN_MAGNITUDES", "Numeral", "parse_numeral", "tidy", "to_plain"]

# Folded forms: 兩 → 两, 貳 → 贰, 參 → 参, 陸 → 陆 … (OpenCC t2s).
CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "参": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10**4, "亿": 10**8, "兆": 10**12}
CN_MAGNITUDES = "".join(SMALL) + "".join(BIG)
# Digits that may be read one by one, as in years (二〇二五) and decimals (五点八).
_SEQUENCE_DIGITS = "〇零一二三四五六七八九"

_TOKEN = re.compile(
    r"(?P<arabic>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<point>点)"
    rf"|(?P<digit>[{''.join(CN_DIGITS)}])"
    rf"|(?P<small>[{''.join(SMALL)}])"
    r"|(?P<big>万亿|[万亿兆])"
)


@dataclass(frozen=True, slots=True)
class Numeral:
    """What a numeral says and how it was written."""

    value: Decimal
    # The place of the last digit written: 1 for 25, 0.1 for 5.8, 10**10 for 3.68万亿.
    ulp: Decimal
    # Written digit by digit, without units (二〇二五, 一九九七): years and codes.
    sequence: bool = False
    # Begins with a unit and no digit (百万, 千万, 十): a word as often as a number.
    bare: bool = False
    # Uses Chinese characters only (no Arabic digit).
    chinese: bool = True
    # Has a big unit (万, 亿, 兆): the English needs a scale word or many zeros.
    big: bool = False


def to_plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 3.68E+12 → "3680000000000"."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def tidy(value: Decimal) -> Decimal:
    """The same value written plainly: 5.4E+12 → 5400000000000, 0.50 → 0.5."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _place(text: str) -> Decimal:
    """The unit of the last digit of an Arabic number: "3.68" → 0.01."""
    if "." in text:
        return Decimal(1).scaleb(-len(text.split(".", 1)[1]))
    return Decimal(1)


class _Reader:
    """One pass over the tokens of a numeral; ``value`` is None when it is not one."""

    def __init__(self) -> None:
        self.parts: list[tuple[Decimal, int]] = []  # (value, big unit) written so far
        self.section = Decimal(0)  # below the last big unit: 六千八百 …
        self.pending: Decimal | None = None  # a digit waiting for its unit
        self.pending_ulp = Decimal(1)
        self.last_small = 10**5  # small units must fall: 千 … 百 … 十
        self.ulp: Decimal | None = None
        self.zero = False  # 零 seen, waiting for the digit it stands before
        self.after_zero = False  # the pending digit came after 零: it is units (一千零五)
        self.last_unit = 0  # the last unit applied, for 一万五 = 15,000
        self.last_explicit = False  # … and whether a digit stood before it (万一 is a word)

    def digit(self, value: Decimal, ulp: Decimal) -> bool:
        if self.pending is not None:
            return False
        self.pending, self.pending_ulp = value, ulp
        self.after_zero, self.zero = self.zero, False
        return True

    def small(self, unit: int, first: bool) -> bool:
        if unit >= self.last_small or self.zero:
            return False
        if self.pending is None:
            if not (unit == 10 and first) and not (first and unit in (100, 1000)):
                return False
            coefficient, ulp = Decimal(1), Decimal(1)
        else:
            coefficient, ulp = self.pending, self.pending_ulp
        self.last_explicit = self.pending is not None
        self.section += coefficient * unit
        self._mark(ulp * unit)
        self.pending, self.last_small, self.last_unit = None, unit, unit
        return True

    def big(self, unit: int, first: bool) -> bool:
        if self.zero:
            return False
        below = [(v, u) for v, u in self.parts if u < unit]
        if any(u == unit for _, u in self.parts):
            return False
        amount = sum((v for v, _ in below), Decimal(0)) + self.section
        ulp = self.pending_ulp
        if self.pending is not None:
            amount += self.pending
        elif amount == 0:
            if not first:
                return False
            amount, ulp = Decimal(1), Decimal(1)  # 万人, 亿元, 百万 …
        self.last_explicit = self.pending is not None or amount != 1 or bool(self.parts)
        if self.pending is not None or self.ulp is None:
            self._mark(ulp)
        self.ulp = (self.ulp or Decimal(1)) * unit
        self.parts = [(v, u) for v, u in self.parts if u > unit] + [(amount * unit, unit)]
        self.section, self.pending, self.last_small = Decimal(0), None, 10**5
        self.last_unit = unit
        return True

    def _mark(self, ulp: Decimal) -> None:
        self.ulp = ulp if self.ulp is None else min(self.ulp, ulp)

    def finish(self) -> tuple[Decimal, Decimal] | None:
        if self.zero:
            return None
        total = sum((v for v, _ in self.parts), Decimal(0)) + self.section
        ulp = self.ulp
        if self.pending is not None:
            place = (
                Decimal(self.last_unit) / 10
                if self.last_unit and not self.after_zero
                else Decimal(1)
            )
            if place > 1:
                # 一万五 = 15,000, 三千五 = 3,500: a last digit stands one place down.
                if self.pending_ulp != 1 or self.pending >= 10 or not self.last_explicit:
                    return None
                total += self.pending * place
                ulp = place if ulp is None else min(ulp, place)
            else:
                total += self.pending
                ulp = self.pending_ulp if ulp is None else min(ulp, self.pending_ulp)
        return total, ulp or Decimal(1)


def _sequence(text: str) -> Numeral | None:
    """二〇二五, 一九九七, 五点八 written digit by digit."""
    if text == "两":
        return Numeral(Decimal(2), Decimal(1))
    whole, _, fraction = text.partition("点")
    if not whole or any(c not in _SEQUENCE_DIGITS for c in whole + fraction):
        return None
    digits = "".join(str(CN_DIGITS[c]) for c in whole)
    if "点" in text:
        if not fraction or len(whole) > 1 and whole[0] in "〇零":
            return None
        digits += "." + "".join(str(CN_DIGITS[c]) for c in fraction)
        return Numeral(Decimal(digits), _place(digits))
    return Numeral(Decimal(digits), Decimal(1), sequence=len(whole) > 1)


# The same numerals come back in text after text (2024, 1, 三, 5.8): read each once.
@lru_cache(maxsize=4096)
def parse_numeral(text: str) -> Numeral | None:
    """The value of a numeral in folded text, or None if it is not a well-formed one.

    >>> parse_numeral("3.68万亿").value == Decimal("3.68E12")
    True
    >>> parse_numeral("三万六千八百亿").value == Decimal("3.68E12")
    True
    >>> parse_numeral("万一") is None
    True
    """
    if not text:
        return None
    chinese = not any(c.isdigit() and c.isascii() for c in text)
    if chinese and not any(c in CN_MAGNITUDES for c in text):
        return _sequence(text)
    return _units(text, chinese)


def _units(text: str, chinese: bool) -> Numeral | None:
    """A numeral with units (十 百 千 万 亿 兆), possibly with a decimal part before a unit."""
    reader = _Reader()
    at, first = 0, True
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None:
            return None
        kind, token = m.lastgroup, m.group()
        if kind == "point":
            # 三点五万: a Chinese decimal fraction, then (usually) a big unit.
            fraction = re.match(f"[{_SEQUENCE_DIGITS}]+", text[m.end() :])
            if reader.pending is None:
                # 二十点五, 一万点五: the whole part ended with a unit.
                whole = reader.section + sum((v for v, _ in reader.parts), Decimal(0))
                if whole:
                    reader.pending, reader.section, reader.parts = whole, Decimal(0), []
                    reader.last_unit = 0
            if reader.pending is None or fraction is None or reader.pending_ulp != 1:
                return None
            decimals = "".join(str(CN_DIGITS[c]) for c in fraction.group())
            reader.pending += Decimal("0." + decimals)
            reader.pending_ulp = Decimal(1).scaleb(-len(decimals))
            at = m.end() + fraction.end()
            first = False
            continue
        ok = _step(reader, kind, token, first)
        if not ok:
            return None
        first = False
        at = m.end()
    finished = reader.finish()
    if finished is None:
        return None
    value, ulp = finished
    big = any(c in BIG for c in text)
    bare = not any(c in CN_DIGITS or c.isdigit() for c in text)
    return Numeral(tidy(value), tidy(ulp), bare=bare, chinese=chinese, big=big)


def _step(reader: _Reader, kind: str | None, token: str, first: bool) -> bool:
    if kind == "arabic":
        value = Decimal(token.replace(",", ""))
        return reader.digit(value, _place(token))
    if kind == "digit":
        if CN_DIGITS[token] == 0:
            # 零 stands for skipped places (一千零五); it cannot end a numeral.
            if reader.pending is not None or first:
                return False
            reader.zero = True
            return True
        return reader.digit(Decimal(CN_DIGITS[token]), Decimal(1))
    if kind == "small":
        return reader.small(SMALL[token], first)
    if kind == "big":
        unit = 10**12 if token == "万亿" else BIG[token]
        return reader.big(unit, first)
    return False
