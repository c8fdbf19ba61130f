"""Request and response bodies of the translation-memory API and the tmserver protocol."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

from glossary.records import UnitRecord
from glossary.store.memories import check_name
from glossary.web.schema_patterns import (
    MEMORY_NAME,
    NOT_EMPTY_FOLDED,
    NOT_ONLY_SPACE,
    LanguageTag,
    Strict,
    one_of_forms,
)

Lang = LanguageTag
Segment = Annotated[
    str, Field(min_length=1, max_length=20_000, json_schema_extra={"pattern": NOT_ONLY_SPACE})
]
# A lookup's text: not only white space, at most 2000 characters.
Query = Annotated[
    str, Field(min_length=1, max_length=2000, json_schema_extra={"pattern": NOT_ONLY_SPACE})
]


class MemoryIn(Strict):
    name: Annotated[
        str,
        Field(
            min_length=1,
            max_length=200,
            examples=["hkma-reports"],
            json_schema_extra={"pattern": MEMORY_NAME},
        ),
    ]
    description: str | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if check_name(value) != value:
            raise ValueError("no space at either end of a memory name")
        return value


class TmxUpload(BaseModel):
    """The multipart form (the file can also be sent as the raw body)."""

    file: bytes = Field(description="A TMX 1.4 file")


class MemoryPatch(Strict):
    description: str | None = None


class LanguagePair(BaseModel):
    source: str
    target: str
    units: int


class MemoryOut(BaseModel):
    name: str
    description: str | None
    units: int
    created_at: datetime
    updated_at: datetime
    languages: list[LanguagePair] | None = None


class MemoryList(BaseModel):
    items: list[MemoryOut]


class UnitIn(Strict):
    """A unit as clients write it; plain text (inline codes come only from TMX)."""

    source: Segment
    target: Segment
    source_lang: Lang
    target_lang: Lang
    note: str | None = None
    context: str | None = None
    usage_count: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    properties: dict[str, str] = {}

    def to_record(self) -> UnitRecord:
        return UnitRecord(**self.model_dump())


class UnitOut(BaseModel):
    id: int
    source_lang: str
    target_lang: str
    source: str
    target: str
    source_markup: str | None = Field(description="TMX 1.4 inline XML when the source has codes")
    target_markup: str | None
    creator: str | None
    created_at: datetime
    changed_by: str | None
    changed_at: datetime
    usage_count: int
    last_used_at: datetime | None
    note: str | None
    context: str | None
    properties: dict[str, str]


class UnitQuery(Strict):
    page: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    per_page: Annotated[int, Field(ge=1, le=200)] = 50
    source_lang: Lang | None = None
    target_lang: Lang | None = None


class UnitPage(BaseModel):
    items: list[UnitOut]
    total: int
    page: int
    per_page: int


class ImportQuery(Strict):
    source_lang: Lang | None = Field(default=None, description="Overrides the file's srclang")
    target_lang: Lang | None = Field(default=None, description="Take only targets in this language")
    dry_run: bool = Field(default=False, description="Check everything, write nothing")


class SkipExample(BaseModel):
    line: int | None
    reason: str


class ImportReportOut(BaseModel):
    memory: str
    taken: int = Field(description="New units stored")
    merged: int = Field(description="Units equal to one already stored (metadata merged)")
    skipped: int
    skipped_by_reason: dict[str, int]
    skipped_examples: list[SkipExample]
    dry_run: bool


class ExportQuery(Strict):
    source_lang: Lang | None = Field(
        default=None,
        description="Only this source language (zh-TW also takes units stored as zh-Hant)",
    )
    target_lang: Lang | None = Field(default=None, description="Only this target language")
    tags: Literal["region", "bcp47"] = Field(
        default="region",
        description="Chinese tags as CAT tools expect them (zh-CN, zh-TW, zh-HK) or as stored "
        "(zh-Hans, zh-Hant, zh-Hant-HK), for a copy that reads back exactly",
    )


class LookupIn(Strict):
    """One segment (``text``) or up to 100 (``segments``)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=one_of_forms(
            {"text": {"type": "string", "pattern": NOT_ONLY_SPACE}}, {"segments": {"type": "array"}}
        ),
    )

    text: Query | None = None
    segments: (
        Annotated[
            list[Query],
            Field(min_length=1, max_length=100),
        ]
        | None
    ) = None
    source_lang: Lang
    target_lang: Lang
    # A factory, not a default of []: pydantic deep-copies a mutable default on every request.
    memories: list[str] = Field(
        default_factory=list,
        description="Memory names; all memories when empty",
        json_schema_extra={"default": []},
    )
    threshold: Annotated[float, Field(gt=0, le=100)] = Field(
        default=70, description="Lowest score, 0–100; below 70 the search is budgeted"
    )
    limit: Annotated[int, Field(ge=1, le=50)] = 5

    @model_validator(mode="after")
    def _one_of(self) -> LookupIn:
        if (self.text is None) == (self.segments is None):
            raise ValueError("send either text or segments")
        return self


class RepairChange(BaseModel):
    kind: Literal["term", "number"]
    source_from: str = Field(description="In the stored source")
    source_to: str = Field(description="In the query")
    target_from: str = Field(description="In the stored target")
    target_to: str = Field(description="In the repaired target")


class Repair(BaseModel):
    repaired: Literal[True]
    target: str
    changes: list[RepairChange]


class Match(BaseModel):
    id: int
    memory: str
    source: str
    target: str
    source_lang: str
    target_lang: str
    score: float = Field(description="1 − Levenshtein / longer length on folded text, 0–100")
    quality: float = Field(description="score minus the penalty; 100 only for an identical source")
    penalty: float
    flags: list[Literal["script", "width", "case", "punctuation", "spacing", "numbers"]]
    context: str | None
    note: str | None
    usage_count: int
    changed_at: datetime
    repair: Repair | None = Field(
        description="The target adapted to the query when only terms or numbers differ"
    )


class LookupResult(BaseModel):
    text: str
    matches: list[Match]
    exact: bool = Field(
        description="False when a budgeted search (threshold < 70) may have missed some"
    )


class LookupOut(BaseModel):
    results: list[LookupResult]


class ConcordanceQuery(Strict):
    q: Annotated[
        str, Field(min_length=1, max_length=500, json_schema_extra={"pattern": NOT_EMPTY_FOLDED})
    ]
    memory: str | None = Field(default=None, description="Only this memory")
    side: Literal["source", "target", "both"] = "both"
    source_lang: Lang | None = None
    target_lang: Lang | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 20


class ConcordanceHit(BaseModel):
    id: int
    memory: str
    source: str
    target: str
    source_lang: str
    target_lang: str
    context: str | None


class ConcordanceOut(BaseModel):
    items: list[ConcordanceHit]


class TmserverQuery(BaseModel):
    source: str | None = Field(default=None, description="The text, when not in the path")
    min_similarity: int | None = Field(
        default=None, description="Lowest quality, 30–100 (default 70)"
    )
    max_candidates: int | None = Field(
        default=None, description="At most this many (default 5, up to 50)"
    )
    jsoncallback: str | None = Field(default=None, description="JSONP callback name")
    callback: str | None = None
    style: str | None = Field(default=None, description="Accepted and ignored")


class TmserverMatch(BaseModel):
    source: str
    target: str
    quality: float = Field(
        description="The fuzzy score less the penalties for what the fold hid: 100 only "
        "for a source identical to the text"
    )
    rank: float = Field(description="The same as quality (amaGama's field)")
    score: float = Field(description="The fuzzy score on folded text, 0–100")
    penalty: float
    context: str | None
    memory: str
    flags: list[str]


class TmserverMatches(RootModel[list[TmserverMatch]]):
    """Best first."""


class TmserverLanguages(BaseModel):
    sourceLanguages: list[str]
    targetLanguages: list[str]
