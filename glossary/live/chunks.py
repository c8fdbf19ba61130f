"""Transcript chunks as they arrive: our own shape, Vosk's and FunASR's result JSON.

Every chunk says what happens to the session's text:

* ``{"text": "…", "final": true}`` commits the text: it is appended to the
  committed text and the provisional tail is dropped.
* ``{"text": "…", "final": false}`` replaces the provisional tail.
* Vosk (``KaldiRecognizer.Result()`` / ``PartialResult()``): ``{"partial": "…"}``
  replaces the tail, ``{"text": "…", "result": [...]}`` commits one utterance;
  with ``SetMaxAlternatives`` the final result is ``{"alternatives": [{"text": …}, …]}``
  and the first (best) one is taken.
* FunASR's websocket server: ``{"mode": "2pass-online", "text": "…"}`` is the next
  *piece* of the running hypothesis and is appended to the tail (FunASR sends
  increments); ``"2pass-offline"`` and ``"offline"`` commit the corrected
  sentence and drop the tail; ``"online"`` pieces (streaming without a second
  pass) are never corrected and are committed as they come. A message
  without text (the ``is_end`` acknowledgement) changes nothing.

Recognisers report utterances without the space between them; when an
utterance from Vosk or FunASR meets Latin letters or digits on both sides of
the join, a space is put between them. Chinese needs none. Our own shape is
concatenated exactly as sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glossary.text import is_cjk_char

__all__ = ["Chunk", "ChunkError", "MAX_CHUNK", "parse_chunk"]

# One chunk is a hypothesis or an utterance, not a document.
MAX_CHUNK = 20_000

PLAIN_KEYS = {"text", "final"}
FUNASR_FINAL = {"2pass-offline", "offline", "online"}
FUNASR_MODES = FUNASR_FINAL | {"2pass-online", "2pass"}


class ChunkError(ValueError):
    """A chunk that cannot be read; ``errors`` says why, field by field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Chunk:
    text: str
    # Commit the text (True) or make it the provisional tail (False).
    final: bool
    # Append to the current tail instead of replacing it (FunASR's online pieces).
    extends_tail: bool = False
    # An utterance of a recogniser: separated from the text before it by a
    # space where two Latin words would otherwise run together.
    utterance: bool = False
    source: str = "plain"


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ChunkError([f"{field}: must be a string"])
    if len(value) > MAX_CHUNK:
        raise ChunkError([f"{field}: at most {MAX_CHUNK} characters, not {len(value)}"])
    return value


def parse_chunk(body: Any) -> Chunk:
    """The chunk a request body describes.

    :raises ChunkError: for a body in none of the known shapes.
    """
    if not isinstance(body, dict):
        raise ChunkError(["body: must be a JSON object"])
    if "mode" in body:
        return _funasr(body)
    if "partial" in body:
        return Chunk(_text(body["partial"], "partial"), False, utterance=True, source="vosk")
    if "alternatives" in body:
        return _vosk_alternatives(body["alternatives"])
    if "result" in body and "final" not in body:
        return Chunk(_text(body.get("text", ""), "text"), True, utterance=True, source="vosk")
    unknown = sorted(set(body) - PLAIN_KEYS)
    if unknown:
        raise ChunkError([f"{key}: unknown field" for key in unknown])
    if "text" not in body:
        raise ChunkError(["text: required (or send Vosk's or FunASR's result JSON)"])
    final = body.get("final", True)
    if not isinstance(final, bool):
        raise ChunkError(["final: must be true or false"])
    return Chunk(_text(body["text"], "text"), final)


def _vosk_alternatives(alternatives: Any) -> Chunk:
    if not isinstance(alternatives, list) or not all(isinstance(a, dict) for a in alternatives):
        raise ChunkError(["alternatives: must be a list of objects"])
    best = alternatives[0].get("text", "") if alternatives else ""
    return Chunk(_text(best, "alternatives[0].text"), True, utterance=True, source="vosk")


def _funasr(body: dict[str, Any]) -> Chunk:
    mode = body["mode"]
    if mode not in FUNASR_MODES:
        raise ChunkError([f"mode: one of {', '.join(sorted(FUNASR_MODES))}, not {mode!r}"])
    text = _text(body.get("text", ""), "text")
    if mode == "2pass" or (not text and mode != "2pass-offline"):
        # An acknowledgement, or an empty piece: nothing to add.
        return Chunk("", False, extends_tail=True, source="funasr")
    if mode in FUNASR_FINAL:
        return Chunk(text, True, utterance=True, source="funasr")
    return Chunk(text, False, extends_tail=True, utterance=True, source="funasr")


def _wordy(ch: str) -> bool:
    return ch.isalnum() and not is_cjk_char(ch)


def joined(before: str, text: str, utterance: bool) -> str:
    """``text`` as it continues ``before``: with a space between two utterances' words."""
    if utterance and before and text and _wordy(before[-1]) and _wordy(text[0]):
        return " " + text
    return text
