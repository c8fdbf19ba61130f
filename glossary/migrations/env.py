"""Alembic environment for the glossary schema.

Run programmatically by ``glossary.store.schema.migrate`` (which hands over a
connection), or by hand for new revisions:

    alembic -c glossary/migrations/alembic.ini revision --autogenerate -m "..."

with GLOSSARY_DATABASE_URL pointing at a database migrated to head.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import context

from glossary.db import make_engine
from glossary.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or os.environ["GLOSSARY_DATABASE_URL"]
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
