"""read_english_numbers: the numbers of an English text, read to values.

It reads what translations of Chinese write: digits with separators and scale
words (3.68 trillion, 3,680 billion, 200,000, 200 thousand, 1.2bn), words (two
million, twenty-five, a third), money (RMB 3.68 trillion, 3.68 trillion yuan,
HK$50 billion, US$1.2bn), percentages (5.8%, 5.8 percent, 5.8 per cent),
percentage points, multiples (three times, threefold, double, quadruple),
fractions (one third, half), ordinals (first, 15th, phase II, Q1), digit
counts (double-digit), years, dates (February 25, 2025; 25 February) and
ranges (5 to 6 percent, 5-6%, three to five years, 2021-2025).

Each is a NumberExpr with offsets into the text, the value in the same terms
as ``find_numbers`` gives it (percent for percentages, times for multiples, a
ratio for fractions), ``precision`` (the place of the last digit written) and
``english``: the number as official English would write it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from glossary.numbers.english_ranges import join_ranges
from glossary.numbers.expr import NumberExpr
from glossary.numbers.numerals import tidy
from glossary.numbers.render import MONTHS, ONES, ORDINALS, TENS, group, ordinal, quantity
from glossary.numbers.units import CURRENCIES

__all__ = ["read_english_numbers", "words_value"]

_WORD_VALUES = {w: i for i, w in enumerate(ONES)} | {
    w: 10 * i for i, w in enumerate(TENS) if w != "_"
}
_SCALE_WORDS = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
_SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9}
_SHORT_SCALES |= {"bln": 10**9, "tn": 10**12, "trn": 10**12}
_ORDINAL_WORDS = {w: i for i, w in enumerate(ORDINALS) if i} | {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
}
_FRACTION_WORDS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4} | {
    name + suffix: n for name, n in _ORDINAL_WORDS.items() if n >= 3 for suffix in ("", "s")
}
_MONTH_NUMBERS = (
    {m.lower(): i for i, m in enumerate(MONTHS, 1)}
    | {m.lower()[:3]: i for i, m in enumerate(MONTHS, 1)}
    | {"sept": 9}
)

_W = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_WORD_NUMBER = rf"(?:{_W})(?:-(?:{_W}))?"
_WORDS = (
    rf"(?:{_WORD_NUMBER}|an?(?=\s+(?:hundred|thousand|million|billion|trillion)\b))"
    rf"(?:(?:\s+|-)(?:and\s+)?(?:{_WORD_NUMBER}|hundred|thousand|million|billion|trillion)\b)*"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*|-)(?P<scale>thousand|million|billion|trillion)\b|(?P<short>mn|mln|bn|bln|tn|trn|[kmb])\b"
_CURRENCY_PREFIX = r"(?P<cur>rmb|cny|hk\$|us\$|nt\$|mop\$?|\$|¥|€|£)\s?"
_CURRENCY_SUFFIX = (
    r"\s+(?P<cursuf>yuan|renminbi|rmb|hong\s+kong\s+dollars?|hk\s+dollars?|"
    r"u\.?s\.?\s+dollars?|new\s+taiwan\s+dollars?|dollars?|euros?|yen|pounds?|patacas?)\b"
)
_AFTER = (
    r"(?:\s*(?P<pct>%|‰)|[\s-]+(?P<pctword>percent|per\s+cent|pct)\b"
    r"|[\s-]+(?P<points>percentage[\s-]+points?|pp|ppts?)\b"
    r"|[\s-]+(?P<bps>basis[\s-]+points?|bps)\b"
    r"|\s+(?P<indexpts>points?)\b"
    r"|(?P<times>\s+times\b|-?fold\b)"
    rf"|{_CURRENCY_SUFFIX})?"
)
_MONTH = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)

_MONTH_ALONE = "|".join(m for m in MONTHS if m != "May")
MAX_DIGITS = 24  # as for Chinese numbers (glossary.numbers.atoms)
_NUMBER = re.compile(
    r"(?<![\w$.%])"
    r"(?:"
    rf"(?P<days>{_MONTH.replace('month', 'month4')}\s+(?P<dfrom>\d{{1,2}})\s*[-–]\s*(?P<dto>\d{{1,2}})"
    r"(?:,?\s+(?P<year4>\d{4}))?)\b"
    rf"|(?P<daysfirst>(?P<dfrom2>\d{{1,2}})\s*(?:[-–]|to)\s*(?P<dto2>\d{{1,2}})\s+"
    rf"{_MONTH.replace('month', 'month5')}(?:,?\s+(?P<year5>\d{{4}}))?)\b"
    r"|(?P<decades>(?:(?P<decn>a|one|two|three|four|five|six|seven|eight|nine|ten)\s+)?decades?)\b"
    rf"|(?P<months>(?-i:(?P<mfrom>{_MONTH_ALONE}|May))\s+(?:to|-|–)\s+(?-i:(?P<mto>{_MONTH_ALONE}|May)))\b"
    rf"|(?P<date1>{_MONTH}\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year1>\d{{4}}))?)\b"
    rf"|(?P<date2>(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH.replace('month', 'month2')}"
    r"(?:,?\s+(?P<year2>\d{4}))?)\b"
    rf"|(?P<date3>{_MONTH.replace('month', 'month3')}\s+(?P<year3>\d{{4}}))\b"
    rf"|(?P<monthonly>(?-i:{_MONTH_ALONE})|(?:(?<=\bin\s)|(?<=early\s)|(?<=mid-)|(?<=late\s)"
    r"|(?<=\bof\s)|(?<=since\s)|(?<=until\s))(?-i:May))\b"
    r"|(?P<firstq>first\s+(?P<fqn>two|three)\s+quarters)\b"
    r"|(?P<digitcount>(?P<dc>single|double|triple|one|two|three|four)-digit)\b"
    r"|(?P<mult>doubl(?:e[sd]?|ing)|twice|tripl(?:e[sd]?|ing)|quadrupl(?:e[sd]?|ing)"
    r"|(?P<foldword>two|three|four|five|six|seven|eight|nine|ten)fold)\b"
    rf"|(?P<frac>(?P<fnum>one|a|two|three|four|five|six|seven|eight|nine)[\s-]+"
    rf"(?P<fden>{'|'.join(sorted(_FRACTION_WORDS, key=len, reverse=True))}))\b"
    r"|(?P<per>(?P<pernum>\d+(?:\.\d+)?)\s+per\s+(?P<perden>1,000|10,000|thousand|ten\s+thousand))\b"
    r"|(?P<half>half)\b"
    r"|(?P<phase>phase\s+(?P<roman>[ivx]+|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
    r"|(?P<label>(?:page|chapter|cap\.|no\.|level|article|section|tier)\s+(?P<labeln>\d+))\b"
    r"|(?P<quarter>q(?P<qn>[1-4]))\b"
    r"|(?P<ordd>(?P<ordn>\d+)(?:st|nd|rd|th))\b"
    rf"|(?P<ordw>(?:(?P<ordtens>{'|'.join(TENS[2:])})-)?"
    rf"(?P<ordword>{'|'.join(sorted(_ORDINAL_WORDS, key=len, reverse=True))}))\b"
    rf"|(?P<neg>-|−|minus\s+)?(?:{_CURRENCY_PREFIX})?"
    rf"(?:(?P<digits>{_DIGITS})(?:{_SCALE})?|(?P<words>{_WORDS})\b)"
    rf"{_AFTER}"
    r")",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10}


def words_value(phrase: str) -> tuple[Decimal, Decimal] | None:
    """ "two million" → (2000000, 1000000), "twenty-five" → (25, 1); None if not a number."""
    total, current, ulp = 0, 0, 1
    seen = False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word == "and":
            continue
        if word in ("a", "an"):
            current, seen = 1, True
        elif word in _WORD_VALUES:
            current += _WORD_VALUES[word]
            ulp, seen = 1, True
        elif word == "hundred":
            current, ulp = (current or 1) * 100, 100
        elif word in _SCALE_WORDS:
            scale = _SCALE_WORDS[word]
            total += (current or 1) * scale
            current, ulp = 0, scale
        else:
            return None
    if not seen:
        return None
    return Decimal(total + current), Decimal(ulp)


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _expr(m: re.Match[str], value, kind: str, english: str, **kw) -> NumberExpr:
    value = tidy(value) if value is not None else None
    if kw.get("precision") is not None:
        kw["precision"] = tidy(kw["precision"])
    return NumberExpr(m.start(), m.end(), m.group(), value, kind, english, **kw)


def _date_range(m: re.Match[str]) -> NumberExpr | None:
    """August 15-16, March 27-28, 2024, July to December."""
    if m.group("months"):
        a, b = (_MONTH_NUMBERS[m.group(g).lower()] for g in ("mfrom", "mto"))
        iso = f"--{a:02d}/--{b:02d}"
        return _expr(m, None, "range", m.group(), date=iso, range_of="date")
    if m.group("days"):
        month = _MONTH_NUMBERS[m.group("month4").lower()]
        a, b, year = int(m.group("dfrom")), int(m.group("dto")), m.group("year4") or "-"
    elif m.group("daysfirst"):
        month = _MONTH_NUMBERS[m.group("month5").lower()]
        a, b, year = int(m.group("dfrom2")), int(m.group("dto2")), m.group("year5") or "-"
    else:
        return None
    if not 1 <= a < b <= 31:
        return None
    iso = f"{year}-{month:02d}-{a:02d}/{year}-{month:02d}-{b:02d}"
    return _expr(m, None, "range", m.group(), date=iso, range_of="date")


def _date(m: re.Match[str]) -> NumberExpr | None:
    if m.group("monthonly"):
        month = _MONTH_NUMBERS[m.group("monthonly").lower()]
        return _expr(m, None, "date", MONTHS[month - 1], date=f"--{month:02d}")
    for n in ("1", "2", "3"):
        if m.group(f"date{n}"):
            month = _MONTH_NUMBERS[m.group("month" if n == "1" else f"month{n}").lower()]
            day = m.group(f"day{n}") if n != "3" else None
            year = m.group(f"year{n}")
            if day is not None and not 1 <= int(day) <= 31:
                return None
            iso = f"{year or '-'}-{month:02d}" + (f"-{int(day):02d}" if day else "")
            if year and not day:
                english = f"{MONTHS[month - 1]} {year}"
            else:
                english = f"{MONTHS[month - 1]} {int(day or 0)}" + (f", {year}" if year else "")
            return _expr(m, None, "date", english, date=iso)
    return None


def _simple(m: re.Match[str]) -> NumberExpr | None:
    if m.group("decades"):
        word = (m.group("decn") or "a").lower()
        n = 1 if word in ("a", "one") else _WORD_VALUES[word]
        return _expr(m, Decimal(10 * n), "count", m.group(), unit="years", precision=Decimal(10))
    if m.group("firstq"):
        n = _WORD_VALUES[m.group("fqn").lower()]
        return _expr(m, Decimal(n), "count", m.group(), unit="quarters", precision=Decimal(1))
    if m.group("digitcount"):
        digits = {"single": 1, "one": 1, "double": 2, "two": 2, "triple": 3, "three": 3}.get(
            m.group("dc").lower(), 4
        )
        low = Decimal(10) ** (digits - 1) if digits > 1 else Decimal(1)
        return _expr(m, None, "digits", m.group(), low=low, high=Decimal(10) ** digits - 1)
    if m.group("mult"):
        word = m.group("mult").lower()
        if m.group("foldword"):
            value = _WORD_VALUES[m.group("foldword").lower()]
        else:
            value = 3 if word.startswith("tripl") else 4 if word.startswith("quadrupl") else 2
        return _expr(m, Decimal(value), "multiple", m.group(), precision=Decimal(1))
    if m.group("frac"):
        numerator = 1 if m.group("fnum").lower() == "a" else _WORD_VALUES[m.group("fnum").lower()]
        denominator = _FRACTION_WORDS[m.group("fden").lower()]
        return _expr(
            m, Decimal(numerator) / denominator, "fraction", m.group(),
            numerator=numerator, denominator=denominator,
        )  # fmt: skip
    if m.group("per"):
        per = 10000 if m.group("perden").lower() in ("10,000", "ten thousand") else 1000
        fraction = Decimal(m.group("pernum")) / per
        return _expr(m, fraction, "fraction", m.group(), numerator=None, denominator=per)
    if m.group("half"):
        return _expr(m, Decimal("0.5"), "fraction", "half", numerator=1, denominator=2)
    return None


def _ordinal(m: re.Match[str]) -> NumberExpr | None:
    if m.group("phase"):
        raw = m.group("roman")
        word = raw.lower()
        n = int(raw) if raw.isdigit() else _WORD_VALUES.get(word) or _roman(word)
        return _expr(m, Decimal(n), "ordinal", f"phase {n}", unit="phase")
    if m.group("label"):
        n = int(m.group("labeln"))
        return _expr(m, Decimal(n), "ordinal", m.group())
    if m.group("quarter"):
        n = int(m.group("qn"))
        return _expr(m, Decimal(n), "ordinal", f"the {ordinal(n)} quarter", unit="quarter")
    if m.group("ordd"):
        n = int(m.group("ordn"))
        return _expr(m, Decimal(n), "ordinal", f"the {ordinal(n)}")
    if m.group("ordw"):
        n = _ORDINAL_WORDS[m.group("ordword").lower()]
        if m.group("ordtens"):
            n += _WORD_VALUES[m.group("ordtens").lower()]
        return _expr(m, Decimal(n), "ordinal", f"the {ordinal(n)}")
    return None


def _quantity(m: re.Match[str]) -> NumberExpr | None:
    """Digits or words, with a scale, a currency, percent, points or times."""
    if m.group("digits"):
        raw = m.group("digits")
        value = Decimal(raw.replace(",", ""))
        ulp = Decimal(1).scaleb(-len(raw.split(".", 1)[1])) if "." in raw else Decimal(1)
        scale = m.group("scale") or m.group("short")
        if m.group("short") and not (m.group("cur") or m.group("cursuf")):
            if m.group("short").lower() in ("m", "b", "k"):
                return None  # 5m is five meters, not five million, without a currency
        if scale:
            factor = _SCALE_WORDS.get(scale.lower()) or _SHORT_SCALES[scale.lower()]
            value, ulp = value * factor, ulp * factor
    elif m.group("words"):
        words = words_value(m.group("words"))
        if words is None:
            return None
        value, ulp = words
    else:
        return None
    if m.group("neg"):
        value = -value
    return _classify(m, value, ulp)


def _classify(m: re.Match[str], value: Decimal, ulp: Decimal) -> NumberExpr:
    currency = _currency(m.group("cur"), m.group("cursuf"))
    if m.group("pct") or m.group("pctword"):
        return _expr(m, value, "percent", f"{group(tidy(value))} percent", precision=ulp)
    if m.group("points"):
        return _expr(m, value, "points", f"{group(tidy(value))} percentage points", precision=ulp)
    if m.group("bps"):
        return _expr(
            m, value / 100, "points", f"{group(tidy(value / 100))} percentage points",
            precision=ulp / 100,
        )  # fmt: skip
    if m.group("indexpts"):
        return _expr(
            m, value, "count", f"{quantity(tidy(value))} points", unit="points", precision=ulp
        )
    if m.group("times"):
        return _expr(m, value, "multiple", f"{quantity(tidy(value))} times", precision=ulp)
    if currency:
        english, _ = CURRENCIES[currency].write(quantity(tidy(value)))
        return _expr(m, value, "amount", english, currency=currency, precision=ulp)
    plain = m.group("digits") or ""
    if re.fullmatch(r"1[89]\d\d|20\d\d|2100", plain) and not m.group("scale"):
        return _expr(m, value, "year", plain, precision=ulp)
    return _expr(m, value, "count", quantity(tidy(value)), precision=ulp)


def _currency(prefix: str | None, suffix: str | None) -> str | None:
    for raw in (prefix, suffix):
        if not raw:
            continue
        word = re.sub(r"\s+", " ", raw.lower())
        if word in ("rmb", "cny", "¥", "yuan", "renminbi"):
            return "CNY"
        if word.startswith(("hk", "hong kong")):
            return "HKD"
        if word.startswith(("us", "u.s", "$", "dollar")):
            return "USD"
        if word.startswith(("nt", "new taiwan")):
            return "TWD"
        if word.startswith("mop") or word.startswith("pataca"):
            return "MOP"
        if word in ("€", "euro", "euros"):
            return "EUR"
        if word in ("£", "pound", "pounds"):
            return "GBP"
        if word == "yen":
            return "JPY"
    return None


_READERS: tuple[Callable[[re.Match[str]], NumberExpr | None], ...] = (
    _date_range,
    _date,
    _simple,
    _ordinal,
    _quantity,
)


def read_english_numbers(text: str) -> list[NumberExpr]:
    """Every number of an English text, in order, without overlaps.

    >>> [(n.text, str(n.value)) for n in read_english_numbers("RMB 3.68 trillion, up 5.8%")]
    [('RMB 3.68 trillion', '3680000000000'), ('5.8%', '5.8')]
    """
    found: list[NumberExpr] = []
    for m in _NUMBER.finditer(text):
        if _inside_code(text, m) or _too_long(m.group(0)):
            continue
        for reader in _READERS:
            expr = reader(m)
            if expr is not None:
                found.append(expr)
                break
    return join_ranges(found, text)


def _too_long(number: str) -> bool:
    """More digits than any quantity (a code or an account number, past exact decimals)."""
    return max((len(run) for run in re.findall(r"[0-9]+", number)), default=0) > MAX_DIGITS


def _inside_code(text: str, m: re.Match[str]) -> bool:
    """COVID-19, G20, 5G, H5N1: a number that is part of a name."""
    before, after = text[max(0, m.start() - 2) : m.start()], text[m.end() : m.end() + 1]
    if re.search(r"[A-Za-z]-$", before) and m.group("digits"):
        return True
    return bool(after and after.isalnum() and after.isascii())
