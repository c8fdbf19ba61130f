"""``glossary live replay FILE``: feed a transcript at speaking speed, show what arrives.

With ``--url`` it talks to a running server over HTTP (a token with the editor
role in ``--token`` or GLOSSARY_TOKEN) and listens to the session's event
stream as any subscriber does; without, it works on the configured database
directly, through the same glossary.live functions the server uses, and listens
through this process's fan-out hub.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import click

from glossary.live import sessions
from glossary.live.chunks import Chunk
from glossary.live.fanout import Hub
from glossary.live.replay import (
    EventClient,
    Latency,
    Received,
    asr_chunks,
    parse_frame,
    schedule,
)
from glossary.live.sse import event_stream
from glossary.store.errors import StoreError
from glossary.store.terms import build_term_index
from glossary.web.cli import CLI_ACTOR, main, make_app, session_scope
from glossary.web.cli.annotate import _read, _tag

# How long to wait for the last events after the last chunk.
DRAIN_SECONDS = 10.0


@main.group()
def live() -> None:
    """The live term prompter."""


Feeder = Callable[[dict[str, Any]], dict[str, Any]]


@live.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--session", "session_id", type=int, help="Feed this open session.")
@click.option("--new", "new", is_flag=True, help="Start a new session (the default).")
@click.option("--chars-per-second", type=click.FloatRange(min=0.1), default=5.0, show_default=True)
@click.option("--url", help="A running server, e.g. http://127.0.0.1:5000 (else: the database).")
@click.option("--token", envvar="GLOSSARY_TOKEN", help="An editor token for --url.")
@click.option("--lang", "text_lang", default="zh-Hant", show_default=True)
@click.option("--target", default="en", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="How the text is cut.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per event received.")
def replay(
    file: str,
    session_id: int | None,
    new: bool,
    chars_per_second: float,
    url: str | None,
    token: str | None,
    text_lang: str,
    target: str,
    seed: int,
    as_json: bool,
) -> None:
    """Feed FILE as a speech recogniser would, at speaking speed, with provisional
    hypotheses (some wrong, then revised); print each event subscribers received
    and its delay from the chunk's arrival at the server."""
    if new and session_id is not None:
        raise click.UsageError("give --session ID or --new, not both")
    text = _read(file)
    if not text.strip():
        raise click.ClickException(f"{file}: no text to feed")
    text_lang = _tag(text_lang, "--lang") or "zh-Hant"
    target = _tag(target, "--target") or "en"
    chunks = asr_chunks(text, random.Random(seed))
    run: _over_http | _in_process
    if url:
        run = _over_http(url, token, session_id, text_lang, target)
    else:
        run = _in_process(session_id, text_lang, target)
    with run as (sid, feeder, events, finish):
        click.echo(f"session {sid}: {len(chunks)} chunks, {len(text)} characters", err=True)
        printer = _Printer(as_json)
        listener = threading.Thread(target=printer.consume, args=(events,), daemon=True)
        listener.start()
        started = time.monotonic()
        last = 0
        for chunk, due in zip(chunks, schedule(chunks, chars_per_second), strict=True):
            time.sleep(max(0.0, started + due - time.monotonic()))
            try:
                answer = feeder(chunk)
            except (RuntimeError, OSError, StoreError) as error:
                raise click.ClickException(f"chunk not taken: {error}") from error
            last = max([last] + [e["id"] for e in answer["events"]])
        printer.wait_for(last, DRAIN_SECONDS)
        if session_id is None:
            finish()
            printer.wait_for_end(DRAIN_SECONDS)
    printer.summary()


class _Printer:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.latency = Latency()
        self.last = 0
        self.ended = threading.Event()
        self.progress = threading.Condition()

    def consume(self, events: Iterator[Received]) -> None:
        for event in events:
            self.show(event)
            with self.progress:
                self.last = max(self.last, event.id or 0)
                self.progress.notify_all()
            if event.event == "end":
                self.ended.set()
                return

    def wait_for(self, last: int, timeout: float) -> None:
        with self.progress:
            self.progress.wait_for(lambda: self.last >= last, timeout)

    def wait_for_end(self, timeout: float) -> None:
        self.ended.wait(timeout)

    def show(self, event: Received) -> None:
        data = event.data
        delay = event.at - data["received_at"] if "received_at" in data else None
        if event.event in ("term", "number") and delay is not None:
            self.latency.add(delay)
        if self.as_json:
            out = {"id": event.id, "event": event.event, "delay_ms": _ms(delay), "data": data}
            click.echo(json.dumps(out, ensure_ascii=False))
            return
        if event.event == "transcript":
            return
        line = f"{_ms(delay) or 0:8.1f} ms  #{event.id:<5} {event.event:<11} {_describe(data)}"
        click.echo(line)

    def summary(self) -> None:
        stats = self.latency.summary()
        click.echo(
            f"{stats['count']} terms and numbers; delay from a chunk's arrival to its events: "
            f"p50 {stats['p50_ms']} ms, p99 {stats['p99_ms']} ms, max {stats['max_ms']} ms",
            err=True,
        )


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def _describe(data: dict[str, Any]) -> str:
    spoken = "".join(str(data.get("text", "")).split())
    if "withdraws" in data:
        return f"{spoken} (withdraws #{data['withdraws']})"
    if "english" in data:
        return f"{spoken} → {data['english']}"
    if data.get("preferred"):
        return f"{spoken} → {data['preferred']['text']}"
    return spoken


class _over_http:  # lower case: a context manager used like a function
    def __init__(self, url: str, token: str | None, sid: int | None, lang: str, target: str):
        try:
            self.client = EventClient(url, token)
            self.listener = EventClient(url, token)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--url") from exc
        self.sid, self.lang, self.target = sid, lang, target

    def __enter__(self) -> tuple[int, Feeder, Iterator[Received], Callable[[], None]]:
        try:
            sid = self.sid or self.client.create_session(self.lang, self.target, "replay")
            stream = self.listener.events(sid)
        except (OSError, RuntimeError) as exc:
            raise click.ClickException(str(exc)) from exc
        self.stream = stream
        return sid, lambda chunk: self.client.feed(sid, chunk), iter(stream), self._ender(sid)

    def _ender(self, sid: int) -> Callable[[], None]:
        return lambda: self.client.end(sid)

    def __exit__(self, *exc: object) -> None:
        self.stream.close()
        self.client.close()


class _in_process:
    def __init__(self, sid: int | None, lang: str, target: str) -> None:
        self.app = make_app()
        self.sid, self.lang, self.target = sid, lang, target

    def __enter__(self) -> tuple[int, Feeder, Iterator[Received], Callable[[], None]]:
        from glossary.web.database import database

        db = database(self.app)
        with session_scope(self.app) as session:
            self.index = build_term_index(session)
            if self.sid is None:
                live = sessions.create_session(
                    session, lang=self.lang, target=self.target, title="replay", actor=CLI_ACTOR
                )
                sid = live.id
            else:
                try:
                    sid = sessions.find_session(session, self.sid).id
                except StoreError as error:
                    raise click.ClickException(str(error)) from error
        self.hub = Hub(db.engine)
        frames = event_stream(self.hub, sid, 0, heartbeat=1.0)
        events = (e for f in frames if (e := parse_frame(f)) is not None)
        return sid, lambda chunk: self._feed(sid, chunk), events, lambda: self._end(sid)

    def _feed(self, sid: int, chunk: dict[str, Any]) -> dict[str, Any]:
        with session_scope(self.app) as session:
            fed = sessions.feed(
                session,
                sid,
                Chunk(chunk["text"], chunk["final"]),
                self.index,
                received_at=time.time(),
            )
            return {"events": [{"id": seq, "event": kind} for seq, kind, _ in fed.events]}

    def _end(self, sid: int) -> None:
        with session_scope(self.app) as session:
            sessions.end_session(session, sid, self.index, received_at=time.time())

    def __exit__(self, *exc: object) -> None:
        self.hub.close()
