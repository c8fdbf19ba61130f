"""PUT, PATCH and DELETE without If-Match are refused with 428 (RFC 6585), unless allowed."""

from __future__ import annotations

import pytest

from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer

UNIT = {
    "source": "灣區通",
    "target": "Bay Area Connect",
    "source_lang": "zh-Hant",
    "target_lang": "en",
}


@pytest.fixture
def urls(client, tokens) -> dict[str, str]:
    """One resource of every kind a client can change or delete."""
    editor = bearer(tokens["editor"])
    concept = client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=editor).get_json()
    client.post("/api/memories", json={"name": "m"}, headers=editor)
    unit = client.post("/api/memories/m/units", json=UNIT, headers=editor).get_json()
    token = client.post(
        "/api/tokens", json={"name": "spare", "role": "reader"}, headers=bearer(tokens["admin"])
    ).get_json()
    return {
        "concept": f"/api/concepts/{concept['id']}",
        "memory": "/api/memories/m",
        "unit": f"/api/memories/m/units/{unit['id']}",
        "token": f"/api/tokens/{token['id']}",
    }


def _requests(urls: dict[str, str]) -> list[tuple[str, str, dict | None]]:
    concept = {**BAY_AREA_CONNECT, "status": "review"}
    return [
        ("PUT", urls["concept"], concept),
        ("PATCH", urls["concept"], {"status": "review"}),
        ("DELETE", urls["concept"], None),
        ("PUT", urls["unit"], {**UNIT, "note": "n"}),
        ("DELETE", urls["unit"], None),
        ("PATCH", urls["memory"], {"description": "d"}),
        ("DELETE", urls["memory"], None),
        ("DELETE", urls["token"], None),
    ]


def test_every_change_without_if_match_is_428_and_changes_nothing(client, tokens, urls) -> None:
    admin = bearer(tokens["admin"])
    before = {name: client.get(url, headers=admin).get_data() for name, url in urls.items()}
    for method, url, body in _requests(urls):
        response = client.open(url, method=method, json=body, headers=admin)
        problem = assert_problem(response, 428)
        assert problem["type"] == "/problems/if-match-required", (method, url)
        assert "If-Match" in problem["detail"]
    after = {name: client.get(url, headers=admin).get_data() for name, url in urls.items()}
    assert after == before


def test_who_may_write_is_checked_first(client, tokens, urls) -> None:
    assert_problem(client.delete(urls["concept"]), 401)
    assert_problem(client.delete(urls["concept"], headers=bearer(tokens["reader"])), 403)


def test_the_etag_read_or_a_star_lets_the_change_through(client, tokens, urls) -> None:
    admin = bearer(tokens["admin"])
    for method, url, body in _requests(urls):
        etag = client.get(url, headers=admin).headers.get("ETag")
        match = etag if etag and method != "DELETE" else "*"
        response = client.open(url, method=method, json=body, headers={**admin, "If-Match": match})
        assert response.status_code in (200, 204), (method, url, response.get_data(as_text=True))


def test_the_document_asks_for_if_match(client) -> None:
    spec = client.get("/api/openapi.json").get_json()
    for path, method in [
        ("/api/concepts/{concept_id}", "patch"),
        ("/api/tokens/{token_id}", "delete"),
    ]:
        operation = spec["paths"][path][method]
        header = next(p for p in operation["parameters"] if p["name"] == "If-Match")
        assert header["in"] == "header" and header["required"] is True
        assert "428" in operation["responses"] and "412" in operation["responses"]


class TestWithoutTheRequirement:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "REQUIRE_IF_MATCH": False}

    def test_a_setting_allows_changes_without_if_match(self, client, tokens, urls) -> None:
        editor = bearer(tokens["editor"])
        response = client.patch(urls["concept"], json={"status": "review"}, headers=editor)
        assert response.status_code == 200
        assert client.delete(urls["unit"], headers=editor).status_code == 204
        spec = client.get("/api/openapi.json").get_json()
        patch = spec["paths"]["/api/concepts/{concept_id}"]["patch"]
        assert next(p for p in patch["parameters"] if p["name"] == "If-Match")["required"] is False
