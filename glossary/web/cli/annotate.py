"""``glossary annotate FILE``: the terms and numbers of a text file, as POST /api/annotate
finds them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from glossary import lang
from glossary.index import term_views
from glossary.numbers import annotate_numbers
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
@click.option(
    "--numbers/--no-numbers",
    default=True,
    show_default=True,
    help="Also print the numbers of Chinese text, with their English.",
)
def annotate(
    file: str, as_json: bool, text_lang: str | None, target: str | None, numbers: bool
) -> None:
    """Print every term found in FILE, with its approved rendering, and every number.

    Offsets count code points, as in the API; each line also gives the line and
    column where the hit starts. A number's line ends with its kind in brackets.
    """
    text = _read(file)
    text_lang = _tag(text_lang, "--lang")
    target = term_views.display_tag(_tag(target, "--target") or "") if target else None
    target = target or term_views.default_target(text_lang, text)
    app = make_app()
    with session_scope(app) as session:
        index = build_term_index(session)
    hits = term_views.annotate(index, text, target, text_lang)
    found = [n.to_dict() for n in annotate_numbers(text, text_lang)] if numbers else []
    if as_json:
        body = {"lang": text_lang, "target": target, "hits": hits}
        if numbers:
            body["numbers"] = found
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    lines = [(h["start"], 0, _term_line(text, h)) for h in hits]
    lines += [(n["start"], 1, _number_line(text, n)) for n in found]
    for _, _, line in sorted(lines):
        click.echo(line)
    summary = f"{len(hits)} term{'s' if len(hits) != 1 else ''} found"
    if numbers:
        summary += f", {len(found)} number{'s' if len(found) != 1 else ''}"
    click.echo(summary, err=True)


def _term_line(text: str, hit: dict) -> str:
    line, column = _line_and_column(text, hit["start"])
    # One line per hit: a line break inside a Chinese term is not a space.
    joiner = "" if lang.is_chinese(hit["term"]["lang"]) else " "
    found = joiner.join(hit["text"].split())
    rendering = hit["preferred"]["text"] if hit["preferred"] else "(no preferred rendering)"
    flag = "" if hit["status"] in ("preferred", "admitted") else f"  [{hit['status']} term]"
    return f"{line}:{column}\t{found}\t→ {rendering}{flag}"


def _number_line(text: str, number: dict) -> str:
    line, column = _line_and_column(text, number["start"])
    found = "".join(number["text"].split()) if not number["text"].isascii() else number["text"]
    return f"{line}:{column}\t{found}\t→ {number['english']}  [{number['kind']}]"
