"""Term QA for CAT tools: POST /api/qa.

For every term occurrence in the source (found by the live term index, as
/api/annotate finds it), the approved renderings in the target language and the
verdict on the translation: ``ok`` (it has its own approved rendering),
``missing``, or ``deprecated`` / ``forbidden`` (it uses such a rendering
instead). The rule is the evaluation's term accuracy (glossary.evaluation.terms):
each occurrence needs its own rendering, and Traditional, Simplified, case and
width do not matter.
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import Annotated, Any, Literal

from flask import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from glossary import lang
from glossary.evaluation.qa import check_translation, finding_to_dict
from glossary.evaluation.recognition import IndexedTerms
from glossary.index.terms import TermIndex
from glossary.web.api import bp, json_body, json_response
from glossary.web.indexes import term_index
from glossary.web.openapi import operation
from glossary.web.schema_patterns import LanguageTag, one_of_forms
from glossary.web.schemas import Strict

TAGS = ["qa"]
MAX_TEXT = 100_000
MAX_SEGMENTS = 1000
VERDICTS = ("ok", "missing", "deprecated", "forbidden")
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


class QaOut(BaseModel):
    source_lang: str
    target_lang: str
    findings: list[QaFinding] | None = None
    summary: QaSummary | None = None
    segments: list[QaResult] | None = None


# The term list of one index and direction, made once: indexes never change.
_directions: weakref.WeakKeyDictionary[TermIndex, dict[tuple[str, str], IndexedTerms]] = (
    weakref.WeakKeyDictionary()
)


def _terms(index: TermIndex, source_lang: str, target_lang: str) -> IndexedTerms:
    key = (lang.base_language(source_lang), lang.base_language(target_lang))
    by_direction = _directions.setdefault(index, {})
    if key not in by_direction:
        by_direction[key] = IndexedTerms(index, source_lang, target_lang, "term base")
    return by_direction[key]


def _check(terms: IndexedTerms, source: str, target: str, plurals: bool) -> dict[str, Any]:
    findings = check_translation(terms.term_list.terms, terms.hits(source), target, plurals=plurals)
    counts = Counter(f.verdict for f in findings)
    return {
        "findings": [
            {**finding_to_dict(f, source, target), "concept_id": terms.concept_ids[f.hit.term]}
            for f in findings
        ],
        "summary": {"occurrences": len(findings), **{v: counts[v] for v in VERDICTS}},
    }


@bp.post("/qa")
@operation(
    "Check the terms of a translation: approved, missing, deprecated or forbidden",
    tags=TAGS,
    body=QaIn,
    response=QaOut,
    description="One finding per term occurrence in the source, in source order, with "
    "the approved renderings and where the translation has one. Each occurrence needs its "
    "own rendering. Send `segments` (up to 1000 pairs) for a batch.",
)
def qa() -> Response:
    body = json_body(QaIn)
    terms = _terms(term_index(), body.source_lang, body.target_lang)
    result: dict[str, Any] = {"source_lang": body.source_lang, "target_lang": body.target_lang}
    if body.segments is None:
        assert body.source is not None and body.target is not None
        result.update(_check(terms, body.source, body.target, body.plurals))
    else:
        result["segments"] = [
            _check(terms, p.source, p.target, body.plurals) for p in body.segments
        ]
    return json_response(result)
