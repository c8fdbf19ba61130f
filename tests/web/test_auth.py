"""Who may do what: public reads, editor writes, admin token management."""

import pytest

from tests.helpers import BAY_AREA_CONNECT, assert_problem, bearer


def test_write_without_token_is_401_problem(client) -> None:
    response = client.post("/api/concepts", json=BAY_AREA_CONNECT)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_reader_cannot_write(client, tokens) -> None:
    response = client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["reader"]))
    assert "editor" in assert_problem(response, 403)["detail"]


def test_unknown_token_is_refused_even_on_public_reads(client) -> None:
    assert_problem(client.get("/api/concepts", headers=bearer("glo_nope")), 401)


def test_basic_auth_carries_the_token_as_password(client, tokens) -> None:
    import base64

    credentials = base64.b64encode(f"anyone:{tokens['editor']}".encode()).decode()
    response = client.post(
        "/api/concepts", json=BAY_AREA_CONNECT, headers={"Authorization": f"Basic {credentials}"}
    )
    assert response.status_code == 201


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUBLIC_READ": "off"}


def test_private_reads_need_a_reader(client, tokens) -> None:
    assert_problem(client.get("/api/concepts"), 401)
    assert client.get("/api/concepts", headers=bearer(tokens["reader"])).status_code == 200


def test_token_management_needs_an_admin(client, tokens) -> None:
    assert_problem(client.get("/api/tokens", headers=bearer(tokens["editor"])), 403)
    created = client.post(
        "/api/tokens", json={"name": "weblate", "role": "reader"}, headers=bearer(tokens["admin"])
    )
    assert created.status_code == 201
    secret = created.get_json()["token"]
    assert client.get("/api/concepts", headers=bearer(secret)).status_code == 200
    listing = client.get("/api/tokens", headers=bearer(tokens["admin"])).get_json()["items"]
    assert "weblate" in [t["name"] for t in listing]
    assert all("token" not in t for t in listing)
    token_id = created.get_json()["id"]
    revoked = client.delete(
        f"/api/tokens/{token_id}", headers={**bearer(tokens["admin"]), "If-Match": "*"}
    )
    assert revoked.get_json()["revoked_at"] is not None
    assert_problem(client.get("/api/concepts", headers=bearer(secret)), 401)
