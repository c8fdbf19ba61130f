"""The fuzzy indexes of all memories, from a generation or the database, kept current by the log.

One :class:`~glossary.index.fuzzy.FuzzyIndex` per memory. Each unit's language
pair becomes a small integer (a *group*) so a lookup can skip pairs it does not
want before scoring anything. ``MemoryIndexes`` never changes: applying changes
gives a new one that shares everything unchanged, so a request keeps a
consistent view while the next is made. Changes arrive as change-log rows:

* unit insert/update/delete: the unit is re-read and goes to the memory's delta
  (or is removed); where the base held it, it is marked dead;
* memory reload (a bulk import): the units it added are read into the delta —
  they are the memory's units above the highest id the base saw, and any id
  freed since (SQLite hands the highest freed id out again). An import too
  large for a delta marks the memory *stale* instead: its units wait for the
  next generation, which the importer publishes before it answers;
* memory insert/delete: an empty index is added, or the index dropped.

When a memory's delta has grown past a few percent of its base the caller
builds a new generation (glossary.store.generations); without generations the
memory is rebuilt in memory here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.index.bigram import BigramIndex
from glossary.index.fuzzy import DeltaUnit, FuzzyIndex, Tier
from glossary.index.segments import Sink, build_segments
from glossary.models import Memory, TranslationUnit
from glossary.store.changes import ChangeRow

Pair = tuple[str, str]
CHUNK = 500  # ids per IN (...) query


@dataclass(frozen=True)
class MemoryIndexes:
    """Every memory's fuzzy index, the numbering of language pairs, the memories' names."""

    by_memory: Mapping[int, FuzzyIndex] = field(default_factory=dict)
    pairs: Mapping[Pair, int] = field(default_factory=dict)
    names: Mapping[int, str] = field(default_factory=dict)
    # The highest unit id when the base was read, and the ids freed since.
    max_unit_id: int = 0
    freed: frozenset[int] = frozenset()
    # Memories whose last bulk import was too large for a delta.
    stale: frozenset[int] = frozenset()

    def units(self) -> int:
        return sum(len(index) for index in self.by_memory.values())

    def rebuild_due(self) -> list[int]:
        """The memories whose delta has outgrown their base, or that are stale."""
        due = [m for m, index in self.by_memory.items() if index.rebuild_due]
        return due + sorted(self.stale - set(due))


class Groups:
    """Numbers language pairs as they are met, continuing an existing numbering."""

    def __init__(self, pairs: Mapping[Pair, int] | None = None) -> None:
        self.pairs: dict[Pair, int] = dict(pairs or {})

    def __call__(self, source_lang: str, target_lang: str) -> int:
        number = self.pairs.get((source_lang, target_lang))
        if number is None:
            number = self.pairs[(source_lang, target_lang)] = len(self.pairs)
        return number


def unit_rows(
    session: Session, memory_id: int, groups: Groups
) -> Iterator[tuple[int, int, str, str]]:
    """(id, group, folded source, folded target) of a memory's units, streamed."""
    result = session.execute(
        sa.select(
            TranslationUnit.id,
            TranslationUnit.source_lang,
            TranslationUnit.target_lang,
            TranslationUnit.source_folded,
            TranslationUnit.target_folded,
        )
        .where(TranslationUnit.memory_id == memory_id)
        .order_by(TranslationUnit.id)
        .execution_options(yield_per=20_000)
    )
    for unit_id, source_lang, target_lang, source, target in result:
        yield unit_id, groups(source_lang, target_lang), source, target or ""


def build_memory_index(
    session: Session, memory_id: int, groups: Groups, sink: Sink | None = None
) -> FuzzyIndex:
    """One memory's index from the database, in ``sink`` (memory by default)."""
    segments = build_segments(unit_rows(session, memory_id, groups), sink)
    return FuzzyIndex(Tier(BigramIndex(segments)))


def build_memory_indexes(session: Session) -> MemoryIndexes:
    """Every memory's index, in memory, from the database as the session sees it."""
    groups = Groups()
    names = dict(session.execute(sa.select(Memory.id, Memory.name).order_by(Memory.id)).all())
    max_id = session.scalar(sa.select(sa.func.max(TranslationUnit.id))) or 0
    by_memory = {m: build_memory_index(session, m, groups) for m in names}
    return MemoryIndexes(by_memory, groups.pairs, names, max_id)


def apply_memory_changes(
    indexes: MemoryIndexes, session: Session, changes: list[ChangeRow], *, rebuild: bool = True
) -> MemoryIndexes:
    """The indexes after ``changes`` (applying one twice is harmless).

    :param rebuild: rebuild in memory a memory whose delta outgrew its base
        (False when a new generation will be built instead).
    """
    by_memory = dict(indexes.by_memory)
    names = dict(indexes.names)
    groups = Groups(indexes.pairs)
    reloaded: set[int] = set()
    # (unit id, memory id) pairs: SQLite reuses the id of a deleted row, so one id
    # may have left one memory and entered another within a batch.
    touched: set[tuple[int, int]] = set()
    for change in changes:
        if change.entity == "memory":
            _memory_change(session, change, by_memory, names, reloaded)
        elif change.entity == "unit" and change.scope is not None:
            touched.add((change.entity_id, change.scope))
    freed = set(indexes.freed)
    stale = set(indexes.stale) & set(by_memory)
    puts, removed = _reread(session, touched, groups, freed)
    for memory_id in reloaded:
        if memory_id not in by_memory:
            continue
        if _added_count(session, memory_id, indexes.max_unit_id) > _delta_room(
            by_memory[memory_id]
        ):
            stale.add(memory_id)
            continue
        new = _added_by_import(session, memory_id, indexes.max_unit_id, freed, groups)
        puts.setdefault(memory_id, {}).update(new)
    for memory_id in set(puts) | set(removed):
        index = by_memory.get(memory_id)
        if index is not None:
            by_memory[memory_id] = index.changed(puts.get(memory_id), removed.get(memory_id, ()))
    result = replace(
        indexes,
        by_memory=by_memory,
        pairs=groups.pairs,
        names=names,
        freed=frozenset(freed),
        stale=frozenset(stale),
    )
    if rebuild:
        for memory_id in result.rebuild_due():
            by_memory[memory_id] = build_memory_index(session, memory_id, groups)
        result = replace(result, pairs=groups.pairs, stale=frozenset())
    return result


def _delta_room(index: FuzzyIndex) -> int:
    """How many more units the memory's delta takes before a new base is due."""
    return max(index.DELTA_LIMIT, index.base.index.size // 20) - index.delta_size


def _added_count(session: Session, memory_id: int, max_unit_id: int) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count()).where(
                TranslationUnit.memory_id == memory_id, TranslationUnit.id > max_unit_id
            )
        )
        or 0
    )


def _memory_change(
    session: Session,
    change: ChangeRow,
    by_memory: dict[int, FuzzyIndex],
    names: dict[int, str],
    reloaded: set[int],
) -> None:
    memory_id = change.entity_id
    if change.op == "delete":
        by_memory.pop(memory_id, None)
        names.pop(memory_id, None)
        reloaded.discard(memory_id)
        return
    name = session.scalar(sa.select(Memory.name).where(Memory.id == memory_id))
    if name is None:  # gone again since
        by_memory.pop(memory_id, None)
        names.pop(memory_id, None)
        return
    names[memory_id] = name
    if memory_id not in by_memory:
        by_memory[memory_id] = FuzzyIndex.build([], [], [])
    if change.op == "reload":
        reloaded.add(memory_id)


def _reread(
    session: Session, touched: set[tuple[int, int]], groups: Groups, freed: set[int]
) -> tuple[dict[int, dict[int, DeltaUnit]], dict[int, set[int]]]:
    """What the touched units are now: (memory → unit → delta unit), (memory → units gone)."""
    named: dict[int, set[int]] = {}  # unit id → the memories the log names for it
    for unit_id, memory_id in touched:
        named.setdefault(unit_id, set()).add(memory_id)
    puts: dict[int, dict[int, DeltaUnit]] = {}
    removed: dict[int, set[int]] = {}
    found = _units(session, sorted(named))
    for unit_id, memories in named.items():
        row = found.get(unit_id)
        # Out of every memory the log names for it, unless it is there now …
        for memory_id in memories:
            if row is None or row[0] != memory_id:
                removed.setdefault(memory_id, set()).add(unit_id)
        if row is None:
            freed.add(unit_id)
            continue
        # … and into the memory that holds it.
        memory_id, source_lang, target_lang, source, target = row
        unit = DeltaUnit(source, target or "", groups(source_lang, target_lang))
        puts.setdefault(memory_id, {})[unit_id] = unit
    return puts, removed


def _added_by_import(
    session: Session, memory_id: int, max_unit_id: int, freed: set[int], groups: Groups
) -> dict[int, DeltaUnit]:
    """The units of a memory that its base cannot know: above its highest id, or reused."""
    rows = session.execute(
        sa.select(
            TranslationUnit.id,
            TranslationUnit.source_lang,
            TranslationUnit.target_lang,
            TranslationUnit.source_folded,
            TranslationUnit.target_folded,
        ).where(TranslationUnit.memory_id == memory_id, TranslationUnit.id > max_unit_id)
    )
    added = {
        unit_id: DeltaUnit(source, target or "", groups(source_lang, target_lang))
        for unit_id, source_lang, target_lang, source, target in rows
    }
    for unit_id, (owner, source_lang, target_lang, source, target) in _units(
        session, sorted(freed)
    ).items():
        if owner == memory_id:
            added[unit_id] = DeltaUnit(source, target or "", groups(source_lang, target_lang))
    return added


def _units(session: Session, ids: list[int]) -> dict[int, tuple[int, str, str, str, str | None]]:
    """(memory id, source lang, target lang, folded source, folded target) by unit id."""
    found: dict[int, tuple[int, str, str, str, str | None]] = {}
    for start in range(0, len(ids), CHUNK):
        for row in session.execute(
            sa.select(
                TranslationUnit.id,
                TranslationUnit.memory_id,
                TranslationUnit.source_lang,
                TranslationUnit.target_lang,
                TranslationUnit.source_folded,
                TranslationUnit.target_folded,
            ).where(TranslationUnit.id.in_(ids[start : start + CHUNK]))
        ):
            found[row[0]] = tuple(row[1:])  # type: ignore[assignment]
    return found
