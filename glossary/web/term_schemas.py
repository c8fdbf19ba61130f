"""Bodies of term search (GET /api/terms) and recognition (POST /api/annotate)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from glossary import lang
from glossary.store.terms import MODES
from glossary.web.concept_schemas import TermStatus
from glossary.web.number_schemas import NumberOccurrence
from glossary.web.schema_patterns import (
    LANGUAGE_TAG,
    NOT_EMPTY_FOLDED,
    NOT_ONLY_SPACE,
    LanguageTag,
    Strict,
    one_of_forms,
)

Mode = Literal["exact", "prefix", "contains", "fuzzy"]
assert set(MODES) == set(Mode.__args__)  # type: ignore[attr-defined]

# One annotate call: a long document, or a batch of segments from a CAT tool.
MAX_TEXT = 1_000_000
MAX_SEGMENTS = 1000
MAX_SEGMENT = 100_000
DEFAULT_LANGUAGES = "zh-Hans,en"
# A comma-separated list of language tags, spaces allowed around the commas.
LANGUAGE_LIST = re.compile(rf" *{LANGUAGE_TAG} *(?:, *{LANGUAGE_TAG} *)*")


def _tag(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return lang.canonical(value)
    except lang.LanguageError as exc:
        raise ValueError(str(exc)) from None


class TermQuery(Strict):
    q: Annotated[
        str,
        Field(
            min_length=1,
            max_length=500,
            description="The term to look up",
            json_schema_extra={"pattern": NOT_EMPTY_FOLDED},
        ),
    ]
    mode: Mode = Field(default="exact", description="exact, prefix, contains or fuzzy")
    lang: str = Field(
        default=DEFAULT_LANGUAGES,
        max_length=400,
        description="Languages to show renderings in, comma-separated "
        "(zh-Hans, zh-Hant, zh-Hant-HK, zh-Hant-TW, en …)",
        json_schema_extra={"pattern": f"^{LANGUAGE_LIST.pattern}$"},
    )
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    min_seq: int | None = Field(default=None, description="See at least this change")

    @field_validator("lang")
    @classmethod
    def _languages(cls, value: str) -> str:
        tags = [t.strip(" ") for t in value.split(",")]
        for tag in tags:
            _tag(tag)  # says what is wrong with a tag
        if not LANGUAGE_LIST.fullmatch(value):
            raise ValueError("a comma-separated list of language tags, such as zh-Hant,en")
        return ",".join(dict.fromkeys(_tag(t) or "" for t in tags))

    @property
    def languages(self) -> list[str]:
        return ["zh-Hans" if t == "zh" else t for t in self.lang.split(",")]


class AnnotateIn(Strict):
    """Send ``text`` for one text or ``segments`` for a batch, not both."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=one_of_forms(
            {"text": {"type": "string", "pattern": NOT_ONLY_SPACE}}, {"segments": {"type": "array"}}
        ),
    )

    text: Annotated[str, Field(max_length=MAX_TEXT)] | None = None
    segments: (
        Annotated[
            list[Annotated[str, Field(max_length=MAX_SEGMENT)]],
            Field(min_length=1, max_length=MAX_SEGMENTS),
        ]
        | None
    ) = None
    lang: LanguageTag | None = Field(
        default=None, description="The language of the text (default: Chinese if it has Han)"
    )
    target: LanguageTag | None = Field(
        default=None,
        description="The language of the renderings (default: en for Chinese text, else zh-Hans)",
    )
    numbers: bool = Field(
        default=True, description="List the numbers of Chinese text too (`numbers`)"
    )

    @field_validator("lang", "target")
    @classmethod
    def _canonical(cls, value: str | None) -> str | None:
        return _tag(value)

    @model_validator(mode="after")
    def _one_form(self) -> AnnotateIn:
        if (self.text is None) == (self.segments is None):
            raise ValueError("send either text or segments")
        if self.text is not None and not self.text.strip():
            raise ValueError("text is empty")
        return self


class Rendering(BaseModel):
    text: str
    lang: str
    status: TermStatus
    converted: bool = Field(
        default=False, description="Converted by OpenCC: no stored form in this script"
    )
    converted_from: str | None = None


class Note(BaseModel):
    lang: str
    text: str


class MatchedTerm(BaseModel):
    """The term the concept was found through: its status says why it matched."""

    id: int
    text: str
    lang: str
    status: TermStatus
    span: list[int] | None = Field(
        description="[start, end): where the query lies in the term, in code points; "
        "null for a fuzzy match"
    )


class TermOccurrence(BaseModel):
    start: int = Field(description="Code points into the text as sent")
    end: int
    text: str = Field(description="The text as it stands there")
    concept_id: int
    term: MatchedTerm
    status: TermStatus = Field(description="The status of the term found")
    concept_status: str
    subject_field: str | None
    preferred: Rendering | None
    admitted: list[Rendering]
    deprecated: list[Rendering]
    forbidden: list[Rendering]
    note: Note | None
    other_concepts: list[int] = Field(description="Other concepts with the same term")


class SegmentHits(BaseModel):
    hits: list[TermOccurrence]
    numbers: list[NumberOccurrence] | None = Field(
        default=None, description="Numbers of the segment, if Chinese (unless numbers is false)"
    )


class AnnotateOut(BaseModel):
    lang: str | None
    target: str
    hits: list[TermOccurrence] | None = Field(default=None, description="For text")
    numbers: list[NumberOccurrence] | None = Field(
        default=None, description="For text: its numbers, if it is Chinese, in order"
    )
    segments: list[SegmentHits] | None = Field(default=None, description="For segments")


class LanguageRenderings(BaseModel):
    lang: str
    preferred: Rendering | None
    admitted: list[Rendering]
    deprecated: list[Rendering]
    forbidden: list[Rendering]


class TermResult(BaseModel):
    concept_id: int
    score: float
    matched: MatchedTerm
    concept_status: str
    subject_field: str | None
    renderings: list[LanguageRenderings]
    note: Note | None


class TermResults(BaseModel):
    query: str
    folded: str
    mode: Mode
    items: list[TermResult]
