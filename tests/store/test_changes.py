"""The change feed finds every change once, also when commits arrive out of order."""

import sqlalchemy as sa

from glossary.models import Change
from glossary.store.changes import GAP_TIMEOUT, ChangeFeed, latest_seq, log_change


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


def test_gaps_expire(session) -> None:
    clock = Clock()
    feed = ChangeFeed(clock=clock)
    _add(session, 1, 3)
    feed.poll(session)
    clock.now = GAP_TIMEOUT + 1  # 2 was rolled back long ago
    assert feed.poll(session) == []  # read once more, then forgotten
    assert feed.gaps == []


def test_starting_now_watches_recent_gaps(session) -> None:
    _add(session, 1, 2, 4)
    feed = ChangeFeed.starting_now(session)
    assert feed.applied == 4 and [(g.lo, g.hi) for g in feed.gaps] == [(3, 3)]
    _add(session, 3)
    assert [r.seq for r in feed.poll(session)] == [3]


def test_postgres_keeps_a_gap_while_its_transaction_runs(database_url, session, backend) -> None:
    """A transaction that runs for longer than any timeout still has its change delivered."""
    if backend != "postgresql":
        return  # SQLite has one writer at a time: its gaps are rollbacks
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
        return
    from glossary.db import make_engine, make_sessionmaker

    feed = ChangeFeed()
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
    feed.poll(session)  # the gap's transaction ended: read once more …
    session.commit()
    feed.poll(session)  # … and gone, without any timeout
    assert feed.gaps == []
    doomed.close()
    engine.dispose()
