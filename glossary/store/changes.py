"""Reading the change log: what changed since a sequence number.

Every write appends to ``change_log`` in its own transaction (see models.py), so
an in-memory index that was built at sequence S is brought up to date by
applying the rows after S. Applying a change means re-reading the entity's
current row (or noticing it is gone), so applying one twice, or late, is harmless.

PostgreSQL hands out sequence numbers when rows are inserted, not when their
transactions commit: seq 12 can become visible after seq 13. A feed therefore
remembers the numbers it skipped over and asks for them again until they show
up or can no longer show up. On PostgreSQL that is known exactly: a skipped
number belongs to a transaction that was running when the gap was first seen,
so once every such transaction has ended (the snapshot's xmin has passed the
xmax noted then), a number still missing was rolled back. SQLite runs one
writer at a time, so its gaps are rollbacks and expire after a while.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary.models import Change

# How long a skipped sequence number may still turn up where the database cannot
# say which transactions are running (SQLite, where gaps are rollbacks anyway).
GAP_TIMEOUT = 60.0
# On PostgreSQL gaps end with the transactions that could fill them; this only
# bounds the wait behind a session left open in a transaction for hours.
GAP_TIMEOUT_POSTGRES = 3600.0
BATCH = 10_000


@dataclass(frozen=True, slots=True)
class Gap:
    """Sequence numbers [lo, hi] skipped over, when first seen, and (PostgreSQL) the
    snapshot's xmax then: every transaction that could fill the gap is below it."""

    lo: int
    hi: int
    seen_at: float
    xmax: int | None = None


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
    gaps: list[Gap] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic

    @classmethod
    def starting_now(cls, session: Session, window: int = 1000) -> ChangeFeed:
        """A feed for an index built from the database as it is now.

        Numbers missing just below the newest may belong to transactions still
        running; they are watched like any other gap.
        """
        feed = cls()
        horizon = _horizon(session)
        feed.applied = latest_seq(session)
        if feed.applied:
            lo = max(1, feed.applied - window)
            seen = set(
                session.scalars(sa.select(Change.seq).where(Change.seq.between(lo, feed.applied)))
            )
            now = feed.clock()
            xmax = horizon[1] if horizon else None
            feed.gaps = [Gap(a, b, now, xmax) for a, b in _missing(lo, feed.applied, seen)]
        return feed

    @classmethod
    def resume(cls, state: dict[str, Any]) -> ChangeFeed:
        """A feed continuing from a saved ``state()`` (gaps restart their clocks now)."""
        feed = cls(applied=int(state["applied"]))
        now = feed.clock()
        feed.gaps = [Gap(int(lo), int(hi), now, xmax) for lo, hi, xmax in state["gaps"]]
        return feed

    def state(self) -> dict[str, Any]:
        """What ``resume`` needs, as JSON-ready data."""
        return {"applied": self.applied, "gaps": [[g.lo, g.hi, g.xmax] for g in self.gaps]}

    def has_seen(self, seq: int) -> bool:
        """True once every change up to ``seq`` that may still appear has been applied.

        A skipped number at or below ``seq`` may be a transaction that committed
        after the last poll: its writer, reading its own write, must wait for it.
        """
        return self.applied >= seq and not any(gap.lo <= seq for gap in self.gaps)

    def poll(self, session: Session, limit: int = BATCH) -> list[ChangeRow]:
        """New changes since the last poll, including skipped ones that appeared."""
        now = self.clock()
        # Read before the rows: a transaction below this xmin had ended before
        # the rows' snapshot was taken, so its rows are in what follows.
        horizon = _horizon(session)
        # A gap whose transactions have all ended is read once more (one may have
        # committed just now), then forgotten.
        still_open = [gap for gap in self.gaps if _open(gap, now, horizon)]
        condition = Change.seq > self.applied
        for gap in self.gaps:
            condition = condition | Change.seq.between(gap.lo, gap.hi)
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
        gaps: list[Gap] = []
        for gap in still_open:
            gaps.extend(Gap(a, b, gap.seen_at, gap.xmax) for a, b in _missing(gap.lo, gap.hi, seen))
        fresh = [r.seq for r in rows if r.seq > self.applied]
        if fresh:
            xmax = horizon[1] if horizon else None
            gaps.extend(
                Gap(a, b, now, xmax) for a, b in _missing(self.applied + 1, fresh[-1], seen)
            )
            self.applied = fresh[-1]
        self.gaps = gaps
        return rows


def _horizon(session: Session) -> tuple[int, int] | None:
    """PostgreSQL's (xmin, xmax) of a snapshot taken now; None elsewhere."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    row = session.execute(
        sa.text(
            "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint "
            "FROM pg_current_snapshot() AS s"
        )
    ).one()
    return int(row[0]), int(row[1])


def _open(gap: Gap, now: float, horizon: tuple[int, int] | None) -> bool:
    """Whether a gap may still fill in."""
    if gap.xmax is not None and horizon is not None:
        if horizon[0] >= gap.xmax:
            return False  # every transaction that could fill it has ended
        return now - gap.seen_at < GAP_TIMEOUT_POSTGRES
    return now - gap.seen_at < GAP_TIMEOUT


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
