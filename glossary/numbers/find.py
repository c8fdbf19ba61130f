"""find_numbers: every numeric expression of a Chinese text, in order, without overlaps.

The text is folded first (glossary.text.fold_with_offsets; glossary.numbers.key
skips text without a numeral): Traditional becomes
Simplified, full-width digits half width, and line breaks inside Chinese go, so
「3.68萬\\n億元」 is read as 3.68万亿元 and reported with the line break it has.
Then two passes over the folded text (glossary.numbers.patterns): the fixed
constructions, then every other number; numbers next to each other become a
date (2025年2月25日) or a range (三至五年, 5%—6%), and what cannot stand alone
as a number (the 一 of 一些) is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

from glossary import lang
from glossary.numbers.atoms import Atom, atom_of
from glossary.numbers.describe import render_atom, render_range
from glossary.numbers.expr import Draft, NumberExpr, draft
from glossary.numbers.key import has_numeral
from glossary.numbers.numerals import tidy
from glossary.numbers.patterns import (
    ATOM,
    HYPHENS,
    NUMERAL_CHARS,
    RANGE_SEPARATOR,
    WINDOW_AFTER,
    WINDOW_BEFORE,
)
from glossary.numbers.render import MONTHS
from glossary.numbers.specials import Found, specials
from glossary.numbers.units import QUALIFIER_VARIANTS
from glossary.text import fold_with_offsets, has_han

__all__ = ["annotate_numbers", "find_numbers"]


def find_numbers(text: str) -> list[NumberExpr]:
    """Every numeric expression in ``text``, in order, with offsets into ``text``.

    >>> [(n.text, str(n.value), n.english) for n in find_numbers("新增就業20萬人")]
    [('20萬人', '200000', '200,000 people')]
    """
    if not text or not has_numeral(text):
        return []
    folded = fold_with_offsets(text)
    key = folded.text
    found: list[Found] = []
    atoms: list[Atom] = []
    for window_start, window_end in _windows(key):
        fixed = list(specials(key, window_start, window_end))
        found += fixed
        for start, end in _gaps(fixed, window_start, window_end):
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
        result.append(expr.placed(original_start, original_end, text))
    return result


def annotate_numbers(text: str, text_lang: str | None = None) -> list[NumberExpr]:
    """The numbers to show beside the terms of a text: those of Chinese text.

    The language is ``text_lang`` when given, else Chinese if the text has Han
    characters (as for terms); English text has no numbers to render.
    """
    chinese = lang.is_chinese(text_lang) if text_lang else has_han(text)
    return find_numbers(text) if chinese else []


def _windows(key: str) -> list[tuple[int, int]]:
    """Where numbers can be: around every numeral character, with room for what may
    stand before (不超過人民幣 …) and after (…萬輛以上). The patterns are tried there
    only, so text without numerals costs one scan of a character class."""
    windows: list[tuple[int, int]] = []
    for m in NUMERAL_CHARS.finditer(key):
        start, end = max(0, m.start() - WINDOW_BEFORE), min(len(key), m.end() + WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _gaps(found: list[Found], start: int, end: int) -> list[tuple[int, int]]:
    gaps, at = [], start
    for found_start, found_end, _ in sorted(found, key=lambda f: f[0]):
        if found_start > at:
            gaps.append((at, found_start))
        at = max(at, found_end)
    if at < end:
        gaps.append((at, end))
    return gaps


# -- the general pass: dates, ranges, single numbers -----------------------------


def _combine(atoms: list[Atom], key: str) -> Iterator[Draft]:
    i = 0
    while i < len(atoms):
        date = (_day_range(atoms, i, key) or _date(atoms, i)) if _month_next(atoms, i) else None
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


def _month_next(atoms: list[Atom], i: int) -> bool:
    """Whether a date may begin at atom ``i``: every date has a month first or second
    (2月25日, 2025年2月, 8月15-16日), and most numbers are no dates."""
    return any(atom.unit_key == "月" for atom in atoms[i : i + 2])


def _variants(
    english: str, alternatives: tuple[str, ...], qualifier: str | None
) -> tuple[str, ...]:
    """The alternatives, and the English with the qualifier's other words (about → around)."""
    if not qualifier or not english.startswith(qualifier + " "):
        return alternatives
    rest = english[len(qualifier) :]
    extra = tuple(v + rest for v in QUALIFIER_VARIANTS.get(qualifier, ()))
    return tuple(dict.fromkeys((*alternatives, *extra)))


def _single(atom: Atom) -> Draft:
    english, alternatives, noun = render_atom(atom)
    alternatives = _variants(english, alternatives, atom.qualifier)
    return draft(
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


def _day_range(atoms: list[Atom], i: int, key: str) -> tuple[Draft, int] | None:
    """8月15-16日, 2024年3月27至28日: a month and a range of days."""
    start = i + 1 if atoms[i].kind == "year" else i
    if start + 2 >= len(atoms) or (start > i and atoms[start].start != atoms[i].end):
        return None
    month, first, last = atoms[start : start + 3]
    if not _is_month(month) or first.start != month.end or first.unit is not None:
        return None
    if not (_is_day(last) and 1 <= first.value < last.value and first.value == int(first.value)):
        return None
    if RANGE_SEPARATOR.fullmatch(key[first.end : last.start]) is None:
        return None
    n, a, b = int(month.value), int(first.value), int(last.value)
    year = f"{int(atoms[i].value)}" if start > i else "-"
    english = f"{MONTHS[n - 1]} {a}-{b}" + (f", {year}" if start > i else "")
    iso = f"{year}-{n:02d}-{a:02d}/{year}-{n:02d}-{b:02d}"
    expr = draft(atoms[i].start, last.end, None, "range", english, date=iso, range_of="date")
    return expr, start - i + 3


def _date(atoms: list[Atom], i: int) -> tuple[Draft, int] | None:
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
    return draft(parts[0].start, last.end, None, "date", english, date=iso), used


def _range(low: Atom, high: Atom, key: str) -> Draft | None:
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
        low_value, low_ulp = tidy(low.value * high.scale), tidy(low.ulp * high.scale)  # 1至2万亿
    if high.kind == "percent" and low.kind == "count" and low.unit is None:
        pass  # 5-6%: the first number shares the sign
    if not low_value < high.value:
        return None
    if _is_month(low) and _is_month(high):
        a, b = int(low.value), int(high.value)
        english, iso = f"{MONTHS[a - 1]} to {MONTHS[b - 1]}", f"--{a:02d}/--{b:02d}"
        return draft(low.start, high.end, None, "range", english, date=iso, range_of="date")
    english, alternatives, noun = render_range(low.with_value(low_value, low_ulp), high)
    alternatives = _variants(english, alternatives, low.qualifier)
    return draft(
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
