"""Every error answers with the same problem+json shape."""

import pytest

from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer


def test_404(client) -> None:
    assert_problem(client.get("/api/nowhere"), 404)
    assert_problem(client.get("/api/concepts/12345"), 404)


def test_405_lists_allowed_methods(client) -> None:
    response = client.delete("/api/openapi.json")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_415_for_a_body_that_is_not_json(client, tokens) -> None:
    response = client.post(
        "/api/concepts", data="terms=x", content_type="text/plain", headers=bearer(tokens["editor"])
    )
    assert "application/json" in assert_problem(response, 415)["detail"]


def test_400_for_malformed_json(client, tokens) -> None:
    response = client.post(
        "/api/concepts", data="{", content_type="application/json", headers=bearer(tokens["editor"])
    )
    assert_problem(response, 400)


def test_422_lists_errors(client, tokens) -> None:
    response = client.post("/api/concepts", json={"terms": []}, headers=bearer(tokens["editor"]))
    body = assert_problem(response, 422)
    assert body["type"] == "/problems/validation" and body["errors"]


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAX_UPLOAD_MB": 0.001}  # about 1 KB


def test_413_for_a_body_too_large(client, tokens) -> None:
    body = dict(BAY_AREA_CONNECT, notes={"en": "x" * 5000})
    response = client.post("/api/concepts", json=body, headers=bearer(tokens["editor"]))
    assert_problem(response, 413)


def test_500_is_a_problem_too(app, client) -> None:
    @app.get("/api/boom")
    def boom():
        raise RuntimeError("boom")

    body = assert_problem(client.get("/api/boom"), 500)
    assert "boom" not in body["detail"]  # no internals leak
