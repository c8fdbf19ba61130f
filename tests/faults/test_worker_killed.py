"""kill -9 of a gunicorn worker in the middle of an API import: nothing of the
import is left, and the next import (served by the worker gunicorn starts in
its place) goes through, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
import uuid

import pytest

from glossary.db import make_engine, make_sessionmaker
from glossary.store.tokens import create_token
from tests.faults.conftest import (
    BIG_UNITS,
    count,
    gunicorn,
    kill,
    named,
    wait_for,
    writing,
)

pytestmark = pytest.mark.slow


def _editor_token(url: str) -> str:
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        secret = create_token(session, "importer", "editor")[1]
    engine.dispose()
    return secret


def test_worker_killed_mid_import_leaves_nothing_and_the_next_import_works(
    database_url: str, big_tmx, tmp_path
) -> None:
    name = f"worker-{uuid.uuid4().hex[:8]}"
    secret = _editor_token(database_url)
    headers = {
        "Authorization": f"Bearer {secret}",
        "Content-Type": "application/x-tmx+xml",
    }
    body = big_tmx.read_bytes()
    with gunicorn(named(database_url, name), tmp_path / "index") as server:
        first_worker = server.workers()[0]
        answers: list[object] = []

        def upload() -> None:
            try:
                answers.append(
                    server.request(
                        "/api/memories/big/import", method="POST", body=body, headers=headers
                    )
                )
            except OSError as exc:  # the worker died with the connection open
                answers.append(exc)

        uploading = threading.Thread(target=upload)
        uploading.start()
        wait_for("the import to write", writing(database_url, name))
        kill(first_worker)
        uploading.join(timeout=60)
        assert answers and isinstance(answers[0], OSError), answers
        assert count(database_url, "translation_unit") == 0
        assert count(database_url, "memory") == 0

        wait_for("a new worker", lambda: [w for w in server.workers() if w != first_worker])
        status, _, report = server.request(
            "/api/memories/big/import", method="POST", body=body, headers=headers, timeout=300
        )
        assert status == 200, report
        assert json.loads(report)["taken"] == BIG_UNITS
    assert count(database_url, "translation_unit") == BIG_UNITS
