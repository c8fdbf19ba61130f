"""The change feed finds every change once, also when commits arrive out of order."""

import time

import pytest
import sqlalchemy as sa

from glossary.models import Change
from glossary.store.changes import (
    GAP_TIMEOUT,
    GAP_TIMEOUT_POSTGRES,
    ChangeFeed,
    latest_seq,
    log_change,
)

ONE_WRITER = "SQLite has one writer at a time: its gaps are rollbacks (test_gaps_expire)"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _add(session, *seqs: int) -> None:
    for seq in seqs:
        session.execute(
            sa.insert(Change).values(seq=seq, entity="term", entity_id=seq, op="insert")
        )
    session.commit()


def test_polls_return_new_changes_in_order(session) -> None:
    feed = ChangeFeed.starting_now(session)
    assert feed.applied == 0 and feed.poll(session) == []
    log_change(session, "memory", 7, "reload")
    log_change(session, "memory", 8, "reload")
    session.commit()
    rows = feed.poll(session)
    assert [(r.entity_id, r.op) for r in rows] == [(7, "reload"), (8, "reload")]
    assert feed.applied == latest_seq(session)
    assert feed.poll(session) == []


def test_a_late_commit_below_the_applied_number_is_not_lost(session) -> None:
    clock = Clock()
    feed = ChangeFeed(clock=clock)
    _add(session, 1, 2, 4, 5)  # 3 is still in flight elsewhere
    assert [r.seq for r in feed.poll(session)] == [1, 2, 4, 5]
    assert [(g.lo, g.hi) for g in feed.gaps] == [(3, 3)]
    clock.now = 1.0
    _add(session, 3, 6)
    assert [r.seq for r in feed.poll(session)] == [3, 6]
    assert feed.gaps == []


def test_gaps_expire(session, backend) -> None:
    """A gap is forgotten after its backend's timeout, whatever other connections do.

    PostgreSQL forgets a gap sooner once every transaction older than it has ended
    (test_postgres_forgets_a_gap_once_its_transaction_rolled_back), but on a shared
    server another connection may keep one open: only the timeout is certain here.
    """
    clock = Clock()
    feed = ChangeFeed(clock=clock)
    _add(session, 1, 3)
    feed.poll(session)
    timeout = GAP_TIMEOUT_POSTGRES if backend == "postgresql" else GAP_TIMEOUT
    clock.now = timeout + 1  # 2 was rolled back long ago
    assert feed.poll(session) == []  # read once more, then forgotten
    assert feed.gaps == []


def test_starting_now_watches_recent_gaps(session) -> None:
    _add(session, 1, 2, 4)
    feed = ChangeFeed.starting_now(session)
    assert feed.applied == 4 and [(g.lo, g.hi) for g in feed.gaps] == [(3, 3)]
    _add(session, 3)
    assert [r.seq for r in feed.poll(session)] == [3]


def _wait_for_transactions_older_than(session, xmax: int | None, seconds: float = 10.0) -> None:
    """Wait until every transaction that began before ``xmax`` has ended, in this
    cluster, not only in this test: the feed rightly keeps a gap while any may run.
    Skip when another connection keeps one open (another test run on the server)."""
    assert xmax is not None
    deadline = time.monotonic() + seconds
    query = sa.text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    while session.scalar(query) < xmax:
        if time.monotonic() > deadline:
            holders = session.execute(
                sa.text(
                    "SELECT pid, application_name, state FROM pg_stat_activity "
                    "WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
                )
            ).all()
            pytest.skip(
                f"another connection kept a transaction older than the gap open for "
                f"{seconds:.0f} s (pid, application, state: {holders})"
            )
        session.commit()
        time.sleep(0.1)


def test_postgres_keeps_a_gap_while_its_transaction_runs(database_url, session, backend) -> None:
    """A transaction that runs for longer than any timeout still has its change delivered."""
    if backend != "postgresql":
        pytest.skip(ONE_WRITER)
    from glossary.db import make_engine, make_sessionmaker

    clock = Clock()
    feed = ChangeFeed(clock=clock)
    engine = make_engine(database_url)
    long_running = make_sessionmaker(engine)()
    log_change(long_running, "concept", 111, "update")  # takes a sequence number, not committed
    long_running.flush()
    log_change(session, "concept", 222, "update")
    session.commit()
    assert [r.entity_id for r in feed.poll(session)] == [222]
    session.commit()
    clock.now = GAP_TIMEOUT * 10  # long past the SQLite timeout: still waiting
    assert feed.poll(session) == [] and feed.gaps
    assert not feed.has_seen(feed.applied)
    long_running.commit()
    session.commit()
    assert [r.entity_id for r in feed.poll(session)] == [111]
    session.commit()
    feed.poll(session)
    assert feed.gaps == [] and feed.has_seen(feed.applied)
    long_running.close()
    engine.dispose()


def test_postgres_forgets_a_gap_once_its_transaction_rolled_back(
    database_url, session, backend
) -> None:
    if backend != "postgresql":
        pytest.skip(ONE_WRITER)
    from glossary.db import make_engine, make_sessionmaker

    feed = ChangeFeed(clock=Clock())  # the clock stands still: no timeout ever passes
    engine = make_engine(database_url)
    doomed = make_sessionmaker(engine)()
    log_change(doomed, "concept", 111, "update")
    doomed.flush()
    log_change(session, "concept", 222, "update")
    session.commit()
    feed.poll(session)
    session.commit()
    assert feed.gaps
    doomed.rollback()
    doomed.close()
    engine.dispose()
    _wait_for_transactions_older_than(session, feed.gaps[0].xmax)
    feed.poll(session)  # the gap's transaction ended: read once more …
    session.commit()
    feed.poll(session)  # … and gone, without any timeout
    assert feed.gaps == []
