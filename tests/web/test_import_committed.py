"""Every import that commits, and only those, ends in glossary.web.imports.import_committed."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from glossary.web.cli import main
from tests.conftest import ROOT
from tests.helpers import bearer

TMX = (ROOT / "tests" / "data" / "policy.tmx").read_bytes()


def committed(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "glossary.web.imports"]


def test_the_api_imports(client, tokens, caplog) -> None:
    caplog.set_level(logging.INFO, logger="glossary.web.imports")
    headers = {**bearer(tokens["editor"]), "Content-Type": "application/x-tmx+xml"}
    assert (
        client.post("/api/memories/m/import?dry_run=1", data=TMX, headers=headers).status_code
        == 200
    )
    assert client.post("/api/memories/m/import", data=b"<tmx", headers=headers).status_code == 422
    assert committed(caplog) == []
    assert client.post("/api/memories/m/import", data=TMX, headers=headers).status_code == 200
    assert committed(caplog) == ["import committed: memory into 'm'"]


def test_the_command_line_imports(database_url, caplog) -> None:
    caplog.set_level(logging.INFO, logger="glossary.web.imports")
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}
    path = str(ROOT / "tests" / "data" / "policy.tmx")
    runner = CliRunner()
    assert (
        runner.invoke(main, ["import", path, "--memory", "m", "--dry-run"], env=env).exit_code == 0
    )
    assert committed(caplog) == []
    assert runner.invoke(main, ["import", path, "--memory", "m"], env=env).exit_code == 0
    assert committed(caplog) == ["import committed: memory into 'm'"]
