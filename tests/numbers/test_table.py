"""The expression table: every construction, in both scripts, with value, kind and English."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from glossary.numbers import NumberExpr, find_numbers
from tests.helpers import assert_none_failed

TABLE = Path(__file__).with_name("expressions.tsv")


def _rows() -> list[tuple[int, tuple[str, ...]]]:
    """(line number, fields) of every row of the table."""
    rows = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(f.replace("\\n", "\n") for f in line.split("\t"))
        rows.append((number, fields))
    return rows


NUMBERED = _rows()
ROWS = [fields for _, fields in NUMBERED]


def test_the_table_is_large_and_covers_both_scripts() -> None:
    assert len(ROWS) >= 300
    traditional = sum(1 for r in ROWS if any(c in r[0] for c in "萬億兩個屆輛點數週歲"))
    simplified = sum(1 for r in ROWS if any(c in r[0] for c in "万亿两个届辆点数岁"))
    assert traditional >= 100 and simplified >= 40


def _value_problems(expr: NumberExpr, expected: str) -> list[str]:
    if expected.startswith("date:"):
        if expr.value is None and expr.date == expected[5:]:
            return []
        return [f"value {expr.value} date {expr.date}, expected date {expected[5:]}"]
    if ".." in expected:
        low, high = expected.split("..")
        if expr.value is None and (expr.low, expr.high) == (Decimal(low), Decimal(high)):
            return []
        return [f"value {expr.value} range {expr.low}..{expr.high}, expected {expected}"]
    if "/" in expected:
        numerator, denominator = (int(p) for p in expected.split("/"))
        problems = []
        if expr.value != Decimal(numerator) / Decimal(denominator):
            problems.append(f"value {expr.value}, expected {expected}")
        parts = (expr.numerator, expr.denominator)
        if expr.numerator is not None and parts != (numerator, denominator):
            problems.append(f"fraction {parts[0]}/{parts[1]}, expected {expected}")
        return problems
    if expr.value != Decimal(expected):
        return [f"value {expr.value}, expected {expected}"]
    return []


def _row_problems(row: tuple[str, ...]) -> list[str]:
    """How what find_numbers reads in a row's input differs from the row."""
    text, found = row[0], row[1]
    numbers = find_numbers(text)
    if found == "-":
        return [f"found {[n.text for n in numbers]}, expected nothing"] if numbers else []
    value, kind, english = row[2:5]
    if [n.text for n in numbers] != [found]:
        return [f"found {[n.text for n in numbers]}, expected [{found!r}]"]
    expr = numbers[0]
    problems = _value_problems(expr, value)
    if text[expr.start : expr.end] != expr.text:
        problems.append(f"offsets {expr.start}:{expr.end} do not hold {expr.text!r}")
    if expr.kind != kind:
        problems.append(f"kind {expr.kind!r}, expected {kind!r}")
    if expr.english != english:
        problems.append(f"English {expr.english!r}, expected {english!r}")
    if expr.to_dict()["english"] != english:
        problems.append(f"to_dict English {expr.to_dict()['english']!r}, expected {english!r}")
    return problems


def table_failures(check: Callable[[tuple[str, ...]], list[str]]) -> list[str]:
    """``check``'s problems with every row, each named by its line and input."""
    failures = []
    for number, row in NUMBERED:
        try:
            problems = check(row)
        except Exception as error:  # one row's crash is one more failure to list
            problems = [f"raised {error!r}"]
        failures += [f"{TABLE.name}:{number} {row[0]!r}: {p}" for p in problems]
    return failures


def test_every_expression_reads_as_the_table_says() -> None:
    """Each row's input holds exactly its expression, with its value, kind and English."""
    assert_none_failed(table_failures(_row_problems), "rows of the table read otherwise")
