"""wrk for scripts/bench_serving.py: one Lua script per route, rotating through its requests,
and the numbers wrk prints, parsed.

Every route, the bare endpoint included, goes through the same Lua ``request`` function, so
the load generator does the same work for each.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from serving_servers import Request

LUA = """-- {name}: {count} requests, sent in turn
local requests = {{
{rows}
}}
local i = 0
request = function()
  i = i % #requests + 1
  local r = requests[i]
  if r[3] then
    return wrk.format(r[1], r[2], {{["Content-Type"] = "application/json"}}, r[3])
  end
  return wrk.format(r[1], r[2])
end
"""
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkRun:
    """One wrk run against one route."""

    route: str
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int
    worker_cpu_ms: float = 0.0  # the server's workers' CPU over the run
    worker_faults: int = 0  # and their minor page faults

    @property
    def cpu_us_per_request(self) -> float:
        return 1000 * self.worker_cpu_ms / self.requests if self.requests else 0.0

    @property
    def faults_per_request(self) -> float:
        return self.worker_faults / self.requests if self.requests else 0.0


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    return path


def wrk_version() -> str:
    result = subprocess.run([wrk_path(), "-v"], capture_output=True, text=True, check=False)
    return (result.stdout + result.stderr).splitlines()[0].strip()


def lua_string(text: str) -> str:
    """A Lua string literal for ASCII text (paths are percent-encoded, bodies JSON-escaped)."""
    assert text.isascii(), text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_script(folder: Path, name: str, requests: list[Request]) -> Path:
    rows = []
    for r in requests:
        body = lua_string(r.body.decode()) if r.body is not None else "nil"
        rows.append(f"  {{{lua_string(r.method)}, {lua_string(r.path)}, {body}}},")
    path = folder / f"wrk-{name}.lua"
    path.write_text(LUA.format(name=name, count=len(requests), rows="\n".join(rows)))
    return path


def run_wrk(
    route: str, port: int, script: Path, *, threads: int, connections: int, seconds: int
) -> WrkRun:
    argv = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=10s",
        "--latency",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}/",
    ]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=seconds + 60)
    if result.returncode != 0:
        raise SystemExit(f"wrk failed on {route}: {result.stderr or result.stdout}")
    return parse(route, result.stdout)


def parse(route: str, out: str) -> WrkRun:
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+),", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if done is None or rate is None:
        raise SystemExit(f"wrk printed no totals for {route}:\n{out}")
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return WrkRun(
        route,
        int(done.group(1)),
        _ms(done.group(2) + done.group(3)) / 1000,
        float(rate.group(1)),
        _ms(latency["50"]) if "50" in latency else float("nan"),
        _ms(latency["99"]) if "99" in latency else float("nan"),
        int(non_2xx.group(1)) if non_2xx else 0,
        sum(int(n) for n in errors.groups()) if errors else 0,
    )


def _ms(value: str) -> float:
    number = re.match(r"[\d.]+", value)
    assert number is not None, value
    return float(number.group()) * UNITS[value[number.end() :]]
