"""The fuzzy indexes of all memories, built from the database and kept current by the change log.

One :class:`~glossary.index.fuzzy.FuzzyIndex` per memory. Each unit's language
pair becomes a small integer (a *group*) so a lookup can skip pairs it does not
want before scoring anything. Changes arrive as change-log rows:

* unit insert/update/delete: the unit is re-read and goes to the memory's delta
  (or is removed); its old base row is marked dead;
* memory reload (a bulk import): that memory's index is rebuilt;
* memory delete: its index is dropped.

A memory whose delta has grown past a few percent of its base is rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.index.fuzzy import FuzzyIndex
from glossary.models import Memory, TranslationUnit
from glossary.store.changes import ChangeRow

Pair = tuple[str, str]


@dataclass
class MemoryIndexes:
    """Every memory's fuzzy index, and the numbering of language pairs they share."""

    by_memory: dict[int, FuzzyIndex] = field(default_factory=dict)
    pairs: dict[Pair, int] = field(default_factory=dict)

    def group(self, pair: Pair) -> int:
        number = self.pairs.get(pair)
        if number is None:
            number = self.pairs[pair] = len(self.pairs)
        return number

    def units(self) -> int:
        return sum(len(index) for index in self.by_memory.values())


def _rows(session: Session, memory_id: int) -> Iterable[sa.Row]:  # type: ignore[type-arg]
    return session.execute(
        sa.select(
            TranslationUnit.id,
            TranslationUnit.source_lang,
            TranslationUnit.target_lang,
            TranslationUnit.source_folded,
        )
        .where(TranslationUnit.memory_id == memory_id)
        .order_by(TranslationUnit.id)
        .execution_options(yield_per=20_000)
    )


def build_memory_index(session: Session, indexes: MemoryIndexes, memory_id: int) -> FuzzyIndex:
    ids: list[int] = []
    texts: list[str] = []
    groups: list[int] = []
    for unit_id, source_lang, target_lang, folded in _rows(session, memory_id):
        ids.append(unit_id)
        texts.append(folded)
        groups.append(indexes.group((source_lang, target_lang)))
    index = FuzzyIndex(ids, texts, groups)
    indexes.by_memory[memory_id] = index
    return index


def build_memory_indexes(session: Session) -> MemoryIndexes:
    """Every memory's index, from the database as it is now."""
    indexes = MemoryIndexes()
    for memory_id in session.scalars(sa.select(Memory.id).order_by(Memory.id)):
        build_memory_index(session, indexes, memory_id)
    return indexes


def apply_memory_changes(
    indexes: MemoryIndexes, session: Session, changes: list[ChangeRow]
) -> MemoryIndexes:
    """Bring the indexes up to date with ``changes`` (applying one twice is harmless)."""
    reload: set[int] = set()
    dropped: set[int] = set()
    # (unit id, memory id) pairs: SQLite reuses the id of a deleted row, so one id
    # may have left one memory and entered another within a batch.
    touched: set[tuple[int, int]] = set()
    for change in changes:
        if change.entity == "memory":
            if change.op == "delete":
                dropped.add(change.entity_id)
                reload.discard(change.entity_id)
            elif change.op in ("insert", "reload"):
                reload.add(change.entity_id)
                dropped.discard(change.entity_id)
        elif change.entity == "unit" and change.scope is not None:
            touched.add((change.entity_id, change.scope))
    for memory_id in dropped:
        indexes.by_memory.pop(memory_id, None)
    for memory_id in reload:
        if session.get(Memory, memory_id) is not None:
            build_memory_index(session, indexes, memory_id)
    named: dict[int, set[int]] = {}  # unit id → the memories the log names for it
    for unit_id, memory_id in touched:
        if memory_id not in reload and memory_id not in dropped:
            named.setdefault(unit_id, set()).add(memory_id)
    ids = sorted(named)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = {
            row.id: row
            for row in session.execute(
                sa.select(
                    TranslationUnit.id,
                    TranslationUnit.memory_id,
                    TranslationUnit.source_lang,
                    TranslationUnit.target_lang,
                    TranslationUnit.source_folded,
                ).where(TranslationUnit.id.in_(chunk))
            )
        }
        for unit_id in chunk:
            row = found.get(unit_id)
            # Out of every memory the log names for it, unless it is there now …
            for memory_id in named[unit_id]:
                index = indexes.by_memory.get(memory_id)
                if index is not None and (row is None or row.memory_id != memory_id):
                    index.remove(unit_id)
            if row is None:
                continue
            # … and into the memory that holds it.
            index = indexes.by_memory.get(row.memory_id)
            if index is None:
                index = indexes.by_memory[row.memory_id] = FuzzyIndex([], [], [])
            index.put(unit_id, row.source_folded, indexes.group((row.source_lang, row.target_lang)))
    for memory_id, index in list(indexes.by_memory.items()):
        if index.rebuild_due:
            build_memory_index(session, indexes, memory_id)
    return indexes
