"""One engine per app, one session per request (or per CLI command)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy import orm
from sqlalchemy.engine import Engine

from glossary.db import make_engine, make_sessionmaker


@dataclass
class Database:
    engine: Engine
    sessionmaker: orm.sessionmaker[orm.Session]


def init_app(app: Flask) -> None:
    # pool_pre_ping: a connection the database server dropped (a restart, an outage)
    # is replaced when next taken from the pool, so the app recovers by itself. A
    # SQLite file has no server to drop it, and the ping would cost a statement on
    # every request.
    url = sa.make_url(app.config["DATABASE_URL"])
    engine = make_engine(
        url,
        lock_timeout=app.config["LOCK_TIMEOUT"],
        pool_pre_ping=url.get_backend_name() != "sqlite",
    )
    app.extensions["glossary.database"] = Database(engine, make_sessionmaker(engine))
    app.teardown_appcontext(close_session)


def database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions["glossary.database"]


def get_session() -> orm.Session:
    """The request's session, opened on first use. Views commit what they write."""
    if "db_session" not in g:
        g.db_session = database().sessionmaker()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
