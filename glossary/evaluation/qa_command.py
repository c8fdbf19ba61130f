"""The ``qa`` command: term and number QA of a translated file, segment by segment.

    glossary qa --src source.txt --tgt translation.txt --terms tm_data/termbase

Prints every term occurrence that is missing or rendered with a deprecated or
forbidden form, and (Chinese ⇄ English) every number of the source that the
translation lacks or changes, then a summary; exits with status 1 when there is
any, so it can guard a pipeline. ``--json`` writes every verdict.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from glossary import lang
from glossary.evaluation.command import TermbaseLoader, guess_lang, term_lists_of
from glossary.evaluation.inputs import parse_spec, read_segments
from glossary.evaluation.numbers import numbers_checkable, qa_numbers
from glossary.evaluation.qa import Finding, check_translation, finding_to_dict, source_hits
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
    @click.option(
        "--numbers/--no-numbers",
        default=True,
        show_default=True,
        help="Check the numbers too (Chinese ⇄ English).",
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
        numbers: bool,
        termbase: bool = False,
    ) -> None:
        """Check that every term in the source has an approved rendering in the translation,
        and that every number of the source is there."""
        try:
            src = read_segments(parse_spec(source))
            tgt = read_segments(parse_spec(target))
            if len(src) != len(tgt):
                raise click.ClickException(
                    f"the source has {len(src)} segments, the translation {len(tgt)}"
                )
            source_tag = lang.canonical(source_lang) if source_lang else guess_lang(src.texts)
            target_tag = lang.canonical(target_lang) if target_lang else guess_lang(tgt.texts)
            numbers = numbers and numbers_checkable(source_tag, target_tag)
            if not terms and not termbase and not numbers:
                raise click.UsageError(
                    "name the terms to check: --terms FILE"
                    + (" or --termbase" if loader else "")
                    + " (numbers are checked only between Chinese and English)"
                )
            term_lists = term_lists_of(terms, termbase, loader, source_tag, target_tag)
        except (FormatError, lang.LanguageError) as exc:
            raise click.ClickException(str(exc)) from exc
        compiled = [CompiledTerms(t, plurals=plurals) for t in term_lists]
        counts: Counter[str] = Counter()
        number_counts: Counter[str] = Counter()
        report = []
        for number, (source_text, target_text) in enumerate(
            zip(src.texts, tgt.texts, strict=True), 1
        ):
            findings = _term_findings(compiled, number, source_text, target_text, plurals)
            counts.update(f.verdict for f in findings)
            segment: dict[str, object] = {
                "segment": number,
                "findings": [finding_to_dict(f, source_text, target_text) for f in findings],
            }
            if numbers:
                checks, number_summary = qa_numbers(
                    source_text, target_text, source_tag, target_tag
                )
                segment["numbers"] = checks
                number_counts.update(number_summary)
                _echo_numbers(number, checks)
            report.append(segment)
        _summarise(counts, number_counts if numbers else None, bool(term_lists), report, json_path)
        if sum(counts.values()) - counts["ok"] or number_counts["checked"] - number_counts["ok"]:
            ctx.exit(1)

    if loader is not None:
        command = click.option(
            "--termbase", is_flag=True, help="Check the terms of the term base in the database."
        )(command)
    return command


def _echo_numbers(segment: int, checks: list[dict]) -> None:
    """One line per number of the source that the translation lacks or changes."""
    for check in checks:
        if check["verdict"] == "ok":
            continue
        source = check["source"]
        shown = " ".join(source["text"].split())
        line = f"{segment}: {shown} ({source['english']}) → "
        if check["target"]:
            line += f"“{check['target']['text']}” ({check['verdict']}: {check['reason']})"
        else:
            line += "missing"
        click.echo(line)


def _term_findings(
    compiled: list[CompiledTerms], number: int, source: str, target: str, plurals: bool
) -> list[Finding]:
    """The term verdicts of one segment; those not ok are printed."""
    findings = []
    for terms_of_list in compiled:
        hits = source_hits(terms_of_list, source)
        findings += check_translation(terms_of_list.terms, hits, target, plurals=plurals)
    for f in findings:
        if f.verdict != "ok":
            where = f"“{f.rendering}” ({f.verdict})" if f.rendering else "missing"
            click.echo(
                f"{number}: {source[f.hit.start : f.hit.end]} → {where}; "
                f"approved: {' / '.join(f.term.approved)}"
            )
    return findings


def _summarise(
    counts: Counter[str],
    number_counts: Counter[str] | None,
    terms: bool,
    report: list[dict[str, object]],
    json_path: Path | None,
) -> None:
    """The summary lines, and the JSON file if asked for."""
    total = sum(counts.values())
    if terms:
        click.echo(f"{total} term occurrences: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS))
    if number_counts is not None:
        click.echo(
            f"{number_counts['checked']} numbers: {number_counts['ok']} ok, "
            f"{number_counts['changed']} changed, {number_counts['missing']} missing"
        )
    if json_path:
        data: dict[str, object] = {
            "summary": {"occurrences": total, **{v: counts[v] for v in VERDICTS}}
        }
        if number_counts is not None:
            data["number_summary"] = {
                k: number_counts[k] for k in ("checked", "ok", "missing", "changed")
            }
        data["segments"] = report
        json_path.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
