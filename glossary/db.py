"""Engine and session setup, the declarative base, and column types shared by the models.

SQLite is the embedded default: every connection gets foreign keys on, WAL
journaling (readers never block the writer) and a busy timeout. PostgreSQL needs
nothing special beyond a UTF-8 database.

Imports: sqlalchemy only. No Flask.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, orm
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine

__all__ = ["Base", "UTCDateTime", "JSONType", "BigId", "make_engine", "make_sessionmaker", "utcnow"]


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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str | sa.URL, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the per-backend settings this project relies on."""
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: Engine) -> orm.sessionmaker[orm.Session]:
    # expire_on_commit=False: objects stay readable after commit, which the web
    # layer needs to serialise what it just wrote.
    return orm.sessionmaker(engine, expire_on_commit=False)
