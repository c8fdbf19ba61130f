"""scripts/load_test.py runs its mix against gunicorn on PostgreSQL, without an error, and cleans up."""

import socket
import subprocess
import sys

import pytest
import sqlalchemy as sa

from tests.conftest import NO_POSTGRES, POSTGRES_URL, ROOT

# Runs the load test against gunicorn in subprocesses.
pytestmark = pytest.mark.slow


def _load_schemas() -> int:
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.connect() as connection:
            query = "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE :p"
            return int(connection.execute(sa.text(query), {"p": "load\\_%"}).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.postgresql
@pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)
def test_a_short_run() -> None:
    before = _load_schemas()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, str(ROOT / "scripts" / "load_test.py"), "--port", str(port)]
    command += ["--duration", "3", "--baseline", "1", "--connections", "2", "--workers", "1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    rows = {
        line.split("|")[1].strip(): line.split("|")[2:-1]
        for line in result.stdout.splitlines()
        if line.startswith("| ") and "---" not in line
    }
    assert {"search", "annotate", "lookup", "add unit", "**the mix**"} <= rows.keys()
    assert int(rows["**the mix**"][0]) > 0 and int(rows["**the mix**"][-1]) == 0, result.stdout
    assert _load_schemas() == before  # its schema dropped
