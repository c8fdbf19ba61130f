"""gunicorn for scripts/bench_serving.py: start it in its own process group, see its workers
warm up, read their memory and CPU from /proc, and stop it whatever happens.
"""

from __future__ import annotations

import http.client
import os
import re
import runpy
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gunicorn.config import KNOWN_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONFIG = ROOT / "gunicorn.conf.py"
WARM = re.compile(r"worker (\d+) warm in ([\d.]+) s")
GENERATION = re.compile(r"index generation (\S+) current \(([\d.]+) s\)")
BOOTED = re.compile(r"Booting worker with pid: (\d+)")
TICK = os.sysconf("SC_CLK_TCK")


# The shipped file's settings that are the glossary app's own: where it listens, which app.
NOT_FOR_THE_BARE_APP = {"bind", "wsgi_app"}


def shipped_settings(env: dict[str, str]) -> dict[str, Any]:
    """Every gunicorn setting the shipped gunicorn.conf.py makes under ``env``, read from the
    file itself, except its hooks (they warm the glossary app) and NOT_FOR_THE_BARE_APP."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        conf = runpy.run_path(str(CONFIG))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    known = {setting.name for setting in KNOWN_SETTINGS}
    return {
        name: value
        for name, value in sorted(conf.items())
        if name in known and name not in NOT_FOR_THE_BARE_APP and not callable(value)
    }


def write_bare_config(settings: dict[str, Any], path: Path) -> Path:
    """A gunicorn config file with the same settings, for the bare app."""
    lines = [f"{name} = {value!r}" for name, value in settings.items()]
    path.write_text(
        "# The shipped gunicorn.conf.py's settings, without its hooks.\n" + "\n".join(lines) + "\n"
    )
    return path


@dataclass
class Memory:
    """One process's /proc/PID/smaps_rollup, MB."""

    pid: int
    rss: float
    pss: float
    pss_anon: float
    pss_file: float


def memory_of(pid: int) -> Memory:
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return Memory(pid, fields["Rss"], fields["Pss"], fields["Pss_Anon"], fields["Pss_File"])


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (field 3 on)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2 :].split()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def minor_faults(pids: list[int]) -> int:
    """Minor page faults of these processes so far (pages the kernel mapped in, zeroed
    or from the page cache, without reading a disk)."""
    return sum(int(_stat(pid)[7]) for pid in pids)  # minflt


class Server:
    """One gunicorn master and its workers, in a process group of their own."""

    def __init__(
        self, name: str, argv: list[str], env: dict[str, str], port: int, log: Path, cwd: Path
    ):
        self.name, self.argv, self.env, self.port, self.log = name, argv, env, port, log
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0

    def start(self) -> None:
        if not port_is_free(self.port):
            raise SystemExit(f"port {self.port} is taken: pass another --port")
        with self.log.open("wb") as out:
            self.started_at = time.perf_counter()
            self.process = subprocess.Popen(
                self.argv,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        """TERM to the whole group (workers, any index builder they started), KILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return sorted(int(c) for c in children)

    def wait_ready(self, workers: int, pattern: re.Pattern[str], timeout: float) -> float:
        """Seconds from start until ``workers`` lines match ``pattern`` and the port answers."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} gunicorn exited:\n{self.text()[-3000:]}")
            if len(pattern.findall(self.text())) >= workers and _answers(self.port):
                return time.perf_counter() - self.started_at
            time.sleep(0.05)
        raise SystemExit(
            f"{self.name} gunicorn not ready in {timeout:.0f} s:\n{self.text()[-3000:]}"
        )


@contextmanager
def running(
    server: Server, workers: int, pattern: re.Pattern[str], timeout: float
) -> Iterator[float]:
    """Start ``server``, wait until its workers are ready, yield the seconds that took; stop it."""
    try:
        server.start()
        yield server.wait_ready(workers, pattern, timeout)
    finally:
        server.stop()


def glossary_server(workers: int, env: dict[str, str], port: int, log: Path) -> Server:
    env = {**env, "GLOSSARY_WORKERS": str(workers), "GLOSSARY_BIND": f"127.0.0.1:{port}"}
    argv = [str(BIN / "gunicorn"), "-c", str(CONFIG)]
    return Server("glossary", argv, env, port, log, ROOT)


def bare_server(settings: dict[str, Any], port: int, log: Path) -> Server:
    config = write_bare_config(settings, log.with_suffix(".conf.py"))
    argv = [str(BIN / "gunicorn"), "-c", str(config), f"--bind=127.0.0.1:{port}", "bare_app:app"]
    # From scripts/, where bare_app.py is.
    return Server("bare", argv, dict(os.environ), port, log, ROOT / "scripts")


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# -- requests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None

    def send(self, connection: http.client.HTTPConnection) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"} if self.body is not None else {}
        connection.request(self.method, self.path, body=self.body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()


@dataclass
class Burst:
    """Requests of one route sent at once, each on a fresh connection: ms and statuses."""

    route: str
    requests: int
    max_ms: float
    median_ms: float
    statuses: dict[str, int]


def burst(port: int, route: str, requests: list[Request]) -> Burst:
    """Send every request at the same moment on its own new connection."""
    gate = threading.Barrier(len(requests))
    times: list[float] = [0.0] * len(requests)
    statuses: list[str] = [""] * len(requests)

    def one(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        gate.wait()
        started = time.perf_counter()
        try:
            status, _ = requests[i].send(connection)
            statuses[i] = str(status)
        except (OSError, http.client.HTTPException) as exc:
            statuses[i] = type(exc).__name__
        times[i] = (time.perf_counter() - started) * 1000
        connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    return Burst(route, len(requests), max(times), statistics.median(times), counts)


def sequential(port: int, requests: list[Request]) -> tuple[list[float], dict[str, int]]:
    """Each request after the previous one on one kept-alive connection: ms each, statuses."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times, statuses = [], {}
    try:
        for request in requests:
            started = time.perf_counter()
            try:
                status: int | str = request.send(connection)[0]
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            times.append((time.perf_counter() - started) * 1000)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
    finally:
        connection.close()
    return times, statuses
