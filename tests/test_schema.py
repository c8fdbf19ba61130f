"""The Alembic migrations build exactly the schema the models describe, on both backends."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from glossary.db import make_engine
from glossary.models import Base, Concept, Term
from glossary.store.schema import current_revision, head_revision


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_deleting_a_concept_deletes_its_terms_in_the_database(session) -> None:
    concept = Concept(status="draft", terms=[Term(lang="zh-Hant", text="灣區通")])
    session.add(concept)
    session.commit()
    # Below the ORM: the database's own ON DELETE CASCADE must do it.
    session.execute(sa.delete(Concept).where(Concept.id == concept.id))
    session.commit()
    assert session.scalar(sa.select(sa.func.count()).select_from(Term)) == 0


def test_the_database_refuses_an_unknown_status(session) -> None:
    session.add(Concept(status="nonsense"))
    try:
        session.commit()
    except sa.exc.IntegrityError:
        session.rollback()
    else:
        raise AssertionError("a CHECK constraint should refuse the status")
