"""Property tests: numbers spelled out in Chinese numerals read back to the same value.

The speller here is written for the test, independently of the reader: it
writes integers the way Chinese does (四位一節: groups of four digits under
萬, 億 and 萬億, 零 for skipped places, 兩 or 二, 十 or 一十 at the start), in
either script, and decimals with 點, and mixtures of Arabic digits with big
units (3.68萬億). The English renderings read back too.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.numbers import find_numbers, read_english_numbers
from glossary.numbers.check import agrees
from glossary.numbers.numerals import parse_numeral
from glossary.text import fold

DIGITS = "〇一二三四五六七八九"
# (Traditional, Simplified) for the characters that differ.
SCRIPTS = {"萬": "万", "億": "亿", "兩": "两", "點": "点"}

settings.register_profile("numbers", database=None, deadline=None, max_examples=300)
settings.load_profile("numbers")


def _group(n: int, leading: bool, two: str, short_ten: bool) -> str:
    """0 < n < 10000 with 千 百 十, 零 for gaps inside."""
    out, pending_zero = [], False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        if digit == 2 and unit in ("千", "百") and two == "兩":
            word = "兩"
        elif digit == 1 and unit == "十" and leading and not out and short_ten:
            word = ""  # 十五, not 一十五, at the start of a number
        else:
            word = DIGITS[digit]
        out.append(word + unit)
    return "".join(out)


def spell(n: int, *, two: str = "二", short_ten: bool = True, wan_yi: bool = True) -> str:
    """An integer 0 < n < 10**16 in Chinese numerals (Traditional script)."""
    units = [(10**12, "萬億"), (10**8, "億"), (10**4, "萬"), (1, "")]
    if not wan_yi:
        units = [(10**8, "億"), (10**4, "萬"), (1, "")]
    out: list[str] = []
    rest, need_zero = n, False
    for size, unit in units:
        part, rest = divmod(rest, size)
        if part == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or part < size // 10 if size > 1 else part < 1000):
            out.append("零")
        if part >= 10**4:
            out.append(spell(part, two=two, short_ten=False, wan_yi=False) + unit)
        else:
            out.append(_group(part, not out, two, short_ten) + unit)
        need_zero = False
    return "".join(out)


def simplified(text: str) -> str:
    return "".join(SCRIPTS.get(c, c) for c in text)


integers = st.integers(min_value=1, max_value=10**16 - 1)
style = st.fixed_dictionaries(
    {
        "two": st.sampled_from(["二", "兩"]),
        "short_ten": st.booleans(),
        "wan_yi": st.booleans(),
        "simplified": st.booleans(),
    }
)


@given(integers, style)
def test_spelled_integers_read_back(n: int, how: dict) -> None:
    text = spell(n, two=how["two"], short_ten=how["short_ten"], wan_yi=how["wan_yi"])
    if how["simplified"]:
        text = simplified(text)
    parsed = parse_numeral(fold(text))
    assert parsed is not None, text
    assert parsed.value == n, text


@given(st.integers(min_value=2, max_value=10**16 - 1), st.sampled_from(["元", "人", "輛", "噸"]))
def test_spelled_integers_are_found_in_text(n: int, unit: str) -> None:
    # From 2: a lone 一 before a classifier is "a" more often than "one" (一人一票).
    text = f"今年共{spell(n)}{unit}。"
    numbers = find_numbers(text)
    assert [x.value for x in numbers] == [n], (text, numbers)
    assert numbers[0].text == text[3:-1]


@given(
    st.integers(min_value=0, max_value=99_999_999),
    st.text(alphabet="0123456789", min_size=1, max_size=4).filter(lambda s: s[-1] != "0"),
)
def test_spelled_decimals_read_back(whole: int, decimals: str) -> None:
    integer = spell(whole) if whole else "零"
    text = f"{integer}點{''.join(DIGITS[int(d)] for d in decimals)}"
    parsed = parse_numeral(fold(text))
    assert parsed is not None, text
    assert parsed.value == Decimal(f"{whole}.{decimals}"), text


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2),
    st.sampled_from([("萬", 10**4), ("億", 10**8), ("萬億", 10**12)]),
)
def test_arabic_with_big_units_reads_back(mantissa: Decimal, unit: tuple[str, int]) -> None:
    word, size = unit
    text = f"{mantissa.normalize():f}{word}元"
    (number,) = find_numbers(text)
    assert number.value == mantissa * size
    assert number.kind == "amount"


@given(integers, st.sampled_from(["元", "人", "%", "個百分點", "倍", "港元", "美元"]))
def test_english_rendering_reads_back(n: int, unit: str) -> None:
    value = Decimal(n) / 100 if unit in ("%", "個百分點") else Decimal(n)
    (number,) = find_numbers(f"{value}{unit}")
    for english in (number.english, *number.alternatives):
        readings = read_english_numbers(english)
        assert any(agrees(number, r) for r in readings), (english, readings)


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_dates_read_back(month: int, day: int) -> None:
    (number,) = find_numbers(f"2025年{spell(month)}月{spell(day)}日")
    assert number.date == f"2025-{month:02d}-{day:02d}"
    (reading,) = read_english_numbers(number.english)
    assert reading.date == number.date
