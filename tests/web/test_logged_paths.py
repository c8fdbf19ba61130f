"""Tokens in ``/t/<token>/…`` paths never reach a log: real gunicorn and the development server."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from urllib.parse import quote

import pytest

from glossary.web.access_log import RedactTokens, redact
from tests.conftest import ROOT
from tests.web.servers import BIN, Service

# Starts gunicorn and the development server in subprocesses.
pytestmark = pytest.mark.slow

LOGGER_CLASS = "glossary.web.access_log.RedactingLogger"


def _visit(base: str, secret: str) -> None:
    """What Weblate does: list languages, look a text up; and one request that is refused."""
    for path in ("/tmserver/languages/", f"/tmserver/zh/en/unit/{quote('灣區通')}"):
        with urllib.request.urlopen(f"{base}/t/{secret}{path}") as response:
            assert response.status == 200
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/t/{secret}x/tmserver/languages/?q=%FF")
    refused.value.close()


@pytest.mark.parametrize("logger_class", [LOGGER_CLASS, None], ids=["logger-class", "default"])
def test_gunicorn_logs_no_token(private_service: Service, gunicorn, logger_class) -> None:
    options = ["--log-level", "debug"]
    if logger_class:
        # Log the raw URI and the credentials too: they must come out blank.
        options += ["--logger-class", logger_class]
        options += ["--access-logformat", '"%(r)s" %(s)s %(U)s %({raw_uri}e)s %({authorization}i)s']
    server = gunicorn(private_service.env, *options)
    _visit(server.base, private_service.reader)
    server.stop()
    logged = server.access_log.read_text() + server.error_log.read_text()
    assert private_service.reader not in logged
    assert logged.count("/t/[redacted]/tmserver/") >= 3, logged


def test_the_development_server_logs_no_token(private_service: Service) -> None:
    env, secret = private_service.env, private_service.reader
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [BIN / "glossary", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/static/glossary.js").close()
                break
            except OSError:
                time.sleep(0.05)
        _visit(f"http://127.0.0.1:{port}", secret)
    finally:
        server.terminate()
        logged = server.communicate(timeout=10)[1]
    assert secret not in logged
    assert logged.count("/t/[redacted]/tmserver/") >= 3, logged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /t/abc123/tmserver/ HTTP/1.1", "GET /t/[redacted]/tmserver/ HTTP/1.1"),
        ("/t/abc?x=1", "/t/[redacted]?x=1"),
        ('"GET /api/terms?q=/t/x HTTP/1.1"', '"GET /api/terms?q=/t/[redacted] HTTP/1.1"'),
        ("/tmserver/en/zh/unit/t", "/tmserver/en/zh/unit/t"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_the_filter_keeps_the_record_and_its_arguments_when_there_is_nothing_to_hide() -> None:
    import logging

    plain = logging.LogRecord(
        "x", logging.INFO, "f", 1, '"%s" %s', ("GET /api/ HTTP/1.1", 200), None
    )
    secret = logging.LogRecord(
        "x", logging.INFO, "f", 1, '"%s" %s', ("GET /t/s3cret/ HTTP/1.1", 200), None
    )
    assert RedactTokens().filter(plain) and plain.args == ("GET /api/ HTTP/1.1", 200)
    assert (
        RedactTokens().filter(secret) and secret.getMessage() == '"GET /t/[redacted]/ HTTP/1.1" 200'
    )
