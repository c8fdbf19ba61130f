"""Fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL runs when GLOSSARY_TEST_POSTGRES_URL names a database (CI sets it);
each test session migrates its own schema there, so parallel runs do not meet,
and each test starts from empty tables. Without the variable those tests skip
and say why.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from glossary.db import make_engine, make_sessionmaker
from glossary.models import Base
from glossary.store.schema import migrate
from glossary.store.tokens import create_token

ROOT = Path(__file__).resolve().parent.parent


def _find_shared() -> Path:
    """../shared beside the checkout (or beside a folder above it, for worktrees)."""
    if os.environ.get("GLOSSARY_SHARED_DIR"):
        return Path(os.environ["GLOSSARY_SHARED_DIR"])
    for folder in ROOT.parents:
        if (folder / "shared" / "external").is_dir():
            return folder / "shared"
    return ROOT.parent / "shared"


SHARED = _find_shared()
POSTGRES_URL = os.environ.get("GLOSSARY_TEST_POSTGRES_URL")
NO_POSTGRES = "GLOSSARY_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped"

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[pytest.mark.postgresql, pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)],
    ),
]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test gets a copy (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "glossary.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A freshly migrated schema of its own in the PostgreSQL test database."""
    assert POSTGRES_URL
    schema = f"test_{secrets.token_hex(4)}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = (
        sa.make_url(POSTGRES_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    yield url
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


def _empty_postgres(url: str) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated database: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "glossary.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    _empty_postgres(url)
    return url


@pytest.fixture
def backend(database_url: str) -> str:
    return sa.make_url(database_url).get_backend_name()


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, object]:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test",
        "PUBLIC_READ": True,
        "DATA_DIR": str(ROOT / "tm_data"),
        # Index generations in the test's own folder, built in the request that needs one.
        "INDEX_DIR": str(tmp_path / "index"),
        "INDEX_BUILD": "inline",
    }


def dispose_app(app: Flask) -> None:
    """Stop what an app started: its live listener thread and its connections."""
    from glossary.web.database import database

    hub = app.extensions.get("glossary.live")
    if hub is not None:
        hub.close()
    database(app).engine.dispose()


@pytest.fixture
def app(app_config: dict[str, object]) -> Iterator[Flask]:
    from glossary.web import create_app

    app = create_app(app_config)
    yield app
    dispose_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def tokens(database_url: str) -> dict[str, str]:
    """One secret per role, as ``{"reader": ..., "editor": ..., "admin": ...}``."""
    engine = make_engine(database_url)
    secrets_by_role = {}
    with make_sessionmaker(engine).begin() as session:
        for role in ("reader", "editor", "admin"):
            secrets_by_role[role] = create_token(session, f"test {role}", role)[1]
    engine.dispose()
    return secrets_by_role
