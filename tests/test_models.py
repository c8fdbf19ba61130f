"""Model behaviour: folded keys, versions and the change log."""

import sqlalchemy as sa

from glossary.models import Change, Concept, Memory, Term, TranslationUnit, source_hash, unit_key


def _changes(session) -> list[tuple[str, str]]:
    return [(c.entity, c.op) for c in session.scalars(sa.select(Change).order_by(Change.seq))]


def test_term_keeps_its_folded_key_in_step_with_its_text(session) -> None:
    term = Term(lang="zh-Hant", text="灣區通")
    assert term.folded == "湾区通"
    term.text = "硬聯通"
    assert term.folded == "硬联通"


def test_every_write_is_logged_in_the_same_transaction(session) -> None:
    concept = Concept(status="draft", terms=[Term(lang="zh-Hant", text="灣區通")])
    session.add(concept)
    session.commit()
    assert sorted(_changes(session)) == [("concept", "insert"), ("term", "insert")]

    concept.status = "approved"
    session.commit()
    session.delete(concept)
    session.rollback()  # a rolled-back write leaves no trace in the log
    assert ("concept", "update") in _changes(session)
    assert ("concept", "delete") not in _changes(session)

    session.delete(concept)
    session.commit()
    ops = _changes(session)
    assert ("concept", "delete") in ops and ("term", "delete") in ops
    term_changes = session.scalars(sa.select(Change).where(Change.entity == "term")).all()
    assert {c.scope for c in term_changes} == {concept.id}


def test_version_increases_with_each_update(session) -> None:
    concept = Concept(status="draft")
    session.add(concept)
    session.commit()
    assert concept.version == 1
    concept.status = "review"
    session.commit()
    assert concept.version == 2


def test_units_get_keys_and_are_logged_with_their_memory(session) -> None:
    memory = Memory(name="policy")
    session.add(memory)
    session.flush()
    unit = TranslationUnit(
        memory_id=memory.id,
        source_lang="zh-Hant",
        target_lang="en",
        source="深入實施「灣區通」工程",
        target="Fully implement the Bay Area Connect project",
        unit_key=unit_key("zh-Hant", "en", "深入實施「灣區通」工程", "x"),
    )
    session.add(unit)
    session.commit()
    assert unit.source_folded == "深入实施“湾区通”工程"
    assert unit.source_hash == source_hash("深入实施“湾区通”工程")
    change = session.scalar(sa.select(Change).where(Change.entity == "unit"))
    assert change is not None and change.scope == memory.id and change.entity_id == unit.id


def test_unit_key_distinguishes_languages_and_texts() -> None:
    a = unit_key("zh-Hant", "en", "灣區通", "Bay Area Connect")
    assert a == unit_key("zh-Hant", "en", "灣區通", "Bay Area Connect")
    assert a != unit_key("zh-Hans", "en", "灣區通", "Bay Area Connect")
    assert a != unit_key("zh-Hant", "en", "灣區通", "Bay Area Connect.")
