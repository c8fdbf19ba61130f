"""Feeding a transcript as a speech recogniser would, and timing what subscribers get.

``asr_chunks`` cuts a transcript into what a streaming recogniser sends: a
growing provisional hypothesis of the current utterance, now and then a wrong
guess that the next hypothesis revises, and the utterance committed at a
punctuation mark. ``EventClient`` reads a session's event stream over HTTP
(the standard library only), and ``Latency`` sums up delays.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EventClient",
    "EventStream",
    "Latency",
    "Received",
    "asr_chunks",
    "parse_frame",
    "percentile",
    "read_events",
    "schedule",
]

# Where an utterance ends: a recogniser with punctuation commits there.
UTTERANCE_ENDS = set("。！？；，、.!?;,\n")


def asr_chunks(
    text: str, rng: random.Random, *, word: tuple[int, int] = (1, 4), wrong: float = 0.15
) -> list[dict[str, Any]]:
    """``text`` as a streaming recogniser's messages (our chunk shape).

    Concatenating the final chunks gives ``text`` exactly.
    """
    chunks: list[dict[str, Any]] = []
    start = at = 0
    while at < len(text):
        at = min(len(text), at + rng.randint(*word))
        hypothesis = text[start:at]
        if rng.random() < wrong and len(hypothesis) > 1:
            # A mishearing of the last character, revised by the next message.
            chunks.append({"text": hypothesis[:-1] + "〇", "final": False})
        ends = next((i for i in range(start, at) if text[i] in UTTERANCE_ENDS), None)
        if ends is not None or at == len(text):
            stop = at if ends is None else ends + 1
            chunks.append({"text": text[start:stop], "final": True})
            start = at = stop
        else:
            chunks.append({"text": hypothesis, "final": False})
    return chunks


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Latency:
    """Delays in seconds, summarised in milliseconds."""

    values: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        self.values.append(seconds)

    def summary(self) -> dict[str, float]:
        ms = [v * 1000 for v in self.values]
        return {
            "count": len(ms),
            "p50_ms": round(percentile(ms, 50), 2),
            "p90_ms": round(percentile(ms, 90), 2),
            "p99_ms": round(percentile(ms, 99), 2),
            "max_ms": round(max(ms), 2) if ms else 0.0,
            "mean_ms": round(statistics.fmean(ms), 2) if ms else 0.0,
        }


@dataclass(frozen=True)
class Received:
    id: int | None
    event: str
    data: Any
    # time.time() when the line arrived here.
    at: float


class EventClient:
    """A small HTTP client for the live API: the standard library only."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30.0) -> None:
        parts = urllib.parse.urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.parts = parts
        self.token = token
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        kind = (
            http.client.HTTPSConnection
            if self.parts.scheme == "https"
            else http.client.HTTPConnection
        )
        return kind(self.parts.hostname or "", self.parts.port, timeout=self.timeout)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Accept": "application/json", **(extra or {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """One JSON request on a kept-alive connection: (status, parsed body)."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        content = {"Content-Type": "application/json"} if data else {}
        headers = self._headers({**content, **(headers or {})})
        for attempt in (1, 2):
            if self._conn is None:
                self._conn = self._connect()
            try:
                self._conn.request(method, self.parts.path + path, data, headers)
                response = self._conn.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, OSError):
                self._conn.close()
                self._conn = None
                if attempt == 2:
                    raise
        parsed = json.loads(raw) if raw else None
        return response.status, parsed

    def checked(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        status, parsed = self.request(method, path, body, headers)
        if status >= 300:
            detail = parsed.get("detail") if isinstance(parsed, dict) else parsed
            raise RuntimeError(f"{method} {path}: HTTP {status}: {detail}")
        return parsed

    def create_session(self, lang: str, target: str, title: str | None = None) -> int:
        body = {"lang": lang, "target": target, "title": title}
        return int(self.checked("POST", "/api/live/sessions", body)["id"])

    def feed(self, session_id: int, chunk: dict[str, Any]) -> dict[str, Any]:
        return self.checked("POST", f"/api/live/sessions/{session_id}/transcript", chunk)

    def end(self, session_id: int) -> None:
        # A DELETE must say which version it ends (If-Match); a session has one only.
        self.checked("DELETE", f"/api/live/sessions/{session_id}", headers={"If-Match": "*"})

    def events(self, session_id: int, last_event_id: int | None = None) -> EventStream:
        """The session's event stream, open (subscribed) when this returns.

        Iterate it until the session ends or the connection closes.
        """
        conn = self._connect()
        headers = self._headers({"Accept": "text/event-stream"})
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        path = f"{self.parts.path}/api/live/sessions/{session_id}/events"
        conn.request("GET", path, None, headers)
        response = conn.getresponse()
        if response.status not in (200, 204):
            detail = response.read()[:300]
            conn.close()
            raise RuntimeError(f"event stream: HTTP {response.status}: {detail!r}")
        return EventStream(conn, response)


class EventStream:
    """An open event stream (HTTP 204, a finished session, yields nothing)."""

    def __init__(self, conn: http.client.HTTPConnection, response: Any) -> None:
        self.conn = conn
        self.response = response

    def __iter__(self) -> Iterator[Received]:
        if self.response.status == 204:
            return
        try:
            yield from read_events(self.response)
        finally:
            self.close()

    def close(self) -> None:
        self.conn.close()


def parse_frame(frame: str, at: float | None = None) -> Received | None:
    """One event of a text/event-stream (a comment or a bare retry gives None)."""
    fields: dict[str, str] = {}
    for line in frame.splitlines():
        if line and not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
    if "data" not in fields:
        return None
    event_id = int(fields["id"]) if "id" in fields else None
    data = json.loads(fields["data"])
    return Received(event_id, fields.get("event", "message"), data, at or time.time())


def schedule(chunks: list[dict[str, Any]], chars_per_second: float) -> list[float]:
    """When each chunk is due, in seconds from the start, at a speaking speed:
    a hypothesis is sent when its last character has been spoken."""
    due, committed = [], 0
    for chunk in chunks:
        reached = committed + len(chunk["text"])
        due.append(reached / chars_per_second)
        if chunk["final"]:
            committed = reached
    return due


def read_events(stream: Any) -> Iterator[Received]:
    """Parse text/event-stream lines from a file-like object with ``readline``."""
    fields: dict[str, str] = {}
    while True:
        line = stream.readline()
        if not line:
            return
        text = line.decode("utf-8").rstrip("\r\n")
        if text:
            if not text.startswith(":"):
                name, _, value = text.partition(":")
                fields[name] = value[1:] if value.startswith(" ") else value
            continue
        if "data" in fields:
            event_id = int(fields["id"]) if "id" in fields else None
            data = json.loads(fields["data"])
            yield Received(event_id, fields.get("event", "message"), data, time.time())
        fields = {}
