"""Bodies of the numbers in /api/annotate and /api/qa (glossary.numbers.NumberExpr.to_dict)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from glossary.numbers import KINDS

NumberKind = Literal[KINDS]  # type: ignore[valid-type]


class NumberOccurrence(BaseModel):
    """A numeric expression: ``text`` is the text sent, from ``start`` to ``end``."""

    start: int = Field(description="Code points into the text as sent")
    end: int
    text: str = Field(description="The text as it stands there, line breaks included")
    value: str | None = Field(
        description="The exact value as a decimal string: percent for percentages and "
        "percentage points, times for multiples, a ratio for fractions; null for ranges, "
        "dates and digit counts",
        examples=["3680000000000", "5.8"],
    )
    kind: NumberKind
    english: str = Field(
        description="The rendering in official English", examples=["3.68 trillion yuan"]
    )
    alternatives: list[str] = Field(description="Other renderings: RMB 3.68 trillion, 5.8%")
    qualifier: str | None = Field(description="about, more than, nearly, below …")
    low: str | None = Field(description="The lower end of a range or digit count")
    high: str | None
    unit: str | None = Field(description="The English noun of the unit: people, vehicles, years")
    currency: str | None = Field(description="ISO 4217 code: CNY, HKD, USD …")
    date: str | None = Field(description="ISO 8601, partial as written: 2025-02-25, --02-25")
    range_of: str | None = Field(description="For a range: the kind of its ends")
    precision: str | None = Field(description="The place of the last digit written")
    numerator: int | None
    denominator: int | None


class NumberCheckOut(BaseModel):
    """A number of the source and what the translation made of it."""

    source: NumberOccurrence
    verdict: Literal["ok", "missing", "changed"]
    target: NumberOccurrence | None = Field(
        description="The number of the translation that renders it (ok) or seems to (changed)"
    )
    reason: Literal["magnitude", "unit", "currency", "value"] | None = Field(
        description="Why a number is changed: another magnitude (3.68 billion for "
        "3.68 trillion), percent for percentage points, another currency, another value"
    )


class NumberSummary(BaseModel):
    checked: int
    ok: int
    missing: int
    changed: int
