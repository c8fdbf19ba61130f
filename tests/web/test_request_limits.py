"""Requests too long, or not UTF-8, are refused as problem+json before any view runs."""

from __future__ import annotations

from urllib.parse import quote, unquote_to_bytes

import pytest

from glossary.web.request_limits import MAX_HEADER_FIELD, MAX_HEADER_FIELDS, MAX_TARGET
from tests.helpers import assert_problem, bearer


@pytest.mark.parametrize(
    "path",
    [
        "/api/terms?q=%FF%FE",
        "/api/terms?q=%E7%81",  # a character cut short
        "/api/concepts?subject_field=ok&x=%C0%AF",  # an overlong "/"
        "/tmserver/en/zh/unit/?source=%FF",
        "/api/nowhere?q=%FF",
    ],
)
def test_bytes_that_are_not_utf8_are_refused(client, path: str) -> None:
    body = assert_problem(client.get(path), 400)
    assert body["type"] == "/problems/not-utf-8"
    assert "UTF-8" in body["detail"]


@pytest.mark.parametrize(
    "path", ["/tmserver/en/zh/unit/%FF%FE", "/t/%FF/tmserver/languages/", "/concepts/%C3"]
)
def test_paths_that_are_not_utf8_are_refused(client, path: str) -> None:
    # As a WSGI server passes it (PEP 3333): the decoded bytes as Latin-1. (Werkzeug's
    # test client would turn %FF into U+FFFD before the app saw it.)
    raw = unquote_to_bytes(path).decode("latin-1")
    response = client.get(path, environ_overrides={"PATH_INFO": raw, "RAW_URI": path})
    assert assert_problem(response, 400)["type"] == "/problems/not-utf-8"


def test_also_on_writes_and_before_authentication(client, tokens) -> None:
    assert_problem(client.post("/api/annotate?lang=%FF", json={"text": "灣區通"}), 400)
    response = client.post("/api/concepts?x=%FF", json={}, headers=bearer("not a token"))
    assert_problem(response, 400)


def test_pages_answer_with_a_page(client) -> None:
    response = client.get("/?q=%FF%FE", headers={"Accept": "text/html"})
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "UTF-8" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/terms?q=%E7%81%A3%E5%8D%80%E9%80%9A", "/?q=%F0%A0%80%80"])
def test_utf8_passes(client, path: str) -> None:
    assert client.get(path).status_code == 200


def test_an_over_long_url_is_414(client) -> None:
    response = client.get("/api/terms?q=" + "a" * MAX_TARGET)
    assert "at most" in assert_problem(response, 414)["detail"]


def test_a_tmserver_lookup_of_2000_chinese_characters_fits(client) -> None:
    text = quote("灣區通工程" * 400)
    assert len(text) > 8190  # past gunicorn's own longest request line
    response = client.get(f"/tmserver/zh/en/unit/{text}")
    assert response.status_code == 200, response.get_data(as_text=True)


def test_too_many_header_fields_is_431(client) -> None:
    headers = {f"X-Filler-{i}": "x" for i in range(MAX_HEADER_FIELDS + 1)}
    assert_problem(client.get("/api/concepts", headers=headers), 431)


def test_an_over_long_header_field_is_431(client) -> None:
    response = client.get("/api/concepts", headers={"X-Long": "x" * MAX_HEADER_FIELD})
    assert "X-Long" in assert_problem(response, 431)["detail"]
