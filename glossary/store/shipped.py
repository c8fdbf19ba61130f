"""Install the data shipped in ``tm_data/``: add what is missing, touch nothing else.

Concepts are matched by their ``ref`` (the ``id`` in the TOML files), so running
the install twice changes nothing, and a concept an editor has changed since is
left as the editor made it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.models import Concept
from glossary.records import ConceptRecord
from glossary.store.concepts import create_concept


@dataclass
class InstallReport:
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def install_termbase(
    session: Session, records: Iterable[ConceptRecord], *, actor: str
) -> InstallReport:
    report = InstallReport()
    present = set(session.scalars(sa.select(Concept.ref).where(Concept.ref.is_not(None))))
    for record in records:
        if record.ref in present:
            report.kept.append(record.ref or "")
            continue
        create_concept(session, record, actor=actor)
        present.add(record.ref)
        report.added.append(record.ref or "")
    return report


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
