"""Real servers for tests: gunicorn and ``glossary serve`` on a private SQLite service."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from glossary.db import make_engine, make_sessionmaker
from glossary.store.tokens import create_token
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
# What the request-size checks need from gunicorn: room above the app's own limits
# (glossary.web.request_limits), so that the app answers them as problem+json.
GENEROUS_LIMITS = [
    "--limit-request-line",
    "0",
    "--limit-request-field_size",
    "32768",
    "--limit-request-fields",
    "200",
]


@dataclass
class Service:
    env: dict[str, str]
    reader: str  # a reader token's secret


@pytest.fixture
def private_service(sqlite_template: Path, tmp_path: Path) -> Service:
    """A service on a fresh SQLite file whose reads need a token."""
    path = tmp_path / "glossary.sqlite3"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with make_sessionmaker(engine).begin() as session:
        secret = create_token(session, "weblate", "reader")[1]
    engine.dispose()
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "GLOSSARY_DATABASE_URL": f"sqlite:///{path}",
        "GLOSSARY_SECRET_KEY": "server-test",
        "GLOSSARY_PUBLIC_READ": "off",
    }
    return Service(env, secret)


@dataclass
class Gunicorn:
    process: subprocess.Popen
    base: str
    access_log: Path
    error_log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[object]:
    """``gunicorn(env, *options)`` starts gunicorn on a free port and waits for its worker."""
    started: list[Gunicorn] = []

    def start(env: dict[str, str], *options: str) -> Gunicorn:
        access, errors = tmp_path / "access.log", tmp_path / "error.log"
        command = [str(BIN / "gunicorn"), "--bind", "127.0.0.1:0", "--workers", "1"]
        # No control socket: its default path in $HOME is shared by every gunicorn here.
        command.append("--no-control-socket")
        command += ["--access-logfile", str(access), "--error-logfile", str(errors)]
        process = subprocess.Popen([*command, *options, "wsgi:app"], cwd=ROOT, env=env)
        server = Gunicorn(process, "", access, errors)
        started.append(server)
        port = _wait_for(r"Listening at: http://127\.0\.0\.1:(\d+)", errors, process)[1]
        _wait_for(r"Booting worker", errors, process)
        server.base = f"http://127.0.0.1:{port}"
        return server

    yield start
    for server in started:
        server.stop()


def _wait_for(pattern: str, log: Path, process: subprocess.Popen) -> re.Match[str]:
    for _ in range(600):
        if m := re.search(pattern, log.read_text(errors="replace") if log.exists() else ""):
            return m
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"gunicorn did not start: {log.read_text(errors='replace')}")
