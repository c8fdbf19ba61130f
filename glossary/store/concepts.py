"""The term base: list, read, create, update and delete concepts, with audit history."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from glossary import lang
from glossary.db import utcnow
from glossary.formats.citations import citation_from_dict, citation_problems, citation_to_dict
from glossary.models import AuditEntry, Concept, Term
from glossary.records import (
    CONCEPT_STATUSES,
    TERM_STATUSES,
    ConceptRecord,
    TermRecord,
    rendering_basis,
)
from glossary.store.audit import record_audit
from glossary.store.errors import Conflict, Invalid, NotFound, StaleVersion
from glossary.text import fold

# The widths of the columns (models.py).
MAX_TERM_LENGTH = 500
MAX_PART_OF_SPEECH = 40
MAX_NAME = 200


def _holds_nul(record: ConceptRecord) -> bool:
    texts: list[str | None] = [record.subject_field, record.ref, *record.sources]
    texts += [*record.definitions.values(), *record.notes.values()]
    for term in record.terms:
        texts += [term.text, term.lang, term.part_of_speech, term.context, term.source, term.note]
    return any(t and "\x00" in t for t in texts)


def normalize_concept(record: ConceptRecord) -> ConceptRecord:
    """Check a concept against the term base's rules and canonicalise its language tags.

    :raises Invalid: listing every rule the record breaks.
    """
    errors: list[str] = [] if record.terms else ["a concept needs at least one term"]
    terms = _normalize_terms(record.terms, errors)
    errors += _concept_problems(record)
    definitions = _by_language("definitions", record.definitions, errors)
    notes = _by_language("notes", record.notes, errors)
    if errors:
        raise Invalid(errors)
    subject = (record.subject_field or "").strip() or None
    return replace(
        record,
        terms=tuple(terms),
        subject_field=subject,
        definitions=definitions,
        notes=notes,
        sources=tuple(s.strip() for s in record.sources if s.strip()),
    )


def _normalize_terms(terms: tuple[TermRecord, ...], errors: list[str]) -> list[TermRecord]:
    """The terms with whitespace collapsed and tags canonical; what they break goes to ``errors``."""
    normalized: list[TermRecord] = []
    seen: set[tuple[str, str]] = set()
    preferred: set[str] = set()
    for i, term in enumerate(terms):
        where = f"terms[{i}]"
        text = " ".join(term.text.split())
        try:
            tag = lang.canonical(term.lang)
        except lang.LanguageError as exc:
            errors.append(f"{where}.lang: {exc}")
            continue
        errors += _term_problems(where, term, text)
        key = (tag, fold(text))
        if key in seen:
            errors.append(f"{where}: {text!r} ({tag}) appears twice")
        seen.add(key)
        if term.status == "preferred":
            if tag in preferred:
                errors.append(f"{where}: a second preferred term for {tag}")
            preferred.add(tag)
        normalized.append(replace(term, text=text, lang=tag))
    return normalized


def _term_problems(where: str, term: TermRecord, text: str) -> list[str]:
    """The rules one term breaks by itself: its text's length, part of speech and status."""
    problems = []
    if not text:
        problems.append(f"{where}.text: empty")
    elif len(text) > MAX_TERM_LENGTH:
        problems.append(f"{where}.text: longer than {MAX_TERM_LENGTH} characters")
    elif len(fold(text)) > MAX_TERM_LENGTH:
        # A few characters fold to many (ﷺ is 18 letters): the key must fit too.
        problems.append(f"{where}.text: longer than {MAX_TERM_LENGTH} characters once folded")
    if term.part_of_speech and len(term.part_of_speech) > MAX_PART_OF_SPEECH:
        problems.append(f"{where}.part_of_speech: longer than {MAX_PART_OF_SPEECH} characters")
    if term.status not in TERM_STATUSES:
        problems.append(f"{where}.status: {term.status!r} is not one of {', '.join(TERM_STATUSES)}")
    return problems


def _concept_problems(record: ConceptRecord) -> list[str]:
    """The rules the concept's own fields break: status, name lengths, NUL, citations."""
    problems = []
    if record.status not in CONCEPT_STATUSES:
        problems.append(f"status: {record.status!r} is not one of {', '.join(CONCEPT_STATUSES)}")
    for name, value in (("subject_field", record.subject_field), ("ref", record.ref)):
        if value and len(value.strip()) > MAX_NAME:
            problems.append(f"{name}: longer than {MAX_NAME} characters")
    if _holds_nul(record):
        problems.append("a text contains the character U+0000, which cannot be stored")
    for i, citation in enumerate(record.citations):
        problems.extend(f"citations[{i}]: {problem}" for problem in citation_problems(citation))
    return problems


def _by_language(name: str, values: dict[str, str], errors: list[str]) -> dict[str, str]:
    """``values`` keyed by canonical language tags; a key that is no tag goes to ``errors``."""
    canonical: dict[str, str] = {}
    for key, value in values.items():
        try:
            canonical[lang.canonical(key)] = value
        except lang.LanguageError as exc:
            errors.append(f"{name}.{key}: {exc}")
    return canonical


def concept_to_dict(concept: Concept) -> dict[str, Any]:
    """The JSON representation of a concept: the API's body and the audit snapshot."""
    return {
        "id": concept.id,
        "ref": concept.ref,
        "subject_field": concept.subject_field,
        "status": concept.status,
        "definitions": dict(concept.definitions),
        "notes": dict(concept.notes),
        "sources": list(concept.sources),
        "citations": list(concept.citations),
        "rendering_basis": concept.rendering_basis,
        "reviewed": (
            {"by": concept.reviewed_by, "at": concept.reviewed_at.isoformat()}
            if concept.reviewed_at is not None
            else None
        ),
        "version": concept.version,
        "created_at": concept.created_at.isoformat(),
        "updated_at": concept.updated_at.isoformat(),
        "terms": [
            {
                "id": t.id,
                "lang": t.lang,
                "text": t.text,
                "status": t.status,
                "part_of_speech": t.part_of_speech,
                "context": t.context,
                "source": t.source,
                "note": t.note,
            }
            for t in concept.terms
        ],
    }


def concept_to_record(concept: Concept) -> ConceptRecord:
    return ConceptRecord(
        terms=tuple(
            TermRecord(
                text=t.text,
                lang=t.lang,
                status=t.status,  # type: ignore[arg-type]
                part_of_speech=t.part_of_speech,
                context=t.context,
                source=t.source,
                note=t.note,
            )
            for t in concept.terms
        ),
        ref=concept.ref,
        subject_field=concept.subject_field,
        status=concept.status,  # type: ignore[arg-type]
        definitions=dict(concept.definitions),
        notes=dict(concept.notes),
        sources=tuple(concept.sources),
        citations=tuple(citation_from_dict(c) for c in concept.citations),
    )


def list_concepts(
    session: Session,
    *,
    subject_field: str | None = None,
    status: str | None = None,
    rendering_basis: str | None = None,
    reviewed: bool | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[Concept], int]:
    """One page of concepts in id order, and the total that match the filters."""
    query = sa.select(Concept)
    if subject_field is not None:
        query = query.where(Concept.subject_field == subject_field)
    if status is not None:
        query = query.where(Concept.status == status)
    if rendering_basis is not None:
        query = query.where(Concept.rendering_basis == rendering_basis)
    if reviewed is not None:
        query = query.where(
            Concept.reviewed_at.is_not(None) if reviewed else Concept.reviewed_at.is_(None)
        )
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    page = session.scalars(query.order_by(Concept.id).offset(offset).limit(limit)).all()
    return list(page), total


def subject_fields(session: Session) -> list[tuple[str, int]]:
    """Every subject field in use, with its number of concepts, alphabetically."""
    rows = session.execute(
        sa.select(Concept.subject_field, sa.func.count())
        .where(Concept.subject_field.is_not(None))
        .group_by(Concept.subject_field)
        .order_by(Concept.subject_field)
    )
    # The query leaves out concepts without one; the test tells the type checker so.
    return [(name, count) for name, count in rows if name is not None]


def origins_of(session: Session, concept_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The sources and rendering basis of these concepts, by id (for pages that show
    search hits): ``{"sources": [...], "rendering_basis": ...}``."""
    if not concept_ids:
        return {}
    rows = session.execute(
        sa.select(Concept.id, Concept.sources, Concept.rendering_basis).where(
            Concept.id.in_(concept_ids)
        )
    )
    return {
        concept_id: {"sources": list(sources or ()), "rendering_basis": basis}
        for concept_id, sources, basis in rows
    }


def get_concept(session: Session, concept_id: int) -> Concept:
    """:raises NotFound: when there is no such concept."""
    concept = session.get(Concept, concept_id)
    if concept is None:
        raise NotFound(f"no concept with id {concept_id}")
    return concept


def find_concept_by_ref(session: Session, ref: str) -> Concept | None:
    return session.scalar(sa.select(Concept).where(Concept.ref == ref))


def _apply(concept: Concept, record: ConceptRecord) -> None:
    concept.ref = record.ref
    concept.subject_field = record.subject_field
    concept.status = record.status
    concept.definitions = dict(record.definitions)
    concept.notes = dict(record.notes)
    concept.sources = list(record.sources)
    concept.citations = [citation_to_dict(c) for c in record.citations]
    concept.rendering_basis = rendering_basis(record.citations)
    # Keep the ids of terms that stay; a term whose text changes is a new term.
    existing = {(t.lang, t.text): t for t in concept.terms}
    terms: list[Term] = []
    for position, tr in enumerate(record.terms):
        term = existing.pop((tr.lang, tr.text), None) or Term(lang=tr.lang, text=tr.text)
        term.status = tr.status
        term.part_of_speech = tr.part_of_speech
        term.context = tr.context
        term.source = tr.source
        term.note = tr.note
        term.position = position
        terms.append(term)
    concept.terms = terms


def _check_ref(session: Session, ref: str | None, concept_id: int | None) -> None:
    if ref is None:
        return
    other = find_concept_by_ref(session, ref)
    if other is not None and other.id != concept_id:
        raise Conflict(f"ref {ref!r} already belongs to concept {other.id}")


def check_version(concept: Concept, expected: int | None) -> None:
    if expected is not None and expected != concept.version:
        raise StaleVersion(
            f"concept {concept.id} is at version {concept.version}, not {expected}",
            current=concept,
        )


def flush_versioned(session: Session, concept: Concept) -> None:
    # The UPDATE/DELETE carries "WHERE version = <read version>"; zero rows
    # means another writer got there first.
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        raise StaleVersion(f"concept {concept.id} was changed by another writer") from exc


def create_concept(session: Session, record: ConceptRecord, *, actor: str) -> Concept:
    """Add a concept and record who added it."""
    record = normalize_concept(record)
    _check_ref(session, record.ref, None)
    concept = Concept()
    _apply(concept, record)
    session.add(concept)
    session.flush()
    record_audit(session, actor, "create", "concept", concept.id, None, concept_to_dict(concept))
    return concept


def update_concept(
    session: Session,
    concept: Concept,
    record: ConceptRecord,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Concept:
    """Replace a concept's content.

    :param expected_version: the version the caller read; a different current
        version means someone else wrote in between.
    :raises StaleVersion: on a stale version, also when another writer commits
        between our read and our write; nothing is written.
    """
    check_version(concept, expected_version)
    record = normalize_concept(record)
    if _same(record, concept):
        # Nothing changes: no new version, no history entry, so a retried request
        # does not turn into a conflict with itself.
        return concept
    _check_ref(session, record.ref, concept.id)
    before = concept_to_dict(concept)
    preferred_before = _preferred(concept)
    _apply(concept, record)
    if _preferred(concept) != preferred_before:
        # A review confirmed the renderings it saw, not the new ones.
        concept.reviewed_by = concept.reviewed_at = None
    # Touching the row bumps the version even when only terms changed.
    concept.updated_at = utcnow()
    flush_versioned(session, concept)
    record_audit(session, actor, "update", "concept", concept.id, before, concept_to_dict(concept))
    return concept


def _preferred(concept: Concept) -> set[tuple[str, str]]:
    return {(t.lang, t.text) for t in concept.terms if t.status == "preferred"}


def _same(record: ConceptRecord, concept: Concept) -> bool:
    """Whether writing ``record`` would leave ``concept`` as it is (dates aside)."""
    stored = concept_to_record(concept)
    return replace(record, created_at=None, changed_at=None) == replace(
        stored, created_at=None, changed_at=None
    )


def delete_concept(
    session: Session, concept: Concept, *, actor: str, expected_version: int | None = None
) -> None:
    """:raises StaleVersion: on a stale version; nothing is deleted."""
    check_version(concept, expected_version)
    before = concept_to_dict(concept)
    session.delete(concept)
    flush_versioned(session, concept)
    record_audit(session, actor, "delete", "concept", before["id"], before, None)


def concept_history(session: Session, concept_id: int) -> list[AuditEntry]:
    """Every recorded change of a concept, oldest first (also after it was deleted)."""
    return list(
        session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity == "concept", AuditEntry.entity_id == concept_id)
            .order_by(AuditEntry.id)
        )
    )
