"""Exporting a memory as TMX 1.4, streamed from the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import IO

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

import glossary
from glossary import lang
from glossary.formats.tmx import write_tmx
from glossary.models import Memory, TranslationUnit
from glossary.records import UnitRecord
from glossary.store.memories import unit_to_record


def _fits(column: InstrumentedAttribute[str], wanted: str) -> sa.ColumnElement[bool]:
    """Stored tags that serve ``wanted``: itself, narrower ones, and broader stand-ins."""
    return sa.or_(column == wanted, column.like(f"{wanted}-%"), column.in_(lang.broader(wanted)))


def iter_units(
    session: Session,
    memory: Memory,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    changed_since: datetime | None = None,
) -> Iterator[UnitRecord]:
    """A memory's units in id order, streamed from the database.

    A language asked for takes the units stored under it, under narrower tags
    (``zh-Hant`` takes ``zh-Hant-HK``) and under broader ones (``zh-TW`` takes
    ``zh-Hant``, ``en-GB`` takes ``en``).
    """
    query = sa.select(TranslationUnit).where(TranslationUnit.memory_id == memory.id)
    if source_lang:
        query = query.where(_fits(TranslationUnit.source_lang, source_lang))
    if target_lang:
        query = query.where(_fits(TranslationUnit.target_lang, target_lang))
    if changed_since:
        query = query.where(TranslationUnit.changed_at >= changed_since)
    result = session.scalars(query.order_by(TranslationUnit.id).execution_options(yield_per=2000))
    for unit in result:
        yield unit_to_record(unit)
    session.expunge_all()


def written_tag(stored: str, wanted: str | None) -> str:
    """The tag a unit is written with: the one asked for where the stored one is broader."""
    if wanted and stored in lang.broader(wanted):
        return wanted
    return stored


def _relabelled(
    units: Iterator[UnitRecord], source_lang: str | None, target_lang: str | None
) -> Iterator[UnitRecord]:
    for unit in units:
        source = written_tag(unit.source_lang, source_lang)
        target = written_tag(unit.target_lang, target_lang)
        if (source, target) != (unit.source_lang, unit.target_lang):
            unit = replace(unit, source_lang=source, target_lang=target)
        yield unit


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
    """Write a memory (or the units matching the filters) as TMX 1.4; returns the unit count.

    Units are written with the languages asked for where they were stored under
    broader tags: ``zh-TW`` asked, ``zh-Hant`` stored, ``zh-TW`` written.
    """
    languages = (
        sa.select(TranslationUnit.source_lang)
        .where(TranslationUnit.memory_id == memory.id)
        .distinct()
    )
    if source_lang:
        languages = languages.where(_fits(TranslationUnit.source_lang, source_lang))
    sources = {written_tag(tag, source_lang) for tag in session.scalars(languages)}
    srclang = sources.pop() if len(sources) == 1 else (source_lang or "*all*")
    units = iter_units(
        session,
        memory,
        source_lang=source_lang,
        target_lang=target_lang,
        changed_since=changed_since,
    )
    return write_tmx(
        _relabelled(units, source_lang, target_lang),
        stream,
        srclang=srclang,
        tool_version=glossary.__version__,
        region_tags=region_tags,
    )
