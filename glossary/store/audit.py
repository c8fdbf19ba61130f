"""The audit history: who changed what and when, with before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from glossary.models import AuditEntry


def record_audit(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor, action=action, entity=entity, entity_id=entity_id, before=before, after=after
    )
    session.add(entry)
    session.flush()
    return entry


def audit_to_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "before": entry.before,
        "after": entry.after,
    }
