"""`glossary init`'s install of the shipped term base: adds, updates what only it wrote,
gives citations to what editors changed, and changes nothing the second time."""

from dataclasses import replace

from glossary.records import Citation, ConceptRecord, TermRecord
from glossary.store.concepts import concept_history, find_concept_by_ref, update_concept
from glossary.store.shipped import install_termbase

CITED = (Citation(title="A report", url="https://www.gov.cn/example.html", quote="debut economy"),)


def _record(ref: str, en: str, citations: tuple[Citation, ...] = ()) -> ConceptRecord:
    return ConceptRecord(
        terms=(TermRecord(f"{ref}詞", "zh-Hant", "preferred"), TermRecord(en, "en", "preferred")),
        ref=ref,
        status="approved",
        notes={"en": "A note."},
        sources=("Rendering by this project",) if not citations else (),
        citations=citations,
    )


def test_existing_installations_get_corrections_and_citations(session) -> None:
    old = [_record("a", "first-launch economy"), _record("b", "old b")]
    # An installation made before the installer had a name of its own.
    report = install_termbase(session, old, actor="cli")
    assert report.added == ["a", "b"]
    edited = find_concept_by_ref(session, "b")
    update_concept(session, edited, replace(old[1], notes={"en": "An editor's note."}), actor="ed")
    session.commit()

    new = [_record("a", "debut economy", CITED), _record("b", "new b", CITED), _record("c", "c")]
    report = install_termbase(session, new)
    session.commit()
    assert (report.added, report.updated, report.cited, report.kept) == (["c"], ["a"], ["b"], [])
    a, b = find_concept_by_ref(session, "a"), find_concept_by_ref(session, "b")
    assert [t.text for t in a.terms if t.lang == "en"] == ["debut economy"]
    assert a.rendering_basis == b.rendering_basis == "attested"
    # The editor's concept keeps its content and only gains the citations.
    assert b.notes == {"en": "An editor's note."} and "old b" in [t.text for t in b.terms]
    assert [e.actor for e in concept_history(session, a.id)] == ["cli", "glossary init"]

    again = install_termbase(session, new)
    session.commit()
    assert (again.added, again.updated, again.cited) == ([], [], [])
    assert sorted(again.kept) == ["a", "b", "c"]
    assert len(concept_history(session, b.id)) == 3
