"""TMX import and export for ``glossary import`` / ``glossary export``, and ``glossary memory``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from glossary.formats.errors import FormatError
from glossary.store import memories as store
from glossary.store.errors import Invalid, NotFound
from glossary.store.memory_export import export_tmx
from glossary.store.memory_import import ImportReport, import_tmx_file
from glossary.web.cli import CLI_ACTOR, main, make_app, session_scope
from glossary.web.cli.exchange import ExportJob, ImportJob, exporter, importer


class _Rollback(Exception):
    """Ends a dry run's transaction without writing."""


@importer("tmx")
def import_tmx(job: ImportJob) -> None:
    if not job.memory:
        raise click.UsageError("a TMX file goes into a translation memory: add --memory NAME")
    bar = click.progressbar(
        length=job.path.stat().st_size,
        label=f"importing {job.path.name}",
        file=sys.stderr,
        show_eta=True,
    )
    done = [0]

    def progress(position: int) -> None:
        bar.update(position - done[0])
        done[0] = position

    report: ImportReport | None = None
    try:
        with bar, session_scope(job.app) as session:
            memory, _ = store.ensure_memory(session, job.memory)
            report = import_tmx_file(
                session,
                memory,
                job.path,
                actor=CLI_ACTOR,
                source_lang=job.source_lang,
                target_lang=job.target_lang,
                progress=progress,
            )
            if job.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except (FormatError, Invalid) as exc:
        raise click.ClickException(f"{job.path}: nothing imported: {exc}") from exc
    assert report is not None
    _print_report(report, job.dry_run)


def _print_report(report: ImportReport, dry_run: bool) -> None:
    verb = "would take" if dry_run else "took"
    click.echo(
        f"{report.memory}: {verb} {report.taken} units, merged {report.merged}, "
        f"skipped {report.skipped}"
    )
    for reason, count in report.reasons.most_common():
        click.echo(f"  skipped {count:>6}  {reason}")
    for line, reason in report.examples[:10]:
        click.echo(f"    line {line if line is not None else '?'}: {reason}")


@exporter("tmx")
def export_tmx_file(job: ExportJob) -> None:
    if not job.memory:
        raise click.UsageError("name the translation memory to export: add --memory NAME")
    filters = job.filters
    changed_since = None
    if "changed_since" in filters:
        try:
            changed_since = datetime.fromisoformat(filters["changed_since"])
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--changed-since") from exc
        if changed_since.tzinfo is None:
            changed_since = changed_since.replace(tzinfo=UTC)
    try:
        source_lang = store.canonical_or_none(filters.get("source_lang"))
        target_lang = store.canonical_or_none(filters.get("target_lang"))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    with session_scope(job.app) as session:
        try:
            memory = store.get_memory(session, job.memory)
        except NotFound as exc:
            raise click.ClickException(str(exc)) from exc
        target = job.output.open("wb") if job.output else sys.stdout.buffer
        try:
            count = export_tmx(
                session,
                memory,
                target,
                source_lang=source_lang,
                target_lang=target_lang,
                changed_since=changed_since,
                region_tags=filters.get("tags") != "bcp47",
            )
        finally:
            if job.output:
                target.close()
    if job.output:
        click.echo(f"{memory.name}: {count} units written to {job.output}", err=True)


@main.group()
def memory() -> None:
    """Translation memories."""


@memory.command("list")
def list_memories() -> None:
    """List memories with their unit counts."""
    app = make_app()
    with session_scope(app) as session:
        for item, units in store.list_memories(session):
            click.echo(
                f"{units:>10}  {item.name}"
                + (f"  ({item.description})" if item.description else "")
            )


@memory.command("delete")
@click.argument("name")
@click.confirmation_option(prompt="Delete the memory and all its units?")
def delete_memory(name: str) -> None:
    """Delete a memory and all its units."""
    app = make_app()
    with session_scope(app) as session:
        try:
            store.delete_memory(session, store.get_memory(session, name))
        except NotFound as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"deleted {name}")
