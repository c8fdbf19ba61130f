"""A busy or unreachable database answers 503 with Retry-After, and reads never write."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from glossary.db import make_engine
from glossary.web import create_app
from tests.conftest import ROOT
from tests.helpers import assert_problem, bearer

UNIT = {
    "source": "灣區通",
    "target": "Bay Area Connect",
    "source_lang": "zh-Hant",
    "target_lang": "en",
}


@contextmanager
def another_writer(url: str) -> Iterator[None]:
    """Another client in the middle of a long write (an import, say)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(parsed.database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")  # the write lock, as an import holds it
        try:
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        # Every write appends to the change log; reads of it go on.
        connection.exec_driver_sql("LOCK TABLE change_log IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            connection.rollback()
    engine.dispose()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "LOCK_TIMEOUT": 0.3}


def _last_used(database_url: str, name: str):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        value = connection.execute(
            sa.text("SELECT last_used_at FROM api_token WHERE name = :n"), {"n": name}
        ).scalar()
    engine.dispose()
    return value


def test_a_write_behind_another_writer_gets_503_and_reads_go_on(
    client, tokens, database_url
) -> None:
    editor, reader = bearer(tokens["editor"]), bearer(tokens["reader"])
    assert client.post("/api/memories", json={"name": "m"}, headers=editor).status_code == 201
    with another_writer(database_url):
        response = client.post("/api/memories/m/units", json=UNIT, headers=editor)
        problem = assert_problem(response, 503)
        assert problem["type"] == "/problems/database-busy"
        assert int(response.headers["Retry-After"]) > 0
        # An authenticated read answers: checking a token does not write.
        with client.get("/api/memories/m/units", headers=reader) as read:
            assert read.status_code == 200
        page = client.post(
            "/api/memories/m/units", json=UNIT, headers={**editor, "Accept": "text/html"}
        )
        assert page.status_code == 503
    # Nothing half-written; the same write now goes through.
    assert client.get("/api/memories/m/units").get_json()["total"] == 0
    assert client.post("/api/memories/m/units", json=UNIT, headers=editor).status_code == 201


def test_a_token_use_is_noted_after_the_response(client, tokens, database_url) -> None:
    assert _last_used(database_url, "test admin") is None
    with client.get("/api/tokens", headers=bearer(tokens["admin"])) as response:
        assert response.status_code == 200
        assert _last_used(database_url, "test admin") is None  # not while answering
    assert _last_used(database_url, "test admin") is not None


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-folder/glossary.sqlite3",
        "postgresql+psycopg://postgres@127.0.0.1:5159/nothing-listens-here",
    ],
    ids=["sqlite file out of reach", "postgresql down"],
)
def test_an_unreachable_database_is_503_for_the_api_and_the_pages(url: str) -> None:
    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "t", "DATA_DIR": str(ROOT / "tm_data")}
    )
    client = app.test_client()
    for path in ("/api/concepts", "/api/terms?q=x", "/tmserver/en/zh/unit/abc"):
        response = client.get(path)
        assert assert_problem(response, 503)["type"] == "/problems/database-unreachable"
        assert int(response.headers["Retry-After"]) > 0
    page = client.get("/concepts", headers={"Accept": "text/html"})
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "Service Unavailable" in page.get_data(as_text=True)
    assert int(page.headers["Retry-After"]) > 0


def test_the_command_line_says_the_database_is_busy(database_url: str) -> None:
    from click.testing import CliRunner

    from glossary.web.cli import main

    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_LOCK_TIMEOUT": "0.3"}
    path = str(ROOT / "tests" / "data" / "policy.tmx")
    with another_writer(database_url):
        result = CliRunner().invoke(main, ["import", path, "--memory", "m"], env=env)
    assert result.exit_code == 1 and "the database is busy" in result.output, result.output
    assert CliRunner().invoke(main, ["import", path, "--memory", "m"], env=env).exit_code == 0
