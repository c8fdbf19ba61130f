"""`glossary dump` and `glossary restore` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.web.cli import main
from tests.store.test_backup import contents, fill

# Dumps and restores through the command line: seconds each.
pytestmark = pytest.mark.slow


def run(url: str, *args: str):
    env = {"GLOSSARY_DATABASE_URL": url, "GLOSSARY_SECRET_KEY": "test"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_dump_then_restore_into_a_new_database(database_url: str, tmp_path: Path) -> None:
    fill(database_url)
    backup = tmp_path / "backup.jsonl.gz"
    dumped = run(database_url, "dump", str(backup))
    assert dumped.exit_code == 0, dumped.output
    assert "dumped" in dumped.output and backup.read_bytes()[:2] == b"\x1f\x8b"
    assert run(database_url, "dump", str(backup)).exit_code == 1  # never overwrites

    fresh = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"  # no schema yet: created
    loaded = run(fresh, "restore", str(backup))
    assert loaded.exit_code == 0, loaded.output
    assert contents(fresh) == contents(database_url)

    again = run(fresh, "restore", str(backup))
    assert again.exit_code == 1 and "not empty" in again.output and "--replace" in again.output
    assert run(fresh, "restore", "--replace", str(backup)).exit_code == 0
    assert contents(fresh) == contents(database_url)


def test_a_partial_file_restores_nothing(database_url: str, tmp_path: Path) -> None:
    fill(database_url)
    plain = tmp_path / "backup.jsonl"
    assert run(database_url, "dump", str(plain)).exit_code == 0
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(plain.read_bytes()[: plain.stat().st_size // 2])
    target = tmp_path / "target.sqlite3"
    result = run(f"sqlite:///{target}", "restore", str(cut))
    assert result.exit_code == 1 and "nothing restored" in result.output
    assert not any(contents(f"sqlite:///{target}").values())
