"""Plain records exchanged between formats, the store and the indexes.

Readers yield these, writers consume them, and the store turns them into rows;
nobody passes ORM objects across those boundaries.

Imports: stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# TBX-Basic administrativeStatus, without the "-admn-sts" suffix. "superseded"
# arrives from real files and is stored as "deprecated".
TermStatus = Literal["preferred", "admitted", "deprecated", "forbidden"]
TERM_STATUSES: tuple[TermStatus, ...] = ("preferred", "admitted", "deprecated", "forbidden")

# Review state of a concept (ISO 12620 processStatus, in plain words).
ConceptStatus = Literal["draft", "review", "approved", "retired"]
CONCEPT_STATUSES: tuple[ConceptStatus, ...] = ("draft", "review", "approved", "retired")


@dataclass(frozen=True, slots=True)
class TermRecord:
    """One designation of a concept in one language."""

    text: str
    lang: str
    status: TermStatus = "admitted"
    part_of_speech: str | None = None
    context: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a concept's rendering comes from: a document and, for a rendering an
    English text uses, the short passage that uses it.

    A citation of a search that found no official use sets ``none_found`` and says
    in ``searched`` what was searched. ``note`` says why a citation has no URL, or
    what in it could not be verified.
    """

    title: str | None = None
    publisher: str | None = None
    # ISO 8601: a day (2025-03-05), a month (2025-03) or a year (2025).
    date: str | None = None
    url: str | None = None
    quote: str | None = None
    note: str | None = None
    none_found: bool = False
    searched: str | None = None

    @property
    def attests(self) -> bool:
        """Whether the cited text is quoted using the rendering."""
        return bool(self.quote) and not self.none_found


# How a concept's rendering is supported, from its citations: "attested" when a
# cited English text is quoted using it, "own" when it is cited but no cited
# text uses it (the term base's own rendering), "uncited" without citations.
RenderingBasis = Literal["attested", "own", "uncited"]
RENDERING_BASES: tuple[RenderingBasis, ...] = ("attested", "own", "uncited")


def rendering_basis(citations: tuple[Citation, ...]) -> RenderingBasis:
    if any(c.attests for c in citations):
        return "attested"
    return "own" if citations else "uncited"


@dataclass(frozen=True, slots=True)
class ConceptRecord:
    """One meaning with its terms in every language."""

    terms: tuple[TermRecord, ...]
    ref: str | None = None
    subject_field: str | None = None
    status: ConceptStatus = "draft"
    definitions: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    # Free-text sources, as other tools' files give them.
    sources: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    # When the concept was first made and last changed, where a file says so
    # (TBX transacGrp origination / modification).
    created_at: datetime | None = None
    changed_at: datetime | None = None


@dataclass(slots=True)
class UnitRecord:
    """One translation unit: a source segment and its translation.

    ``source``/``target`` are plain text (what a translator reads and what
    matching sees). ``source_markup``/``target_markup`` keep the segment's
    inline codes as TMX 1.4 inline XML when there are any, so exports lose nothing.

    Treat it as immutable (use ``dataclasses.replace``). It is not frozen only
    because an import makes a million of them: a frozen dataclass takes about
    five times as long to construct.
    """

    source: str
    target: str
    source_lang: str
    target_lang: str
    source_markup: str | None = None
    target_markup: str | None = None
    creator: str | None = None
    created_at: datetime | None = None
    changed_at: datetime | None = None
    usage_count: int = 0
    note: str | None = None
    context: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
