"""The expression table: every construction, in both scripts, with value, kind and English."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from glossary.numbers import NumberExpr, find_numbers

TABLE = Path(__file__).with_name("expressions.tsv")


def _rows() -> list[tuple[str, ...]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(f.replace("\\n", "\n") for f in line.split("\t"))
        rows.append(fields)
    return rows


ROWS = _rows()


def test_the_table_is_large_and_covers_both_scripts() -> None:
    assert len(ROWS) >= 300
    traditional = sum(1 for r in ROWS if any(c in r[0] for c in "萬億兩個屆輛點數週歲"))
    simplified = sum(1 for r in ROWS if any(c in r[0] for c in "万亿两个届辆点数岁"))
    assert traditional >= 100 and simplified >= 40


def _check_value(expr: NumberExpr, expected: str) -> None:
    if expected.startswith("date:"):
        assert expr.value is None and expr.date == expected[5:]
    elif ".." in expected:
        low, high = expected.split("..")
        assert expr.value is None
        assert (expr.low, expr.high) == (Decimal(low), Decimal(high))
    elif "/" in expected:
        numerator, denominator = (int(p) for p in expected.split("/"))
        assert expr.value == Decimal(numerator) / Decimal(denominator)
        if expr.numerator is not None:
            assert (expr.numerator, expr.denominator) == (numerator, denominator)
    else:
        assert expr.value == Decimal(expected)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r[0])
def test_expression(row: tuple[str, ...]) -> None:
    text, found = row[0], row[1]
    numbers = find_numbers(text)
    if found == "-":
        assert numbers == [], [n.text for n in numbers]
        return
    value, kind, english = row[2:5]
    assert [n.text for n in numbers] == [found]
    expr = numbers[0]
    assert text[expr.start : expr.end] == expr.text
    assert expr.kind == kind
    _check_value(expr, value)
    assert expr.english == english
    assert expr.to_dict()["english"] == english
