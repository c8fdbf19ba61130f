"""The reviewer's work: confirm a concept's renderings, and find those still to confirm.

A review records who confirmed a concept and when; the audit history keeps it
as a ``review`` (or ``unreview``) entry with the concept before and after. A
review lapses when the concept's preferred terms change (store.concepts).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from glossary.db import utcnow
from glossary.models import Concept
from glossary.store.audit import record_audit
from glossary.store.concepts import check_version, concept_to_dict, flush_versioned


def set_reviewed(
    session: Session,
    concept: Concept,
    reviewed: bool,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Concept:
    """Mark a concept reviewed by ``actor`` now, or withdraw its review.

    Marking a reviewed concept again records the new reviewer and time; withdrawing
    a review that is not there changes nothing.

    :raises StaleVersion: when ``expected_version`` is not the concept's version.
    """
    check_version(concept, expected_version)
    if not reviewed and concept.reviewed_at is None:
        return concept
    before = concept_to_dict(concept)
    concept.reviewed_by = actor if reviewed else None
    concept.reviewed_at = utcnow() if reviewed else None
    flush_versioned(session, concept)
    action = "review" if reviewed else "unreview"
    record_audit(session, actor, action, "concept", concept.id, before, concept_to_dict(concept))
    return concept
