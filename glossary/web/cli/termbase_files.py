"""``glossary import`` and ``glossary export`` for term base files: TBX, TBX 2008, TSV, CSV, XLSX.

An import prints its report: counts, then every entry that was merged, skipped
or has something to say. Nothing is written when the file cannot be read, and
nothing at all with ``--dry-run``.
"""

from __future__ import annotations

import click

from glossary.formats.detect import FORMATS as DESCRIPTIONS
from glossary.formats.errors import FormatError
from glossary.formats.termbase import NAMES, ReadOptions, WriteOptions, termbase_format
from glossary.store.errors import Conflict, Invalid
from glossary.store.termbase_export import ExportFilters, export_records
from glossary.store.termbase_import import ImportReport, import_entries
from glossary.web.cli import CLI_ACTOR
from glossary.web.cli.exchange import ExportJob, ImportJob, exporter, importer
from glossary.web.database import database


@importer(*NAMES)
def import_termbase_file(job: ImportJob) -> None:
    reader = termbase_format(job.format)
    options = ReadOptions(
        source_lang=job.source_lang, target_lang=job.target_lang, name=job.path.name
    )
    with job.path.open("rb") as handle, database(job.app).sessionmaker() as session:
        try:
            report = import_entries(
                session,
                reader.read(handle, options),
                actor=CLI_ACTOR,
                source=job.path.name,
                format=job.format,
                dry_run=job.dry_run,
            )
        except (FormatError, Invalid, Conflict) as exc:
            session.rollback()
            raise click.ClickException(f"{exc} — nothing was imported") from exc
        if job.dry_run:
            session.rollback()
        else:
            session.commit()
    echo_report(report, DESCRIPTIONS[job.format])


def echo_report(report: ImportReport, title: str) -> None:
    counts = report.counts
    click.echo(
        f"{report.source} ({title}): {counts['entries']} entries: {counts['taken']} new, "
        f"{counts['merged']} merged, {counts['unchanged']} already present, "
        f"{counts['skipped']} skipped"
    )
    for entry in report.entries:
        if entry.outcome == "merged":
            added = ", ".join(entry.added)
            click.echo(f"  merged     {entry.entry} into concept {entry.concept_id}: added {added}")
        elif entry.outcome == "skipped":
            click.echo(f"  skipped    {entry.entry}: {'; '.join(entry.messages)}")
            continue
        if entry.messages:
            click.echo(f"  note       {entry.entry}: {'; '.join(entry.messages)}")
    for notice in report.notices:
        click.echo(f"  file       {notice}")
    if report.dry_run:
        click.echo("dry run: nothing was written")


@exporter(*NAMES)
def export_termbase_file(job: ExportJob) -> None:
    writer = termbase_format(job.format)
    try:
        filters = ExportFilters.parse(job.filters, job.format)
    except Invalid as exc:
        raise click.ClickException(str(exc)) from exc
    if job.format == "tsv" and len(filters.languages) < 2:
        raise click.UsageError(
            "an OmegaT glossary is for one language pair: give --source-lang and --target-lang"
        )
    options = WriteOptions(languages=filters.languages, tags=job.filters.get("tags", "bcp47"))
    with database(job.app).sessionmaker() as session:
        records = export_records(session, filters)
    if job.output is None:
        with click.open_file("-", "wb") as out:
            if job.format == "xlsx" and out.isatty():
                raise click.UsageError(
                    "an XLSX workbook is binary: write it to a file with -o FILE"
                )
            writer.write(records, out, options)
    else:
        with job.output.open("wb") as handle:
            writer.write(records, handle, options)
        click.echo(f"wrote {len(records)} concepts to {job.output}", err=True)
