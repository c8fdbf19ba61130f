"""Request and response bodies of the concepts API (/api/concepts, their history and review).

Like every ``*_schemas`` module here, these pydantic models validate what clients
send and give /api/openapi.json its schemas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from glossary import records
from glossary.records import ConceptRecord, TermRecord
from glossary.web.schema_patterns import (
    CITATION_DATE,
    CITATION_RULES,
    CITATION_URL,
    NOT_ONLY_SPACE,
    ONLY_TAGS,
    LanguageTag,
    Strict,
)

TermStatus = Literal["preferred", "admitted", "deprecated", "forbidden"]
ConceptStatus = Literal["draft", "review", "approved", "retired"]
RenderingBasis = Literal["attested", "own", "uncited"]
Text = Annotated[
    str, Field(min_length=1, max_length=500, json_schema_extra={"pattern": NOT_ONLY_SPACE})
]


class TermIn(Strict):
    text: Text
    lang: LanguageTag
    status: TermStatus = "admitted"
    part_of_speech: Annotated[str, Field(max_length=40)] | None = None
    context: str | None = None
    source: str | None = None
    note: str | None = None

    def to_record(self) -> TermRecord:
        return TermRecord(**self.model_dump())


class Citation(Strict):
    """Where a rendering comes from, as clients write it and the API returns it.

    It needs a url, or ``none_found`` with what was ``searched``, or a ``note``
    saying why there is no address; and a title, unless ``none_found``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=CITATION_RULES)

    title: Annotated[str, Field(min_length=1, max_length=1000)] | None = Field(
        default=None, examples=["Report on the Work of the Government 2025"]
    )
    publisher: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    date: Annotated[str, Field(pattern=CITATION_DATE)] | None = Field(
        default=None, description="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    url: Annotated[str, Field(max_length=2000, pattern=CITATION_URL)] | None = None
    quote: Annotated[str, Field(min_length=1, max_length=400)] | None = Field(
        default=None, description="The short passage of the cited text that uses the rendering"
    )
    note: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    none_found: bool = Field(
        default=False, description="No official use of the rendering was found"
    )
    searched: Annotated[str, Field(min_length=1, max_length=1000)] | None = Field(
        default=None, description="What was searched, when none_found"
    )

    def to_record(self) -> records.Citation:
        return records.Citation(**self.model_dump())


class Review(BaseModel):
    by: str
    at: datetime


class ConceptIn(Strict):
    """A concept as clients write it (POST, PUT)."""

    terms: Annotated[list[TermIn], Field(min_length=1)]
    ref: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    subject_field: Annotated[str, Field(max_length=200)] | None = None
    status: ConceptStatus = "draft"
    definitions: dict[LanguageTag, str] = Field(default={}, json_schema_extra=ONLY_TAGS)
    notes: dict[LanguageTag, str] = Field(
        default={}, description="Language tag → background note", json_schema_extra=ONLY_TAGS
    )
    sources: list[str] = Field(default=[], description="Free-text sources")
    citations: list[Citation] = []
    version: int | None = Field(
        default=None, description="The version read; a stale one is refused (as If-Match)"
    )

    def to_record(self) -> ConceptRecord:
        return ConceptRecord(
            terms=tuple(t.to_record() for t in self.terms),
            ref=self.ref,
            subject_field=self.subject_field,
            status=self.status,
            definitions=self.definitions,
            notes=self.notes,
            sources=tuple(self.sources),
            citations=tuple(c.to_record() for c in self.citations),
        )


class ConceptPatch(Strict):
    """A JSON merge patch (RFC 7396): fields given replace the stored ones; ``terms`` as a whole."""

    terms: Annotated[list[TermIn], Field(min_length=1)] | None = None
    ref: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    subject_field: Annotated[str, Field(max_length=200)] | None = None
    status: ConceptStatus | None = None
    definitions: (
        Annotated[dict[LanguageTag, str | None], Field(json_schema_extra=ONLY_TAGS)] | None
    ) = None
    notes: Annotated[dict[LanguageTag, str | None], Field(json_schema_extra=ONLY_TAGS)] | None = (
        None
    )
    sources: list[str] | None = None
    citations: list[Citation] | None = None
    version: int | None = None


class TermOut(BaseModel):
    id: int
    text: str
    lang: str
    status: TermStatus
    part_of_speech: str | None
    context: str | None
    source: str | None
    note: str | None


class ConceptOut(BaseModel):
    id: int
    ref: str | None
    subject_field: str | None
    status: ConceptStatus
    definitions: dict[str, str]
    notes: dict[str, str]
    sources: list[str]
    citations: list[Citation]
    rendering_basis: RenderingBasis = Field(
        description="attested: a citation quotes an English passage that uses the rendering; "
        "own: cited, but no cited text uses it (a rendering to confirm); uncited"
    )
    reviewed: Review | None = Field(description="Who confirmed the renderings, and when")
    version: int
    created_at: datetime
    updated_at: datetime
    terms: list[TermOut]


class ConceptQuery(Strict):
    page: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=200)] = 50
    subject_field: str | None = Field(default=None, description="Exact subject field")
    status: ConceptStatus | None = None
    rendering_basis: RenderingBasis | None = Field(
        default=None, description="own: the renderings no cited English text uses"
    )
    reviewed: bool | None = Field(default=None, description="Reviewed (true) or not (false)")


class ConceptPage(BaseModel):
    items: list[ConceptOut]
    total: int
    page: int
    per_page: int
    next: str | None
    prev: str | None


class HistoryEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    action: Literal["create", "update", "delete", "review", "unreview"]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class History(BaseModel):
    items: list[HistoryEntry]
