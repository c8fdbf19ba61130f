"""Install the data shipped in ``tm_data/``: add what is missing, bring what nobody
edited up to date, and leave editors' work alone.

Concepts are matched by their ``ref`` (the ``id`` in the TOML files). A shipped
concept that only the installer ever wrote is replaced by the shipped version
(so corrections and new citations reach existing installations); one that an
editor, an import or a reviewer has touched keeps its content, and only gains the
shipped citations if it has none. Running the install twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.models import AuditEntry, Concept
from glossary.records import ConceptRecord
from glossary.store.concepts import (
    concept_to_record,
    create_concept,
    normalize_concept,
    update_concept,
)

# Who installs shipped data. "cli" made the shipped concepts before the installer
# had a name of its own; its "create" entries count as the installer's too.
INSTALLER = "glossary init"
EARLIER_INSTALLERS = ("cli",)


@dataclass
class InstallReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _touched(session: Session) -> set[int]:
    """Concepts that someone other than the installer wrote (or reviewed)."""
    installer_create = sa.and_(
        AuditEntry.action == "create", AuditEntry.actor.in_(EARLIER_INSTALLERS)
    )
    query = sa.select(AuditEntry.entity_id).where(
        AuditEntry.entity == "concept",
        AuditEntry.actor != INSTALLER,
        sa.not_(installer_create),
    )
    return set(session.scalars(query.distinct()))


def install_termbase(
    session: Session, records: Iterable[ConceptRecord], *, actor: str = INSTALLER
) -> InstallReport:
    report = InstallReport()
    present = {
        c.ref: c for c in session.scalars(sa.select(Concept).where(Concept.ref.is_not(None)))
    }
    touched = _touched(session)
    for record in records:
        ref = record.ref or ""
        concept = present.get(record.ref)
        if concept is None:
            present[ref] = create_concept(session, record, actor=actor)
            report.added.append(ref)
        elif concept.id not in touched:
            if _differs(concept, record):
                update_concept(session, concept, record, actor=actor)
                report.updated.append(ref)
            else:
                report.kept.append(ref)
        elif not concept.citations and record.citations:
            cited = replace(concept_to_record(concept), citations=record.citations)
            update_concept(session, concept, cited, actor=actor)
            report.cited.append(ref)
        else:
            report.kept.append(ref)
    return report


def _differs(concept: Concept, record: ConceptRecord) -> bool:
    stored = replace(concept_to_record(concept), created_at=None, changed_at=None)
    return stored != replace(normalize_concept(record), created_at=None, changed_at=None)


@dataclass
class MemoryInstall:
    name: str
    added: bool
    units: int


def install_memories(session: Session, folder: Path, *, actor: str) -> list[MemoryInstall]:
    """Import each shipped TMX file as the memory named after it, unless that memory exists."""
    from glossary.store.memories import create_memory, find_memory
    from glossary.store.memory_import import import_tmx_file

    installed = []
    for path in sorted(folder.glob("*.tmx")):
        if find_memory(session, path.stem) is not None:
            installed.append(MemoryInstall(path.stem, False, 0))
            continue
        memory = create_memory(session, path.stem, "Shipped with glossary (tm_data/memory)")
        report = import_tmx_file(session, memory, path, actor=actor)
        installed.append(MemoryInstall(path.stem, True, report.taken))
    return installed
