"""Importing term base entries: new concepts, merges by folded terms, repeats, all or nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.formats.errors import FormatError
from glossary.formats.termbase import Entry, ReadOptions, termbase_format
from glossary.models import AuditEntry, Change, Concept
from glossary.records import ConceptRecord, TermRecord
from glossary.store.concepts import concept_to_record, create_concept
from glossary.store.errors import Invalid
from glossary.store.termbase_import import import_entries

BAY_AREA = ConceptRecord(
    terms=(
        TermRecord("湾区通", "zh-Hans", "preferred"),
        TermRecord("Bay Area Connect", "en", "preferred"),
        TermRecord("Bay Area Pass", "en", "deprecated"),
    ),
    ref="bay-area-connect",
    subject_field="Greater Bay Area cooperation",
    definitions={"en": "Aligning rules across the Greater Bay Area."},
)


def entry(*terms: TermRecord, label: str = "e", **fields: object) -> Entry:
    return Entry(label, ConceptRecord(terms=terms, **fields))  # type: ignore[arg-type]


def run(session: Session, *entries: Entry, dry_run: bool = False):  # type: ignore[no-untyped-def]
    report = import_entries(
        session, entries, actor="test", source="t", format="tbx", dry_run=dry_run
    )
    session.commit()
    return report


def records(session: Session) -> list[ConceptRecord]:
    return [concept_to_record(c) for c in session.scalars(sa.select(Concept).order_by(Concept.id))]


def test_new_concepts_are_taken_with_audit_and_change_log(session: Session) -> None:
    made = datetime(2007, 7, 22, tzinfo=UTC)
    report = run(
        session,
        entry(
            TermRecord("硬聯通", "zh-Hant"),
            TermRecord("hard connectivity", "en"),
            label="c1",
            ref="c1",
            created_at=made,
        ),
        entry(TermRecord("軟聯通", "zh-Hant"), label="c2"),
    )
    assert report.counts == {"entries": 2, "taken": 2, "merged": 0, "unchanged": 0, "skipped": 0}
    ids = [e.concept_id for e in report.entries]
    concepts = [session.get(Concept, i) for i in ids]
    assert [c.ref for c in concepts] == ["c1", None]
    assert concepts[0].created_at == made  # the file's origination date
    audits = session.scalars(sa.select(AuditEntry).where(AuditEntry.entity_id.in_(ids))).all()
    assert sorted((a.action, a.entity_id, a.actor) for a in audits) == [
        ("create", i, "test") for i in sorted(ids)
    ]
    # One change row per concept and per term, as the indexes expect.
    logged = session.execute(sa.select(Change.entity, Change.op, Change.scope)).all()
    assert sorted(logged, key=repr) == sorted(
        [("concept", "insert", None)] * 2
        + [("term", "insert", ids[0])] * 2
        + [("term", "insert", ids[1])],
        key=repr,
    )


def test_a_traditional_entry_merges_into_a_simplified_concept(session: Session) -> None:
    existing = create_concept(session, BAY_AREA, actor="test")
    session.commit()
    report = run(
        session,
        entry(
            TermRecord("灣區通", "zh-Hant", "preferred"),
            TermRecord("Greater Bay Area Connect", "en", "preferred"),
            TermRecord("Bay Area Connect", "en", "admitted", part_of_speech="noun"),
            definitions={"en": "Something else.", "fr": "Harmoniser les règles."},
            sources=("Policy address",),
            label="termEntry 7",
        ),
    )
    [outcome] = report.entries
    assert (outcome.outcome, outcome.concept_id) == ("merged", existing.id)
    assert outcome.added == [
        "'灣區通' (zh-Hant)",
        "'Greater Bay Area Connect' (en)",
        "details of 'Bay Area Connect' (en)",
        "definition (fr)",
        "source 'Policy address'",
    ]
    assert outcome.messages == [
        "'Greater Bay Area Connect' (en) added as admitted: the concept already has a preferred en term",
        "kept the concept's own definition (en)",
    ]
    session.expire_all()
    merged = concept_to_record(session.get_one(Concept, existing.id))
    statuses = {(t.text, t.lang): (t.status, t.part_of_speech) for t in merged.terms}
    assert statuses[("Bay Area Connect", "en")] == ("preferred", "noun")  # existing status wins
    assert statuses[("Greater Bay Area Connect", "en")] == ("admitted", None)
    assert statuses[("灣區通", "zh-Hant")] == ("preferred", None)
    assert merged.definitions == {**BAY_AREA.definitions, "fr": "Harmoniser les règles."}
    assert session.scalar(sa.select(sa.func.count()).select_from(Concept)) == 1


def test_importing_the_same_thing_again_changes_nothing(session: Session) -> None:
    create_concept(session, BAY_AREA, actor="test")
    session.commit()
    before = records(session)
    report = run(session, entry(*BAY_AREA.terms[:2], definitions=dict(BAY_AREA.definitions)))
    assert report.counts["unchanged"] == 1
    assert records(session) == before


def test_deprecated_terms_do_not_make_concepts_the_same(session: Session) -> None:
    create_concept(session, BAY_AREA, actor="test")
    session.commit()
    report = run(
        session, entry(TermRecord("Bay Area Pass", "en"), TermRecord("灣區通行證", "zh-Hant"))
    )
    assert report.entries[0].outcome == "taken"


def test_a_tie_is_kept_apart_and_said(session: Session) -> None:
    a = create_concept(
        session,
        ConceptRecord(terms=(TermRecord("洗手", "zh-Hans"), TermRecord("washing hands", "en"))),
        actor="t",
    )
    b = create_concept(
        session,
        ConceptRecord(terms=(TermRecord("洗手", "zh-Hans"), TermRecord("wash your hands", "en"))),
        actor="t",
    )
    session.commit()
    report = run(session, entry(TermRecord("洗手", "zh-Hans"), TermRecord("hand-washing", "en")))
    [outcome] = report.entries
    assert outcome.outcome == "taken"
    assert outcome.messages == [
        f"its terms match concepts {a.id}, {b.id} equally: kept as a new concept"
    ]


def test_a_tie_is_broken_by_the_same_language_tag_then_by_the_definition(session: Session) -> None:
    hans = create_concept(session, ConceptRecord(terms=(TermRecord("面罩", "zh-Hans"),)), actor="t")
    hant = create_concept(
        session, ConceptRecord(terms=(TermRecord("面罩", "zh-Hant-TW"),)), actor="t"
    )
    session.commit()
    report = run(session, entry(TermRecord("面罩", "zh-Hant-TW"), TermRecord("face shield", "en")))
    assert (report.entries[0].outcome, report.entries[0].concept_id) == ("merged", hant.id)
    noun = create_concept(
        session,
        ConceptRecord(terms=(TermRecord("quarantine", "en"),), definitions={"en": "the practice"}),
        actor="t",
    )
    create_concept(
        session,
        ConceptRecord(terms=(TermRecord("quarantine", "en"),), definitions={"en": "to restrict"}),
        actor="t",
    )
    session.commit()
    report = run(
        session,
        entry(
            TermRecord("quarantine", "en"),
            TermRecord("隔离", "zh-Hans"),
            definitions={"en": "the practice"},
        ),
    )
    assert (report.entries[0].outcome, report.entries[0].concept_id) == ("merged", noun.id)
    assert hans.id != hant.id


def test_entries_of_one_file_stay_apart_unless_they_only_repeat(session: Session) -> None:
    report = run(
        session,
        entry(
            TermRecord("case", "en"),
            TermRecord("病例", "zh-Hans"),
            definitions={"en": "a patient"},
            label="line 2",
        ),
        entry(
            TermRecord("case", "en"),
            TermRecord("案例", "zh-Hans"),
            definitions={"en": "an instance"},
            label="line 3",
        ),
        entry(TermRecord("case", "en"), TermRecord("病例", "zh-Hans"), label="line 4"),
    )
    assert [(e.entry, e.outcome, e.messages) for e in report.entries] == [
        ("line 2", "taken", []),
        ("line 3", "taken", []),
        ("line 4", "skipped", ["repeats line 2"]),
    ]


def test_what_the_term_base_cannot_take_is_left_out_with_reasons(session: Session) -> None:
    report = run(
        session,
        entry(
            TermRecord("一", "zh-Hant", "preferred"),
            TermRecord("壹", "zh-Hant", "preferred"),
            TermRecord("x" * 501, "en"),
            TermRecord("一", "zh-Hant", "admitted"),
        ),
        entry(TermRecord("x" * 501, "en"), label="too long"),
        Entry("broken", None, ("no terms",)),
    )
    first, second, third = report.entries
    assert first.outcome == "taken"
    assert first.messages == [
        "'壹' (zh-Hant) taken as admitted: a second preferred term",
        f"left out {'x' * 30!r}… (en): longer than 500 characters, which is a sentence rather than a term",
    ]
    [concept] = records(session)
    assert [(t.text, t.status) for t in concept.terms] == [("一", "preferred"), ("壹", "admitted")]
    assert (second.outcome, third.outcome) == ("skipped", "skipped")
    assert second.messages[-1] == "no terms"


def test_chinese_that_contradicts_its_tag_is_reported(session: Session) -> None:
    report = run(
        session,
        entry(TermRecord("灣區通", "zh-Hans"), label="hans"),
        entry(TermRecord("ÊÓÆµ", "zh-CN"), label="mojibake"),
    )
    assert report.entries[0].messages == [
        "'灣區通' is tagged zh-Hans but has Traditional characters (灣區)"
    ]
    assert report.entries[1].messages == [
        "'ÊÓÆµ' (zh-CN) looks like Chinese decoded with the wrong code page; read as GBK it says '视频'"
    ]


def test_a_file_with_no_entries_is_refused(session: Session) -> None:
    with pytest.raises(Invalid, match="holds no entries"):
        import_entries(session, [], actor="t", source="t", format="csv")


def test_all_or_nothing_when_the_file_breaks_halfway(session: Session) -> None:
    body = "".join(
        f'<termEntry id="c{i}"><langSet xml:lang="en"><tig><term>t{i}</term></tig></langSet></termEntry>'
        for i in range(50)
    )
    data = f'<martif type="TBX" xml:lang="en"><text><body>{body}<termEntry>'.encode()
    items = termbase_format("tbx2008").read(io.BytesIO(data), ReadOptions())
    with pytest.raises(FormatError, match="not well-formed"):
        import_entries(session, items, actor="t", source="t", format="tbx2008")
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(Concept)) == 0


def test_ids_already_taken_are_dropped_and_counted(session: Session) -> None:
    create_concept(session, BAY_AREA, actor="t")
    session.commit()
    report = run(session, entry(TermRecord("新質生產力", "zh-Hant"), ref="bay-area-connect"))
    assert report.entries[0].outcome == "taken"
    assert report.notices == [
        "1 new concepts came without their ids from the file: other concepts already have those ids"
    ]
    assert session.get_one(Concept, report.entries[0].concept_id).ref is None


def test_a_dry_run_reports_without_ids(session: Session) -> None:
    report = import_entries(
        session,
        [entry(TermRecord("硬聯通", "zh-Hant"))],
        actor="t",
        source="t",
        format="tbx",
        dry_run=True,
    )
    session.rollback()
    assert report.to_dict()["entries"][0] == {
        "entry": "e",
        "outcome": "taken",
        "concept_id": None,
        "added": [],
        "messages": [],
    }
    assert session.scalar(sa.select(sa.func.count()).select_from(Concept)) == 0
