"""CPU per request of the hot routes in process: as served, through Flask alone, and the
bare Flask endpoint, side by side in one run.

Each request is a WSGI call on a prepared environ, the way gunicorn makes one, so what
is measured is the application's own work: the hot layer (glossary/web/api/hot.py) in
front of Flask, against the same request sent straight to Flask behind it, against
``scripts/bare_app.py``. The server's own handling (about the same for every route) is
what scripts/bench_serving.py adds. Data and queries are bench_serving's: the same
generated memory (reused from ``--keep``) and the same query sets.

Rounds interleave the routes and both paths; the figure is the median of the rounds'
CPU microseconds per request, with their range.

Back to back, every request finds the caches warm from the one before. Served, it seldom
does: the other workers, wrk and the kernel run on the same cores in between. With
``--flush-mb N`` a buffer of N MB is written before each request (outside the timing),
which leaves the caches as cold as after another process's turn; the last-level cache's
size (32 MB on the benchmark machine) is the cold end.

Reproduce: ``.venv/bin/python scripts/bench_routes.py --keep /tmp/bench-serving`` (with
bench_serving's folder it reuses its database; otherwise it generates one first).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bare_app
import numpy as np
from flask import Flask
from flask.testing import EnvironBuilder
from serving_data import (
    annotate_body,
    lookup_body,
    prepare,
    term_path,
)

from glossary.index.allocator import keep_freed_memory
from glossary.web import create_app
from glossary.web.api.hot import hot_reads
from glossary.web.indexes import live_indexes

Call = tuple[dict[str, Any], bytes | None]


def calls(app: Flask, method: str, path: str, body: bytes | None = None) -> Call:
    builder = EnvironBuilder(
        app,
        path=path,
        method=method,
        data=body,
        content_type="application/json" if body is not None else None,
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    try:
        return builder.get_environ(), body
    finally:
        builder.close()


def send(wsgi: Callable[..., Any], call: Call) -> str:
    environ = dict(call[0])
    if call[1] is not None:
        environ["wsgi.input"] = io.BytesIO(call[1])
    status: list[str] = []
    chunks = wsgi(environ, lambda s, headers, exc=None: status.append(s))
    b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return status[0]


def cpu_per_call(
    wsgi: Callable[..., Any], requests: list[Call], n: int, flush: np.ndarray | None = None
) -> float:
    """CPU microseconds per request; with ``flush``, that buffer is written before each
    request (a cache line in every 64 bytes, not timed)."""
    used = 0.0
    for i in range(n):
        if flush is not None:
            flush[::64] += 1
        started = time.process_time()
        send(wsgi, requests[i % len(requests)])
        used += time.process_time() - started
    return used / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, required=True, help="bench_serving's folder")
    parser.add_argument("--calls", type=int, default=1000, help="requests per route and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--flush-mb", type=int, default=0, help="write this many MB before each request"
    )
    args = parser.parse_args()
    flush = np.zeros(args.flush_mb << 20, dtype=np.uint8) if args.flush_mb > 0 else None

    args.keep.mkdir(parents=True, exist_ok=True)
    setup = prepare(args.keep, args.units, None, 500, 167)
    os.environ.update(setup.env())
    keep_freed_memory()  # as gunicorn.conf.py's workers do
    app = create_app()
    live_indexes(app).warm()
    flask_alone = hot_reads(app).wsgi_app
    routes = {
        "terms": [calls(app, "GET", term_path(t)) for t in setup.queries.terms],
        "annotate": [calls(app, "POST", "/api/annotate", annotate_body())],
        "annotate terms": [calls(app, "POST", "/api/annotate", annotate_body(numbers=False))],
        "tm lookup": [
            calls(app, "POST", "/api/tm/lookup", lookup_body(q)) for q in setup.queries.tm
        ],
    }
    bare = [calls(bare_app.app, "GET", "/")]
    # Every request once, both ways, before timing: all must answer 200.
    for name, requests in routes.items():
        for call in requests:
            for wsgi in (app, flask_alone):
                status = send(wsgi, call)
                if not status.startswith("200"):
                    raise SystemExit(f"{name}: {status}")
    send(bare_app.app, bare[0])

    runs: dict[str, list[float]] = {"bare": []}
    for name in routes:
        runs[f"{name}, served"] = []
        runs[f"{name}, Flask alone"] = []
    for _ in range(args.rounds):
        runs["bare"].append(cpu_per_call(bare_app.app, bare, args.calls, flush))
        for name, requests in routes.items():
            runs[f"{name}, served"].append(cpu_per_call(app, requests, args.calls, flush))
            alone = cpu_per_call(flask_alone, requests, args.calls, flush)
            runs[f"{name}, Flask alone"].append(alone)
    report(runs, args)


def report(runs: dict[str, list[float]], args: argparse.Namespace) -> None:
    bare = statistics.median(runs["bare"])
    print(
        f"In process, {args.units:,} units; CPU µs per request, median of {args.rounds} rounds "
        f"of {args.calls} requests (range); bare ÷ route as in bench_serving's CPU column"
        + (f"; {args.flush_mb} MB written before each request" if args.flush_mb else "")
        + ".\n"
    )
    print("| route | path | CPU µs per request | range | bare ÷ route |")
    print("| --- | --- | --- | --- | --- |")
    for label, values in runs.items():
        name, _, path = label.partition(", ")
        median = statistics.median(values)
        print(
            f"| {name} | {path or 'bare Flask endpoint'} | {median:,.0f} | "
            f"{min(values):,.0f}–{max(values):,.0f} | {bare / median:.0%} |"
        )


if __name__ == "__main__":
    main()
