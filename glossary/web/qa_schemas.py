"""Request and response bodies of the QA API (/api/qa): term verdicts and number checks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from glossary import lang
from glossary.web.number_schemas import NumberCheckOut, NumberSummary
from glossary.web.schema_patterns import LanguageTag, Strict, one_of_forms

MAX_TEXT = 100_000
MAX_SEGMENTS = 1000
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class QaPair(Strict):
    source: Text
    target: Text


class QaIn(Strict):
    """One pair (``source`` and ``target``) or a batch (``segments``), not both; the two
    languages must differ (zh-Hant and zh-Hans are the same language)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=one_of_forms(
            {"source": {"type": "string"}, "target": {"type": "string"}},
            {"segments": {"type": "array"}},
        ),
    )

    source: Text | None = None
    target: Text | None = None
    segments: Annotated[list[QaPair], Field(min_length=1, max_length=MAX_SEGMENTS)] | None = None
    source_lang: LanguageTag
    target_lang: LanguageTag
    plurals: bool = Field(
        default=False,
        description="Let English words of a rendering match in the plural too "
        "(ports of entry for port of entry); by default a rendering must occur as written",
    )
    numbers: bool = Field(
        default=True,
        description="Check the numbers too (Chinese ⇄ English): each number of the source "
        "needs one of the same value in the translation, across magnitudes",
    )

    @field_validator("source_lang", "target_lang")
    @classmethod
    def _canonical(cls, value: str) -> str:
        try:
            return lang.canonical(value)
        except lang.LanguageError as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _one_form(self) -> QaIn:
        pair = self.source is not None or self.target is not None
        if pair == (self.segments is not None):
            raise ValueError("send source and target, or segments, not both")
        if pair and (self.source is None or self.target is None):
            raise ValueError("send both source and target")
        if lang.base_language(self.source_lang) == lang.base_language(self.target_lang):
            raise ValueError("source_lang and target_lang must be different languages")
        return self


class QaFinding(BaseModel):
    source_text: str
    source_start: int = Field(description="Code points into the source as sent")
    source_end: int
    concept_id: int
    term: str = Field(description="The concept's source-language term")
    approved: list[str] = Field(description="Approved renderings in the target language")
    verdict: Literal["ok", "missing", "deprecated", "forbidden"]
    rendering: str | None = Field(description="The rendering found, as the term base spells it")
    target_text: str | None = Field(description="Where it was found, as the target has it")
    target_start: int | None
    target_end: int | None


class QaSummary(BaseModel):
    occurrences: int
    ok: int
    missing: int
    deprecated: int
    forbidden: int


class QaResult(BaseModel):
    findings: list[QaFinding]
    summary: QaSummary
    numbers: list[NumberCheckOut] | None = Field(
        default=None, description="Per number of the source (Chinese ⇄ English only)"
    )
    number_summary: NumberSummary | None = None


class QaOut(BaseModel):
    source_lang: str
    target_lang: str
    findings: list[QaFinding] | None = None
    summary: QaSummary | None = None
    numbers: list[NumberCheckOut] | None = None
    number_summary: NumberSummary | None = None
    segments: list[QaResult] | None = None
