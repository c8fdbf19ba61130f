"""The ``qa`` command: term QA of a translated file, segment by segment.

    glossary qa --src source.txt --tgt translation.txt --terms tm_data/termbase

Prints every term occurrence that is missing or rendered with a deprecated or
forbidden form, then a summary; exits with status 1 when there is any, so it
can guard a pipeline. ``--json`` writes every verdict.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from glossary import lang
from glossary.evaluation.command import TermbaseLoader, guess_lang, term_lists_of
from glossary.evaluation.inputs import parse_spec, read_segments
from glossary.evaluation.qa import check_translation, finding_to_dict, source_hits
from glossary.evaluation.terms import CompiledTerms
from glossary.formats.errors import FormatError

VERDICTS = ("ok", "missing", "deprecated", "forbidden")


def build_qa_command(loader: TermbaseLoader | None = None) -> click.Command:
    @click.command("qa")
    @click.option("--src", "source", required=True, metavar="FILE[:FIELD]", help="Source segments.")
    @click.option(
        "--tgt",
        "target",
        required=True,
        metavar="FILE[:FIELD]",
        help="Their translations, one per source segment.",
    )
    @click.option(
        "--terms", metavar="FILE", help="JSON dictionary or TOML term base (a file or a folder)."
    )
    @click.option("--source-lang", help="Source language (default: guessed from the text).")
    @click.option("--target-lang", help="Target language (default: guessed from the text).")
    @click.option(
        "--json",
        "json_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write every verdict as JSON.",
    )
    @click.option(
        "--plurals", is_flag=True, help="Let English words of a rendering match in the plural too."
    )
    @click.pass_context
    def command(
        ctx: click.Context,
        source: str,
        target: str,
        terms: str | None,
        source_lang: str | None,
        target_lang: str | None,
        json_path: Path | None,
        plurals: bool,
        termbase: bool = False,
    ) -> None:
        """Check that every term in the source has an approved rendering in the translation."""
        if not terms and not termbase:
            raise click.UsageError(
                "name the terms to check: --terms FILE" + (" or --termbase" if loader else "")
            )
        try:
            src = read_segments(parse_spec(source))
            tgt = read_segments(parse_spec(target))
            if len(src) != len(tgt):
                raise click.ClickException(
                    f"the source has {len(src)} segments, the translation {len(tgt)}"
                )
            source_tag = lang.canonical(source_lang) if source_lang else guess_lang(src.texts)
            target_tag = lang.canonical(target_lang) if target_lang else guess_lang(tgt.texts)
            term_lists = term_lists_of(terms, termbase, loader, source_tag, target_tag)
        except (FormatError, lang.LanguageError) as exc:
            raise click.ClickException(str(exc)) from exc
        compiled = [CompiledTerms(t, plurals=plurals) for t in term_lists]
        counts: Counter[str] = Counter()
        report = []
        for number, (source_text, target_text) in enumerate(
            zip(src.texts, tgt.texts, strict=True), 1
        ):
            findings = []
            for terms_of_list in compiled:
                hits = source_hits(terms_of_list, source_text)
                findings += check_translation(
                    terms_of_list.terms, hits, target_text, plurals=plurals
                )
            counts.update(f.verdict for f in findings)
            for f in findings:
                if f.verdict != "ok":
                    where = f"“{f.rendering}” ({f.verdict})" if f.rendering else "missing"
                    click.echo(
                        f"{number}: {source_text[f.hit.start : f.hit.end]} → {where}; "
                        f"approved: {' / '.join(f.term.approved)}"
                    )
            report.append(
                {
                    "segment": number,
                    "findings": [finding_to_dict(f, source_text, target_text) for f in findings],
                }
            )
        total = sum(counts.values())
        click.echo(f"{total} term occurrences: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS))
        if json_path:
            summary = {"occurrences": total, **{v: counts[v] for v in VERDICTS}}
            json_path.write_text(
                json.dumps({"summary": summary, "segments": report}, ensure_ascii=False, indent=1)
                + "\n",
                encoding="utf-8",
            )
        if total - counts["ok"]:
            ctx.exit(1)

    if loader is not None:
        command = click.option(
            "--termbase", is_flag=True, help="Check the terms of the term base in the database."
        )(command)
    return command
