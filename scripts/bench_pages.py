#!/usr/bin/env python3
"""How long each page takes to serve on the shipped data, next to its JSON twin.

    .venv/bin/python scripts/bench_pages.py [--requests 100] [--workers 1]

Builds a fresh SQLite database with ``glossary init`` (the shipped term base and
memory), starts gunicorn on it, and times every page over HTTP from this
process: wall time from sending the request to the last byte of the answer.
Beside each page, its JSON twin (the same data from /api/) and a static file are
timed in the same run, as baselines. Prints a Markdown section for BENCHMARKS.md.
The goal is every page under 50 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# About 300 characters written for this benchmark, in the report's vocabulary.
PARAGRAPH = (
    "深圳提出加快建設具有自身特點和優勢的現代化產業體系。在連續多年保持規上工業總產值和工業增加值"
    "「雙第一」之後，新一代信息通信、新能源汽車、低空經濟等產業繼續成為增長的主力。報告要求全力"
    "競逐人工智能等產業新賽道，深入實施「人工智能+」行動，因地制宜發展新質生產力。在深港合作方面，"
    "深圳將深入實施「灣區通」工程，加強基礎設施「硬聯通」和規則機制「軟聯通」，推動前海深港現代服務"
    "業合作區和河套深港科技創新合作區建設，深化「深港通」「跨境理財通」等金融互聯互通，並加快推進"
    "羅湖口岸改造升級，做實粵港澳大灣區「一點兩地」全新定位，讓港澳居民在深就業創業更加便利。"
    "今年深圳地區生產總值增長目標為百分之五點五左右，並持續優化營商環境。"
)


class Client:
    """A cookie-keeping HTTP client for one host."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, float]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data, elapsed


def _quote(path: str) -> str:
    return urllib.parse.quote(path, safe="/?=&%")


def _start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GLOSSARY_DATABASE_URL": url, "GLOSSARY_SECRET_KEY": "bench"}
    subprocess.run([BIN / "glossary", "init"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [BIN / "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/api/")
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        server = _start_server(f"sqlite:///{folder}/bench.sqlite3", port, args.workers)
        try:
            rows = _measure(Client(port), args.requests)
        finally:
            server.terminate()
            server.wait()
    _print(rows, args)


def _concept_id(client: Client, ref: str) -> int:
    """The id of the concept with this ref, read page by page from the API."""
    path: str | None = "/api/concepts?per_page=200"
    while path:
        _, body, _ = client.request("GET", path)
        page = json.loads(body)
        for item in page["items"]:
            if item["ref"] == ref:
                return item["id"]
        path = page["next"]
    raise LookupError(f"no concept {ref!r}")


def _measure(client: Client, n: int) -> list[tuple[str, list[float], str, list[float]]]:
    concept = _concept_id(client, "bay-area-connect")
    _, page, _ = client.request("GET", "/annotate")
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None
    form = urllib.parse.urlencode({"text": PARAGRAPH, "csrf_token": csrf.group(1).decode()})
    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}
    json_headers = {"Content-Type": "application/json"}
    lookup = json.dumps(
        {"text": "深圳將深入實施「灣區通」項目。", "source_lang": "zh-Hant", "target_lang": "en"}
    )
    annotate = json.dumps({"text": PARAGRAPH})
    cases = [
        (
            "home",
            ("GET", "/", None, None),
            "static file",
            ("GET", "/static/glossary.css", None, None),
        ),
        (
            "search 灣區",
            ("GET", "/?q=灣區", None, None),
            "GET /api/terms",
            ("GET", "/api/terms?q=灣區&mode=contains&lang=zh-Hant,en", None, None),
        ),
        (
            "search, fuzzy fallback",
            ("GET", "/?q=灣區同", None, None),
            "GET /api/terms fuzzy",
            ("GET", "/api/terms?q=灣區同&mode=fuzzy&lang=zh-Hant,en", None, None),
        ),
        (
            "browse",
            ("GET", "/concepts", None, None),
            "GET /api/concepts",
            ("GET", "/api/concepts", None, None),
        ),
        (
            "entry",
            ("GET", f"/concepts/{concept}", None, None),
            "GET /api/concepts/<id>",
            ("GET", f"/api/concepts/{concept}", None, None),
        ),
        (
            "annotate, 300 characters",
            ("POST", "/annotate", form.encode(), form_headers),
            "POST /api/annotate",
            ("POST", "/api/annotate", annotate.encode(), json_headers),
        ),
        (
            "memory lookup",
            ("GET", "/memory?q=深圳將深入實施「灣區通」項目。", None, None),
            "POST /api/tm/lookup",
            ("POST", "/api/tm/lookup", lookup.encode(), json_headers),
        ),
        (
            "memory concordance",
            ("GET", "/memory?mode=concordance&q=灣區", None, None),
            "GET /api/tm/concordance",
            ("GET", "/api/tm/concordance?q=灣區", None, None),
        ),
        ("sign in", ("GET", "/signin", None, None), "GET /api/", ("GET", "/api/", None, None)),
    ]
    rows = []
    for name, page_request, twin_name, twin_request in cases:
        timings: list[list[float]] = [[], []]
        for which, (method, path, body, headers) in enumerate((page_request, twin_request)):
            for i in range(n + 10):
                status, _, elapsed = client.request(method, _quote(path), body, headers)
                if status != 200:
                    raise SystemExit(f"{method} {path}: {status}")
                if i >= 10:  # the first requests warm the worker's indexes
                    timings[which].append(elapsed * 1000)
        rows.append((name, timings[0], twin_name, timings[1]))
    return rows


def _stats(values: list[float]) -> str:
    q = statistics.quantiles(values, n=100)
    return f"{statistics.median(values):.1f} | {q[94]:.1f} | {max(values):.1f}"


def _print(rows: list[tuple[str, list[float], str, list[float]]], args: argparse.Namespace) -> None:
    load = os.getloadavg()
    print("## Pages: time to serve on the shipped data\n")
    print(
        f"{datetime.now(UTC):%Y-%m-%d}, {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, gunicorn with {args.workers} sync worker(s), "
        f"SQLite; load {load[0]:.1f} / {load[1]:.1f}; {args.requests} timed requests each "
        "after 10 to warm up; wall time over HTTP on loopback, in ms.\n"
    )
    print("| page | median | p95 | max | JSON twin / baseline | median | p95 | max |")
    print("| --- | --: | --: | --: | --- | --: | --: | --: |")
    for name, page, twin_name, twin in rows:
        print(f"| {name} | {_stats(page)} | {twin_name} | {_stats(twin)} |")
    worst = max(max(statistics.quantiles(page, n=100)[94] for _, page, _, _ in rows), 0)
    print(f"\nSlowest page p95: {worst:.1f} ms (goal: under 50 ms).")
    print("\nReproduce: `.venv/bin/python scripts/bench_pages.py --requests 100`")


if __name__ == "__main__":
    main()
