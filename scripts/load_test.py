"""Load test: a mix of reads and writes against gunicorn on PostgreSQL, on loopback only.

    .venv/bin/python scripts/load_test.py [--duration 20] [--connections 4] [--workers 2]

Creates a schema of its own in the PostgreSQL database named by
GLOSSARY_TEST_POSTGRES_URL (or --postgres-url), fills it with ``glossary init``
(the shipped term base and memory), starts gunicorn on 127.0.0.1, and for a
bounded time sends from ``--connections`` threads a mix of term search, annotate,
TM lookup and writes (new units; now and then a new concept, which rebuilds every
worker's term index). Then it stops gunicorn and drops the schema. Every answer is
checked (status and JSON); anything else counts as an error, and the goal is none.

Before the mix, the same client times the bare service index (``GET /api/``) for a
while, as the baseline: the mix's numbers are given beside it. Prints a Markdown
section for BENCHMARKS.md.

Why a Python client and not wrk: each request of the mix is built from the data
(terms and segments drawn from the shipped files, writes with fresh bodies and a
token), each answer is checked rather than only counted, and the latencies are
kept per kind for p50/p99. wrk's Lua could build the requests, but checking
bodies and keeping per-kind histograms there is more code than this, and wrk's
own speed does not matter when the server, not the client, is the bottleneck
(the baseline row shows what the client itself can drive).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from glossary.formats.termbase_toml import read_termbase  # noqa: E402
from glossary.formats.tmx import read_tmx  # noqa: E402
from glossary.records import UnitRecord  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Kind of request → weight in the mix.
MIX = {"search": 40, "annotate": 20, "lookup": 25, "add unit": 13, "add concept": 2}
FILLER = "，深入推進建設，加快實施各項工作，並持續優化"

Request = tuple[str, str, bytes | None, dict[str, str]]


class Data:
    """What the requests are made of: the shipped terms and memory segments."""

    def __init__(self, token: str) -> None:
        self.terms = [t.text for r in read_termbase(ROOT / "tm_data" / "termbase") for t in r.terms]
        chinese = [t for t in self.terms if any("\u4e00" <= c <= "\u9fff" for c in t)]
        self.chinese = chinese
        with open(ROOT / "tm_data" / "memory" / "policy.tmx", "rb") as tmx:
            self.sources = [u.source for u in read_tmx(tmx) if isinstance(u, UnitRecord)]
        self.auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(self, kind: str, rng: random.Random) -> Request:
        return getattr(self, "_" + kind.replace(" ", "_"))(rng)

    def _search(self, rng: random.Random) -> Request:
        query = urllib.parse.urlencode({"q": rng.choice(self.terms), "lang": "zh-Hans,en"})
        return "GET", f"/api/terms?{query}", None, {}

    def _annotate(self, rng: random.Random) -> Request:
        text = FILLER.join(rng.sample(self.chinese, 6))
        return "POST", "/api/annotate", _json({"text": text}), {"Content-Type": "application/json"}

    def _lookup(self, rng: random.Random) -> Request:
        source = rng.choice(self.sources)
        cut = rng.randrange(len(source))
        body = {"text": source[:cut] + source[cut + 1 :] or source, "source_lang": "zh-Hant"}
        body["target_lang"] = "en"
        return "POST", "/api/tm/lookup", _json(body), {"Content-Type": "application/json"}

    def _add_unit(self, rng: random.Random) -> Request:
        source = f"{rng.choice(self.sources)}（{secrets.token_hex(4)}）"
        body = {"source": source, "target": "load test", "source_lang": "zh-Hant"}
        body["target_lang"] = "en"
        return "POST", "/api/memories/load/units", _json(body), self.auth

    def _add_concept(self, rng: random.Random) -> Request:
        word = f"負載測試{secrets.token_hex(3)}"
        terms = [{"lang": "zh-Hant", "text": word}, {"lang": "en", "text": f"load {word}"}]
        return "POST", "/api/concepts", _json({"terms": terms}), self.auth


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                if len(self.samples) < 5:
                    self.samples.append(f"{kind}: {error}")


def _call(connection: http.client.HTTPConnection, request: Request) -> str | None:
    """Send one request; the error, if the answer is not a 2xx with JSON."""
    method, path, body, headers = request
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.will_close:
            connection.close()
    except (OSError, http.client.HTTPException) as exc:
        connection.close()
        return repr(exc)
    if not 200 <= response.status < 300:
        return f"{response.status} {data[:200]!r}"
    try:
        json.loads(data)
    except ValueError:
        return f"{response.status}: not JSON"
    return None


def run(port: int, pick: Callable[[random.Random], tuple[str, Request]], seconds: float, n: int):
    """Send requests from ``n`` threads for ``seconds``; the results and the wall time."""
    results = Results()
    stop = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop:
            kind, request = pick(rng)
            start = time.perf_counter()
            error = _call(connection, request)
            results.add(kind, time.perf_counter() - start, error)
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def _schema_url(base: str) -> tuple[str, str]:
    schema = f"load_{secrets.token_hex(4)}"
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def _drop_schema(base: str, schema: str) -> None:
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    engine.dispose()


def _start(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [BIN / "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    # No control socket: its default path in $HOME is shared by every gunicorn on the machine.
    command += ["--log-level", "warning", "--no-control-socket"]
    server = subprocess.Popen([*map(str, command), "wsgi:app"], cwd=ROOT, env=env)
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if _call(connection, ("GET", "/api/", None, {})) is None:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _rows(results: Results, wall: float) -> list[str]:
    rows = []
    kinds = sorted(results.latencies, key=lambda k: -len(results.latencies[k]))
    for kind in kinds:
        ms = [s * 1000 for s in results.latencies[kind]]
        rows.append(
            f"| {kind} | {len(ms)} | {len(ms) / wall:.1f} | {statistics.median(ms):.1f} | "
            f"{_percentile(ms, 0.99):.1f} | {max(ms):.1f} | {results.errors[kind]} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds of the mix (≤ 300)")
    parser.add_argument("--baseline", type=float, default=5, help="seconds of the baseline")
    parser.add_argument("--connections", type=int, default=4, help="client threads (≤ 64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=5160, help="loopback port for gunicorn")
    parser.add_argument("--postgres-url", default=os.environ.get("GLOSSARY_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not (0 < args.duration <= 300 and 0 < args.connections <= 64 and 1024 < args.port < 65536):
        raise SystemExit("bounded: --duration up to 300 s, --connections up to 64, a port > 1024")
    base = args.postgres_url or DEFAULT_URL

    schema, url = _schema_url(base)
    env = {**os.environ, "GLOSSARY_DATABASE_URL": url, "GLOSSARY_SECRET_KEY": "load-test"}
    server = None
    try:
        subprocess.run([BIN / "glossary", "init"], env=env, check=True, capture_output=True)
        token = subprocess.run(
            [BIN / "glossary", "token", "create", "--role", "editor", "--name", "load test"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        data = Data(token)
        server = _start(env, args.port, args.workers)
        memory = ("POST", "/api/memories", _json({"name": "load"}), data.auth)
        if error := _call(http.client.HTTPConnection("127.0.0.1", args.port), memory):
            raise SystemExit(f"could not create the memory: {error}")
        load_before = os.getloadavg()
        baseline, baseline_wall = run(
            args.port,
            lambda rng: ("baseline: GET /api/", ("GET", "/api/", None, {})),
            args.baseline,
            args.connections,
        )
        kinds, weights = list(MIX), list(MIX.values())

        def pick(rng: random.Random) -> tuple[str, Request]:
            kind = rng.choices(kinds, weights)[0]
            return kind, data.request(kind, rng)

        run(args.port, pick, 2, args.connections)  # warm: every worker builds its indexes
        results, wall = run(args.port, pick, args.duration, args.connections)
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        _drop_schema(base, schema)
    _print(args, results, wall, baseline, baseline_wall, load_before, load_after)


def _print(args, results, wall, baseline, baseline_wall, load_before, load_after) -> None:  # type: ignore[no-untyped-def]
    total = sum(len(v) for v in results.latencies.values())
    errors = sum(results.errors.values())
    every = [s for v in results.latencies.values() for s in v]
    base_ms = [s * 1000 for s in baseline.latencies["baseline: GET /api/"]]
    base_rate = len(base_ms) / baseline_wall
    print(f"### Run of {datetime.now(UTC):%Y-%m-%d}\n")
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()}. Load average before: "
        f"{' '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{' '.join(f'{x:.2f}' for x in load_after)}."
    )
    print(
        f"gunicorn {args.workers} sync workers on PostgreSQL; {args.connections} client threads "
        f"for {args.duration:.0f} s (after 2 s of warming). Command: `.venv/bin/python "
        f"scripts/load_test.py --duration {args.duration:g} --connections {args.connections} "
        f"--workers {args.workers}`.\n"
    )
    print("| requests | n | per second | p50 ms | p99 ms | max ms | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(_rows(results, wall)))
    print(
        f"| **the mix** | {total} | {total / wall:.1f} | "
        f"{statistics.median(every) * 1000:.1f} | {_percentile(every, 0.99) * 1000:.1f} | "
        f"{max(every) * 1000:.1f} | {errors} |"
    )
    print("\n".join(_rows(baseline, baseline_wall)))
    print(
        f"\nThe mix: {total / wall / base_rate:.2f}× the baseline's throughput, p50 "
        f"{statistics.median(every) * 1000 / statistics.median(base_ms):.1f}× its p50."
    )
    if results.samples:
        print("\nFirst errors: " + "; ".join(results.samples))


if __name__ == "__main__":
    main()
