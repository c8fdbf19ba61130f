"""The `glossary` command, run as a user would (through click), on both backends."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from glossary.db import make_engine
from glossary.formats.termbase_toml import read_termbase
from glossary.web.cli import main
from tests.conftest import ROOT


@pytest.fixture
def run(database_url: str, tmp_path: Path):
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with engine.connect() as c:
        counts = tuple(
            c.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("concept", "term", "change_log")
        )
    engine.dispose()
    return counts  # type: ignore[return-value]


@pytest.mark.slow  # installs the whole term base twice
def test_init_twice_changes_nothing(run, database_url) -> None:
    shipped = list(read_termbase(ROOT / "tm_data" / "termbase"))
    first = run("init")
    assert first.exit_code == 0, first.output
    assert f"{len(shipped)} concepts added" in first.output
    after_first = _counts(database_url)
    assert after_first[0] == len(shipped)
    second = run("init")
    assert second.exit_code == 0 and "0 concepts added" in second.output
    assert _counts(database_url) == after_first


@pytest.mark.slow  # installs the whole term base
def test_init_on_an_empty_sqlite_file(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    result = CliRunner().invoke(
        main, ["init"], env={"GLOSSARY_DATABASE_URL": url, "GLOSSARY_SECRET_KEY": "x"}
    )
    assert result.exit_code == 0, result.output
    assert "(was empty)" in result.output


def test_token_create_list_revoke(run) -> None:
    created = run("token", "create", "--role", "editor", "--name", "alice")
    assert created.exit_code == 0
    secret = created.stdout.strip().splitlines()[0]
    assert secret.startswith("glo_")
    listing = run("token", "list").stdout
    assert "alice" in listing and "editor" in listing and secret not in listing
    token_id = listing.split()[0]
    assert run("token", "revoke", token_id).exit_code == 0
    assert "revoked" in run("token", "list").stdout


def test_bad_role_and_unknown_token(run) -> None:
    assert run("token", "create", "--role", "root").exit_code == 2
    missing = run("token", "revoke", "99")
    assert missing.exit_code == 1 and "no token with id 99" in missing.output


def test_serve_refuses_an_unmigrated_database(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = CliRunner().invoke(
        main, ["serve"], env={"GLOSSARY_DATABASE_URL": url, "GLOSSARY_SECRET_KEY": "x"}
    )
    assert result.exit_code == 1 and "glossary init" in result.output
