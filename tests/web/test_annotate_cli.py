"""`glossary annotate FILE`, run as a user would, on both backends."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.db import make_engine, make_sessionmaker
from glossary.formats.termbase_toml import read_termbase
from glossary.store.shipped import install_termbase
from glossary.web.cli import main
from tests.conftest import ROOT

TEXT = "深入實施「灣區\n通」工程，\n加強「硬聯通」和「軟聯通」。\n出口實現「32連冠」。\n"


# The shipped concepts the text holds (installing all of them is `glossary init`'s test).
SHIPPED = {"bay-area-connect", "hard-connectivity", "soft-connectivity", "top-exporter-32-years"}


@pytest.fixture
def run(database_url: str):
    engine = make_engine(database_url)
    with make_sessionmaker(engine).begin() as session:
        wanted = [c for c in read_termbase(ROOT / "tm_data" / "termbase") if c.ref in SHIPPED]
        assert len(install_termbase(session, wanted, actor="test").added) == len(SHIPPED)
    engine.dispose()
    env = {"GLOSSARY_DATABASE_URL": database_url, "GLOSSARY_SECRET_KEY": "test"}

    def invoke(*args: str, **kwargs):
        return CliRunner().invoke(main, list(args), env=env, **kwargs)

    return invoke


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_prints_each_hit_with_its_rendering(run, article) -> None:
    result = run("annotate", str(article))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines == [
        "1:6\t灣區通\t→ Bay Area Connect",
        "3:4\t硬聯通\t→ hard connectivity",
        "3:10\t軟聯通\t→ soft connectivity",
        "4:6\t32連冠\t→ top exporter for 32 consecutive years",
        "4:6\t32\t→ 32  [count]",
    ]
    assert "4 terms found, 1 number" in result.stderr


def test_json_matches_the_api(run, article, client) -> None:
    result = run("annotate", str(article), "--json", "--target", "zh-Hans")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["target"] == "zh-Hans"
    assert [h["text"] for h in body["hits"]] == ["灣區\n通", "硬聯通", "軟聯通", "32連冠"]
    assert body["hits"][0]["preferred"]["text"] == "湾区通"
    api = client.post("/api/annotate", json={"text": TEXT, "target": "zh-Hans"}).get_json()
    assert api == body


def test_reads_utf16_and_stdin(run, tmp_path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("前往灣區通".encode("utf-16"))
    assert "灣區通" in run("annotate", str(path)).stdout
    assert "湾区通" in run("annotate", "-", input="湾区通".encode()).stdout


def test_bad_input(run, tmp_path, article) -> None:
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\xff\x00\xfe\xfe\x81")
    result = run("annotate", str(binary))
    assert result.exit_code == 1 and "not UTF-8" in result.output
    result = run("annotate", str(article), "--lang", "SC")
    assert result.exit_code == 2 and "ambiguous" in result.output
    assert run("annotate", str(tmp_path / "missing.txt")).exit_code == 2
