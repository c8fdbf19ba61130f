"""Number accuracy: does each run keep the numbers of its source documents?

The numbers of a source document are what ``glossary.numbers.find_numbers``
finds in the Chinese, ordinals left out (official English often rewrites
第一 as "the largest"); those of a translation what ``read_english_numbers``
reads in the English. A source number is rendered when the translation states
the same value: exactly (3.68萬億 is 3.68 trillion or 3,680 billion, not 3.7
trillion), a date by its calendar date, a range by both ends. Each number needs
its own (a document saying 5% twice needs 5 percent twice). Number accuracy is
the share of source numbers rendered over all documents; the reference, scored
the same way, is the ceiling.

Reading the English of every run is the expensive part: it runs in the worker
processes beside sacrebleu's statistics (``english_keys``). A document the
number reader fails on (a degenerate output, such as hundreds of digits in a
row) is left out for every run, and the report names it and the error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from glossary.numbers import NumberExpr, find_numbers, read_english_numbers

# What a number is compared by: ("value", 3680000000000), ("date", "2016-12"), ("range", …).
Key = tuple[str, ...] | tuple[str, Decimal] | tuple[str, Decimal, Decimal]
RULE = (
    "each number of the source (ordinals left out) needs a number of the translation with "
    "the same value (dates by date, ranges by both ends), one for one, exactly"
)


def key_of(number: NumberExpr) -> Key | None:
    if number.kind == "ordinal":
        return None
    if number.value is not None:
        return ("value", number.value.normalize())
    if number.date:
        return ("date", number.date)
    if number.low is not None and number.high is not None:
        return ("range", number.low.normalize(), number.high.normalize())
    return None


@dataclass(frozen=True)
class Unread:
    """A document the number reader failed on."""

    error: str


def source_numbers(text: str) -> list[tuple[Key, str]] | Unread:
    """The numbers of a Chinese document: (key, kind)."""
    try:
        found = find_numbers(text)
    except Exception as exc:  # reported, and the document left out
        return Unread(f"{type(exc).__name__}: {exc}"[:200])
    return [(k, n.kind) for n in found if (k := key_of(n)) is not None]


def english_keys(texts: Sequence[str]) -> list[Counter[Key] | Unread]:
    """How often each number occurs in each English document."""
    found: list[Counter[Key] | Unread] = []
    for text in texts:
        try:
            numbers = read_english_numbers(text)
        except Exception as exc:  # reported, and the document left out
            found.append(Unread(f"{type(exc).__name__}: {exc}"[:200]))
            continue
        found.append(Counter(k for n in numbers if (k := key_of(n)) is not None))
    return found


@dataclass
class NumberAccuracy:
    available: bool
    note: str
    numbers: int = 0  # source numbers counted, over all documents
    kinds: dict[str, int] = field(default_factory=dict)  # kind → source numbers
    rates: dict[str, float] = field(default_factory=dict)  # run name → share rendered
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)  # run → kind → share
    reference: float | None = None
    reference_by_kind: dict[str, float] = field(default_factory=dict)
    # documents left out: (document index, whose text, the reader's error)
    left_out: list[tuple[int, str, str]] = field(default_factory=list)


def _rendered(
    sources: list[list[tuple[Key, str]]], found: list[Counter[Key]]
) -> tuple[int, Counter[str]]:
    """Source numbers rendered in all, and per kind."""
    rendered = 0
    by_kind: Counter[str] = Counter()
    for numbers, have in zip(sources, found, strict=True):
        left = Counter(have)
        for key, kind in numbers:
            if left[key] > 0:
                left[key] -= 1
                rendered += 1
                by_kind[kind] += 1
    return rendered, by_kind


def number_accuracy(
    sources: list[list[tuple[Key, str]] | Unread],
    runs: dict[str, list[Counter[Key] | Unread]],
    reference: list[Counter[Key] | Unread],
) -> NumberAccuracy:
    """Each run's number accuracy and the reference's, from the numbers read."""
    texts: dict[str, Sequence[object]] = {"source": sources, "reference": reference, **runs}
    left_out = [
        (i, name, read.error)
        for name, documents in texts.items()
        for i, read in enumerate(documents)
        if isinstance(read, Unread)
    ]
    skip = {i for i, _, _ in left_out}
    kept = [s for i, s in enumerate(sources) if i not in skip and not isinstance(s, Unread)]
    kinds = Counter(kind for numbers in kept for _, kind in numbers)
    total = sum(kinds.values())
    if not total:
        return NumberAccuracy(True, "no numbers in the source documents", left_out=left_out)

    def shares(found: list) -> tuple[float, dict[str, float]]:
        rendered, by_kind = _rendered(kept, [f for i, f in enumerate(found) if i not in skip])
        return rendered / total, {k: by_kind[k] / n for k, n in kinds.most_common()}

    result = NumberAccuracy(True, RULE, total, dict(kinds.most_common()), left_out=left_out)
    for name, found in runs.items():
        result.rates[name], result.by_kind[name] = shares(found)
    result.reference, result.reference_by_kind = shares(reference)
    return result
