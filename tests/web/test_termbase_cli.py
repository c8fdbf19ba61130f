"""``glossary import`` and ``glossary export`` with term base files, as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from glossary.db import make_engine, make_sessionmaker
from glossary.models import Concept
from glossary.store.concepts import concept_to_record, delete_concept
from glossary.web.cli import main


@pytest.fixture
def run(database_url: str):  # type: ignore[no-untyped-def]
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args), env=env)

    return invoke


def snapshot(url: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        records = [concept_to_record(c) for c in session.scalars(sa.select(Concept))]
        created = [c.created_at for c in session.scalars(sa.select(Concept))]
    engine.dispose()
    return sorted(
        (
            (
                r.ref,
                frozenset(r.terms),
                r.subject_field,
                r.status,
                r.definitions,
                r.notes,
                r.sources,
                c,
            )
            for r, c in zip(records, created, strict=True)
        ),
        key=repr,
    )


def wipe(url: str) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        for concept in session.scalars(sa.select(Concept)).all():
            delete_concept(session, concept, actor="test")
    engine.dispose()


@pytest.mark.slow  # the whole term base out and back in, per format
@pytest.mark.parametrize("fmt", ["tbx", "tbx2008", "csv", "xlsx"])
def test_the_shipped_term_base_survives_export_and_import(
    run, database_url, tmp_path: Path, fmt: str
) -> None:
    assert run("init").exit_code == 0
    shipped = snapshot(database_url)
    out = tmp_path / f"export.{fmt}"
    # Every term with its status (TBX 2008 carries only usable terms unless asked).
    exported = run("export", "--format", fmt, "--profile", "full", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert f"wrote {len(shipped)} concepts to {out}" in exported.output
    wipe(database_url)
    imported = run("import", str(out))
    assert imported.exit_code == 0, imported.output
    assert f": {len(shipped)} entries: {len(shipped)} new, 0 merged" in imported.output
    assert snapshot(database_url) == shipped


@pytest.mark.slow  # installs the whole term base
def test_export_to_standard_output_with_filters(run) -> None:
    assert run("init").exit_code == 0
    result = run(
        "export",
        "--format",
        "tsv",
        "--source-lang",
        "zh-Hant",
        "--target-lang",
        "en",
        "--subject-field",
        "Economy and statistics",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# Glossary in tab-separated format -*- coding: utf-8 -*-"
    assert "雙第一\tfirst place on both counts" in "\n".join(lines)
    assert all("灣區通" not in line for line in lines)  # another subject field


def test_a_dry_run_writes_nothing(run, database_url, tmp_path: Path) -> None:
    table = tmp_path / "g.csv"
    table.write_text(
        "zh-Hant,en\n灣區通,Bay Area Connect\n硬聯通,hard connectivity\n", encoding="utf-8"
    )
    result = run("import", str(table), "--dry-run")
    assert result.exit_code == 0, result.output
    summary = (
        "g.csv (comma- or semicolon-separated glossary): 2 entries: 2 new, 0 merged, "
        "0 already present, 0 skipped"
    )
    assert result.output.splitlines() == [summary, "dry run: nothing was written"]
    assert snapshot(database_url) == []


def test_errors_are_clear_and_change_nothing(run, database_url, tmp_path: Path) -> None:
    broken = tmp_path / "broken.tbx"
    broken.write_text('<martif type="TBX" xml:lang="en"><text><body><termEntry>', encoding="utf-8")
    result = run("import", str(broken))
    assert result.exit_code == 1
    assert "not well-formed XML" in result.output and "nothing was imported" in result.output

    headless = tmp_path / "g.txt"
    headless.write_text("灣區通\tBay Area Connect\n", encoding="utf-8")
    result = run("import", str(headless))
    assert result.exit_code == 1 and "--source-lang zh-Hant --target-lang en" in result.output

    result = run("export", "--format", "tsv")
    assert result.exit_code == 2 and "--source-lang and --target-lang" in result.output
    result = run("export", "--format", "tbx", "--status", "done")
    assert result.exit_code == 1 and "status: 'done' is not one of" in result.output
    assert snapshot(database_url) == []


@pytest.mark.slow  # installs the whole term base
def test_merges_and_skips_are_listed(run, tmp_path: Path) -> None:
    assert run("init").exit_code == 0
    table = tmp_path / "more.csv"
    table.write_text(
        "zh-Hans;en;fr\n湾区通;Bay Area Connect;connexion de la baie\n;;\n;;seulement\n",
        encoding="utf-8",
    )
    result = run("import", str(table))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("2 entries: 1 new, 1 merged, 0 already present, 0 skipped")
    # Bay Area Connect is already the concept's preferred English term.
    assert any(
        line.startswith("  merged     line 2 into concept ")
        and line.endswith(": added 'connexion de la baie' (fr)")
        for line in lines
    ), lines


@pytest.mark.slow  # installs the whole term base
def test_cat_profile_and_job_glossary_on_the_command_line(run) -> None:
    assert run("init").exit_code == 0
    pair = ("--source-lang", "zh-Hant", "--target-lang", "en")
    tsv = run("export", "--format", "tsv", *pair).stdout
    assert "灣區通\tBay Area Connect" in tsv and "Bay Area Pass" not in tsv
    full = run("export", "--format", "tbx2008", *pair, "--profile", "full").stdout
    assert "Bay Area Pass" in full
    assert "Bay Area Pass" not in run("export", "--format", "tbx2008", *pair).stdout
    refused = run("export", "--format", "tbx", "--ids", "one,two")
    assert refused.exit_code == 1 and "ids:" in refused.output
