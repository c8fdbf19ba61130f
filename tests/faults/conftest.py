"""Fixtures for fault tests: a large TMX file, real processes, and ways to see what they hold.

These tests run the real command line and a real gunicorn against SQLite and
PostgreSQL, kill them with SIGKILL and cut the database off, then check that
nothing partial is left and that the service recovers by itself.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from glossary.db import make_engine
from glossary.formats.tmx import write_tmx
from glossary.records import UnitRecord
from tests.conftest import ROOT
from tests.helpers import free_port

GLOSSARY = Path(sys.executable).with_name("glossary")
# Enough units that an import takes seconds even on a fast machine, and a file
# large enough to be parsed by a second process.
BIG_UNITS = 100_000


@pytest.fixture(scope="session")
def big_tmx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A zh→en TMX file of BIG_UNITS distinct units (about 17 MB)."""
    rng = random.Random(13)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]

    def units() -> Iterator[UnitRecord]:
        for i in range(BIG_UNITS):
            zh = "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 60)))
            yield UnitRecord(zh, f"Sentence number {i} of the policy report.", "zh-Hans", "en")

    path = tmp_path_factory.mktemp("faults") / "big.tmx"
    with path.open("wb") as stream:
        write_tmx(units(), stream, srclang="zh-Hans")
    return path


def named(url: str, application_name: str) -> str:
    """``url`` with an application name PostgreSQL shows in pg_stat_activity."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    return parsed.update_query_dict({"application_name": application_name}).render_as_string(
        hide_password=False
    )


def command_env(url: str) -> dict[str, str]:
    return {**os.environ, "GLOSSARY_DATABASE_URL": url, "GLOSSARY_SECRET_KEY": "test"}


def start_import(url: str, path: Path, memory: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(GLOSSARY), "import", str(path), "--memory", memory],
        env=command_env(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@contextmanager
def running(process: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    """The process, killed (if it still runs) and reaped when the block ends."""
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (and that still run)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for(what: str, check: Callable[[], object], timeout: float = 60.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


def writing(url: str, application_name: str) -> Callable[[], bool]:
    """A check: does a client hold an open transaction that has written something?

    SQLite: another connection cannot take the write lock. PostgreSQL: a backend
    of that application name has a transaction id.
    """
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database

        def sqlite_check() -> bool:
            connection = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                connection.close()

        return sqlite_check

    def postgres_check() -> bool:
        return bool(backends(url, application_name, writing_only=True))

    return postgres_check


def backends(url: str, application_name: str, *, writing_only: bool = False) -> list[tuple]:
    """PostgreSQL backends of that application name: (pid, state)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            query = "SELECT pid, state FROM pg_stat_activity WHERE application_name = :name" + (
                " AND backend_xid IS NOT NULL" if writing_only else ""
            )
            return list(connection.execute(sa.text(query), {"name": application_name}))
    finally:
        engine.dispose()


def count(url: str, table: str, where: str = "") -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(f"SELECT count(*) FROM {table} {where}")).scalar()
    finally:
        engine.dispose()


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


# -- a real gunicorn -----------------------------------------------------------


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body); HTTP errors are answers too."""
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers), error.read()

    def workers(self) -> list[int]:
        return children(self.process.pid)


@contextmanager
def gunicorn(url: str, index_dir: Path, *, timeout: int = 120) -> Iterator[Server]:
    """gunicorn as the README runs it (gunicorn.conf.py), with one worker over ``url``
    and its index generations in ``index_dir``; stopped when the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            str(timeout),
            "wsgi:app",
        ],  # fmt: skip
        cwd=ROOT,
        env={
            **command_env(url),
            "GLOSSARY_DATA_DIR": str(ROOT / "tm_data"),
            "GLOSSARY_INDEX_DIR": str(index_dir),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        wait_for("gunicorn to answer", lambda: _answers(server), timeout=60)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        process.communicate()


def _answers(server: Server) -> bool:
    if server.process.poll() is not None:
        raise AssertionError(f"gunicorn ended: {server.process.stderr.read().decode()}")
    try:
        return server.request("/api/openapi.json", timeout=5)[0] == 200
    except OSError:
        return False
