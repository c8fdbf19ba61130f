"""Numbers written the way official English writes them.

The conventions are those of the English editions of China's Government Work
Report and of Xinhua and China Daily: scale words from a million up ("3.68
trillion", "150 million"), digits with thousands separators below ("200,000"),
whole numbers from one to nine spelled out when they count things ("three
platforms", "nine years") but never in percentages, money or measurements,
"percent" written as a word, ordinals as words up to the tenth ("the first",
"the 15th").
"""

from __future__ import annotations

from decimal import Decimal

from glossary.numbers.numerals import to_plain

__all__ = [
    "MONTHS",
    "ONES",
    "fraction_words",
    "group",
    "ordinal",
    "quantity",
    "roman",
    "spelled",
]

ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
SCALES = ((Decimal(10**12), "trillion"), (Decimal(10**9), "billion"), (Decimal(10**6), "million"))
# The most decimals a scaled figure may show ("1.234 million"); beyond, all digits.
MAX_SCALED_DECIMALS = 3
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_FRACTION_NAMES = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def group(value: Decimal) -> str:
    """Digits with thousands separators: 200000 → "200,000", 1234.5 → "1,234.5"."""
    plain = to_plain(value)
    sign = "-" if plain.startswith("-") else ""
    whole, _, fraction = plain.lstrip("-").partition(".")
    return sign + f"{int(whole):,}" + (f".{fraction}" if fraction else "")


def quantity(value: Decimal, *, spell: bool = False) -> str:
    """A number as official English prints it.

    >>> quantity(Decimal("3.68E12")), quantity(Decimal(200000)), quantity(Decimal(3), spell=True)
    ('3.68 trillion', '200,000', 'three')
    """
    if spell and value == value.to_integral_value() and 0 < value < 10:
        return ONES[int(value)]
    magnitude = abs(value)
    for scale, word in SCALES:
        if magnitude >= scale:
            mantissa = (value / scale).normalize()
            if -mantissa.as_tuple().exponent <= MAX_SCALED_DECIMALS:  # type: ignore[operator]
                return f"{group(mantissa)} {word}"
    return group(value)


def spelled(n: int) -> str:
    """0–999 in words: 25 → "twenty-five", 120 → "one hundred and twenty"."""
    if n < 20:
        return ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return TENS[tens] + (f"-{ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{ONES[hundreds]} hundred" + (f" and {spelled(rest)}" if rest else "")


def ordinal(n: int) -> str:
    """first … tenth in words, then 11th, 15th, 21st, 22nd, 103rd."""
    if 0 < n <= 10:
        return ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def roman(n: int) -> str:
    """1–39 in Roman numerals (phase II, Pengcheng Cloud Brain III)."""
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def fraction_words(numerator: int, denominator: int) -> str:
    """one third, two thirds, half, three quarters, one tenth; "3 per 1,000" when large."""
    if denominator >= 100 and denominator in (100, 1000, 10000):
        return f"{numerator} per {denominator:,}"
    if denominator == 2 and numerator == 1:
        return "half"
    singular, plural = _FRACTION_NAMES.get(denominator, (ordinal_word(denominator),) * 2)
    if singular == plural:
        plural = singular + "s"
    if numerator < 20:
        count = ONES[numerator]
    else:
        count = str(numerator)
    return f"{count} {singular if numerator == 1 else plural}"


def ordinal_word(n: int) -> str:
    """The ordinal as a word where English has one (third, twentieth), else 21st."""
    if n < 20:
        return ORDINALS[n]
    if n < 100 and n % 10 == 0:
        return TENS[n // 10][:-1] + "ieth"
    return ordinal(n)
