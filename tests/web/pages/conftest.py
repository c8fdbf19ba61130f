"""Helpers for page tests: HTML parsing, CSRF tokens and signing in."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tests.helpers import BAY_AREA_CONNECT, bearer


def soup(response) -> BeautifulSoup:
    assert response.mimetype == "text/html", response.mimetype
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_from(page) -> str:
    field = soup(page).select_one('input[name="csrf_token"]')
    assert field is not None
    return field["value"]


def sign_in(client: FlaskClient, secret: str) -> None:
    form = client.get("/signin")
    response = client.post("/signin", data={"token": secret, "csrf_token": csrf_from(form)})
    assert response.status_code == 303, response.get_data(as_text=True)


@pytest.fixture
def concept_id(client, tokens) -> int:
    response = client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    assert response.status_code == 201
    return response.get_json()["id"]


@pytest.fixture
def memory_units(client, tokens) -> list[dict]:
    """A small memory of policy sentences, written through the API."""
    headers = bearer(tokens["editor"])
    assert client.post("/api/memories", json={"name": "policy"}, headers=headers).status_code == 201
    units = [
        (
            "深入實施「灣區通」工程，加強基礎設施「硬聯通」",
            "Fully implement the Bay Area Connect project and strengthen hard connectivity of infrastructure",
        ),
        (
            "2024年深圳外貿出口實現「32連冠」",
            "In 2024 Shenzhen was the top exporter for 32 consecutive years",
        ),
        (
            "加快建設前海深港現代服務業合作區",
            "Speed up the building of the Qianhai Shenzhen-Hong Kong Modern Service Industry Cooperation Zone",
        ),
    ]
    created = []
    for source, target in units:
        response = client.post(
            "/api/memories/policy/units",
            json={
                "source": source,
                "target": target,
                "source_lang": "zh-Hant",
                "target_lang": "en",
            },
            headers=headers,
        )
        assert response.status_code == 201, response.get_json()
        created.append(response.get_json())
    return created
