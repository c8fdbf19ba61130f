"""Translation memories and their units: create, read, change, delete.

A unit is stored once per memory: two units with the same languages, source
and target share a ``unit_key``, and adding one that exists merges into it
(the higher usage count, the earlier creation, the later change, notes and
properties kept). Every write goes through the ORM, so the change log sees it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary import lang
from glossary.db import utcnow
from glossary.models import Memory, TranslationUnit, unit_key
from glossary.records import UnitRecord
from glossary.store.errors import Conflict, Invalid, NotFound

MAX_SEGMENT = 20_000
_NAME = re.compile(r"^[^/\\\x00-\x1f\x7f]{1,200}$")
# XML 1.0 cannot carry these; a unit holding one could not be exported.
_canonical = lru_cache(maxsize=256)(lang.canonical)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_name(name: str) -> str:
    """A memory name as stored: trimmed, 1–200 characters, no slash or control character."""
    name = (name or "").strip()
    # "." and ".." would turn into other paths in a URL (/api/memories/..).
    if not _NAME.match(name) or name in (".", ".."):
        raise Invalid([f"name: {name!r} is not a memory name (1–200 characters, no slash)"])
    return name


def list_memories(session: Session) -> list[tuple[Memory, int]]:
    """Every memory with its number of units, by name."""
    counts = dict(
        session.execute(
            sa.select(TranslationUnit.memory_id, sa.func.count()).group_by(
                TranslationUnit.memory_id
            )
        ).all()
    )
    memories = session.scalars(sa.select(Memory).order_by(Memory.name)).all()
    return [(m, counts.get(m.id, 0)) for m in memories]


def find_memory(session: Session, name: str) -> Memory | None:
    return session.scalar(sa.select(Memory).where(Memory.name == name.strip()))


def get_memory(session: Session, name: str) -> Memory:
    """:raises NotFound: when there is no memory of that name."""
    memory = find_memory(session, name)
    if memory is None:
        raise NotFound(f"no translation memory named {name!r}")
    return memory


def create_memory(session: Session, name: str, description: str | None = None) -> Memory:
    """:raises Conflict: when the name is taken."""
    name = check_name(name)
    if find_memory(session, name) is not None:
        raise Conflict(f"a translation memory named {name!r} exists already")
    memory = Memory(name=name, description=(description or "").strip() or None)
    session.add(memory)
    session.flush()
    return memory


def ensure_memory(session: Session, name: str) -> tuple[Memory, bool]:
    """The memory of that name, created if new; and whether it was created."""
    memory = find_memory(session, check_name(name))
    if memory is not None:
        return memory, False
    return create_memory(session, name), True


def update_memory(session: Session, memory: Memory, description: str | None) -> Memory:
    memory.description = (description or "").strip() or None
    memory.updated_at = utcnow()
    session.flush()
    return memory


def delete_memory(session: Session, memory: Memory) -> None:
    """Delete a memory; the database deletes its units (ON DELETE CASCADE)."""
    session.delete(memory)
    session.flush()


def memory_languages(session: Session, memory_id: int | None = None) -> list[tuple[str, str, int]]:
    """(source language, target language, units) of one memory, or of all."""
    query = sa.select(
        TranslationUnit.source_lang, TranslationUnit.target_lang, sa.func.count()
    ).group_by(TranslationUnit.source_lang, TranslationUnit.target_lang)
    if memory_id is not None:
        query = query.where(TranslationUnit.memory_id == memory_id)
    return [(s, t, n) for s, t, n in session.execute(query.order_by(sa.func.count().desc()))]


def memory_to_dict(
    memory: Memory, units: int, pairs: list[tuple[str, str, int]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": memory.name,
        "description": memory.description,
        "units": units,
        "created_at": memory.created_at.isoformat(),
        "updated_at": memory.updated_at.isoformat(),
    }
    if pairs is not None:
        body["languages"] = [{"source": s, "target": t, "units": n} for s, t, n in pairs]
    return body


def canonical_or_none(tag: str | None) -> str | None:
    """The canonical form of an optional language tag (raises LanguageError, a ValueError)."""
    return lang.canonical(tag) if tag else None


# -- units --------------------------------------------------------------------


def normalize_unit(record: UnitRecord) -> UnitRecord:
    """Check a unit and canonicalise its language tags.

    :raises Invalid: listing every rule the record breaks.
    """
    errors: list[str] = []
    tags = {}
    for field in ("source_lang", "target_lang"):
        try:
            tags[field] = _canonical(getattr(record, field))
        except lang.LanguageError as exc:
            errors.append(f"{field}: {exc}")
    for field in ("source", "target"):
        text = getattr(record, field)
        if not text.strip():
            errors.append(f"{field}: empty")
        elif len(text) > MAX_SEGMENT:
            errors.append(f"{field}: longer than {MAX_SEGMENT} characters")
        elif _CONTROL.search(text):
            errors.append(f"{field}: contains a control character")
    if len(tags) == 2 and tags["source_lang"] == tags["target_lang"]:
        errors.append("target_lang: the same as source_lang")
    if errors:
        raise Invalid(errors)
    if tags["source_lang"] == record.source_lang and tags["target_lang"] == record.target_lang:
        return record
    return replace(record, source_lang=tags["source_lang"], target_lang=tags["target_lang"])


def key_of(record: UnitRecord) -> str:
    return unit_key(record.source_lang, record.target_lang, record.source, record.target)


def find_unit(session: Session, memory: Memory, key: str) -> TranslationUnit | None:
    return session.scalar(
        sa.select(TranslationUnit).where(
            TranslationUnit.memory_id == memory.id, TranslationUnit.unit_key == key
        )
    )


# What merging a duplicate may change in a stored unit.
MERGED_FIELDS = (
    "usage_count",
    "created_at",
    "changed_at",
    "note",
    "context",
    "creator",
    "properties",
)


def merge_records(kept: UnitRecord, other: UnitRecord) -> UnitRecord:
    """``kept`` with a duplicate's metadata folded in: the higher usage count, the
    earlier creation and later change (of the dates given), the note, context and
    creator where ``kept`` has none, and properties ``kept`` lacks.

    Merging several duplicates gives the same result in any grouping.
    """
    created = [d for d in (kept.created_at, other.created_at) if d is not None]
    changed = [d for d in (kept.changed_at, other.changed_at) if d is not None]
    properties = kept.properties
    if other.properties and not other.properties.items() <= properties.items():
        properties = {**other.properties, **properties}
    return replace(
        kept,
        usage_count=max(kept.usage_count, other.usage_count),
        created_at=min(created) if created else None,
        changed_at=max(changed) if changed else None,
        note=kept.note or other.note,
        context=kept.context or other.context,
        creator=kept.creator or other.creator,
        properties=properties,
    )


def merge_into(unit: TranslationUnit, record: UnitRecord) -> bool:
    """Fold a duplicate's metadata into a stored unit; True if anything changed."""
    merged = merge_records(unit_to_record(unit), record)
    changed = False
    for name in MERGED_FIELDS:
        value = getattr(merged, name)
        if value != getattr(unit, name):
            setattr(unit, name, value)
            changed = True
    return changed


def unit_now() -> datetime:
    """Now, to the second: what TMX dates can carry, so exports read back equal."""
    return utcnow().replace(microsecond=0)


def new_unit(memory: Memory, record: UnitRecord, actor: str | None) -> TranslationUnit:
    now = unit_now()
    return TranslationUnit(
        memory_id=memory.id,
        source_lang=record.source_lang,
        target_lang=record.target_lang,
        source=record.source,
        target=record.target,
        source_markup=record.source_markup,
        target_markup=record.target_markup,
        unit_key=key_of(record),
        creator=record.creator or actor,
        created_at=record.created_at or now,
        changed_by=actor,
        changed_at=record.changed_at or now,
        usage_count=record.usage_count,
        note=record.note,
        context=record.context,
        properties=dict(record.properties),
    )


def add_unit(
    session: Session, memory: Memory, record: UnitRecord, *, actor: str
) -> tuple[TranslationUnit, bool]:
    """Store a unit, or merge it into the equal one stored; the unit, and whether it is new."""
    record = normalize_unit(record)
    existing = find_unit(session, memory, key_of(record))
    if existing is not None:
        if merge_into(existing, record):
            existing.changed_by = actor
        session.flush()
        return existing, False
    unit = new_unit(memory, record, actor)
    session.add(unit)
    session.flush()
    memory.updated_at = utcnow()
    return unit, True


def get_unit(session: Session, memory: Memory, unit_id: int) -> TranslationUnit:
    unit = session.get(TranslationUnit, unit_id)
    if unit is None or unit.memory_id != memory.id:
        raise NotFound(f"no unit {unit_id} in translation memory {memory.name!r}")
    return unit


def update_unit(
    session: Session, unit: TranslationUnit, record: UnitRecord, *, actor: str
) -> TranslationUnit:
    """Replace a unit's texts and metadata.

    :raises Conflict: when the new texts equal another stored unit.
    """
    record = normalize_unit(record)
    key = key_of(record)
    if key != unit.unit_key:
        other = session.scalar(
            sa.select(TranslationUnit.id).where(
                TranslationUnit.memory_id == unit.memory_id, TranslationUnit.unit_key == key
            )
        )
        if other is not None:
            raise Conflict(f"unit {other} already holds this source and target")
    unit.source_lang, unit.target_lang = record.source_lang, record.target_lang
    unit.source, unit.target = record.source, record.target
    # Plain text from the API replaces any inline codes the texts had.
    if unit.source_markup is not None and record.source_markup is None:
        unit.source_markup = None
    if unit.target_markup is not None and record.target_markup is None:
        unit.target_markup = None
    unit.unit_key = key
    unit.note, unit.context = record.note, record.context
    unit.properties = dict(record.properties)
    unit.usage_count = record.usage_count
    unit.changed_by = actor
    unit.changed_at = unit_now()
    session.flush()
    return unit


def delete_unit(session: Session, unit: TranslationUnit) -> None:
    session.delete(unit)
    session.flush()


def list_units(
    session: Session,
    memory: Memory,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[TranslationUnit], int]:
    """One page of a memory's units in id order, and how many match in all."""
    query = sa.select(TranslationUnit).where(TranslationUnit.memory_id == memory.id)
    if source_lang:
        query = query.where(TranslationUnit.source_lang == lang.canonical(source_lang))
    if target_lang:
        query = query.where(TranslationUnit.target_lang == lang.canonical(target_lang))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    page = session.scalars(query.order_by(TranslationUnit.id).offset(offset).limit(limit)).all()
    return list(page), total


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def unit_to_dict(unit: TranslationUnit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "source_lang": unit.source_lang,
        "target_lang": unit.target_lang,
        "source": unit.source,
        "target": unit.target,
        "source_markup": unit.source_markup,
        "target_markup": unit.target_markup,
        "creator": unit.creator,
        "created_at": _iso(unit.created_at),
        "changed_by": unit.changed_by,
        "changed_at": _iso(unit.changed_at),
        "usage_count": unit.usage_count,
        "last_used_at": _iso(unit.last_used_at),
        "note": unit.note,
        "context": unit.context,
        "properties": dict(unit.properties),
    }


def unit_to_record(unit: TranslationUnit) -> UnitRecord:
    return UnitRecord(
        source=unit.source,
        target=unit.target,
        source_lang=unit.source_lang,
        target_lang=unit.target_lang,
        source_markup=unit.source_markup,
        target_markup=unit.target_markup,
        creator=unit.creator,
        created_at=unit.created_at,
        changed_at=unit.changed_at,
        usage_count=unit.usage_count,
        note=unit.note,
        context=unit.context,
        properties=dict(unit.properties),
    )
