#!/usr/bin/env python3
"""Benchmark the service as deployed: gunicorn with the shipped gunicorn.conf.py over a
generated memory, beside a bare Flask endpoint served with the same settings.

    .venv/bin/python scripts/bench_serving.py [--units 1000000] [--workers 2 4] [--json out.json]

1. Data: ``--units`` zh→en units (bench_tm's generator) written as TMX, ``glossary init``
   (schema and the shipped term base), ``glossary import`` and ``glossary index build``, each
   a child process timed on its own (wall time, peak RSS), in a fresh SQLite database.
2. In process: the current generation searched here (``FuzzyIndex.search``, ``lookup()``),
   and concordance through the postings compared with the scan and timed.
3. For each worker count: gunicorn (glossary) and gunicorn (bare app) started; each worker's
   warm-up, the first requests of every route (4 × workers at once on fresh connections),
   the workers' PSS from /proc/PID/smaps_rollup after warm-up and after the load; TM lookup
   and concordance one after another over HTTP; then interleaved wrk rounds (bare, terms,
   annotate with and without numbers, TM lookup, concordance) giving each route's throughput as a ratio to the bare
   endpoint's in the same round.

Prints a Markdown section for BENCHMARKS.md; ``--json`` writes every number. Needs Debian's
``wrk``. Every server started is stopped (its process group) whatever happens.
"""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from serving_data import (
    DataResult,
    Queries,
    Setup,
    annotate_body,
    concordance_path,
    lookup_body,
    prepare,
    term_path,
)
from serving_inprocess import (
    ConcordanceCheck,
    Timing,
    TmInProcess,
    check_concordance,
    tm_in_process,
)
from serving_report import Machine, machine_after, machine_before, markdown
from serving_servers import (
    BOOTED,
    GENERATION,
    WARM,
    Burst,
    Memory,
    Request,
    Server,
    bare_server,
    burst,
    cpu_seconds,
    glossary_server,
    memory_of,
    minor_faults,
    running,
    sequential,
    shipped_settings,
)
from serving_wrk import WrkRun, run_wrk, write_script, wrk_version

from glossary.index.allocator import keep_freed_memory

ROUTES = ("bare", "terms", "annotate", "annotate terms", "tm lookup", "concordance")
# "annotate terms" is annotate without its numbers ("numbers": false), what the target
# was set for before numbers were added to every annotate answer.
TARGETS = {"terms": 0.70, "annotate": 0.40, "annotate terms": 0.40, "tm lookup": 0.30}
READY_TIMEOUT = 600.0
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class MemorySnapshot:
    """Every worker's smaps_rollup, and the master's."""

    workers: list[Memory]
    master: Memory

    @property
    def pss_sum(self) -> float:
        return sum(w.pss for w in self.workers)


@dataclass
class RouteSummary:
    """A route over the wrk rounds: medians, and the spread of the throughput."""

    route: str
    rps_median: float
    rps_min: float
    rps_max: float
    p50_ms: float
    p99_ms: float
    ratio_to_bare: float  # median of the per-round ratios
    cpu_us_per_request: float  # the workers' CPU, median of the rounds
    cpu_ratio_to_bare: float  # bare's CPU per request ÷ this route's, median of the rounds
    faults_per_request: float  # the workers' minor page faults, median of the rounds
    non_2xx: int
    socket_errors: int
    target: float | None = None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio_to_bare >= self.target


@dataclass
class ServingResult:
    """One worker count: start, memory, sequential HTTP timings and the wrk rounds."""

    workers: int
    settings: dict
    ready_s: float = 0.0
    bare_ready_s: float = 0.0
    generation_check_s: float | None = None  # the master's on_starting (generation up to date)
    warm_s: list[float] = field(default_factory=list)  # each worker's "warm in … s"
    first_requests: list[Burst] = field(default_factory=list)
    bare_first: Burst | None = None
    memory_warm: MemorySnapshot | None = None
    memory_after_load: MemorySnapshot | None = None
    bare_memory: MemorySnapshot | None = None
    tm_http: Timing | None = None
    bare_http: Timing | None = None  # the bare endpoint, one request at a time
    tm_http_statuses: dict[str, int] = field(default_factory=dict)
    concordance_http: Timing | None = None
    concordance_http_statuses: dict[str, int] = field(default_factory=dict)
    rounds: list[list[WrkRun]] = field(default_factory=list)
    routes: list[RouteSummary] = field(default_factory=list)
    log_problems: list[str] = field(default_factory=list)


@dataclass
class Run:
    machine: Machine
    data: DataResult | None = None
    tm_in_process: TmInProcess | None = None
    concordance: ConcordanceCheck | None = None
    serving: list[ServingResult] = field(default_factory=list)
    wrk: dict = field(default_factory=dict)


def route_requests(queries: Queries) -> dict[str, list[Request]]:
    return {
        "bare": [Request("GET", "/")],
        "terms": [Request("GET", term_path(t)) for t in queries.terms],
        "annotate": [Request("POST", "/api/annotate", annotate_body())],
        "annotate terms": [Request("POST", "/api/annotate", annotate_body(numbers=False))],
        "tm lookup": [Request("POST", "/api/tm/lookup", lookup_body(q)) for q in queries.tm],
        "concordance": [Request("GET", concordance_path(n)) for n in queries.all_needles()],
    }


def _first(requests: list[Request], n: int) -> list[Request]:
    return [requests[i % len(requests)] for i in range(n)]


def snapshot(server: Server) -> MemorySnapshot:
    assert server.process is not None
    return MemorySnapshot(
        [memory_of(p) for p in server.worker_pids()], memory_of(server.process.pid)
    )


def serve(setup: Setup, workers: int, port: int, args: argparse.Namespace) -> ServingResult:
    """Both servers for one worker count, measured from start to the end of the load."""
    folder = setup.folder
    settings = shipped_settings(setup.env(GLOSSARY_WORKERS=str(workers)))
    result = ServingResult(workers, settings)
    app = glossary_server(workers, setup.env(), port, folder / f"gunicorn-{workers}.log")
    bare = bare_server(settings, port + 1, folder / f"bare-{workers}.log")
    routes = route_requests(setup.queries)
    print(f"{workers} workers: starting gunicorn on {port}, the bare app on {port + 1}", flush=True)
    try:
        with running(app, workers, WARM, READY_TIMEOUT) as ready:
            result.ready_s = ready
            _warm_up(result, app, port, routes)
            with running(bare, workers, BOOTED, 120) as bare_ready:
                result.bare_ready_s = bare_ready
                result.bare_first = burst(port + 1, "bare", _first(routes["bare"], 4 * workers))
                result.bare_memory = snapshot(bare)
                _sequential(result, port, routes, args)
                result.bare_http = Timing.of(sequential(port + 1, routes["bare"] * 500)[0])
                result.rounds = _load(app, bare, routes, args)
            result.memory_after_load = snapshot(app)
    finally:
        result.log_problems = problems(app.log) + problems(bare.log)
    result.routes = summarize(result.rounds)
    return result


def _warm_up(
    result: ServingResult, app: Server, port: int, routes: dict[str, list[Request]]
) -> None:
    log = app.text()
    result.warm_s = [float(s) for _, s in WARM.findall(log)]
    checked = GENERATION.search(log)
    result.generation_check_s = float(checked.group(2)) if checked else None
    for route, requests in routes.items():
        if route != "bare":
            result.first_requests.append(burst(port, route, _first(requests, 4 * result.workers)))
    result.memory_warm = snapshot(app)


def _sequential(result: ServingResult, port: int, routes: dict[str, list[Request]], args) -> None:  # type: ignore[no-untyped-def]
    times, result.tm_http_statuses = sequential(port, routes["tm lookup"][: args.queries])
    result.tm_http = Timing.of(times)
    times, result.concordance_http_statuses = sequential(
        port, routes["concordance"][: args.concordance_queries]
    )
    result.concordance_http = Timing.of(times)


def _load(app: Server, bare: Server, routes: dict[str, list[Request]], args) -> list[list[WrkRun]]:  # type: ignore[no-untyped-def]
    scripts = {r: write_script(app.log.parent, r.replace(" ", "-"), routes[r]) for r in ROUTES}
    rounds = []
    for number in range(args.rounds):
        runs = []
        for route in ROUTES:
            server = bare if route == "bare" else app
            pids = server.worker_pids()
            before, faults_before = cpu_seconds(pids), minor_faults(pids)
            run = run_wrk(
                route,
                server.port,
                scripts[route],
                threads=args.wrk_threads,
                connections=args.connections,
                seconds=args.duration,
            )
            run.worker_cpu_ms = (cpu_seconds(pids) - before) * 1000
            run.worker_faults = minor_faults(pids) - faults_before
            runs.append(run)
            print(
                f"  round {number + 1} {route:12} {run.requests_per_s:8.0f} req/s "
                f"p50 {run.p50_ms:.1f} ms p99 {run.p99_ms:.1f} ms",
                flush=True,
            )
        rounds.append(runs)
    return rounds


def summarize(rounds: list[list[WrkRun]]) -> list[RouteSummary]:
    summaries = []
    for route in ROUTES:
        runs = [run for r in rounds for run in r if run.route == route]
        if not runs:
            continue
        pairs = [
            (run, bare)
            for r in rounds
            for run in r
            for bare in r
            if run.route == route and bare.route == "bare"
        ]
        ratios = [run.requests_per_s / bare.requests_per_s for run, bare in pairs]
        cpu = [bare.cpu_us_per_request / run.cpu_us_per_request for run, bare in pairs]
        rates = [run.requests_per_s for run in runs]
        summaries.append(
            RouteSummary(
                route,
                statistics.median(rates),
                min(rates),
                max(rates),
                statistics.median(run.p50_ms for run in runs),
                statistics.median(run.p99_ms for run in runs),
                _median(ratios),
                statistics.median(run.cpu_us_per_request for run in runs),
                _median(cpu),
                statistics.median(run.faults_per_request for run in runs),
                sum(run.non_2xx for run in runs),
                sum(run.socket_errors for run in runs),
                TARGETS.get(route),
            )
        )
    return summaries


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def problems(log: Path) -> list[str]:
    """Errors a server logged: the lines that say so, and each traceback's last line."""
    if not log.exists():
        return []
    lines = log.read_text(errors="replace").splitlines()
    found = []
    for i, line in enumerate(lines):
        if "[ERROR]" in line or "[CRITICAL]" in line or "WORKER TIMEOUT" in line:
            found.append(line.strip())
        elif line.startswith("Traceback"):
            end = next((j for j in range(i + 1, len(lines)) if not lines[j][:1].isspace()), i)
            found.append(lines[end].strip())
    return found[:20]


@contextmanager
def work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="bench-serving-") as folder:
        yield Path(folder)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--units", type=int, help="units in the generated memory (default 1,000,000)")
    add("--workers", type=int, nargs="+", help="gunicorn worker counts (default 2 4)")
    add("--rounds", type=int, help="wrk rounds, each over every route (default 3)")
    add("--duration", type=int, help="seconds per wrk run (default 8)")
    add("--connections", type=int, default=16, help="wrk connections")
    add("--wrk-threads", type=int, default=1, help="wrk threads")
    add("--queries", type=int, help="TM lookup queries (default 500)")
    add("--concordance-queries", type=int, help="concordance queries timed (default 500)")
    add("--scans", type=int, help="concordance queries also answered by the scan (default 30)")
    add("--port", type=int, default=5170, help="first of the ports used (2 per worker count)")
    add("--database", help="reuse this database (already holding the memory) instead")
    add("--keep", type=Path, help="work in this folder and keep it (reused by the next run)")
    add("--json", type=Path, help="also write every number here")
    add("--quick", action="store_true", help="a small smoke run: 20,000 units, 1 round of 3 s")
    args = parser.parse_args(argv)
    quick = {"units": 20_000, "workers": [2], "rounds": 1, "duration": 3, "queries": 100}
    quick |= {"concordance_queries": 100, "scans": 6}
    full = {"units": 1_000_000, "workers": [2, 4], "rounds": 3, "duration": 8, "queries": 500}
    full |= {"concordance_queries": 500, "scans": 30}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def _stop_on_term(signum, frame) -> None:  # type: ignore[no-untyped-def]
    raise SystemExit(f"stopped by signal {signum}")


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, _stop_on_term)  # so the finally blocks stop the servers
    python = Path(sys.executable)
    if python.is_relative_to(ROOT):
        python = python.relative_to(ROOT)
    command = shlex.join([str(python), *sys.argv])
    run = Run(machine_before(command), wrk={"version": wrk_version()})
    run.wrk |= {"threads": args.wrk_threads, "connections": args.connections}
    run.wrk |= {"seconds": args.duration, "rounds": args.rounds}
    with work_folder(args.keep) as folder:
        count = args.concordance_queries // 3 + 1
        setup = prepare(folder, args.units, args.database, args.queries, count)
        run.data = setup.data
        print("in process: TM lookup and concordance", flush=True)
        # In process with the allocator settings every worker gets (gunicorn.conf.py's
        # post_fork), so both sides of "HTTP against in process" run the same allocator.
        keep_freed_memory()
        run.tm_in_process = tm_in_process(setup, setup.queries.tm[: args.queries])
        run.concordance = check_concordance(setup, args.concordance_queries, args.scans)
        for i, workers in enumerate(args.workers):
            run.serving.append(serve(setup, workers, args.port + 2 * i, args))
    machine_after(run.machine)
    if args.json:
        args.json.write_text(json.dumps(as_json(run), indent=1, ensure_ascii=False))
    print(markdown(run))


def as_json(run: Run) -> dict:
    out = asdict(run)
    for serving, summaries in zip(out["serving"], run.serving, strict=True):
        for row, summary in zip(serving["routes"], summaries.routes, strict=True):
            row["met"] = summary.met
        for snap in ("memory_warm", "memory_after_load", "bare_memory"):
            taken = getattr(summaries, snap)
            if taken is not None:
                serving[snap]["pss_sum"] = taken.pss_sum
    return out


if __name__ == "__main__":
    main()
