"""Helpers for the live prompter's tests: read an event stream, feed a transcript."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass
class Event:
    id: int | None
    event: str
    data: Any


def parse_sse(chunks: Iterable[bytes | str]) -> Iterator[Event | None]:
    """Events from a text/event-stream body; None for each comment (a heartbeat)."""
    buffer = ""
    for chunk in chunks:
        buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            fields: dict[str, str] = {}
            comment = False
            for line in block.split("\n"):
                if line.startswith(":"):
                    comment = True
                    continue
                name, _, value = line.partition(":")
                fields[name] = value[1:] if value.startswith(" ") else value
            if "data" in fields:
                event_id = int(fields["id"]) if "id" in fields else None
                yield Event(event_id, fields.get("event", "message"), json.loads(fields["data"]))
            elif comment:
                yield None


def random_feed(text: str, rng: random.Random) -> list[dict[str, Any]]:
    """``text`` as a recogniser might send it: random final chunks (split anywhere,
    inside terms too), each preceded by provisional hypotheses, some wrong."""
    chunks: list[dict[str, Any]] = []
    at = 0
    while at < len(text):
        step = rng.randint(1, 9)
        for _ in range(rng.randint(0, 3)):
            if rng.random() < 0.75:
                guess = text[at : at + rng.randint(1, step + 6)]
            else:
                guess = rng.choice(["灣區通", "前海深港", "雙第一", "規上", "32連"])
            chunks.append({"text": guess, "final": False})
        chunks.append({"text": text[at : at + step], "final": True})
        at += step
    return chunks


def settled_terms(events: Iterable[Event]) -> list[tuple[int, int, int, str]]:
    return [
        (e.data["start"], e.data["end"], e.data["concept_id"], e.data["text"])
        for e in events
        if e.event == "term"
    ]


def annotated(hits: list[dict[str, Any]]) -> list[tuple[int, int, int, str]]:
    return [(h["start"], h["end"], h["concept_id"], h["text"]) for h in hits]
