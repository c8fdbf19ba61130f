"""The English of a found number: what a translator is shown.

"3.68 trillion yuan" (also "RMB 3.68 trillion"), "200,000 people", "5.8 percent"
(also "5.8%"), "1.2 percentage points", "more than 300,000 vehicles", "three
to five years", "one third", "the first", "February 25, 2025".
"""

from __future__ import annotations

from decimal import Decimal

from glossary.numbers.atoms import Atom
from glossary.numbers.numerals import to_plain
from glossary.numbers.render import MONTHS, fraction_words, group, ordinal, quantity, roman
from glossary.numbers.units import CURRENCIES

__all__ = ["Rendering", "percent_text", "render_atom", "render_range", "with_qualifier"]

Rendering = tuple[str, tuple[str, ...], str | None]  # english, alternatives, unit noun


def with_qualifier(qualifier: str | None, text: str) -> str:
    return f"{qualifier} {text}" if qualifier else text


def written(value: Decimal, ulp: Decimal | None) -> str:
    """The figure with the decimals the source wrote: 1.00厘 → "1.00", 5.50% → "5.50"."""
    if ulp and 0 < ulp < 1 and value == value.quantize(ulp):
        places = -int(ulp.normalize().as_tuple().exponent)
        return f"{value:,.{places}f}"
    return group(value)


def percent_text(value: Decimal, ulp: Decimal | None = None) -> tuple[str, tuple[str, ...]]:
    figure = written(value, ulp)
    return f"{figure} percent", (f"{figure}%", f"{figure} per cent")


def _noun(atom: Atom, value: Decimal) -> str | None:
    unit = atom.unit
    if unit is None or not unit.singular:
        return None
    return unit.singular if value == 1 else unit.plural


def _spell(atom: Atom) -> bool:
    """Whole numbers below ten are spelled out when they count things, not measures."""
    if atom.unit is None:
        return False
    return atom.unit.kind in ("count", "duration") or not atom.unit.singular


def figure_of(atom: Atom, value: Decimal | None = None) -> str:
    """The number itself: "3.68 trillion", "200,000", "three"."""
    value = atom.value if value is None else value
    return quantity(value, spell=_spell(atom) and atom.kind == "count")


def render_atom(atom: Atom) -> Rendering:
    """English, alternatives and unit noun of a number standing alone."""
    kind, value, q = atom.kind, atom.value, atom.qualifier
    if kind == "percent":
        text, alternatives = percent_text(value, atom.ulp)
        return with_qualifier(q, text), tuple(with_qualifier(q, a) for a in alternatives), None
    if kind == "points":
        if atom.unit_key == "基点":
            basis = group(value * 100)
            return with_qualifier(q, f"{basis} basis points"), (), "basis points"
        noun = "percentage point" if value == 1 else "percentage points"
        figure = written(value, atom.ulp)
        return with_qualifier(q, f"{figure} {noun}"), (), "percentage points"
    if kind == "amount":
        return _amount(atom)
    if kind == "multiple":
        return _multiple(atom)
    if atom.unit_key == "期" and kind == "count":
        return with_qualifier(q, quantity(value, spell=True)), (), None
    if kind == "fraction":
        return _fraction(atom)
    if kind == "ordinal":
        return _ordinal(atom)
    if kind == "year":
        return to_plain(value), (), None
    if kind == "date":
        return _date_part(atom), (), None
    return _count(atom)


def _count(atom: Atom) -> Rendering:
    value, q = atom.value, atom.qualifier
    figure = figure_of(atom)
    noun = _noun(atom, value)
    if atom.unit is not None and atom.unit.kind == "age":
        if q == "more than" and atom.qualified_after:
            return f"aged {figure} and above", (f"{figure} and older",), "years old"
        if q == "below" and atom.qualified_after:
            return f"under {figure}", (f"younger than {figure}",), "years old"
    text = f"{figure} {noun}" if noun else figure
    if atom.unit_key == "大关":
        return with_qualifier(q, f"the {figure} mark"), (), None
    if q == "the past":
        return f"the past {text}", (f"the last {text}",), noun
    if q == "below" and atom.qualified_after:
        return f"{text} or less", (f"below {text}", f"under {text}"), noun
    return with_qualifier(q, text), (), noun


def _amount(atom: Atom) -> Rendering:
    currency = CURRENCIES[atom.currency or "CNY"]
    english, alternatives = currency.write(quantity(atom.value))
    q = atom.qualifier
    return (
        with_qualifier(q, english),
        tuple(with_qualifier(q, a) for a in alternatives),
        None,
    )


def _multiple(atom: Atom) -> Rendering:
    value = atom.value
    figure = quantity(value, spell=True)
    alternatives: tuple[str, ...] = ()
    if value == 2:
        alternatives = ("twice", "double")
    elif value == value.to_integral_value() and value < 10:
        alternatives = (f"{to_plain(value)} times", f"{to_plain(value)}-fold")
    return with_qualifier(atom.qualifier, f"{figure} times"), alternatives, "times"


def _fraction(atom: Atom) -> Rendering:
    if atom.per:
        numerator = atom.value * atom.per
        english = f"{group(numerator)} per {atom.per:,}"
        percent, _ = percent_text(atom.value * 100)
        return with_qualifier(atom.qualifier, english), (percent,), None
    assert atom.numerator is not None and atom.denominator is not None
    english = fraction_words(atom.numerator, atom.denominator)
    return with_qualifier(atom.qualifier, english), (), None


def _ordinal(atom: Atom) -> Rendering:
    n = int(atom.value)
    key = atom.unit_key
    if key == "期":
        return f"phase {roman(n)}", (f"phase {quantity(Decimal(n), spell=True)}",), "phase"
    if key == "季度":
        return f"the {ordinal(n)} quarter", (f"Q{n}",), "quarter"
    if key == "周年":
        return f"the {ordinal(n)} anniversary", (), "anniversary"
    if key == "次":
        return f"the {ordinal(n)} session", (f"the {ordinal(n)}",), None
    return f"the {ordinal(n)}", (), None


def _date_part(atom: Atom) -> str:
    n = int(atom.value)
    if atom.unit_key == "月":
        return MONTHS[n - 1]
    return f"the {ordinal(n)}" if n > 10 else f"the {n}{_suffix(n)}"


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def render_range(low: Atom, high: Atom) -> Rendering:
    """ "5 to 6 percent", "three to five years", "2021-2025", "70,000 to 200,000 yuan"."""
    q = low.qualifier
    if high.kind == "year":
        text = f"{to_plain(low.value)}-{to_plain(high.value)}"
        return with_qualifier(q, text), (f"{to_plain(low.value)} to {to_plain(high.value)}",), None
    if high.kind == "percent":
        a, b = written(low.value, low.ulp), written(high.value, high.ulp)
        text = f"{a} to {b} percent"
        alternatives: tuple[str, ...] = (f"{a}%-{b}%",)
        return with_qualifier(q, text), alternatives, None
    if high.kind == "amount":
        currency = CURRENCIES[high.currency or "CNY"]
        english, alternatives = currency.write(_span(quantity(low.value), quantity(high.value)))
        return with_qualifier(q, english), alternatives, None
    noun = _noun(high, high.value)
    text = _span(figure_of(high, low.value), figure_of(high))
    return with_qualifier(q, f"{text} {noun}" if noun else text), (), noun


def _span(low: str, high: str) -> str:
    """ "1 to 2 trillion" rather than "1 trillion to 2 trillion"."""
    low_figure, _, low_scale = low.partition(" ")
    high_figure, _, high_scale = high.partition(" ")
    if low_scale and low_scale == high_scale:
        return f"{low_figure} to {high}"
    return f"{low} to {high}"
