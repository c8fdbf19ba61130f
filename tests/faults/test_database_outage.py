"""A PostgreSQL outage: every route answers 503 with Retry-After, and the service
comes back by itself once the database does (no restart).

The outage is made on a database of the test's own: it stops taking connections
(ALTER DATABASE … ALLOW_CONNECTIONS false) and its sessions are ended
(pg_terminate_backend), as a restart or failover would end them.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from glossary.db import make_engine
from glossary.store.schema import migrate
from tests.conftest import NO_POSTGRES, POSTGRES_URL
from tests.faults.conftest import gunicorn

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgresql,
    pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES),
]


@pytest.fixture
def own_database() -> Iterator[tuple[str, sa.Engine]]:
    """(URL of a new, migrated database, an engine on the server's maintenance database)."""
    assert POSTGRES_URL
    name = f"glossary_outage_{secrets.token_hex(4)}"
    admin = make_engine(
        sa.make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    try:
        yield url, admin
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _outage(admin: sa.Engine, name: str, *, down: bool) -> None:
    with admin.connect() as connection:
        connection.exec_driver_sql(
            f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"false" if down else "true"}'
        )
        if down:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )


# Routes that read the database. (Term search, and a TM lookup with nothing to fetch,
# answer from the worker's indexes without it, and go on answering through an outage.)
ROUTES = ["/api/concepts", "/api/memories", "/api/concepts?status=approved"]


def test_an_outage_is_503_with_retry_after_then_recovers(own_database, tmp_path) -> None:
    url, admin = own_database
    name = sa.make_url(url).database
    with gunicorn(url, tmp_path / "index") as server:
        for path in ROUTES:
            assert server.request(path)[0] == 200, path
        _outage(admin, name, down=True)
        try:
            for path in ROUTES:
                status, headers, body = server.request(path)
                assert status == 503, (path, body)
                assert headers["Content-Type"] == "application/problem+json"
                problem = json.loads(body)
                assert problem["status"] == 503 and problem["detail"]
                assert int(headers["Retry-After"]) > 0
            # A write (its token is checked against the database first).
            write = server.request(
                "/api/memories",
                method="POST",
                body=b'{"name": "m"}',
                headers={"Authorization": "Bearer glo_x", "Content-Type": "application/json"},
            )
            assert write[0] == 503 and int(write[1]["Retry-After"]) > 0
            status, headers, body = server.request("/concepts", headers={"Accept": "text/html"})
            assert status == 503 and headers["Content-Type"].startswith("text/html")
            assert b"Service Unavailable" in body and int(headers["Retry-After"]) > 0
        finally:
            _outage(admin, name, down=False)
        # Back without a restart: the pool replaces the connections that were cut.
        for path in ROUTES:
            assert server.request(path)[0] == 200, path
