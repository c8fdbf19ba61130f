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
