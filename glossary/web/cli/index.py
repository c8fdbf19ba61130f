"""``glossary index build|status``: the index generations that workers map."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask

from glossary.index.generation import Generation
from glossary.store.generations import build_generation, status
from glossary.web.cli import main, make_app
from glossary.web.database import database
from glossary.web.indexes import live_indexes


@main.group("index")
def index_group() -> None:
    """Index generations: built once per host, mapped by every worker."""


def _root(app: Flask) -> Path:
    root = live_indexes(app).root
    if root is None:
        raise click.ClickException("GLOSSARY_INDEX_DIR is off: each process builds in memory")
    return root


def leave_a_generation(app: Flask, *, quiet: bool = False) -> Generation | None:
    """Bring the current generation up to date (after init or an import), if generations are on."""
    root = live_indexes(app).root
    if root is None:
        return None
    generation = build_generation(database(app).engine, root)
    if generation is not None and not quiet:
        _describe(generation)
    return generation


def _describe(generation: Generation) -> None:
    meta = generation.meta
    units = sum(m["units"] for m in meta["memories"].values())
    size = sum(m["bytes"] for m in meta["memories"].values())
    click.echo(
        f"indexes   {generation.name}: {meta['terms']} term forms, {units} units "
        f"({size / 1e6:.1f} MB), change-log position {generation.seq}"
    )


@index_group.command()
@click.option("--force", is_flag=True, help="Build even when nothing changed.")
@click.option("--no-wait", is_flag=True, help="Return at once if another build is running.")
@click.option("--quiet", is_flag=True, help="Print nothing.")
def build(force: bool, no_wait: bool, quiet: bool) -> None:
    """Build the next generation from the database and make it current."""
    app = make_app()
    generation = build_generation(database(app).engine, _root(app), wait=not no_wait, force=force)
    if generation is None:
        if not quiet:
            click.echo("another process is building; nothing done")
        return
    if not quiet:
        _describe(generation)
        click.echo(f"built in  {generation.meta.get('build_seconds', 0):.1f} s")


@index_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status_(as_json: bool) -> None:
    """The current generation and how many changes it is behind the database."""
    app = make_app()
    info = status(database(app).engine, _root(app))
    if as_json:
        click.echo(json.dumps(info, indent=1, ensure_ascii=False))
        return
    click.echo(f"folder    {info['root']}")
    if info["current"] is None:
        click.echo("current   none: `glossary index build` makes one")
        return
    click.echo(f"current   {info['current']} (position {info['seq']})")
    click.echo(f"database  position {info['latest_seq']}, {info['changes_behind']} changes since")
    click.echo(f"size      {info['bytes'] / 1e6:.1f} MB, built in {info['build_seconds']} s")
    for _id, memory in sorted(info["memories"].items(), key=lambda m: int(m[0])):
        click.echo(f"memory    {memory['name']}: {memory['units']} units")
