"""``glossary import`` and ``glossary export``: one command each for every format.

The format of an imported file is detected from its content
(``glossary.formats.detect``). Each area registers its handlers here:
translation memories for ``tmx``, the term base for the TBX and table formats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import Flask

from glossary.formats.detect import FORMATS, detect_format
from glossary.formats.errors import FormatError
from glossary.web.cli import main, make_app
from glossary.web.cli.index import leave_a_generation


@dataclass
class ImportJob:
    app: Flask
    path: Path
    format: str
    memory: str | None
    dry_run: bool
    # The languages of a table that does not name them (OmegaT TSV and CSV).
    source_lang: str | None = None
    target_lang: str | None = None


@dataclass
class ExportJob:
    app: Flask
    format: str
    output: Path | None  # None: standard output
    memory: str | None
    filters: dict[str, Any] = field(default_factory=dict)


IMPORTERS: dict[str, Callable[[ImportJob], None]] = {}
EXPORTERS: dict[str, Callable[[ExportJob], None]] = {}


def importer(*formats: str) -> Callable[[Callable[[ImportJob], None]], Callable[[ImportJob], None]]:
    def register(handler: Callable[[ImportJob], None]) -> Callable[[ImportJob], None]:
        for name in formats:
            IMPORTERS[name] = handler
        return handler

    return register


def exporter(*formats: str) -> Callable[[Callable[[ExportJob], None]], Callable[[ExportJob], None]]:
    def register(handler: Callable[[ExportJob], None]) -> Callable[[ExportJob], None]:
        for name in formats:
            EXPORTERS[name] = handler
        return handler

    return register


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--memory", help="The translation memory a TMX file goes into (created if new).")
@click.option("--dry-run", is_flag=True, help="Read and check everything; write nothing.")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), help="Skip detection: read as this."
)
@click.option("--source-lang", help="Source language of a table without headings (e.g. zh-Hant).")
@click.option("--target-lang", help="Target language of a table without headings (e.g. en).")
def import_(
    file: Path,
    memory: str | None,
    dry_run: bool,
    fmt: str | None,
    source_lang: str | None,
    target_lang: str | None,
) -> None:
    """Import a TMX, TBX, TSV, CSV or XLSX file; the format is read from the content."""
    if fmt is None:
        with file.open("rb") as handle:
            try:
                fmt = detect_format(handle.read(8192), file.name)
            except FormatError as exc:
                raise click.ClickException(f"{file}: {exc}") from exc
    handler = IMPORTERS.get(fmt)
    if handler is None:
        raise click.ClickException(f"{file}: importing {FORMATS[fmt]} files is not supported")
    app = make_app()
    handler(ImportJob(app, file, fmt, memory, dry_run, source_lang, target_lang))
    if not dry_run:
        # Workers switch to it at their next poll instead of indexing the import themselves.
        leave_a_generation(app)


@main.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(FORMATS)))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
@click.option("--memory", help="The translation memory to export (TMX).")
@click.option("--subject-field", help="Only concepts of this subject field.")
@click.option("--status", help="Only concepts with this review status.")
@click.option("--source-lang", help="Only this source language (e.g. zh-Hant).")
@click.option("--target-lang", help="Only this target language (e.g. en).")
@click.option("--changed-since", help="Only what changed since this ISO date or time.")
@click.option(
    "--tags",
    type=click.Choice(["bcp47", "region"]),
    help="Chinese language tags as stored (zh-Hant-TW) or as regions (zh-TW). Default: bcp47.",
)
def export(
    fmt: str,
    output: Path | None,
    memory: str | None,
    **filters: Any,
) -> None:
    """Export the term base or a translation memory."""
    handler = EXPORTERS.get(fmt)
    if handler is None:
        raise click.ClickException(f"exporting {FORMATS[fmt]} files is not supported")
    given = {k: v for k, v in filters.items() if v is not None}
    handler(ExportJob(make_app(), fmt, output, memory, given))
