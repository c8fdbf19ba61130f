"""Every number of the seed article (../shared/seed-article.txt) found with the right value.

The expected values were checked by reading the article, one by one; the test
holds the values and their English, not the article's sentences.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from glossary.numbers import find_numbers
from tests.conftest import SHARED

SEED = SHARED / "seed-article.txt"

# (value, or ISO date, or LOW..HIGH; kind; English), in the article's order.
EXPECTED = [
    ("32", "count", "32"),
    ("2024", "year", "2024"),
    ("5400000000000", "amount", "5.4 trillion yuan"),
    ("9.7", "percent", "9.7 percent"),
    ("13", "count", "the past 13 years"),
    ("3", "count", "three years"),
    ("1", "ordinal", "the first"),
    ("4500000000000", "amount", "4.5 trillion yuan"),
    ("16.4", "percent", "16.4 percent"),
    ("30.4", "percent", "30.4 percent"),
    ("32", "count", "32"),
    ("3", "count", "three years"),
    ("1", "ordinal", "the first"),
    ("2", "ordinal", "phase II"),
    ("1", "ordinal", "phase I"),
    ("20000000000", "amount", "more than 20 billion yuan"),
    ("8", "count", "more than eight"),
    ("3", "count", "three"),
    ("5.5", "percent", "5.5 percent"),
    ("7", "ordinal", "the seventh"),
    ("6", "ordinal", "the sixth session"),
    ("2024", "year", "2024"),
    ("3680000000000", "amount", "3.68 trillion yuan"),
    ("5.8", "percent", "5.8 percent"),
    ("5.5", "percent", "5.5 percent"),
    ("2", "percent", "around 2 percent"),
    ("200000", "count", "200,000 people"),
    ("2024", "year", "2024"),
    ("3680000000000", "amount", "3.68 trillion yuan"),
    ("5.8", "percent", "5.8 percent"),
    ("5400000000000", "amount", "5.4 trillion yuan"),
    ("9.7", "percent", "9.7 percent"),
    ("13", "count", "the past 13 years"),
    ("3", "count", "three years"),
    ("1", "ordinal", "the first"),
    ("1000000000000", "amount", "more than 1 trillion yuan"),
    ("4500000000000", "amount", "4.5 trillion yuan"),
    ("16.4", "percent", "16.4 percent"),
    ("30.4", "percent", "30.4 percent"),
    ("32", "count", "32"),
    ("25000", "count", "25,000"),
    ("69.2", "percent", "69.2 percent"),
    ("22.3", "percent", "22.3 percent"),
    ("93.3", "percent", "93.3 percent"),
    ("1", "ordinal", "the first"),
    ("2025", "year", "2025"),
    ("5.5", "percent", "5.5 percent"),
    ("3", "percent", "3 percent"),
    ("200000", "count", "200,000 people"),
    ("10..99", "digits", "double-digit growth"),
    ("4", "count", "four"),
    ("300000", "count", "more than 300,000 vehicles"),
    ("7", "ordinal", "the seventh"),
    ("6", "ordinal", "the sixth session"),
    ("1", "ordinal", "the first"),
    ("98.6", "percent", "98.6 percent"),
    ("0.5", "count", "0.5 seconds"),
    ("40", "percent", "40 percent"),
    ("2024", "year", "2024"),
    ("10.5", "percent", "10.5 percent"),
    ("42.3", "percent", "42.3 percent"),
    ("223660000000", "amount", "as much as 223.66 billion yuan"),
    ("18.9", "percent", "18.9 percent"),
    ("9", "count", "nine years"),
    ("10..99", "digits", "double-digit growth"),
    ("2", "ordinal", "the second"),
    ("2", "count", "two"),
    ("1", "ordinal", "First"),
    ("2", "ordinal", "Second"),
    ("40", "count", "at least 40 hours"),
    ("1", "ordinal", "the first"),
    ("100", "count", "more than 100"),
    ("--02-25", "date", "February 25"),
    ("7", "ordinal", "the seventh"),
    ("6", "ordinal", "the sixth session"),
    ("5", "count", "five months"),
    ("50", "percent", "more than 50 percent"),
    ("10000000", "count", "the 10 million mark"),
    ("21", "count", "21"),
    ("70000", "count", "70,000"),
    ("200000", "count", "200,000"),
    ("2025", "year", "2025"),
    ("--02-25", "date", "February 25"),
    ("7", "ordinal", "the seventh"),
    ("6", "ordinal", "the sixth session"),
    ("3", "count", "three"),
    ("2023", "year", "2023"),
    ("60", "count", "aged 60 and above"),
    ("1000000", "count", "more than 1 million"),
    ("2035", "year", "2035"),
    ("3000000", "count", "3 million"),
]


@pytest.fixture(scope="module")
def article() -> str:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent (../shared is not beside this checkout)")
    return SEED.read_text(encoding="utf-8")


def _value(expr) -> str:
    if expr.value is not None:
        return str(expr.value)
    return expr.date or f"{expr.low}..{expr.high}"


def test_every_number_of_the_article_is_found_with_its_value(article: str) -> None:
    found = find_numbers(article)
    assert [(_value(n), n.kind, n.english) for n in found] == EXPECTED


def test_offsets_point_into_the_article_line_breaks_and_all(article: str) -> None:
    found = find_numbers(article)
    assert all(article[n.start : n.end] == n.text for n in found)
    # Numbers broken across lines are found whole, with the break kept in the text.
    assert sum("\n" in n.text for n in found) >= 5
    assert any(n.value == Decimal("1E12") and "\n" in n.text for n in found)
