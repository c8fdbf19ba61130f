"""Engine and session setup, the declarative base, and column types shared by the models.

SQLite is the embedded default: every connection gets foreign keys on, WAL
journaling (readers never block the writer) and a busy timeout. PostgreSQL needs
nothing special beyond a UTF-8 database.

Writers wait their turn, but not for ever: a statement that waits longer than
the lock timeout for another writer (SQLite's busy timeout, PostgreSQL's
lock_timeout) fails, and ``unavailable`` tells such errors, and those of a
database that cannot be reached, from the rest, so the web layer can answer
503 and the client try again.

Imports: sqlalchemy only. No Flask.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import event, orm
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

__all__ = [
    "Base",
    "UTCDateTime",
    "JSONType",
    "BigId",
    "DEFAULT_LOCK_TIMEOUT",
    "make_engine",
    "make_sessionmaker",
    "unavailable",
    "utcnow",
]

# Seconds a statement waits for another writer's lock before it fails.
DEFAULT_LOCK_TIMEOUT = 5.0


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zones and hands back naive values; they were written as
    UTC, so they are read back as UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

# 64-bit keys where tables can grow large; SQLite only auto-increments INTEGER.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Base(orm.DeclarativeBase):
    # Every model is mapped to one declared table; SQLAlchemy types __table__ as the
    # broader FromClause, which has no insert() or update().
    __table__: ClassVar[sa.Table]
    # Deterministic constraint names, so Alembic migrations can refer to them.
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
        dict[str, str]: JSONType,
        list[str]: JSONType,
        list[dict[str, Any]]: JSONType,
    }


def _sqlite_pragmas(lock_timeout: float) -> Callable[[Any, Any], None]:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        cursor.close()

    return set_pragmas


def _postgres_lock_timeout(lock_timeout: float) -> Callable[[Any, Any], None]:
    def set_lock_timeout(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET lock_timeout = {int(lock_timeout * 1000)}")
        cursor.close()
        # Committed, or the pool's rollback on return would undo it.
        dbapi_connection.commit()

    return set_lock_timeout


def make_engine(
    url: str | sa.URL, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, **kwargs: Any
) -> Engine:
    """An engine for ``url`` with the per-backend settings this project relies on.

    :param lock_timeout: seconds a statement waits for another writer's lock
        (0: PostgreSQL waits for ever, SQLite not at all).
    """
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas(lock_timeout))
    elif engine.dialect.name == "postgresql" and lock_timeout > 0:
        event.listen(engine, "connect", _postgres_lock_timeout(lock_timeout))
    return engine


# SQLite result codes (the low byte of sqlite_errorcode): another connection
# holds the lock; the file cannot be read, written or opened.
_SQLITE_BUSY = {5, 6}
_SQLITE_UNREACHABLE = {10, 13, 14}
# PostgreSQL states of a wait that ran out or a transaction to retry: lock or
# statement timeout, serialization failure, deadlock; too many connections.
_POSTGRES_BUSY = {"55P03", "57014", "40001", "40P01", "53300"}


def unavailable(exc: BaseException) -> str | None:
    """Why the database could not serve a request, when that is passing.

    ``"busy"``: another writer held a lock longer than the lock timeout (or the
    pool had no free connection); ``"unreachable"``: the database cannot be
    reached or dropped the connection. None for every other error (bad SQL, a
    constraint, a value the database refuses), which trying again would not help.
    """
    if isinstance(exc, sa.exc.TimeoutError):
        return "busy"
    if isinstance(exc, sa.exc.DisconnectionError):
        return "unreachable"
    if not isinstance(exc, sa.exc.DBAPIError):
        return None
    if exc.connection_invalidated:
        return "unreachable"
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if code is not None:
        if code & 0xFF in _SQLITE_BUSY:
            return "busy"
        return "unreachable" if code & 0xFF in _SQLITE_UNREACHABLE else None
    if not isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return None
    state = getattr(exc.orig, "sqlstate", None)
    if state is None:
        # No answer from a server at all: refused, closed, lost.
        return "unreachable"
    if state in _POSTGRES_BUSY:
        return "busy"
    if state.startswith(("08", "57P")):
        # Connection exceptions; the server shutting down or the backend terminated.
        return "unreachable"
    return None


def make_sessionmaker(engine: Engine) -> orm.sessionmaker[orm.Session]:
    # expire_on_commit=False: objects stay readable after commit, which the web
    # layer needs to serialise what it just wrote.
    return orm.sessionmaker(engine, expire_on_commit=False)
