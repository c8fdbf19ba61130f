"""The ``evaluate`` command, shared by scripts/evaluate.py and ``glossary evaluate``.

    evaluate --src docs.jsonl:zh --ref docs.jsonl:en \\
             --hyp mt=out.jsonl:en --hyp human=post-edited.txt \\
             --terms tm_data/termbase --json scores.json --html report.html

Prints a Markdown report; ``--json`` and ``--html`` write the full results. A
progress bar goes to standard error when it is a terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click
from tqdm import tqdm

from glossary import lang
from glossary.evaluation.dictionary import TermList, load_terms
from glossary.evaluation.inputs import Segments, parse_spec, read_segments
from glossary.formats.errors import FormatError
from glossary.text import has_han

# (source_lang, target_lang) → the term base held in a database, as a term list.
TermbaseLoader = Callable[[str, str], TermList]


def guess_lang(texts: Sequence[str]) -> str:
    """``zh`` if a fair share of the text is Han, else ``en``."""
    sample = texts[:200]
    chinese = sum(1 for t in sample if has_han(t))
    return "zh" if chinese >= max(1, len(sample) // 3) else "en"


def _read(spec_text: str, documents: tuple[str, ...], *, named: bool = False) -> Segments:
    return read_segments(parse_spec(spec_text, named=named), documents)


def term_lists_of(
    terms: str | None,
    termbase: bool,
    loader: TermbaseLoader | None,
    source_lang: str,
    target_lang: str,
) -> list[TermList]:
    lists: list[TermList] = []
    if terms:
        paths = [Path(p.strip()) for p in terms.split(",") if p.strip()]
        lists += [load_terms(p, source_lang, target_lang) for p in paths]
    if termbase and loader is not None:
        lists.append(loader(source_lang, target_lang))
    return lists


def _parts(term_lists: list[TermList], source: Segments) -> list[int]:
    if len(term_lists) <= 1:
        return [0] * len(source)
    files = len(source.spec.paths)
    if len(term_lists) != files:
        raise click.UsageError(
            f"{len(term_lists)} term lists for {files} source files: give one term list, "
            "or one per source file (in the same order)"
        )
    return source.parts


def build_command(loader: TermbaseLoader | None = None) -> click.Command:
    """The command; with ``loader`` it also offers ``--termbase`` (the term base in a database)."""

    @click.command("evaluate")
    @click.option(
        "--src", "source", metavar="FILE[:FIELD]", help="Source segments (needed for term metrics)."
    )
    @click.option(
        "--ref",
        "references",
        multiple=True,
        required=True,
        metavar="FILE[:FIELD]",
        help="Reference translation; repeat for several references.",
    )
    @click.option(
        "--hyp",
        "hypotheses",
        multiple=True,
        required=True,
        metavar="[NAME=]FILE[:FIELD]",
        help="A system's output; repeat for each system. The first is the baseline.",
    )
    @click.option(
        "--terms",
        metavar="FILE[,FILE…]",
        help="JSON dictionary (such as a WMT25 terms.json) or TOML term base (a file "
        "or a folder such as tm_data/termbase); one for all segments, or one "
        "per --src file.",
    )
    @click.option("--source-lang", help="Source language (default: guessed from the text).")
    @click.option("--target-lang", help="Target language (default: guessed from the reference).")
    @click.option(
        "--documents",
        metavar="FIELD[,FIELD…]",
        help="Join consecutive JSONL/TSV records sharing these fields into one "
        "segment (document-level scoring), e.g. year,doc.",
    )
    @click.option(
        "--metrics",
        metavar="NAME[,NAME…]",
        help="Some of bleu,chrf,ter (default: all three; TER only on short segments).",
    )
    @click.option(
        "--bootstrap",
        default=1000,
        show_default=True,
        type=click.IntRange(min=0),
        help="Bootstrap resamples for intervals and the paired test (0: none).",
    )
    @click.option(
        "--ar-trials",
        default=10_000,
        show_default=True,
        type=click.IntRange(min=0),
        help="Approximate randomisation trials (0: none).",
    )
    @click.option(
        "--json",
        "json_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write scores, signatures, counts and per-term rows as JSON.",
    )
    @click.option(
        "--html",
        "html_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write a standalone HTML report with charts.",
    )
    @click.option(
        "--plurals",
        is_flag=True,
        help="Let English words of a rendering match in the plural too "
        "(ports of entry for port of entry). Default: exact match.",
    )
    @click.option("--quiet", is_flag=True, help="No progress bar.")
    def command(
        source: str | None,
        references: tuple[str, ...],
        hypotheses: tuple[str, ...],
        terms: str | None,
        source_lang: str | None,
        target_lang: str | None,
        documents: str | None,
        metrics: str | None,
        bootstrap: int,
        ar_trials: int,
        json_path: Path | None,
        html_path: Path | None,
        plurals: bool,
        quiet: bool,
        termbase: bool = False,
    ) -> None:
        """Score translations: BLEU, chrF++, TER, term accuracy, WMT25 term success rate."""
        # Loaded here so that `glossary --help` does not wait for sacrebleu and numpy.
        from glossary.evaluation.run import EvaluationError, evaluate
        from glossary.evaluation.scores import METRICS

        fields = tuple(f.strip() for f in documents.split(",")) if documents else ()
        try:
            refs = [_read(r, fields) for r in references]
            systems = [_read(h, fields, named=True) for h in hypotheses]
            src = _read(source, fields) if source else None
            target = lang.canonical(target_lang) if target_lang else guess_lang(refs[0].texts)
            source_tag = (
                lang.canonical(source_lang)
                if source_lang
                else guess_lang(src.texts)
                if src
                else None
            )
            wanted_terms = bool(terms) or termbase
            if wanted_terms and src is None:
                raise click.UsageError("term metrics need the source: add --src")
            term_lists = (
                term_lists_of(terms, termbase, loader, source_tag or "zh", target)
                if wanted_terms
                else []
            )
            parts = _parts(term_lists, src) if src and term_lists else None
            chosen = [m.strip() for m in metrics.split(",")] if metrics else None
            units = len(refs[0]) * len(systems) * len(chosen or METRICS)
            if term_lists:
                units += len(refs[0]) * (len(systems) + len(refs))
            with tqdm(
                total=units,
                unit="seg",
                file=sys.stderr,
                disable=True if quiet else None,
                desc="evaluating",
                leave=False,
            ) as bar:
                result = evaluate(
                    systems=[(s.spec.label, s.texts) for s in systems],
                    references=[r.texts for r in refs],
                    target_lang=target,
                    sources=src.texts if src else None,
                    source_lang=source_tag,
                    term_lists=term_lists,
                    parts=parts,
                    metrics=chosen,
                    bootstrap=bootstrap,
                    ar_trials=ar_trials,
                    plurals=plurals,
                    progress=bar,
                )
        except (FormatError, EvaluationError, lang.LanguageError) as exc:
            raise click.ClickException(str(exc)) from exc
        from glossary.evaluation.report import to_dict, to_markdown

        click.echo(to_markdown(result), nl=False)
        if json_path:
            json_path.write_text(
                json.dumps(to_dict(result), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        if html_path:
            from glossary.evaluation.html import to_html

            html_path.write_text(to_html(result), encoding="utf-8")

    if loader is not None:
        command = click.option(
            "--termbase",
            is_flag=True,
            help="Also check the terms of the term base in the database.",
        )(command)
    return command


evaluate_command = build_command()
