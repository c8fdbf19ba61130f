"""Adding many concepts at once, for imports: the rules of ``create_concept``, written in bulk.

``create_concept`` flushes one concept at a time, and the change log's mapper
events then insert one change row per concept and per term. For a file of
thousands of entries those round trips are most of the time (PostgreSQL: about
two thirds). Here the concepts, their terms, their change rows and their audit
entries each go in as one multi-row INSERT. As models.py asks of bulk loaders
that bypass the ORM's unit of work, the change rows are written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.db import utcnow
from glossary.formats.citations import citation_to_dict
from glossary.models import AuditEntry, Change, Concept, Term
from glossary.records import ConceptRecord, rendering_basis
from glossary.store.concepts import concept_to_dict, normalize_concept
from glossary.store.errors import Conflict
from glossary.text import fold

CHUNK = 500


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def create_concepts(session: Session, records: list[ConceptRecord], *, actor: str) -> list[int]:
    """Add the concepts of ``records`` and return their ids, in order.

    A record's ``created_at`` (a file's origination date) is kept.

    :raises Invalid: if any record breaks a rule of the term base (nothing is added).
    :raises Conflict: if a ref is taken or given twice (nothing is added).
    """
    if not records:
        return []
    normalized = [normalize_concept(r) for r in records]
    refs = [r.ref for r in normalized if r.ref is not None]
    if len(set(refs)) != len(refs):
        raise Conflict("the same ref is given to two new concepts")
    for chunk in _chunks(refs):
        taken = session.scalars(sa.select(Concept.ref).where(Concept.ref.in_(chunk))).first()
        if taken is not None:
            raise Conflict(f"ref {taken!r} already belongs to another concept")
    now = utcnow()
    concept_rows = [
        {
            "ref": r.ref,
            "subject_field": r.subject_field,
            "status": r.status,
            "definitions": dict(r.definitions),
            "notes": dict(r.notes),
            "sources": list(r.sources),
            "citations": [citation_to_dict(c) for c in r.citations],
            "rendering_basis": rendering_basis(r.citations),
            "created_at": r.created_at or now,
            "updated_at": now,
            "version": 1,
        }
        for r in normalized
    ]
    ids = _insert(session, Concept, concept_rows)
    term_rows = [
        {
            "concept_id": concept_id,
            "lang": t.lang,
            "text": t.text,
            "folded": fold(t.text),
            "status": t.status,
            "part_of_speech": t.part_of_speech,
            "context": t.context,
            "source": t.source,
            "note": t.note,
            "position": position,
        }
        for concept_id, r in zip(ids, normalized, strict=True)
        for position, t in enumerate(r.terms)
    ]
    term_ids = _insert(session, Term, term_rows)
    changes = [
        {"entity": "concept", "entity_id": i, "op": "insert", "scope": None, "at": now} for i in ids
    ]
    changes += [
        {"entity": "term", "entity_id": i, "op": "insert", "scope": row["concept_id"], "at": now}
        for i, row in zip(term_ids, term_rows, strict=True)
    ]
    for chunk in _chunks(changes):
        session.execute(sa.insert(Change), chunk)
    # The audit snapshot is the API's representation, read back as it was stored.
    for chunk in _chunks(ids):
        concepts = session.scalars(sa.select(Concept).where(Concept.id.in_(chunk)))
        audit = [
            {
                "actor": actor,
                "action": "create",
                "entity": "concept",
                "entity_id": c.id,
                "before": None,
                "after": concept_to_dict(c),
                "at": now,
            }
            for c in concepts
        ]
        session.execute(sa.insert(AuditEntry), audit)
    return ids


def _insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` (ORM bulk INSERT: no unit of work, no mapper events); their ids in order."""
    ids: list[int] = []
    for chunk in _chunks(rows):
        statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
        ids.extend(session.scalars(statement, chunk))
    return ids
