"""Peers read files; the database behind the export runs on SQLite only here
(both backends are covered by tests/web/test_termbase_api.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from glossary.db import make_engine, make_sessionmaker
from glossary.formats.termbase_toml import read_termbase
from glossary.store.shipped import install_termbase
from tests.conftest import ROOT


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "glossary.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def shipped(client: FlaskClient, database_url: str) -> FlaskClient:
    """The app's client, with the shipped term base installed."""
    engine = make_engine(database_url)
    with make_sessionmaker(engine).begin() as session:
        install_termbase(session, read_termbase(ROOT / "tm_data" / "termbase"), actor="test")
    engine.dispose()
    return client


USABLE = ("preferred", "admitted")


def preferred_pairs(source: str, target: str) -> set[tuple[str, str]]:
    """(usable source term, preferred target term) for every shipped concept, from the TOML files."""
    pairs = set()
    for record in read_termbase(ROOT / "tm_data" / "termbase"):
        targets = [t.text for t in record.terms if t.lang == target and t.status == "preferred"]
        for term in record.terms:
            if term.lang == source and term.status in USABLE and targets:
                pairs.add((term.text, targets[0]))
    return pairs


def unusable_terms(*languages: str) -> set[str]:
    """The deprecated and forbidden terms of the shipped term base in these languages."""
    return {
        t.text
        for record in read_termbase(ROOT / "tm_data" / "termbase")
        for t in record.terms
        if t.lang in languages and t.status not in USABLE
    }
