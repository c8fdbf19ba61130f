"""``glossary annotate FILE``: the terms of a text file, as POST /api/annotate finds them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from glossary import lang
from glossary.store import term_views
from glossary.store.terms import build_term_index
from glossary.web.cli import main, make_app, session_scope


def _read(path: str) -> str:
    """The file as text: UTF-8 (with or without a BOM) or UTF-16 with a BOM; ``-`` is stdin."""
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"{path}: not UTF-8 text (byte {exc.start}); convert it to UTF-8 first"
        ) from exc


def _tag(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return lang.canonical(value)
    except lang.LanguageError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from exc


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON, as the API does.")
@click.option("--lang", "text_lang", help="The language of the text (default: from its script).")
@click.option("--target", help="The language of the renderings (default: en for Chinese text).")
def annotate(file: str, as_json: bool, text_lang: str | None, target: str | None) -> None:
    """Print every term found in FILE, with its approved rendering.

    Offsets count code points, as in the API; each line also gives the line and
    column where the hit starts.
    """
    text = _read(file)
    text_lang = _tag(text_lang, "--lang")
    target = term_views.display_tag(_tag(target, "--target") or "") if target else None
    target = target or term_views.default_target(text_lang, text)
    app = make_app()
    with session_scope(app) as session:
        index = build_term_index(session)
    hits = term_views.annotate(index, text, target, text_lang)
    if as_json:
        body = {"lang": text_lang, "target": target, "hits": hits}
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    for hit in hits:
        line, column = _line_and_column(text, hit["start"])
        # One line per hit: a line break inside a Chinese term is not a space.
        joiner = "" if lang.is_chinese(hit["term"]["lang"]) else " "
        found = joiner.join(hit["text"].split())
        rendering = hit["preferred"]["text"] if hit["preferred"] else "(no preferred rendering)"
        flag = "" if hit["status"] in ("preferred", "admitted") else f"  [{hit['status']} term]"
        click.echo(f"{line}:{column}\t{found}\t→ {rendering}{flag}")
    click.echo(f"{len(hits)} term{'s' if len(hits) != 1 else ''} found", err=True)
