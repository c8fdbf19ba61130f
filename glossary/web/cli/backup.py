"""``glossary dump`` and ``glossary restore``: a snapshot of everything, and back.

See ``glossary.store.backup`` for the format. A file name ending in .gz is
compressed; ``-`` is standard output (dump) or input (restore).
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

from glossary.store.backup import DumpError, dump, restore
from glossary.web.cli import main, make_app
from glossary.web.database import database


@contextmanager
def _opened(name: str, mode: str) -> Iterator[IO[bytes]]:
    if name == "-":
        yield sys.stdout.buffer if mode == "wb" else sys.stdin.buffer
    elif name.endswith(".gz") and mode == "wb":
        with gzip.open(name, "wb", compresslevel=6) as stream:
            yield stream  # type: ignore[misc]
    else:
        with open(name, mode) as stream:  # a plain file or a gzip (sniffed)
            yield stream


@main.command("dump")
@click.argument("file")
def dump_command(file: str) -> None:
    """Write a snapshot of the whole database to FILE (consistent while the service runs).

    Concepts, terms, memories and units, the change log, the audit history and the
    API tokens' hashes. FILE ending in .gz is compressed; - writes to standard output.
    """
    app = make_app()
    if file != "-" and Path(file).exists():
        raise click.ClickException(f"{file} exists: choose a new file name")
    try:
        with _opened(file, "wb") as stream:
            summary = dump(database(app).engine, stream)
    except DumpError as exc:
        if file != "-":
            Path(file).unlink(missing_ok=True)
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"dumped {summary.total} rows of {len(summary.rows)} tables (schema {summary.schema})"
        + (f" to {file}" if file != "-" else ""),
        err=True,
    )


@main.command("restore")
@click.argument("file")
@click.option(
    "--replace",
    is_flag=True,
    help="Delete everything in the database first (else it must be empty).",
)
def restore_command(file: str, replace: bool) -> None:
    """Load a snapshot made by `glossary dump` into this database: all of it or nothing.

    The database must be empty (or be emptied with --replace) and at the dump's
    schema revision; a database without any schema is created. Stop the servers
    using the database first: they keep their indexes of what was there.
    """
    app = make_app()
    if file != "-" and not Path(file).is_file():
        raise click.ClickException(f"no such file: {file}")
    try:
        with _opened(file, "rb") as stream:
            summary = restore(database(app).engine, stream, replace=replace)
    except DumpError as exc:
        raise click.ClickException(f"{file}: nothing restored: {exc}") from exc
    click.echo(
        f"restored {summary.total} rows of {len(summary.rows)} tables (schema {summary.schema})"
    )
