"""Over real gunicorn (with the limits gunicorn.conf.py gives it): long or non-UTF-8 requests
get the app's problem+json; only what passes gunicorn's own, larger limits gets its HTML page."""

from __future__ import annotations

import http.client
import json
from urllib.parse import quote, urlsplit

import pytest

from tests.web.servers import GENEROUS_LIMITS, Service

# Starts gunicorn in a subprocess for each case.
pytestmark = pytest.mark.slow


def _get(base: str, target: str, headers: dict[str, str]) -> tuple[int, str, object]:
    """A GET of ``target`` exactly as written (http.client sends the bytes unchanged)."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    kind = response.getheader("Content-Type", "")
    return response.status, kind, json.loads(body) if "json" in kind else body.decode("latin-1")


@pytest.fixture
def server(private_service: Service, gunicorn):  # type: ignore[no-untyped-def]
    server = gunicorn(private_service.env, *GENEROUS_LIMITS)
    token = {"Authorization": f"Bearer {private_service.reader}"}
    return lambda target, **headers: _get(server.base, target, {**token, **headers})


def test_a_lookup_of_2000_chinese_characters_in_the_path(server) -> None:
    target = "/tmserver/zh/en/unit/" + quote("灣區通工程" * 400)
    assert len(target) > 8190  # past what gunicorn's own limit could ever allow
    status, kind, body = server(target)
    assert (status, kind, body) == (200, "application/json; charset=utf-8", [])


@pytest.mark.parametrize(
    ("target", "headers", "status"),
    [
        ("/api/terms?q=" + "a" * 40_000, {}, 414),
        ("/api/terms?q=x", {"X-Long": "x" * 10_000}, 431),
        ("/api/terms?q=x", {f"X-Filler-{i}": "x" for i in range(120)}, 431),
        ("/api/terms?q=%FF%FE", {}, 400),
        ("/tmserver/en/zh/unit/%FF%FE", {}, 400),
        ("/concepts/%C3", {"Accept": "application/json"}, 400),
    ],
    ids=["long-url", "long-header", "many-headers", "query-not-utf8", "path-not-utf8", "page"],
)
def test_the_app_answers_as_problem_json(server, target: str, headers: dict, status: int) -> None:
    got, kind, body = server(target, **headers)
    assert (got, kind) == (status, "application/problem+json")
    assert body["status"] == status and body["detail"]


def test_past_gunicorns_own_limit_its_html_remains(server) -> None:
    status, kind, _ = server("/api/terms?q=x", **{"X-Huge": "x" * 40_000})
    assert (status, kind) == (431, "text/html")
