"""kill -9 of `glossary import` mid-way: nothing of it stays, nothing it started lives on,
and the next import goes through at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from tests.faults.conftest import (
    BIG_UNITS,
    alive,
    backends,
    children,
    count,
    kill,
    named,
    running,
    start_import,
    wait_for,
    writing,
)

pytestmark = pytest.mark.slow


def test_kill_9_mid_import_then_import_again(database_url: str, backend: str, big_tmx) -> None:
    name = f"import-{uuid.uuid4().hex[:8]}"
    url = named(database_url, name)
    with running(start_import(url, big_tmx, "big")) as importer:
        parser = wait_for("the parser process", lambda: children(importer.pid))[0]
        wait_for("the import to write", writing(database_url, name))
        assert importer.poll() is None, "the import ended before it could be killed"
        kill(importer.pid)
    # The parser process dies with the importer …
    wait_for("the parser process to end", lambda: not alive(parser), timeout=10)
    if backend == "postgresql":
        # … and nothing holds the importer's connection or its transaction open.
        wait_for(
            "the importer's session to end", lambda: not backends(database_url, name), timeout=10
        )
    assert count(database_url, "translation_unit") == 0
    assert count(database_url, "memory") == 0

    with running(start_import(url, big_tmx, "big")) as again:
        out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()
    assert f"took {BIG_UNITS} units" in out.decode()
    assert count(database_url, "translation_unit") == BIG_UNITS


def test_the_parser_process_holds_no_database_connection(
    database_url: str, backend: str, big_tmx
) -> None:
    """The importer's connection (a socket on PostgreSQL, the database file on
    SQLite) is not among the parser process's open files."""
    url = named(database_url, f"import-{uuid.uuid4().hex[:8]}")
    with running(start_import(url, big_tmx, "big")) as importer:
        parser = wait_for("the parser process", lambda: children(importer.pid))[0]
        # Look once it runs its own program (between fork and exec it is a copy of the importer).
        wait_for("the parser to start", lambda: b"parser_process" in _cmdline(parser))
        opened = []
        for fd in Path(f"/proc/{parser}/fd").iterdir():
            try:
                opened.append(os.readlink(fd))
            except OSError:
                continue
        assert not [p for p in opened if p.startswith("socket:") or "sqlite3" in p], opened
        importer.communicate(timeout=120)
    assert importer.returncode == 0


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
