"""The machine a run of scripts/bench_serving.py saw, and the run as Markdown for BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

LIBRARIES = (
    "flask",
    "werkzeug",
    "gunicorn",
    "sqlalchemy",
    "numpy",
    "rapidfuzz",
    "daachorse",
    "orjson",
    "opencc",
)


@dataclass
class Machine:
    cpu: str
    cores: int
    load_before: tuple[float, float, float]
    date: str
    python: str
    libraries: dict[str, str]
    command: str
    commit: str = ""
    load_after: tuple[float, float, float] | None = None
    finished: str = ""
    notes: list[str] = field(default_factory=list)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _commit() -> str:
    """The checkout's commit, marked when files differ from it."""
    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "?"
    return head + (" with changes" if dirty else "") if head else "?"


def machine_before(command: str) -> Machine:
    libraries = {name: _version(name) for name in LIBRARIES}
    libraries["sqlite"] = sqlite3.sqlite_version
    return Machine(
        _cpu_model(),
        os.cpu_count() or 0,
        os.getloadavg(),
        time.strftime("%Y-%m-%d %H:%M %Z"),
        platform.python_version(),
        libraries,
        command,
        _commit(),
    )


def machine_after(machine: Machine) -> None:
    machine.load_after = os.getloadavg()
    machine.finished = time.strftime("%Y-%m-%d %H:%M %Z")


# -- Markdown ----------------------------------------------------------------------------------


def _load(values: Any) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "?"


def _head(run: Any) -> list[str]:
    m = run.machine
    libs = ", ".join(f"{k} {v}" for k, v in m.libraries.items())
    return [
        f"### Run {m.date} ({run.data.units:,} units)",
        "",
        f"* machine: {m.cpu}, {m.cores} cores; load average (1/5/15 min) before "
        f"{_load(m.load_before)}, after {_load(m.load_after)} (finished {m.finished})",
        f"* Python {m.python}; {libs}; {run.wrk.get('version', 'wrk')}",
        f"* command: `{m.command}` (code: {m.commit})",
        f"* wrk: {run.wrk['threads']} thread, {run.wrk['connections']} connections, "
        f"{run.wrk['seconds']} s per run, {run.wrk['rounds']} interleaved rounds "
        "(bare, terms, annotate, annotate terms only, TM lookup, concordance)",
    ]


def _data(run: Any) -> list[str]:
    d = run.data
    rows = ["", "**Data.**", ""]
    if d.init is not None:
        rows.append(
            f"* `glossary init` (schema, shipped term base and memory): {d.init.seconds:.1f} s"
        )
    memories = ", ".join(f"{name} {units:,}" for name, units in d.memories.items())
    if d.import_ is not None:
        how = " (the database of an earlier run, not imported now)" if d.reused else ""
        rows.append(
            f"* `glossary import` of {d.units:,} units ({d.real_pairs:,} real pairs, TMX "
            f"{d.tmx_mb:.0f} MB; {d.taken:,} stored, {d.merged:,} duplicates merged, "
            f"{d.skipped:,} skipped){how}: {d.import_.seconds:.1f} s = "
            f"**{d.import_units_per_s:,.0f} units/s**{_cpu(d.import_.cpu_seconds, d.units)}, "
            f"peak RSS {d.import_.peak_rss_mb:.0f} MB "
            "(GLOSSARY_INDEX_DIR=off: the import alone)"
        )
    else:
        rows.append(f"* database given with --database: {d.database}")
    b = d.build
    rows.append(
        f"* `glossary index build` from nothing: {b.seconds:.1f} s (CPU {b.cpu_seconds:.1f} s), "
        "peak RSS "
        f"{b.peak_rss_mb:.0f} MB; generation `{d.generation}` **{d.generation_mb:.0f} MB** on disk "
        f"({d.generation_terms} term forms; memories {memories})"
    )
    if d.import_ is not None:
        rows.append(f"* import ≥ 30,000 units/s: {_verdict(d.import_units_per_s >= 30_000)}")
    growth = b.peak_rss_mb - d.cli_baseline_mb
    peak = growth / d.generation_mb if d.generation_mb else float("nan")
    rows.append(
        f"* build peak ≤ 2 × the generation: peak RSS {b.peak_rss_mb:.0f} MB less the "
        f"command's floor ({d.cli_baseline_mb:.0f} MB, the peak of `glossary index status`) = "
        f"{growth:.0f} MB = {peak:.1f}× the generation, {_verdict(peak <= 2)}"
    )
    return rows


def _cpu(seconds: float, units: int) -> str:
    if not seconds:  # a run before CPU was recorded
        return ""
    return f" (CPU {seconds:.1f} s = {units / seconds:,.0f} units per CPU second)"


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def _start(run: Any) -> list[str]:
    rows = [
        "",
        "**Start and memory.** Ready = from starting gunicorn until every worker logged "
        '"warm" and the port answered. First requests: one request per route on '
        "4 × workers new connections at once, right after; max / median ms.",
        "",
        "| workers | ready s | warm per worker, s | first terms | first annotate "
        "| first TM lookup | first concordance | bare app |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in run.serving:
        firsts = {b.route: b for b in s.first_requests}
        cells = []
        if s.bare_first is not None:
            firsts["bare"] = s.bare_first
        for route in ("terms", "annotate", "tm lookup", "concordance", "bare"):
            b = firsts.get(route)
            bad = sum(n for status, n in b.statuses.items() if status != "200") if b else 0
            note = f" ({bad} not 200)" if bad else ""
            cells.append(f"{b.max_ms:.0f} / {b.median_ms:.0f}{note}" if b else "–")
        warm = ", ".join(f"{w:.2f}" for w in s.warm_s)
        rows.append(f"| {s.workers} | {s.ready_s:.1f} | {warm} | " + " | ".join(cells) + " |")
    for s in run.serving:
        firsts = [b for b in s.first_requests if b.route in ("terms", "tm lookup")]
        worst = max((b.max_ms for b in firsts), default=float("nan"))
        rows.append(
            f"\n{s.workers} workers: the slowest first term or TM lookup took {worst:.0f} ms; "
            f"target < 1 s: {_verdict(worst < 1000)}."
        )
    rows += [
        "",
        f"PSS from /proc/PID/smaps_rollup, MB; the generation is {run.data.generation_mb:.0f} MB. "
        "Shared pages are split between the processes that map them, so the sum of the "
        "workers' PSS is what the host pays; RSS counts them in every worker.",
        "",
        "| workers | when | PSS, all workers | file part, all workers | one worker (median) "
        "| its anon / file | RSS, one worker | master PSS | bare app, all workers |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in run.serving:
        bare = f"{s.bare_memory.pss_sum:.0f}" if s.bare_memory else "–"
        for when, snap in (("warm", s.memory_warm), ("after load", s.memory_after_load)):
            if snap is None:
                continue
            one = sorted(snap.workers, key=lambda w: w.pss)[len(snap.workers) // 2]
            rows.append(
                f"| {s.workers} | {when} | **{snap.pss_sum:.0f}** | "
                f"{sum(w.pss_file for w in snap.workers):.0f} | {one.pss:.0f} | "
                f"{one.pss_anon:.0f} / {one.pss_file:.0f} | {one.rss:.0f} | "
                f"{snap.master.pss:.0f} | {bare} |"
            )
    return rows


def _throughput(run: Any) -> list[str]:
    rows = [
        "",
        "**Throughput** (wrk over loopback; requests/s median (min–max) of the rounds; "
        "latency medians of the rounds; ratio = median of the per-round ratios to the bare "
        "endpoint; CPU = the workers' CPU time per request, steadier than requests/s on a "
        "busy machine; × bare by CPU = the bare endpoint's CPU per request ÷ the route's, "
        "the ratio the workers' CPU alone would allow; faults = the workers' minor page faults "
        "per request).",
        "",
        "| workers | route | requests/s | p50 ms | p99 ms | × bare | target | CPU µs/request "
        "| × bare by CPU | faults/request | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in run.serving:
        for r in s.routes:
            target = "–" if r.target is None else f"≥ {r.target:.0%} {_verdict(bool(r.met))}"
            errors = r.non_2xx + r.socket_errors
            rows.append(
                f"| {s.workers} | {r.route} | {r.rps_median:,.0f} ({r.rps_min:,.0f}–{r.rps_max:,.0f}) "
                f"| {r.p50_ms:.1f} | {r.p99_ms:.1f} | **{r.ratio_to_bare:.0%}** | {target} "
                f"| {r.cpu_us_per_request:,.0f} | {r.cpu_ratio_to_bare:.0%} "
                f"| {r.faults_per_request:,.1f} | {errors or ''} |"
            )
    return rows


def _tm(run: Any) -> list[str]:
    tm = run.tm_in_process
    rows = [
        "",
        f"**TM lookup, HTTP against in process** ({tm.queries} queries at threshold 70, one "
        "after another; HTTP on one kept-alive connection). Target: HTTP p50 ≤ 2 × the index "
        "search's.",
        "",
        "| what | p50 ms | p90 | p99 | max | HTTP p50 ÷ search p50 |",
        "| --- | --- | --- | --- | --- | --- |",
        _timing_row("in process: fold + `FuzzyIndex.search` over each memory", tm.index_search),
        _timing_row("the same, CPU time", tm.index_search_cpu),
        _timing_row("in process: `lookup()` (index, database, flags, repair)", tm.lookup),
        _timing_row("the same, CPU time", tm.lookup_cpu),
    ]
    for s in run.serving:
        if s.bare_http is not None:
            rows.append(
                _timing_row(
                    f"HTTP: the bare endpoint (the floor), {s.workers} workers", s.bare_http
                )
            )
        if s.tm_http is not None:
            ratio = s.tm_http.p50 / tm.index_search.p50 if tm.index_search.p50 else float("nan")
            verdict = _verdict(ratio <= 2)
            rows.append(
                _timing_row(f"HTTP `POST /api/tm/lookup`, {s.workers} workers", s.tm_http)[:-2]
                + f" **{ratio:.1f}×** {verdict} |"
            )
    return rows


def _timing_row(label: str, t: Any) -> str:
    return f"| {label} | {t.p50:.2f} | {t.p90:.2f} | {t.p99:.2f} | {t.max:.2f} | |"


def _concordance(run: Any) -> list[str]:
    c = run.concordance
    same = (
        "all equal"
        if c.equal == c.compared
        else f"**{c.compared - c.equal} differ**: " + ", ".join(c.differing)
    )
    rows = [
        "",
        f"**Concordance** (2, 3 and 4 Han characters from stored sources, every second one in "
        f"the other script; 20 hits at most). Postings against the scan on {c.compared} "
        f"queries: {same} (scan p50 {c.scan.p50:.0f} ms, max {c.scan.max:.0f} ms). Target: "
        "p99 ≤ 20 ms.",
        "",
        "| what | queries | p50 ms | p90 | p99 | max |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    timings = [(f"in process, {n} characters", t) for n, t in c.by_length.items()]
    timings.append(("in process, all", c.indexed))
    timings.append(("in process, all, CPU time", c.indexed_cpu))
    timings += [(f"HTTP, {s.workers} workers", s.concordance_http) for s in run.serving]
    for label, t in timings:
        if t is not None:
            wall = label.startswith("in process") and "CPU" not in label
            mark = f" {_verdict(t.p99 <= 20)}" if wall else ""
            rows.append(
                f"| {label} | {t.n} | {t.p50:.2f} | {t.p90:.2f} | {t.p99:.2f}{mark} | {t.max:.2f} |"
            )
    rows.append(f"\nMean hits per query: {c.hits_mean:.1f}.")
    return rows


def _problems(run: Any) -> list[str]:
    rows = []
    for s in run.serving:
        if s.log_problems:
            rows.append(
                f"* {s.workers} workers, logged: " + "; ".join(f"`{p}`" for p in s.log_problems[:5])
            )
        for label, statuses in (
            ("TM lookup", s.tm_http_statuses),
            ("concordance", s.concordance_http_statuses),
        ):
            bad = {k: v for k, v in statuses.items() if k != "200"}
            if bad:
                rows.append(f"* {s.workers} workers, sequential {label}: statuses {bad}")
    return ["", "**Problems seen.**", "", *rows] if rows else []


def markdown(run: Any) -> str:
    parts = _head(run) + _data(run) + _start(run) + _throughput(run) + _tm(run)
    parts += _concordance(run) + _problems(run)
    return "\n".join(parts)
