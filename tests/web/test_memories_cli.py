"""`glossary import` / `glossary export` for TMX and `glossary memory`, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from glossary.db import make_engine
from glossary.web.cli import main
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"


@pytest.fixture
def run(database_url: str):
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


def _units(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as c:
        count = c.execute(sa.text("SELECT count(*) FROM translation_unit")).scalar()
    engine.dispose()
    return count


def test_import_report_then_export(run, database_url, tmp_path: Path) -> None:
    result = run("import", str(DATA / "policy.tmx"), "--memory", "policy")
    assert result.exit_code == 0, result.output
    assert "policy: took 5 units, merged 0, skipped 2" in result.stdout
    assert "no translation (only zh-Hant-TW)" in result.stdout
    assert _units(database_url) == 5
    again = run("import", str(DATA / "policy.tmx"), "--memory", "policy")
    assert "took 0 units, merged 5" in again.stdout
    out = tmp_path / "out.tmx"
    exported = run("export", "--format", "tmx", "--memory", "policy", "-o", str(out))
    assert exported.exit_code == 0 and "5 units written" in exported.stderr
    assert out.read_bytes().count(b"<tu ") == 5
    only = run("export", "--format", "tmx", "--memory", "policy", "--target-lang", "zh-Hans")
    assert only.stdout.count("<tu ") == 1
    listing = run("memory", "list")
    assert "5  policy" in listing.stdout
    assert run("memory", "delete", "policy", "--yes").exit_code == 0
    assert _units(database_url) == 0


def test_dry_run_writes_nothing(run, database_url) -> None:
    result = run("import", str(DATA / "policy.tmx"), "--memory", "policy", "--dry-run")
    assert result.exit_code == 0 and "would take 5 units" in result.stdout
    assert _units(database_url) == 0
    assert "policy" not in run("memory", "list").stdout


def test_bad_files_and_missing_options(run, database_url, tmp_path: Path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_bytes((DATA / "policy.tmx").read_bytes()[:1200])
    result = run("import", str(broken), "--memory", "policy")
    assert (
        result.exit_code == 1
        and "nothing imported: " in result.output
        and "not well-formed" in result.output
    )
    assert _units(database_url) == 0
    assert run("import", str(DATA / "policy.tmx")).exit_code == 2  # no --memory
    assert run("export", "--format", "tmx").exit_code == 2
    missing = run("export", "--format", "tmx", "--memory", "nope")
    assert missing.exit_code == 1 and "no translation memory named 'nope'" in missing.output


def test_languages_on_import_and_tags_on_export(run, database_url) -> None:
    only = run("import", str(DATA / "policy.tmx"), "--memory", "p", "--target-lang", "zh-Hans")
    assert "took 1 units" in only.stdout
    assert (
        run("import", str(DATA / "policy.tmx"), "--memory", "q", "--source-lang", "SC").exit_code
        == 1
    )
    region = run("export", "--format", "tmx", "--memory", "p").stdout
    stored = run("export", "--format", "tmx", "--memory", "p", "--tags", "bcp47").stdout
    assert 'xml:lang="zh-TW"' in region and 'xml:lang="zh-CN"' in region
    assert 'xml:lang="zh-Hant-TW"' in stored and 'xml:lang="zh-Hans"' in stored


def test_export_languages_asked_take_the_units_stored_under_broader_tags(run, tmp_path) -> None:
    shipped = ROOT / "tm_data" / "memory" / "policy.tmx"
    assert "took 40 units" in run("import", str(shipped), "--memory", "policy").stdout
    out = tmp_path / "policy-zh-TW.tmx"
    done = run(
        "export", "--format", "tmx", "--memory", "policy", "--source-lang", "zh-TW",
        "--target-lang", "en-GB", "-o", str(out),
    )  # fmt: skip
    assert done.exit_code == 0 and "40 units written" in done.stderr
    text = out.read_text("utf-8")
    assert text.count('<tuv xml:lang="zh-TW">') == 40 and text.count('<tuv xml:lang="en-GB">') == 40
    plain = run("export", "--format", "tmx", "--memory", "policy").stdout
    assert plain.count('<tuv xml:lang="zh-TW">') == 40  # region forms by default, as documented
    stored = run("export", "--format", "tmx", "--memory", "policy", "--tags", "bcp47").stdout
    assert stored.count('<tuv xml:lang="zh-Hant">') == 40
