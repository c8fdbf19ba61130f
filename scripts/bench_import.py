"""Benchmark `glossary import` of a large TMX file into SQLite, beside a baseline in the same run.

The memory is the one of ``scripts/bench_tm.py`` (real zh→en pairs from
../shared/external/corpus/ where present, extended by small edits; about 2 %
of the units repeat one already there and are merged). For each size, each run
imports the file into a fresh SQLite database with the real command line, once
with this tree and once with the baseline (a git revision, unpacked beside it),
in alternating order. Measured: wall time, CPU of the command and its parser
process, and the peak resident memory of each process (sampled from /proc).
Index generations are off (GLOSSARY_INDEX_DIR=off): the command's time is the
import's, without the generation ``glossary import`` builds after it.

    .venv/bin/python scripts/bench_import.py --units 100000 1000000 --runs 3 --baseline main

Prints a Markdown table for BENCHMARKS.md and, with --json, the raw numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from bench_tm import extend, real_pairs

from glossary.formats.tmx import write_tmx

ROOT = Path(__file__).resolve().parent.parent

# Runs `glossary` from the folder given first, even where this tree is installed
# in editable mode (whose import hook would otherwise win).
RUNNER = """
import sys
root = sys.argv.pop(1)
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f)]
sys.path.insert(0, root)
for name in [n for n in sys.modules if n == "glossary" or n.startswith("glossary.")]:
    del sys.modules[name]
from glossary.web.cli import main
main()
"""


def make_tmx(units: int, folder: Path) -> Path:
    path = folder / f"memory-{units}.tmx"
    if not path.exists():
        records = extend(real_pairs(), units)
        with path.open("wb") as stream:
            write_tmx(records, stream, srclang="*all*")
    return path


def unpack(revision: str, folder: Path) -> Path:
    """The ``glossary`` package of a git revision, unpacked into ``folder``."""
    archive = subprocess.run(
        ["git", "archive", revision, "glossary"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        queue.extend(int(c) for c in children)
    return pids


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_import(code: Path, tmx: Path, workdir: Path) -> dict[str, float]:
    """One import with the package in ``code``: wall, CPU, peak RSS per process, units."""
    db = workdir / "bench.sqlite3"
    for old in workdir.glob("bench.sqlite3*"):
        old.unlink()
    # The import alone: no index generation is built after it (the baseline built none).
    env = {**os.environ, "GLOSSARY_DATABASE_URL": f"sqlite:///{db}", "GLOSSARY_INDEX_DIR": "off"}
    command = [sys.executable, "-c", RUNNER, str(code)]
    subprocess.run([*command, "init", "--schema-only"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "import", str(tmx), "--memory", "bench"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    peak = {"command": 0.0, "parser": 0.0}
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        for i, member in enumerate(_tree(process.pid)):
            key = "command" if i == 0 else "parser"
            peak[key] = max(peak[key], _rss_mb(member))
        time.sleep(0.1)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    out = process.stdout.read().decode() if process.stdout else ""
    if process.returncode:
        raise SystemExit(f"import failed ({process.returncode}): {out}")
    taken = int(out.split("took ")[1].split()[0])
    return {
        "wall_s": wall,
        "taken": taken,
        "units_per_s": taken / wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_command_mb": peak["command"],
        "rss_parser_mb": peak["parser"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--data", type=Path, help="keep the generated TMX files here")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    out: dict = {
        "machine": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "baseline": args.baseline,
        "runs": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = args.data or work
        data.mkdir(parents=True, exist_ok=True)
        variants = {"this tree": ROOT, args.baseline: unpack(args.baseline, work / "baseline")}
        for units in args.units:
            tmx = make_tmx(units, data)
            results: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
            for run in range(args.runs):
                order = list(variants) if run % 2 == 0 else list(reversed(variants))
                for name in order:
                    result = run_import(variants[name], tmx, work)
                    results[name].append(result)
                    print(
                        f"{units} units, {name}, run {run + 1}: {result['wall_s']:.1f} s",
                        flush=True,
                    )
            out["runs"][units] = {"tmx_mb": tmx.stat().st_size / 1e6, "results": results}
    out["load_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    print(markdown(out))


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def markdown(out: dict) -> str:
    rows = [
        f"{out['date']}; {out['machine']}, {out['cpus']} cores, Python {out['python']}; load "
        f"average before {out['load_before'][0]:.2f}, after {out['load_after'][0]:.2f}. "
        "Median (min–max) of the runs.",
        "",
        "| units | code | units/s | wall s | CPU s (both processes) | peak RSS MB command / parser |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for units, entry in out["runs"].items():
        per = {}
        for name, results in entry["results"].items():
            speeds = [r["units_per_s"] for r in results]
            per[name] = statistics.median(speeds)
            cpu = [r["cpu_s"] for r in results]
            rows.append(
                f"| {int(units):,} | {name} | {_median(speeds)} | "
                f"{statistics.median(r['wall_s'] for r in results):.1f} | "
                f"{statistics.median(cpu):.1f} | "
                f"{max(r['rss_command_mb'] for r in results):.0f} / "
                f"{max(r['rss_parser_mb'] for r in results):.0f} |"
            )
        names = list(per)
        rows.append(f"| {int(units):,} | ratio | **{per[names[0]] / per[names[1]]:.2f}×** | | | |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
