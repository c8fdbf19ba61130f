"""Selecting concepts for export: filters, language ranges, ids, and the export's tag."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from glossary.formats.termbase import WriteOptions
from glossary.models import Concept
from glossary.records import ConceptRecord, TermRecord
from glossary.store.concepts import concept_to_record, create_concept, update_concept
from glossary.store.errors import Invalid
from glossary.store.termbase_export import ExportFilters, export_etag, export_records


@pytest.fixture
def base(session: Session) -> dict[str, int]:
    made = {
        "gba": ConceptRecord(
            terms=(
                TermRecord("灣區通", "zh-Hant-HK", "preferred"),
                TermRecord("湾区通", "zh-Hans", "preferred"),
                TermRecord("Bay Area Connect", "en", "preferred"),
            ),
            ref="gba",
            subject_field="Greater Bay Area cooperation",
            status="approved",
            notes={"en": "A note."},
        ),
        "tw-only": ConceptRecord(
            terms=(TermRecord("硬聯通", "zh-Hant-TW"), TermRecord("hard connectivity", "en")),
            subject_field="Greater Bay Area cooperation",
        ),
        "fr-only": ConceptRecord(
            terms=(TermRecord("connectivité", "fr"),), ref="fr-only", status="approved"
        ),
    }
    ids = {name: create_concept(session, r, actor="t").id for name, r in made.items()}
    session.commit()
    return ids


def names(session: Session, base: dict[str, int], **raw: str) -> list[str]:
    by_id = {f"c{i}": name for name, i in base.items()}
    records = export_records(session, ExportFilters.parse(raw))
    return [by_id.get(r.ref or "", r.ref or "") for r in records]


def test_filters(session: Session, base: dict[str, int]) -> None:
    assert names(session, base) == ["gba", "tw-only", "fr-only"]
    assert names(session, base, subject_field="Greater Bay Area cooperation") == ["gba", "tw-only"]
    assert names(session, base, status="approved") == ["gba", "fr-only"]
    # Language ranges: zh-Hant takes zh-Hant-HK and zh-Hant-TW; zh takes every Chinese tag.
    assert names(session, base, source_lang="zh-Hant") == ["gba", "tw-only"]
    assert names(session, base, source_lang="zh-TW") == ["tw-only"]
    assert names(session, base, source_lang="zh_CN", target_lang="en") == ["gba"]
    assert names(session, base, source_lang="zh", target_lang="fr") == []


def test_a_pair_exports_only_its_languages_but_all_notes(
    session: Session, base: dict[str, int]
) -> None:
    record, _ = export_records(
        session, ExportFilters.parse({"source_lang": "zh-Hant", "target_lang": "en"})
    )
    assert [t.lang for t in record.terms] == ["zh-Hant-HK", "en"]
    assert record.notes == {"en": "A note."}
    assert (record.ref, record.created_at is not None, record.changed_at is not None) == (
        "gba",
        True,
        True,
    )


def test_changed_since(session: Session, base: dict[str, int]) -> None:
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert names(session, base, changed_since=future) == []
    assert names(session, base, changed_since="2000-01-01") == ["gba", "tw-only", "fr-only"]


def test_bad_filters_are_all_reported(session: Session) -> None:
    with pytest.raises(Invalid) as caught:
        ExportFilters.parse({"status": "done", "source_lang": "SC", "changed_since": "yesterday"})
    assert len(caught.value.errors) == 3
    assert "status: 'done' is not one of draft, review, approved, retired" in caught.value.errors


def test_the_tag_follows_the_content(session: Session, base: dict[str, int]) -> None:
    def tag(fmt: str = "tbx", **options: object) -> str:
        return export_etag(export_records(session, ExportFilters()), fmt, WriteOptions(**options))  # type: ignore[arg-type]

    first = tag()
    assert tag() == first
    assert tag("tbx2008") != first
    assert tag(tags="region") != first
    concept = session.get_one(Concept, base["fr-only"])
    update_concept(
        session, concept, replace(concept_to_record(concept), status="review"), actor="t"
    )
    session.commit()
    assert tag() != first


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "tbx"])
def test_generated_ids_never_repeat_a_stored_one(session, fmt) -> None:
    """A concept without a ref gets one from its id, never one another concept holds."""
    from glossary.formats.termbase import Entry, ReadOptions, WriteOptions, termbase_format
    from glossary.records import ConceptRecord, TermRecord
    from glossary.store.concepts import create_concept
    from glossary.store.termbase_export import ExportFilters, export_records

    # An imported concept kept the ref "c2" of another base's export …
    create_concept(
        session,
        ConceptRecord(
            terms=(
                TermRecord("硬聯通", "zh-Hant", "preferred"),
                TermRecord("hard connectivity", "en", "preferred"),
            ),
            ref="c2",
        ),
        actor="t",
    )
    # … and the concept made here without a ref has id 2.
    second = create_concept(
        session,
        ConceptRecord(
            terms=(
                TermRecord("軟聯通", "zh-Hant", "preferred"),
                TermRecord("soft connectivity", "en", "preferred"),
            )
        ),
        actor="t",
    )
    session.commit()
    assert second.id == 2
    records = export_records(session, ExportFilters())
    assert len({r.ref for r in records}) == 2
    out = io.BytesIO()
    termbase_format(fmt).write(records, out, WriteOptions())
    back = termbase_format(fmt).read(io.BytesIO(out.getvalue()), ReadOptions())
    assert len([e for e in back if isinstance(e, Entry)]) == 2
