"""find_numbers: every numeric expression of a Chinese text, in order, without overlaps.

The text is folded first (glossary.text.fold_with_offsets): Traditional becomes
Simplified, full-width digits half width, and line breaks inside Chinese go, so
「3.68萬\\n億元」 is read as 3.68万亿元 and reported with the line break it has.
Then two passes over the folded text (glossary.numbers.patterns): the fixed
constructions, then every other number; numbers next to each other become a
date (2025年2月25日) or a range (三至五年, 5%—6%), and what cannot stand alone
as a number (the 一 of 一些) is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from glossary.numbers.atoms import Atom, atom_of
from glossary.numbers.describe import render_atom, render_range, with_qualifier
from glossary.numbers.expr import NumberExpr
from glossary.numbers.numerals import CN_DIGITS, parse_numeral
from glossary.numbers.patterns import ATOM, HYPHENS, RANGE_SEPARATOR, SPECIAL
from glossary.numbers.render import MONTHS, ordinal, roman
from glossary.numbers.units import UNITS
from glossary.text import fold_with_offsets

__all__ = ["find_numbers"]

# (folded start, folded end, expression with folded offsets or None for a blocked span)
_Found = tuple[int, int, NumberExpr | None]


def find_numbers(text: str) -> list[NumberExpr]:
    """Every numeric expression in ``text``, in order, with offsets into ``text``.

    >>> [(n.text, str(n.value), n.english) for n in find_numbers("新增就業20萬人")]
    [('20萬人', '200000', '200,000 people')]
    """
    if not text:
        return []
    folded = fold_with_offsets(text)
    key = folded.text
    found: list[_Found] = list(_specials(key))
    gaps = _gaps(found, len(key))
    atoms: list[Atom] = []
    for start, end in gaps:
        for m in ATOM.finditer(key, start, end):
            atom = atom_of(m, key)
            if atom is not None:
                atoms.append(atom)
    found += [(e.start, e.end, e) for e in _combine(atoms, key)]
    result = []
    for start, end, expr in sorted(found, key=lambda f: f[0]):
        if expr is None:
            continue
        original_start, original_end = folded.span(start, end)
        result.append(
            replace(
                expr,
                start=original_start,
                end=original_end,
                text=text[original_start:original_end],
            )
        )
    return result


def _gaps(found: list[_Found], length: int) -> list[tuple[int, int]]:
    gaps, at = [], 0
    for start, end, _ in sorted(found, key=lambda f: f[0]):
        if start > at:
            gaps.append((at, start))
        at = max(at, end)
    if at < length:
        gaps.append((at, length))
    return gaps


def _expr(start: int, end: int, value: Decimal | None, kind: str, english: str, **kw) -> NumberExpr:
    return NumberExpr(start, end, "", value, kind, english, **kw)


def _specials(key: str) -> Iterator[_Found]:
    for m in SPECIAL.finditer(key):
        start, end = m.span()
        if m.group("idiom"):
            yield start, end, None
            continue
        expr = _special(m, start, end)
        if expr is not None:
            yield start, end, expr


def _special(m, start: int, end: int) -> NumberExpr | None:  # noqa: C901 - one branch per shape
    if m.group("ord"):
        return _ordinal(m, start, end)
    plan = m.group("plan") or m.group("plan2")
    if plan:
        n = int(parse_numeral(plan).value)  # type: ignore[union-attr]
        english = f"the {ordinal(n)} Five-Year Plan"
        return _expr(
            start, end, Decimal(n), "ordinal", english, alternatives=(f"{ordinal(n)} FYP",)
        )
    if m.group("double"):
        times = {"一": 2, "1": 2, None: 2, "两": 4, "二": 4, "2": 4, "三": 8, "3": 8}
        factor = times.get(m.group("fold"), 16)
        english = {2: "double", 4: "quadruple", 8: "increase eightfold"}.get(factor, "sixteenfold")
        alternatives = {2: ("twofold", "two times"), 4: ("fourfold", "four times")}.get(factor, ())
        return _expr(start, end, Decimal(factor), "multiple", english, alternatives=alternatives)
    if m.group("digits"):
        return _digits(m, start, end)
    if m.group("half"):
        qualifier = {"过半": "more than"}.get(m.group("hw"))
        if m.group("hbefore") or m.group("hafter"):
            qualifier = "nearly" if m.group("hbefore") in ("近", "将近") else "more than"
            if m.group("hbefore") == "约":
                qualifier = "about"
        english = with_qualifier(qualifier, "half")
        return _expr(
            start, end, Decimal("0.5"), "fraction", english, qualifier=qualifier,
            numerator=1, denominator=2,
        )  # fmt: skip
    if m.group("firstq"):
        n = CN_DIGITS[m.group("fqnum")]
        english = f"the first {['', 'one', 'two', 'three'][n]} quarters"
        return _expr(start, end, Decimal(n), "count", english, unit="quarters")
    if m.group("quarter"):
        n = int(parse_numeral(m.group("qnum")).value)  # type: ignore[union-attr]
        return _expr(
            start, end, Decimal(n), "ordinal", f"the {ordinal(n)} quarter",
            alternatives=(f"Q{n}",), unit="quarter",
        )  # fmt: skip
    if m.group("enum"):
        n = int(parse_numeral(m.group("enum")).value)  # type: ignore[union-attr]
        # The span is 一是 (two characters): "first", as in "First, …".
        return _expr(m.start("enum"), end, Decimal(n), "ordinal", ordinal(n).capitalize())
    return None


def _ordinal(m, start: int, end: int) -> NumberExpr | None:
    numeral = parse_numeral(m.group("ordnum"))
    if numeral is None or numeral.sequence or numeral.value != numeral.value.to_integral_value():
        return None
    n = int(numeral.value)
    unit = m.group("ordunit")
    if unit == "期":
        english, alternatives = f"phase {roman(n)}", (f"the {ordinal(n)} phase",)
    elif unit == "季度":
        english, alternatives = f"the {ordinal(n)} quarter", (f"Q{n}",)
    else:
        english, alternatives = f"the {ordinal(n)}", ()
    if unit and unit not in ("期", "季度", "届", "次", "个", "位", "名", "批", "家", "条", "项"):
        # 第一年, 第三天: the unit belongs to the number; 第一股: it does not.
        if unit in UNITS and UNITS[unit].singular:
            english = f"the {ordinal(n)} {UNITS[unit].singular}"
    return _expr(start, end, Decimal(n), "ordinal", english, alternatives=alternatives)


def _digits(m, start: int, end: int) -> NumberExpr:
    digits = {"个": 1, "两": 2, "二": 2, "双": 2}.get(m.group("dignum")) or CN_DIGITS[
        m.group("dignum")
    ]
    word = {1: "single", 2: "double", 3: "triple"}.get(digits, f"{digits}")
    english = f"{word}-digit" + (" growth" if m.group("growth") else "")
    low = Decimal(10) ** (digits - 1) if digits > 1 else Decimal(1)
    high = Decimal(10) ** digits - 1
    return _expr(start, end, None, "digits", english, low=low, high=high)


# -- the general pass: dates, ranges, single numbers -----------------------------


def _combine(atoms: list[Atom], key: str) -> Iterator[NumberExpr]:
    i = 0
    while i < len(atoms):
        date = _date(atoms, i)
        if date is not None:
            expr, used = date
            yield expr
            i += used
            continue
        if i + 1 < len(atoms):
            ranged = _range(atoms[i], atoms[i + 1], key)
            if ranged is not None:
                yield ranged
                i += 2
                continue
        if atoms[i].alone:
            yield _single(atoms[i])
        i += 1


def _single(atom: Atom) -> NumberExpr:
    english, alternatives, noun = render_atom(atom)
    return _expr(
        atom.start,
        atom.end,
        None if atom.kind == "date" else atom.value,
        atom.kind,
        english,
        alternatives=alternatives,
        qualifier=atom.qualifier,
        unit=noun,
        currency=atom.currency,
        precision=atom.ulp if atom.ulp else None,
        numerator=atom.numerator,
        denominator=atom.denominator,
        date=_month_day(atom) if atom.kind == "date" else None,
    )


def _month_day(atom: Atom) -> str:
    n = int(atom.value)
    return f"--{n:02d}" if atom.unit_key == "月" else f"---{n:02d}"


def _is_month(atom: Atom) -> bool:
    return atom.unit_key == "月" and atom.kind == "date" and 1 <= atom.value <= 12


def _is_day(atom: Atom) -> bool:
    return atom.unit_key in ("日", "号") and 1 <= atom.value <= 31 and atom.qualifier is None


def _date(atoms: list[Atom], i: int) -> tuple[NumberExpr, int] | None:
    """2025年2月25日, 2025年2月, 2月25日 (each part directly after the last)."""
    parts = [atoms[i]]
    for nxt in atoms[i + 1 : i + 3]:
        if nxt.start != parts[-1].end:
            break
        parts.append(nxt)
    year = parts[0] if parts[0].kind == "year" and parts[0].qualifier is None else None
    rest = parts[1:] if year else parts
    if not rest or not _is_month(rest[0]):
        return None
    month = int(rest[0].value)
    day = int(rest[1].value) if len(rest) > 1 and _is_day(rest[1]) else None
    used = (1 if year else 0) + (2 if day else 1)
    if year is None and day is None:
        return None  # a month alone is a single atom (二月 → February)
    name = MONTHS[month - 1]
    if year is not None and day is not None:
        english, iso = (
            f"{name} {day}, {int(year.value)}",
            f"{int(year.value)}-{month:02d}-{day:02d}",
        )
    elif year is not None:
        english, iso = f"{name} {int(year.value)}", f"{int(year.value)}-{month:02d}"
    else:
        english, iso = f"{name} {day}", f"--{month:02d}-{day:02d}"
    last = parts[used - 1]
    return _expr(parts[0].start, last.end, None, "date", english, date=iso), used


def _range(low: Atom, high: Atom, key: str) -> NumberExpr | None:
    """三至五年, 5%—6%, 2021—2025年, 7万到20万, 1至2万亿元."""
    between = key[low.end : high.start]
    separator = RANGE_SEPARATOR.fullmatch(between)
    if separator is None or low.qualified_after or (high.qualifier and not high.qualified_after):
        return None
    if not high.alone:
        return None
    if between.strip() in HYPHENS and high.unit is None and high.kind not in ("percent", "amount"):
        return None
    if low.kind not in ("count", high.kind) or (low.unit is not None and low.unit != high.unit):
        return None
    if high.kind in ("date", "ordinal", "fraction", "year") and high.kind != low.kind:
        if not (high.kind == "year" and low.kind == "count" and low.value >= 1000):
            return None
    low_value, low_ulp = low.value, low.ulp
    if not low.big and high.big and low.value * high.scale <= high.value:
        low_value, low_ulp = low.value * high.scale, low.ulp * high.scale  # 1至2万亿
    if high.kind == "percent" and low.kind == "count" and low.unit is None:
        pass  # 5-6%: the first number shares the sign
    if not low_value < high.value:
        return None
    english, alternatives, noun = render_range(low.with_value(low_value, low_ulp), high)
    return _expr(
        low.start,
        high.end,
        None,
        "range",
        english,
        alternatives=alternatives,
        qualifier=low.qualifier,
        low=low_value,
        high=high.value,
        unit=noun,
        currency=high.currency,
        range_of=high.kind,
        precision=min(low_ulp, high.ulp) or None,
    )
