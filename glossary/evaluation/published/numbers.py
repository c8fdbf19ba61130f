"""Number accuracy of every run: the place kept for it until ``glossary.numbers`` exists.

The measure, once the numbers package can read numbers in both languages
(``find_numbers(text)`` for Chinese, ``read_english_numbers(text)`` for English,
each giving expressions with a ``.value``): the share of the numbers of each
source document whose value the run's output also states, over all documents,
beside the reference's own share (its ceiling).

Until then ``number_accuracy`` says why there is no figure, and every report
prints that instead of a number.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field

from glossary.evaluation.published.folder import Folder

NUMBERS_PACKAGE = "glossary.numbers"


@dataclass
class NumberAccuracy:
    available: bool
    note: str
    # run name → share of source numbers rendered (0–1); "reference" for the ceiling
    rates: dict[str, float] = field(default_factory=dict)


def number_accuracy(folder: Folder) -> NumberAccuracy:
    """Each run's number accuracy, or the reason there is none yet."""
    if importlib.util.find_spec(NUMBERS_PACKAGE) is None:
        return NumberAccuracy(
            available=False,
            note=f"not computed: {NUMBERS_PACKAGE} (number reading in Chinese and English) "
            "is not part of this checkout yet",
        )
    return NumberAccuracy(
        available=False,
        note=f"not computed: {NUMBERS_PACKAGE} is present but not yet wired into this report",
    )
