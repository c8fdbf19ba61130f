#!/usr/bin/env python3
"""Live prompter latency: from a chunk's arrival at the server to each subscriber's receipt.

    .venv/bin/python scripts/bench_live.py [--subscribers 50] [--port 5130]
        [--database-url postgresql+psycopg://…] [--speeds 5,50] [--workers 2]

Builds a fresh database with ``glossary init`` (SQLite by default; with
``--database-url`` an empty PostgreSQL database or schema, migrated here),
starts gunicorn with ``-k gthread --threads 64`` on the given port, opens the
subscribers (asyncio, in this process) on the event stream of one session and
feeds a transcript written for this benchmark as a speech recogniser would
(provisional hypotheses, some wrong, utterances committed at punctuation) at
each speed in characters per second. Every event carries the server's time of
arrival of the chunk that caused it; each subscriber notes when the event's
line reached it. Reported: p50/p99/max over all (event, subscriber) pairs for
term and number events (settled and provisional), per speed, and a baseline
with one subscriber at the first speed in the same run. Prints a Markdown
section for BENCHMARKS.md. The goal is p99 under 100 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from glossary.live.replay import (  # noqa: E402
    EventClient,
    Latency,
    asr_chunks,
    parse_frame,
    schedule,
)

# Written for this benchmark (not the seed article): about 330 characters of a
# budget speech with policy terms, numbers and a term broken by a line break.
TRANSCRIPT = (
    "主席、各位代表：過去一年，全市地區生產總值增長5.8%，規上工業增加值連續多年保持全國城市「雙第一」，"
    "新增就業20萬人。今年我們將深入實施「灣區\n通」工程，加強基礎設施「硬聯通」和規則機制「軟聯通」，"
    "推動前海深港現代服務業合作區和河套深港科技創新合作區建設，投資約1.2萬億元。"
    "我們要因地制宜發展新質生產力，深入實施「人工智能+」行動，培育低空經濟等新賽道，"
    "力爭三至五年內形成一批具有全球競爭力的產業集群。同時深化「跨境理財通」，"
    "做實粵港澳大灣區「一點兩地」全新定位，讓港澳居民在深就業創業更加便利。"
)
HIT_EVENTS = ("term", "number", "provisional")


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def start_server(
    url: str, port: int, workers: int, folder: Path
) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        **os.environ,
        "GLOSSARY_DATABASE_URL": url,
        "GLOSSARY_SECRET_KEY": "bench",
        # Index generations of this database only (the default is the instance folder).
        "GLOSSARY_INDEX_DIR": str(folder / "index"),
    }
    _run([str(BIN / "glossary"), "init"], env)
    token = _run([str(BIN / "glossary"), "token", "create", "--role", "editor"], env).split()[0]
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-k", "gthread", "--threads", "64"]
        + ["-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    client = EventClient(f"http://127.0.0.1:{port}")
    for _ in range(150):
        try:
            if client.request("GET", "/api/")[0] == 200:
                client.close()
                return server, token
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


async def subscribe(port: int, session_id: int, ready: asyncio.Event, out: list) -> None:
    """One subscriber: read the stream until ``end``; note each event's arrival."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /api/live/sessions/{session_id}/events HTTP/1.1\r\nHost: bench\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    while (await reader.readline()) not in (b"\r\n", b""):
        pass  # the headers: the stream is open and subscribed
    ready.set()
    frame = ""
    while line := await reader.readline():
        text = line.decode("utf-8").rstrip("\r\n")
        if not text:
            continue
        if all(c in "0123456789abcdefABCDEF" for c in text):
            continue  # a chunk-size line of the chunked encoding
        frame += text + "\n"
        if text.startswith("data:"):
            event = parse_frame(frame, time.time())
            frame = ""
            if event is not None:
                out.append(event)
                if event.event == "end":
                    break
    writer.close()


async def one_run(port: int, token: str, subscribers: int, speed: float) -> dict:
    api = EventClient(f"http://127.0.0.1:{port}", token)
    session_id = api.create_session("zh-Hant", "en", f"bench {subscribers}@{speed}")
    received: list[list] = [[] for _ in range(subscribers)]
    readies = [asyncio.Event() for _ in range(subscribers)]
    tasks = [
        asyncio.create_task(subscribe(port, session_id, readies[i], received[i]))
        for i in range(subscribers)
    ]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 30)
    chunks = asr_chunks(TRANSCRIPT, random.Random(1))
    started = time.monotonic()
    posts = Latency()
    for chunk, due in zip(chunks, schedule(chunks, speed), strict=True):
        await asyncio.sleep(max(0.0, started + due - time.monotonic()))
        sent = time.perf_counter()
        await asyncio.to_thread(api.feed, session_id, chunk)
        posts.add(time.perf_counter() - sent)
    await asyncio.to_thread(api.end, session_id)
    await asyncio.wait_for(asyncio.gather(*tasks), 60)
    api.close()
    delays = Latency()
    for events in received:
        for event in events:
            if event.event in HIT_EVENTS:
                delays.add(event.at - event.data["received_at"])
    counts = {len(events) for events in received}
    return {
        "subscribers": subscribers,
        "speed": speed,
        "chunks": len(chunks),
        "events_per_subscriber": sorted(counts),
        "delay": delays.summary(),
        "post": posts.summary(),
    }


def _machine() -> str:
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, load average {load[0]:.1f} / {load[1]:.1f} at start"
    )


def report(results: list[dict], args: argparse.Namespace, backend: str, machine: str) -> str:
    base = results[0]["delay"]
    lines = [
        f"### Live prompter: {backend}, {args.workers} gthread workers × 64 threads",
        "",
        f"{datetime.now(UTC):%Y-%m-%d}, {machine}.",
        f"Command: `.venv/bin/python scripts/bench_live.py --subscribers {args.subscribers} "
        f"--speeds {args.speeds} --workers {args.workers}"
        + (" --database-url …`" if args.database_url else "`"),
        "",
        "| subscribers | chars/s | chunks | p50 ms | p99 ms | max ms | p99 ÷ baseline p99 "
        "| POST p50 / p99 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        d, p = r["delay"], r["post"]
        ratio = d["p99_ms"] / base["p99_ms"] if base["p99_ms"] else 0.0
        lines.append(
            f"| {r['subscribers']} | {r['speed']:g} | {r['chunks']} | {d['p50_ms']} | "
            f"{d['p99_ms']} | {d['max_ms']} | {ratio:.2f} | {p['p50_ms']} / {p['p99_ms']} |"
        )
    lines += [
        "",
        "Delay: from the chunk's arrival at the server (its POST handler's first line) to the "
        "event's line arriving at a subscriber, over every term, number and provisional event "
        "and every subscriber. The first row (one subscriber) is the baseline.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=50)
    parser.add_argument("--speeds", default="5,50", help="characters per second, comma-separated")
    parser.add_argument("--port", type=int, default=5130)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    speeds = [float(s) for s in args.speeds.split(",") if s]
    machine = _machine()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        backend = urllib.parse.urlsplit(url).scheme.split("+")[0]
        server, token = start_server(url, args.port, args.workers, Path(folder))
        try:
            runs = [(1, speeds[0])] + [(args.subscribers, s) for s in speeds]
            results = [asyncio.run(one_run(args.port, token, n, s)) for n, s in runs]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)
    for r in results:
        print(r, file=sys.stderr)
    print(report(results, args, backend, machine))


if __name__ == "__main__":
    main()
