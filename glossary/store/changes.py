"""Reading the change log: what changed since a sequence number.

Every write appends to ``change_log`` in its own transaction (see models.py), so
an in-memory index that was built at sequence S is brought up to date by
applying the rows after S. Applying a change means re-reading the entity's
current row (or noticing it is gone), so applying one twice, or late, is harmless.

PostgreSQL hands out sequence numbers when rows are inserted, not when their
transactions commit: seq 12 can become visible after seq 13. A feed therefore
remembers the numbers it skipped over and asks for them again until they show
up or are old enough to have been rolled back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.models import Change

# How long a skipped sequence number may still turn up (a transaction that
# inserted it is still running). Longer than any write transaction should take.
GAP_TIMEOUT = 60.0
BATCH = 10_000


@dataclass(frozen=True, slots=True)
class ChangeRow:
    seq: int
    entity: str
    entity_id: int
    op: str
    scope: int | None


def latest_seq(session: Session) -> int:
    """The newest sequence number in the log (0 for an empty log)."""
    return session.scalar(sa.select(sa.func.max(Change.seq))) or 0


def log_change(
    session: Session, entity: str, entity_id: int, op: str, scope: int | None = None
) -> None:
    """Append a change by hand, for bulk writes that bypass the ORM (e.g. op="reload")."""
    session.execute(
        sa.insert(Change).values(entity=entity, entity_id=entity_id, op=op, scope=scope)
    )


@dataclass
class ChangeFeed:
    """The changes one process has not applied yet, in sequence order."""

    applied: int = 0
    # Skipped ranges [lo, hi] with the time they were first seen.
    gaps: list[tuple[int, int, float]] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic

    @classmethod
    def starting_now(cls, session: Session, window: int = 1000) -> ChangeFeed:
        """A feed for an index built from the database as it is now.

        Numbers missing just below the newest may belong to transactions still
        running; they are watched like any other gap.
        """
        feed = cls()
        feed.applied = latest_seq(session)
        if feed.applied:
            lo = max(1, feed.applied - window)
            seen = set(
                session.scalars(sa.select(Change.seq).where(Change.seq.between(lo, feed.applied)))
            )
            now = feed.clock()
            feed.gaps = [(a, b, now) for a, b in _missing(lo, feed.applied, seen)]
        return feed

    def poll(self, session: Session, limit: int = BATCH) -> list[ChangeRow]:
        """New changes since the last poll, including skipped ones that appeared."""
        now = self.clock()
        self.gaps = [g for g in self.gaps if now - g[2] < GAP_TIMEOUT]
        condition = Change.seq > self.applied
        for lo, hi, _ in self.gaps:
            condition = condition | Change.seq.between(lo, hi)
        rows = [
            ChangeRow(c.seq, c.entity, c.entity_id, c.op, c.scope)
            for c in session.execute(
                sa.select(Change.seq, Change.entity, Change.entity_id, Change.op, Change.scope)
                .where(condition)
                .order_by(Change.seq)
                .limit(limit)
            )
        ]
        seen = {r.seq for r in rows}
        # Gaps that filled in shrink; what is left stays a gap.
        gaps: list[tuple[int, int, float]] = []
        for lo, hi, first in self.gaps:
            gaps.extend((a, b, first) for a, b in _missing(lo, hi, seen))
        fresh = [r.seq for r in rows if r.seq > self.applied]
        if fresh:
            gaps.extend((a, b, now) for a, b in _missing(self.applied + 1, fresh[-1], seen))
            self.applied = fresh[-1]
        self.gaps = gaps
        return rows


def _missing(lo: int, hi: int, seen: set[int]) -> list[tuple[int, int]]:
    """The runs of numbers in [lo, hi] that are not in ``seen``."""
    runs: list[tuple[int, int]] = []
    expected = lo
    for n in sorted(n for n in seen if lo <= n <= hi):
        if n > expected:
            runs.append((expected, n - 1))
        expected = n + 1
    if expected <= hi:
        runs.append((expected, hi))
    return runs
