"""Live indexes: mapped from a generation or built, then kept current by the change log."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from glossary.index.fuzzy import FuzzyIndex
from glossary.index.generation import CURRENT, current_name
from glossary.models import Change
from glossary.store import generations
from glossary.web import create_app
from glossary.web.database import database
from glossary.web.indexes import SEQ_HEADER, LiveIndexes, live_indexes, term_index
from tests.helpers import BAY_AREA_CONNECT, bearer


@pytest.fixture
def app_config(app_config):
    # A long interval: only min_seq (or a new generation) can make the index catch up.
    return {**app_config, "INDEX_POLL_SECONDS": 3600}


@pytest.fixture
def app(app: Flask) -> Flask:
    @app.get("/test/terms")
    def terms():
        return sorted(t.text for card in term_index().cards() for t in card.terms)

    return app


def _lookup(client, text: str = "深化灣區通的工程") -> list[str]:
    """Sources of the fuzzy matches (not exact ones, which come from the database)."""
    body = {"text": text, "source_lang": "zh-Hant", "target_lang": "en", "threshold": 80}
    response = client.post("/api/tm/lookup", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [m["source"] for m in response.get_json()["results"][0]["matches"]]


def _add_unit(client, tokens, source: str, target: str) -> int:
    response = client.post(
        "/api/memories/policy/units",
        json={"source": source, "target": target, "source_lang": "zh-Hant", "target_lang": "en"},
        headers=bearer(tokens["editor"]),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return int(response.headers[SEQ_HEADER])


@pytest.fixture
def policy(client, tokens) -> None:
    response = client.post(
        "/api/memories", json={"name": "policy"}, headers=bearer(tokens["editor"])
    )
    assert response.status_code == 201


def test_index_sees_writes_when_asked_with_min_seq(client, tokens) -> None:
    assert client.get("/test/terms").get_json() == []
    created = client.post("/api/concepts", json=BAY_AREA_CONNECT, headers=bearer(tokens["editor"]))
    seq = int(created.headers[SEQ_HEADER])
    # Within the poll interval the index is not re-read …
    assert client.get("/test/terms").get_json() == []
    # … unless the client asks to see its own write.
    texts = client.get(f"/test/terms?min_seq={seq}").get_json()
    assert "灣區通" in texts and "Bay Area Pass" in texts

    concept_id = created.get_json()["id"]
    deleted = client.delete(
        f"/api/concepts/{concept_id}",
        headers={**bearer(tokens["editor"]), "If-Match": created.headers["ETag"]},
    )
    seq = int(deleted.headers[SEQ_HEADER])
    assert client.get("/test/terms", headers={"X-Glossary-Min-Seq": str(seq)}).get_json() == []


def test_bad_min_seq(client) -> None:
    assert client.get("/test/terms?min_seq=soon").status_code == 422


def test_min_seq_waits_for_a_lower_number_that_commits_late(app, session) -> None:
    """Seq 3 is polled while seq 2 (another writer's) is still open: a client asking for
    min_seq=3 after seq 2 commits must see it."""

    def add(*seqs: int) -> None:
        for seq in seqs:
            session.execute(
                sa.insert(Change).values(seq=seq, entity="concept", entity_id=seq, op="update")
            )
        session.commit()

    live = live_indexes(app)
    add(1)
    assert live.current(session).feed.applied == 1
    add(3)
    state = live.current(session, min_seq=3)
    assert state.feed.applied == 3 and not state.feed.has_seen(3)
    add(2)
    assert live.current(session, min_seq=3).feed.has_seen(3)


def test_the_first_request_builds_a_generation_and_other_workers_map_it(
    app, app_config, client, policy, tokens
) -> None:
    assert _lookup(client) == []
    _add_unit(client, tokens, "深化灣區通工程", "Deepen the Bay Area Connect programme")
    assert _lookup(client) == []  # the poll interval is long: the first state stays
    root = live_indexes(app).root
    assert root is not None and current_name(root) is not None
    # A second worker on the same database and folder maps the same generation and
    # applies the log after it: it sees the unit without building anything.
    other = create_app(app_config)
    try:
        assert live_indexes(other).root == root
        assert _lookup(other.test_client()) == ["深化灣區通工程"]
        assert live_indexes(other).state.generation == current_name(root)
        assert len(list(root.glob("gen-*"))) == 1
    finally:
        database(other).engine.dispose()


def test_workers_switch_to_a_new_generation(app, client, policy, tokens) -> None:
    _lookup(client)
    live = live_indexes(app)
    first = live.state.generation
    seq = _add_unit(client, tokens, "深化灣區通工程", "Deepen the Bay Area Connect programme")
    generation = generations.build_generation(database(app).engine, live.root)
    assert generation is not None and generation.name != first and generation.seq == seq
    # The next poll (min_seq forces one) sees CURRENT moved and maps the new generation.
    response = client.post(
        f"/api/tm/lookup?min_seq={seq}",
        json={"text": "深化灣區通工程", "source_lang": "zh-Hant", "target_lang": "en"},
    )
    assert [m["source"] for m in response.get_json()["results"][0]["matches"]] == ["深化灣區通工程"]
    state = live.state
    assert state.generation == generation.name
    # The unit is in the generation's base now, not in a delta.
    index = next(iter(state.memories.by_memory.values()))
    assert index.delta_size == 0 and len(index) == 1
    # Building again with nothing changed keeps the generation.
    assert generations.build_generation(database(app).engine, live.root).name == generation.name


def test_a_grown_delta_is_folded_into_a_new_generation(
    app, client, policy, tokens, monkeypatch
) -> None:
    monkeypatch.setattr(FuzzyIndex, "DELTA_LIMIT", 3)
    _lookup(client)
    first = live_indexes(app).state.generation
    for i in range(5):
        seq = _add_unit(client, tokens, f"深化灣區通工程第{i}期", f"Phase {i}")
    found = client.post(
        f"/api/tm/lookup?min_seq={seq}",
        json={"text": "深化灣區通工程第4期", "source_lang": "zh-Hant", "target_lang": "en"},
    ).get_json()
    assert found["results"][0]["matches"][0]["source"] == "深化灣區通工程第4期"
    state = live_indexes(app).state
    assert state.generation != first
    assert next(iter(state.memories.by_memory.values())).delta_size == 0


def test_a_build_that_fails_leaves_the_current_generation(
    app, client, policy, tokens, monkeypatch
) -> None:
    _lookup(client)
    live = live_indexes(app)
    root: Path = live.root
    before = current_name(root)
    _add_unit(client, tokens, "深化灣區通工程", "Deepen the Bay Area Connect programme")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(generations, "build_segments", crash)
    with pytest.raises(OSError):
        generations.build_generation(database(app).engine, root)
    assert current_name(root) == before
    assert not list(root.glob("tmp-*"))  # the scratch folder is gone
    monkeypatch.undo()
    assert generations.build_generation(database(app).engine, root).name != before
    assert (root / CURRENT).is_symlink()


def test_without_an_index_folder_each_process_builds_in_memory(app_config, tokens) -> None:
    app = create_app({**app_config, "INDEX_DIR": "off"})
    try:
        live = live_indexes(app)
        assert isinstance(live, LiveIndexes) and live.root is None
        client = app.test_client()
        client.post("/api/memories", json={"name": "policy"}, headers=bearer(tokens["editor"]))
        seq = _add_unit(client, tokens, "深化灣區通工程", "Deepen")
        response = client.post(
            f"/api/tm/lookup?min_seq={seq}",
            json={"text": "深化灣區通工程", "source_lang": "zh-Hant", "target_lang": "en"},
        )
        assert response.get_json()["results"][0]["matches"][0]["score"] == 100
        assert live.state.generation is None
    finally:
        database(app).engine.dispose()


def test_an_unknown_build_mode_is_refused(app_config) -> None:
    with pytest.raises(ValueError, match="GLOSSARY_INDEX_BUILD"):
        create_app({**app_config, "INDEX_BUILD": "sometimes"})


def test_an_api_import_larger_than_a_delta_publishes_a_generation(
    app, client, policy, tokens, monkeypatch
) -> None:
    from tests.conftest import ROOT

    monkeypatch.setattr(FuzzyIndex, "DELTA_LIMIT", 3)
    _lookup(client)
    first = live_indexes(app).state.generation
    response = client.post(
        "/api/memories/policy/import",
        data=(ROOT / "tests" / "data" / "policy.tmx").read_bytes(),
        headers={**bearer(tokens["editor"]), "Content-Type": "application/x-tmx+xml"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    seq = int(response.headers[SEQ_HEADER])
    assert current_name(live_indexes(app).root) != first
    found = client.post(
        f"/api/tm/lookup?min_seq={seq}",
        json={"text": "推動大灣區硬聯通和軟聯通", "source_lang": "zh-Hant", "target_lang": "en"},
    ).get_json()
    assert found["results"][0]["matches"][0]["score"] == 100, found
    assert live_indexes(app).state.generation == current_name(live_indexes(app).root)


def test_a_generation_of_an_emptied_database_is_not_used(
    app, app_config, client, policy, tokens, request
) -> None:
    import shutil

    from tests.conftest import _empty_postgres

    seq = _add_unit(client, tokens, "深化灣區通工程", "Deepen the Bay Area Connect programme")
    assert _lookup(client) == ["深化灣區通工程"]
    old = current_name(live_indexes(app).root)
    database(app).engine.dispose()
    url = app_config["DATABASE_URL"]
    if url.startswith("sqlite"):
        shutil.copyfile(request.getfixturevalue("sqlite_template"), url.removeprefix("sqlite:///"))
    else:
        _empty_postgres(url)
    # The same address, another log: a new worker must not trust the old generation.
    other = create_app(app_config)
    try:
        other_client = other.test_client()
        other_client.post(
            "/api/memories", json={"name": "policy"}, headers=bearer(tokens["editor"])
        )
        assert _lookup(other_client) == []
        assert live_indexes(other).state.generation != old
    finally:
        database(other).engine.dispose()
    assert seq > 0
