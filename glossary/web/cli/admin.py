"""Set up and run the service: ``glossary init`` and ``glossary serve``."""

from __future__ import annotations

from pathlib import Path

import click

from glossary.formats.errors import FormatError
from glossary.formats.termbase_toml import read_termbase
from glossary.store.errors import Invalid
from glossary.store.schema import current_revision, head_revision, migrate
from glossary.store.shipped import install_memories, install_termbase
from glossary.web.cli import CLI_ACTOR, main, make_app, session_scope
from glossary.web.cli.index import leave_a_generation
from glossary.web.database import database
from glossary.web.devserver import Utf8RequestHandler


@main.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of shipped data (default: GLOSSARY_DATA_DIR or tm_data/).",
)
@click.option("--schema-only", is_flag=True, help="Migrate the schema; load no data.")
def init(data_dir: Path | None, schema_only: bool) -> None:
    """Create or upgrade the database, then load the shipped term base and memory.

    Safe to run again: the schema is brought to the newest revision, shipped
    concepts that are missing are added, those nobody but the installer wrote are
    brought up to date, those an editor changed keep their content (and get the
    shipped citations if they have none), and a shipped memory is imported only
    when no memory of that name exists.
    """
    app = make_app()
    engine = database(app).engine
    before = current_revision(engine)
    migrate(engine)
    after = current_revision(engine)
    click.echo(f"database  {engine.url.render_as_string(hide_password=True)}")
    click.echo(f"schema    {after}" + ("" if before == after else f" (was {before or 'empty'})"))
    if schema_only:
        return
    folder = data_dir or Path(app.config["DATA_DIR"])
    termbase = folder / "termbase"
    if not termbase.is_dir():
        raise click.ClickException(f"no term base at {termbase}")
    try:
        with session_scope(app) as session:
            report = install_termbase(session, read_termbase(termbase))
    except (FormatError, Invalid) as exc:
        raise click.ClickException(f"the shipped term base is invalid: {exc}") from exc
    click.echo(
        f"termbase  {len(report.added)} concepts added, {len(report.updated)} updated, "
        f"{len(report.cited)} given citations, {len(report.kept)} kept as they are"
    )
    memories = folder / "memory"
    if memories.is_dir():
        try:
            with session_scope(app) as session:
                installed = install_memories(session, memories, actor=CLI_ACTOR)
        except (FormatError, Invalid) as exc:
            raise click.ClickException(f"a shipped memory is invalid: {exc}") from exc
        for item in installed:
            state = f"{item.units} units added" if item.added else "already present"
            click.echo(f"memory    {item.name}: {state}")
    leave_a_generation(app)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes; show tracebacks.")
def serve(host: str, port: int, debug: bool) -> None:
    """Run the development server. In production use gunicorn (see the README)."""
    app = make_app()
    revision = current_revision(database(app).engine)
    if revision != head_revision():
        raise click.ClickException(
            f"the database schema is at {revision or 'nothing'}, not {head_revision()}: "
            "run `glossary init` first"
        )
    app.run(host=host, port=port, debug=debug, request_handler=Utf8RequestHandler)
