"""Bodies of the live prompter's API (/api/live/…)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from glossary import lang
from glossary.live.chunks import MAX_CHUNK
from glossary.web.schema_patterns import LanguageTag, Strict

ChunkText = Annotated[str, Field(max_length=MAX_CHUNK)]


def _tag(value: str) -> str:
    try:
        tag = lang.canonical(value)
    except lang.LanguageError as exc:
        raise ValueError(str(exc)) from None
    return "zh-Hans" if tag == "zh" else tag


class LiveSessionIn(Strict):
    lang: LanguageTag = Field(
        default="zh-Hant", description="The language spoken: zh-Hant, zh-Hans, en …"
    )
    target: LanguageTag = Field(default="en", description="The language of the renderings shown")
    title: Annotated[str, Field(max_length=200)] | None = None

    @field_validator("lang", "target")
    @classmethod
    def _canonical(cls, value: str) -> str:
        return _tag(value)


class LiveSessionOut(BaseModel):
    id: int
    title: str | None
    lang: str
    target: str
    created_by: str
    created_at: str
    ended_at: str | None
    chunks: int
    last_event: int
    committed_length: int
    committed: str | None = None
    tail: str | None = None


class LiveSessionList(BaseModel):
    items: list[LiveSessionOut]


class PlainChunk(Strict):
    """Our own shape: ``final`` true commits the text, false makes it the provisional tail."""

    text: ChunkText
    final: bool = True


class VoskPartial(BaseModel):
    """Vosk's ``PartialResult()``: the running hypothesis; replaces the tail."""

    model_config = ConfigDict(extra="allow")
    partial: ChunkText


class VoskResult(BaseModel):
    """Vosk's ``Result()`` / ``FinalResult()``: one utterance, committed."""

    model_config = ConfigDict(extra="allow")
    text: ChunkText
    result: list[dict[str, Any]]


class VoskAlternatives(BaseModel):
    """Vosk's result with ``SetMaxAlternatives``: the first alternative is committed."""

    model_config = ConfigDict(extra="allow")
    alternatives: list[dict[str, Any]]


class FunAsrMessage(BaseModel):
    """FunASR's websocket result: 2pass-online pieces extend the tail; 2pass-offline,
    offline and online results are committed."""

    model_config = ConfigDict(extra="allow")
    mode: Literal["2pass-online", "2pass-offline", "online", "offline", "2pass"]
    text: ChunkText = ""


class TranscriptIn(
    RootModel[PlainChunk | VoskPartial | VoskResult | VoskAlternatives | FunAsrMessage]
):
    """A transcript chunk in one of the accepted shapes (see README, "Live prompter")."""


class AnyJson(RootModel[Any]):
    """Any JSON value (parse_chunk reads the transcript shapes)."""


class LiveEventOut(BaseModel):
    id: int
    event: str


class TranscriptOut(BaseModel):
    session: int
    chunk: int
    committed_length: int
    tail: str
    events: list[LiveEventOut]


class EventStreamQuery(Strict):
    last_event_id: int | None = Field(
        default=None, ge=0, description="Resume after this event (or send Last-Event-ID)"
    )
