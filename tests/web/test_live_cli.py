"""`glossary live replay FILE`, run as a user would: on the database, and over HTTP."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from glossary.db import make_engine, make_sessionmaker
from glossary.formats.termbase_toml import read_termbase
from glossary.store.shipped import install_termbase
from glossary.store.tokens import create_token
from glossary.web.cli import main
from tests.conftest import ROOT

TEXT = "深入實施「灣區\n通」工程，加強「硬聯通」和「軟聯通」。新增就業20萬人。\n"
SHIPPED = {"bay-area-connect", "hard-connectivity", "soft-connectivity"}


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    engine = make_engine(database_url)
    with make_sessionmaker(engine).begin() as session:
        wanted = [c for c in read_termbase(ROOT / "tm_data" / "termbase") if c.ref in SHIPPED]
        install_termbase(session, wanted, actor="test")
        editor = create_token(session, "replay", "editor")[1]
    engine.dispose()
    return {
        "GLOSSARY_DATABASE_URL": database_url,
        "GLOSSARY_SECRET_KEY": "test",
        "GLOSSARY_TOKEN": editor,
    }


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "speech.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _received(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_replay_on_the_database(env, transcript) -> None:
    result = CliRunner().invoke(
        main,
        ["live", "replay", str(transcript), "--chars-per-second", "200", "--json"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    events = _received(result.stdout)
    terms = [e["data"]["text"] for e in events if e["event"] == "term"]
    assert terms == ["灣區\n通", "硬聯通", "軟聯通"]
    numbers = [e["data"]["english"] for e in events if e["event"] == "number"]
    assert numbers == ["200,000 people"]
    assert all(e["delay_ms"] >= 0 for e in events if e["event"] == "term")
    assert events[-1]["event"] == "end"
    assert "delay from a chunk's arrival" in result.stderr


def test_replay_over_http(app, env, transcript) -> None:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        result = CliRunner().invoke(
            main,
            ["live", "replay", str(transcript), "--url", url, "--chars-per-second", "200"],
            env=env,
        )
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert "term        灣區通 → Bay Area Connect" in result.stdout
    assert "number      20萬人 → 200,000 people" in result.stdout


def test_replay_explains_what_is_wrong(env, transcript, tmp_path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["live", "replay", str(transcript), "--session", "99"], env=env)
    assert result.exit_code == 1
    assert "no live session 99" in result.output
    both = ["live", "replay", str(transcript), "--session", "1", "--new"]
    assert "not both" in runner.invoke(main, both, env=env).output
    bad = ["live", "replay", str(transcript), "--url", "ftp://x"]
    assert "not an http(s) URL" in runner.invoke(main, bad, env=env).output
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert "no text" in runner.invoke(main, ["live", "replay", str(empty)], env=env).output
