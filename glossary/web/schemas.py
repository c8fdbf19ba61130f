"""Request and response bodies of the JSON API, as pydantic models.

They validate what clients send and give /api/openapi.json its schemas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from glossary.records import ConceptRecord, TermRecord
from glossary.web.schema_patterns import NOT_ONLY_SPACE, ONLY_TAGS, LanguageTag

TermStatus = Literal["preferred", "admitted", "deprecated", "forbidden"]
ConceptStatus = Literal["draft", "review", "approved", "retired"]
Role = Literal["reader", "editor", "admin"]
Text = Annotated[
    str, Field(min_length=1, max_length=500, json_schema_extra={"pattern": NOT_ONLY_SPACE})
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
    sources: list[str] = []
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
    version: int
    created_at: datetime
    updated_at: datetime
    terms: list[TermOut]


class ConceptQuery(Strict):
    page: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=200)] = 50
    subject_field: str | None = Field(default=None, description="Exact subject field")
    status: ConceptStatus | None = None


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
    action: Literal["create", "update", "delete"]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class History(BaseModel):
    items: list[HistoryEntry]


class TokenIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    role: Role


class TokenOut(BaseModel):
    id: int
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="The secret; shown only in this response")


class TokenList(BaseModel):
    items: list[TokenOut]


class ServiceIndex(BaseModel):
    name: str
    version: str
    links: dict[str, str]
