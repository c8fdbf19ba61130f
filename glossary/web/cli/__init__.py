"""The ``glossary`` command: one module per group of commands, all on ``main``.

Commands build the app from the environment (GLOSSARY_*), as the server does,
so they see the same database and settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

import glossary
from glossary.db import unavailable


class _Commands(click.Group):
    """The command group, saying plainly when the database is busy or away."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except sa.exc.SQLAlchemyError as exc:
            reason = unavailable(exc)
            if reason == "busy":
                raise click.ClickException(
                    "the database is busy: another writer held it longer than "
                    "GLOSSARY_LOCK_TIMEOUT allows; nothing was changed, try again when it is done"
                ) from exc
            if reason == "unreachable":
                detail = exc.orig if isinstance(exc, sa.exc.DBAPIError) else None
                raise click.ClickException(
                    f"the database cannot be reached; nothing was changed: {detail or exc}"
                ) from exc
            raise


@click.group(cls=_Commands)
@click.version_option(glossary.__version__, prog_name="glossary")
def main() -> None:
    """glossary: a Chinese ⇄ English policy term base and translation memory."""


def make_app() -> Flask:
    """The app as configured by the environment; its connections close with the command."""
    from glossary.web import create_app
    from glossary.web.database import database

    try:
        app = create_app()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.get_current_context().call_on_close(database(app).engine.dispose)
    return app


@contextmanager
def session_scope(app: Flask) -> Iterator[Session]:
    """A session that commits when the block ends cleanly and rolls back otherwise."""
    from glossary.web.database import database

    with database(app).sessionmaker.begin() as session:
        yield session


CLI_ACTOR = "cli"

# Command modules register themselves on ``main`` when imported.
from glossary.web.cli import (  # noqa: E402,F401
    admin,
    annotate,
    backup,
    evaluate,
    exchange,
    index,
    live,
    memories,
    termbase_files,
    tokens,
)
