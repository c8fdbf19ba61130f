"""`glossary serve` reads raw UTF-8 in a request line as UTF-8, as curl sends it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary.web.devserver import escape_raw_bytes
from tests.conftest import ROOT
from tests.helpers import free_port

# Starts the development server in a subprocess over the shipped term base.
pytestmark = pytest.mark.slow


def test_raw_bytes_are_percent_encoded_ascii_kept() -> None:
    raw = "GET /api/terms?q=灣區&mode=prefix HTTP/1.1\r\n".encode()
    assert escape_raw_bytes(raw) == b"GET /api/terms?q=%E7%81%A3%E5%8D%80&mode=prefix HTTP/1.1\r\n"
    assert escape_raw_bytes(b"GET /a%20b?q=x+y HTTP/1.1") == b"GET /a%20b?q=x+y HTTP/1.1"


def _raw_get(port: int, target: bytes) -> tuple[int, bytes]:
    """GET with the request line sent as these bytes, as curl does with unescaped UTF-8."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """`glossary init` and `glossary serve` as a user runs them, on a free port."""
    folder: Path = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "GLOSSARY_DATABASE_URL": f"sqlite:///{folder / 'glossary.sqlite3'}",
        "GLOSSARY_SECRET_KEY": "serve-test",
    }
    command = [str(Path(sys.executable).parent / "glossary")]
    subprocess.run([*command, "init"], env=env, check=True, capture_output=True, cwd=ROOT)
    port = free_port()
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(10)


def test_raw_utf8_query_string_finds_the_term(served) -> None:
    status, body = _raw_get(served, "/api/terms?q=灣區&mode=prefix&lang=zh-Hant-HK,en".encode())
    assert status == 200
    found = json.loads(body)
    assert found["query"] == "灣區"
    assert "灣區通" in [item["matched"]["text"] for item in found["items"]]


def test_raw_utf8_path_reaches_the_tmserver_route(served) -> None:
    # A segment of the shipped memory, in Simplified.
    status, body = _raw_get(
        served, "/tmserver/zh_hans/en/unit/深圳将深入实施“湾区通”工程。".encode()
    )
    assert status == 200
    assert [m["target"] for m in json.loads(body)][:1] == [
        "Shenzhen will fully implement the Bay Area Connect project."
    ]
