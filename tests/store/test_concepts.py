"""The term base use cases, straight on a session (both backends)."""

import pytest

from glossary.records import ConceptRecord, TermRecord
from glossary.store import concepts as store
from glossary.store.errors import Conflict, Invalid, NotFound, StaleVersion


def record(**overrides) -> ConceptRecord:
    fields = {
        "terms": (
            TermRecord("灣區通", "zh_TW", "preferred"),
            TermRecord("Bay Area Connect", "EN", "preferred"),
        ),
        "ref": "bay-area-connect",
        "status": "approved",
        "notes": {"en": "Background."},
    }
    fields.update(overrides)
    return ConceptRecord(**fields)


def test_create_canonicalises_tags_and_audits(session) -> None:
    concept = store.create_concept(session, record(), actor="alice")
    session.commit()
    assert [t.lang for t in concept.terms] == ["zh-Hant-TW", "en"]
    (entry,) = store.concept_history(session, concept.id)
    assert entry.actor == "alice" and entry.action == "create" and entry.before is None
    assert entry.after["terms"][0]["text"] == "灣區通"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"terms": ()}, "at least one term"),
        ({"terms": (TermRecord("  ", "en"),)}, "empty"),
        ({"terms": (TermRecord("x", "SC"),)}, "ambiguous"),
        ({"terms": (TermRecord("x", "en", "best"),)}, "not one of"),
        (
            {"terms": (TermRecord("灣區通", "zh-Hant"), TermRecord("湾区通", "zh-Hant"))},
            "appears twice",
        ),
        (
            {
                "terms": (
                    TermRecord("Bay Area Connect", "en", "preferred"),
                    TermRecord("GBA Connect", "en", "preferred"),
                )
            },
            "second preferred",
        ),
        ({"status": "done"}, "status"),
        ({"notes": {"??": "x"}}, "notes.??"),
    ],
)
def test_invalid_concepts_are_refused_with_every_reason(session, overrides, message) -> None:
    with pytest.raises(Invalid, match=message):
        store.create_concept(session, record(**overrides), actor="alice")


def test_update_keeps_term_ids_and_bumps_the_version(session) -> None:
    concept = store.create_concept(session, record(), actor="alice")
    session.commit()
    zh_id = concept.terms[0].id
    store.update_concept(
        session,
        concept,
        record(terms=record().terms + (TermRecord("Bay Area Pass", "en", "deprecated"),)),
        actor="bob",
        expected_version=1,
    )
    session.commit()
    assert concept.version == 2
    assert concept.terms[0].id == zh_id
    assert [t.text for t in concept.terms][-1] == "Bay Area Pass"
    history = store.concept_history(session, concept.id)
    assert [e.action for e in history] == ["create", "update"]
    assert len(history[1].before["terms"]) == 2 and len(history[1].after["terms"]) == 3


def test_stale_update_writes_nothing(session) -> None:
    concept = store.create_concept(session, record(), actor="alice")
    session.commit()
    with pytest.raises(StaleVersion):
        store.update_concept(
            session, concept, record(status="draft"), actor="bob", expected_version=7
        )
    session.rollback()
    assert store.get_concept(session, concept.id).status == "approved"
    assert len(store.concept_history(session, concept.id)) == 1


def test_refs_are_unique(session) -> None:
    store.create_concept(session, record(), actor="alice")
    with pytest.raises(Conflict, match="already belongs"):
        store.create_concept(session, record(), actor="alice")


def test_delete_keeps_the_history(session) -> None:
    concept = store.create_concept(session, record(), actor="alice")
    concept_id = concept.id
    store.delete_concept(session, concept, actor="bob")
    session.commit()
    with pytest.raises(NotFound):
        store.get_concept(session, concept_id)
    assert [e.action for e in store.concept_history(session, concept_id)] == ["create", "delete"]


def test_list_filters_and_pages(session) -> None:
    for i in range(5):
        store.create_concept(
            session,
            record(
                ref=f"c{i}",
                terms=(TermRecord(f"term {i}", "en", "preferred"),),
                subject_field="economy" if i % 2 else "GBA",
                status="approved" if i < 3 else "draft",
            ),
            actor="alice",
        )
    session.commit()
    page, total = store.list_concepts(session, subject_field="GBA", offset=0, limit=2)
    assert total == 3 and [c.ref for c in page] == ["c0", "c2"]
    page, total = store.list_concepts(session, status="draft")
    assert total == 2 and {c.ref for c in page} == {"c3", "c4"}


def test_an_update_that_changes_nothing_writes_nothing(session) -> None:
    concept = store.create_concept(session, record(), actor="alice")
    session.commit()
    store.update_concept(session, concept, record(), actor="bob", expected_version=1)
    session.commit()
    assert concept.version == 1
    assert [e.action for e in store.concept_history(session, concept.id)] == ["create"]
