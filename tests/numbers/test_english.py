"""Reading numbers of English text, and the English of the table read back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from glossary.numbers import find_numbers, read_english_numbers
from glossary.numbers.check import agrees
from tests.helpers import assert_none_failed
from tests.numbers.test_table import table_failures

READINGS = [
    # text, value (or LOW..HIGH, or date:ISO), kind
    ("3.68 trillion", "3680000000000", "count"),
    ("3.68 trillion yuan", "3680000000000", "amount"),
    ("RMB 3.68 trillion", "3680000000000", "amount"),
    ("RMB3.68 trillion", "3680000000000", "amount"),
    ("3,680 billion yuan", "3680000000000", "amount"),
    ("36.8 billion", "36800000000", "count"),
    ("200,000", "200000", "count"),
    ("200 thousand", "200000", "count"),
    ("200,000 people", "200000", "count"),
    ("two million", "2000000", "count"),
    ("a million people", "1000000", "count"),
    ("twenty-five", "25", "count"),
    ("one hundred and twenty", "120", "count"),
    ("nine cities", "9", "count"),
    ("5.8%", "5.8", "percent"),
    ("5.8 %", "5.8", "percent"),
    ("5.8 percent", "5.8", "percent"),
    ("5.8 per cent", "5.8", "percent"),
    ("-0.5%", "-0.5", "percent"),
    ("1.2 percentage points", "1.2", "points"),
    ("one percentage point", "1", "points"),
    ("50 basis points", "0.5", "points"),
    ("HK$50 billion", "50000000000", "amount"),
    ("HK$ 50 billion", "50000000000", "amount"),
    ("50 billion Hong Kong dollars", "50000000000", "amount"),
    ("US$1.2bn", "1200000000", "amount"),
    ("$5m", "5000000", "amount"),
    ("10 billion US dollars", "10000000000", "amount"),
    ("5 billion euros", "5000000000", "amount"),
    ("three times", "3", "multiple"),
    ("1.5 times", "1.5", "multiple"),
    ("threefold", "3", "multiple"),
    ("3-fold", "3", "multiple"),
    ("doubled", "2", "multiple"),
    ("twice", "2", "multiple"),
    ("quadrupled", "4", "multiple"),
    ("one third", str(Decimal(1) / 3), "fraction"),
    ("a third", str(Decimal(1) / 3), "fraction"),
    ("two thirds", str(Decimal(2) / 3), "fraction"),
    ("three quarters", "0.75", "fraction"),
    ("half", "0.5", "fraction"),
    ("the first", "1", "ordinal"),
    ("the 15th", "15", "ordinal"),
    ("twenty-first", "21", "ordinal"),
    ("phase II", "2", "ordinal"),
    ("Phase one", "1", "ordinal"),
    ("Q3", "3", "ordinal"),
    ("in 2024", "2024", "year"),
    ("February 25, 2025", "date:2025-02-25", "date"),
    ("25 February 2025", "date:2025-02-25", "date"),
    ("Feb. 25", "date:--02-25", "date"),
    ("February 2025", "date:2025-02", "date"),
    ("double-digit growth", "10..99", "digits"),
    ("5 to 6 percent", "5..6", "range"),
    ("5-6%", "5..6", "range"),
    ("between 5 and 6 percent", "5..6", "range"),
    ("three to five years", "3..5", "range"),
    ("2021-2025", "2021..2025", "range"),
    ("RMB 1 to 2 trillion", "1000000000000..2000000000000", "range"),
]


def _value_of(n) -> str:
    if n.kind == "date":
        return f"date:{n.date}"
    if n.value is None:
        return f"{n.low}..{n.high}"
    return str(n.value)


@pytest.mark.parametrize(("text", "value", "kind"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(text: str, value: str, kind: str) -> None:
    numbers = read_english_numbers(text)
    assert len(numbers) == 1, numbers
    assert (_value_of(numbers[0]), numbers[0].kind) == (value, kind)
    assert text[numbers[0].start : numbers[0].end] == numbers[0].text


@pytest.mark.parametrize(
    "text", ["COVID-19 cases", "5G networks", "the G20 summit", "H5N1", "5m away"]
)
def test_names_and_codes_are_not_numbers(text: str) -> None:
    assert read_english_numbers(text) == []


def test_a_sentence() -> None:
    numbers = read_english_numbers(
        "In 2024, GDP reached RMB 3.68 trillion, up 5.8 percent, and 200,000 new jobs were added."
    )
    assert [(n.kind, str(n.value)) for n in numbers] == [
        ("year", "2024"),
        ("amount", "3680000000000"),
        ("percent", "5.8"),
        ("count", "200000"),
    ]


def _read_back_problems(row: tuple[str, ...]) -> list[str]:
    if row[1] == "-":
        return []
    numbers = find_numbers(row[0])
    if len(numbers) != 1:
        return [f"found {[n.text for n in numbers]}, expected one number"]
    expr = numbers[0]
    problems = []
    for english in (expr.english, *expr.alternatives):
        readings = read_english_numbers(english)
        if not any(agrees(expr, r, strict=False) for r in readings):
            problems.append(f"{english!r} reads back as {[_value_of(r) for r in readings]}")
    return problems


def test_the_english_renderings_read_back_to_the_same_numbers() -> None:
    """Every English rendering (and alternative) of the table reads back to its number."""
    failures = table_failures(_read_back_problems)
    assert_none_failed(failures, "English renderings of the table read back otherwise")
