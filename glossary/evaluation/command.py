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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from tqdm import tqdm

from glossary import lang
from glossary.evaluation.dictionary import TermList, load_terms
from glossary.evaluation.inputs import Segments, parse_spec, read_segments
from glossary.evaluation.term_choice import (
    TermChoiceError,
    choose_by_field,
    parse_mapping,
    parts_by_file,
)
from glossary.formats.errors import FormatError
from glossary.text import has_han

if TYPE_CHECKING:
    from glossary.evaluation.run import Evaluation

# (source_lang, target_lang) → the term base held in a database, as a term list.
TermbaseLoader = Callable[[str, str], TermList]


def guess_lang(texts: Sequence[str]) -> str:
    """``zh`` if a fair share of the text is Han, else ``en``."""
    sample = texts[:200]
    chinese = sum(1 for t in sample if has_han(t))
    return "zh" if chinese >= max(1, len(sample) // 3) else "en"


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


OPTIONS = (
    click.option(
        "--src", "source", metavar="FILE[:FIELD]", help="Source segments (needed for term metrics)."
    ),
    click.option(
        "--ref",
        "references",
        multiple=True,
        required=True,
        metavar="FILE[:FIELD]",
        help="Reference translation; repeat for several references.",
    ),
    click.option(
        "--hyp",
        "hypotheses",
        multiple=True,
        required=True,
        metavar="[NAME=]FILE[:FIELD]",
        help="A system's output; repeat for each system. The first is the baseline.",
    ),
    click.option(
        "--terms",
        metavar="FILE[,FILE…]",
        help="JSON dictionary (such as a WMT25 terms.json) or TOML term base (a file "
        "or a folder such as tm_data/termbase); one for all segments, or one "
        "per --src file. With --terms-by: VALUE=FILE[,VALUE=FILE…].",
    ),
    click.option(
        "--terms-by",
        metavar="FIELD",
        help="Give each document or segment its own dictionary, chosen by this JSONL/TSV "
        "field of the source: a value mapped by --terms VALUE=FILE (e.g. --terms-by year "
        "--terms 2016=a.json,2018=b.json), else the dictionary's path (relative to the "
        "source file), or an inline {term: renderings} object.",
    ),
    click.option("--source-lang", help="Source language (default: guessed from the text)."),
    click.option("--target-lang", help="Target language (default: guessed from the reference)."),
    click.option(
        "--documents",
        metavar="FIELD[,FIELD…]",
        help="Join consecutive JSONL/TSV records sharing these fields into one "
        "segment (document-level scoring), e.g. year,doc.",
    ),
    click.option(
        "--metrics",
        metavar="NAME[,NAME…]",
        help="Some of bleu,chrf,ter (default: all three; TER only on short segments).",
    ),
    click.option(
        "--bootstrap",
        default=1000,
        show_default=True,
        type=click.IntRange(min=0),
        help="Bootstrap resamples for intervals and the paired test (0: none).",
    ),
    click.option(
        "--ar-trials",
        default=10_000,
        show_default=True,
        type=click.IntRange(min=0),
        help="Approximate randomisation trials (0: none).",
    ),
    click.option(
        "--json",
        "json_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write scores, signatures, counts and per-term rows as JSON.",
    ),
    click.option(
        "--html",
        "html_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write a standalone HTML report with charts.",
    ),
    click.option(
        "--plurals",
        is_flag=True,
        help="Let English words of a rendering match in the plural too "
        "(ports of entry for port of entry). Default: exact match.",
    ),
    click.option("--quiet", is_flag=True, help="No progress bar."),
)


@dataclass(frozen=True)
class Options:
    """The command line, as the command's parameters receive it."""

    source: str | None
    references: tuple[str, ...]
    hypotheses: tuple[str, ...]
    terms: str | None
    terms_by: str | None
    source_lang: str | None
    target_lang: str | None
    documents: str | None
    metrics: str | None
    bootstrap: int
    ar_trials: int
    json_path: Path | None
    html_path: Path | None
    plurals: bool
    quiet: bool
    termbase: bool = False

    @property
    def document_fields(self) -> tuple[str, ...]:
        return tuple(f.strip() for f in self.documents.split(",")) if self.documents else ()

    @property
    def wants_terms(self) -> bool:
        return bool(self.terms) or self.termbase or bool(self.terms_by)


@dataclass
class Inputs:
    """Everything read from the files, ready for ``run.evaluate``."""

    references: list[Segments]
    systems: list[Segments]
    source: Segments | None
    target_lang: str
    source_lang: str | None
    term_lists: list[TermList]
    parts: list[int] | None
    metrics: list[str] | None


def read_inputs(options: Options, loader: TermbaseLoader | None) -> Inputs:
    """Read the segments, guess the languages and load the term lists.

    :raises click.UsageError: for options that do not go together.
    """
    fields = options.document_fields
    refs = [read_segments(parse_spec(r), fields) for r in options.references]
    systems = [read_segments(parse_spec(h, named=True), fields) for h in options.hypotheses]
    src = (
        read_segments(parse_spec(options.source), fields, options.terms_by)
        if options.source
        else None
    )
    target, source_tag = _languages(options, refs[0], src)
    term_lists: list[TermList] = []
    parts = None
    if options.wants_terms:
        if src is None:
            raise click.UsageError("term metrics need the source: add --src")
        term_lists, parts = _term_lists(options, loader, src, source_tag or "zh", target)
    metrics = [m.strip() for m in options.metrics.split(",")] if options.metrics else None
    return Inputs(refs, systems, src, target, source_tag, term_lists, parts, metrics)


def _languages(options: Options, ref: Segments, src: Segments | None) -> tuple[str, str | None]:
    """The target and source languages: as given, or guessed from the text."""
    target = lang.canonical(options.target_lang) if options.target_lang else guess_lang(ref.texts)
    if options.source_lang:
        return target, lang.canonical(options.source_lang)
    return target, guess_lang(src.texts) if src else None


def _term_lists(
    options: Options, loader: TermbaseLoader | None, src: Segments, source: str, target: str
) -> tuple[list[TermList], list[int]]:
    try:
        if options.terms_by:
            if options.termbase:
                raise TermChoiceError("--terms-by chooses dictionaries: leave --termbase out")
            return choose_by_field(
                src,
                options.terms_by,
                parse_mapping(options.terms),
                lambda path: load_terms(path, source, target),
            )
        lists = term_lists_of(options.terms, options.termbase, loader, source, target)
        return lists, parts_by_file(lists, src)
    except TermChoiceError as exc:
        raise click.UsageError(str(exc)) from exc


def run_evaluation(inputs: Inputs, options: Options) -> Evaluation:
    """``run.evaluate`` on the inputs, with a progress bar on standard error."""
    from glossary.evaluation.run import evaluate
    from glossary.evaluation.scores import METRICS

    segments = len(inputs.references[0])
    units = segments * len(inputs.systems) * len(inputs.metrics or METRICS)
    if inputs.term_lists:
        units += segments * (len(inputs.systems) + len(inputs.references))
    with tqdm(
        total=units,
        unit="seg",
        file=sys.stderr,
        disable=True if options.quiet else None,
        desc="evaluating",
        leave=False,
    ) as bar:
        return evaluate(
            systems=[(s.spec.label, s.texts) for s in inputs.systems],
            references=[r.texts for r in inputs.references],
            target_lang=inputs.target_lang,
            sources=inputs.source.texts if inputs.source else None,
            source_lang=inputs.source_lang,
            term_lists=inputs.term_lists,
            parts=inputs.parts,
            metrics=inputs.metrics,
            bootstrap=options.bootstrap,
            ar_trials=options.ar_trials,
            plurals=options.plurals,
            progress=bar,
        )


def write_reports(result: Evaluation, options: Options) -> None:
    """The Markdown report on standard output; the JSON and HTML files asked for."""
    from glossary.evaluation.report import to_dict, to_markdown

    click.echo(to_markdown(result), nl=False)
    if options.json_path:
        options.json_path.write_text(
            json.dumps(to_dict(result), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    if options.html_path:
        from glossary.evaluation.html import to_html

        options.html_path.write_text(to_html(result), encoding="utf-8")


def build_command(loader: TermbaseLoader | None = None) -> click.Command:
    """The command; with ``loader`` it also offers ``--termbase`` (the term base in a database)."""

    def command(**values: Any) -> None:
        """Score translations: BLEU, chrF++, TER, term accuracy, WMT25 term success rate."""
        # Loaded here so that `glossary --help` does not wait for sacrebleu and numpy.
        from glossary.evaluation.run import EvaluationError

        options = Options(**values)
        try:
            result = run_evaluation(read_inputs(options, loader), options)
        except (FormatError, EvaluationError, lang.LanguageError) as exc:
            raise click.ClickException(str(exc)) from exc
        write_reports(result, options)

    if loader is not None:
        command = click.option(
            "--termbase",
            is_flag=True,
            help="Also check the terms of the term base in the database.",
        )(command)
    for option in reversed(OPTIONS):
        command = option(command)
    return click.command("evaluate")(command)


evaluate_command = build_command()
