"""Exporting a memory as TMX 1.4, streamed from the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO

import sqlalchemy as sa
from sqlalchemy.orm import Session

import glossary
from glossary.formats.tmx import write_tmx
from glossary.models import Memory, TranslationUnit
from glossary.records import UnitRecord
from glossary.store.memories import unit_to_record


def iter_units(
    session: Session,
    memory: Memory,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    changed_since: datetime | None = None,
) -> Iterator[UnitRecord]:
    """A memory's units in id order, streamed from the database."""
    query = sa.select(TranslationUnit).where(TranslationUnit.memory_id == memory.id)
    if source_lang:
        query = query.where(TranslationUnit.source_lang == source_lang)
    if target_lang:
        query = query.where(TranslationUnit.target_lang == target_lang)
    if changed_since:
        query = query.where(TranslationUnit.changed_at >= changed_since)
    result = session.scalars(query.order_by(TranslationUnit.id).execution_options(yield_per=2000))
    for unit in result:
        yield unit_to_record(unit)
    session.expunge_all()


def export_tmx(
    session: Session,
    memory: Memory,
    stream: IO[bytes],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    changed_since: datetime | None = None,
    region_tags: bool = True,
) -> int:
    """Write a memory (or the units matching the filters) as TMX 1.4; returns the unit count."""
    languages = (
        sa.select(TranslationUnit.source_lang)
        .where(TranslationUnit.memory_id == memory.id)
        .distinct()
    )
    if source_lang:
        languages = languages.where(TranslationUnit.source_lang == source_lang)
    sources = session.scalars(languages.limit(2)).all()
    srclang = sources[0] if len(sources) == 1 else (source_lang or "*all*")
    units = iter_units(
        session,
        memory,
        source_lang=source_lang,
        target_lang=target_lang,
        changed_since=changed_since,
    )
    return write_tmx(
        units, stream, srclang=srclang, tool_version=glossary.__version__, region_tags=region_tags
    )
