"""Live indexes follow the change log: built once, then kept current by the log."""

import pytest
import sqlalchemy as sa

from glossary.models import Term
from glossary.web.indexes import SEQ_HEADER, current_index, register
from tests.helpers import BAY_AREA_CONNECT, bearer


def _build(session):
    return {t.id: t.text for t in session.scalars(sa.select(Term))}


def _apply(index, session, rows):
    for row in rows:
        if row.entity != "term":
            continue
        term = session.get(Term, row.entity_id)
        if term is None:
            index.pop(row.entity_id, None)
        else:
            index[term.id] = term.text
    return index


@pytest.fixture
def app_config(app_config):
    # A long interval: only min_seq can make the index catch up within a test.
    return {**app_config, "INDEX_POLL_SECONDS": 3600}


@pytest.fixture
def app(app):
    register(app, "terms", _build, _apply)

    @app.get("/test/terms")
    def terms():
        return sorted(current_index("terms").values())

    return app


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


def test_min_seq_waits_for_a_lower_number_that_commits_late(session) -> None:
    """Seq 3 is polled while seq 2 (another writer's) is still open: a client asking for
    min_seq=3 after seq 2 commits must see it."""
    import sqlalchemy as sa

    from glossary.models import Change
    from glossary.web.indexes import LiveIndex

    def add(*seqs: int) -> None:
        for seq in seqs:
            session.execute(
                sa.insert(Change).values(seq=seq, entity="concept", entity_id=seq, op="update")
            )
        session.commit()

    applied: list[int] = []
    live = LiveIndex(
        build=lambda s: "index",
        apply=lambda index, s, rows: applied.extend(r.seq for r in rows) or index,
        poll_interval=3600,
    )
    add(1)
    live.current(session)
    add(3)
    live.current(session, min_seq=3)
    assert applied == [3]
    add(2)
    live.current(session, min_seq=3)
    assert 2 in applied
