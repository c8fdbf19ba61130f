"""`glossary evaluate`: the evaluate command with the database's term base, on both backends."""

import json

import pytest
from click.testing import CliRunner

from glossary.web.cli import main
from tests.conftest import ROOT

EVAL = ROOT / "tm_data" / "eval"


@pytest.mark.slow  # installs the whole term base
def test_evaluate_against_the_term_base_in_the_database(database_url, tmp_path) -> None:
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}
    runner = CliRunner()
    assert runner.invoke(main, ["init"], env=env).exit_code == 0
    out = tmp_path / "r.json"
    result = runner.invoke(
        main,
        [
            "evaluate",
            "--src",
            str(EVAL / "policy.zh-Hant.txt"),
            "--ref",
            str(EVAL / "policy.en.txt"),
            "--hyp",
            str(EVAL / "careless.en.txt"),
            "--termbase",
            "--bootstrap",
            "0",
            "--ar-trials",
            "0",
            "--metrics",
            "bleu",
            "--json",
            str(out),
        ],
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    (term_list,) = data["setup"]["term_lists"]
    assert term_list["origin"].startswith("term base at ")
    assert data["references"][0]["terms"]["accuracy"] == 100.0
    assert data["systems"][0]["terms"]["wrong_renderings_used"] > 0
