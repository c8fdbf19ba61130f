"""One evaluation: every system's scores, term metrics, intervals and paired tests.

``evaluate`` takes plain lists of strings (the command line reads them with
``inputs``) and returns an ``Evaluation`` that the reports render. The first
system is the baseline of the paired tests. Every reference is also scored as
if it were a system, for the term metrics: that is the ceiling a translation can
reach under these matching rules, and it is rarely 100 %.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import sacrebleu

from glossary.evaluation import significance, wmt25
from glossary.evaluation.dictionary import TermList
from glossary.evaluation.numbers import NumberEvaluation, score_numbers
from glossary.evaluation.scores import METRICS, Scorer, tokens
from glossary.evaluation.significance import Interval
from glossary.evaluation.terms import (
    TermScores,
    accuracy_from_stats,
    counting_rule,
    find_occurrences,
    per_segment,
    score_terms,
)

# sacrebleu's TER takes about a minute per 2,000-word document; beyond this many
# tokens in a reference segment it is left out unless asked for by name.
TER_MAX_TOKENS = 1000


class EvaluationError(ValueError):
    """Inputs that cannot be evaluated together."""


class Progress(Protocol):
    def update(self, n: float | None = 1) -> bool | None: ...


@dataclass
class MetricResult:
    name: str
    label: str
    score: float
    signature: str
    detail: str
    sentences: list[float]
    interval: Interval | None = None
    p_bootstrap: float | None = None
    p_randomisation: float | None = None


@dataclass
class TermResult:
    scores: TermScores
    wmt25: wmt25.SuccessRate
    interval: Interval | None = None
    p_bootstrap: float | None = None
    p_randomisation: float | None = None


@dataclass
class SystemResult:
    name: str
    metrics: dict[str, MetricResult] = field(default_factory=dict)
    terms: TermResult | None = None


@dataclass
class Setup:
    """How the numbers were computed: printed with every report."""

    target_lang: str
    source_lang: str | None
    segments: int
    references: int
    metrics: list[str]
    bootstrap: int
    ar_trials: int
    seed: int | None
    sacrebleu: str = sacrebleu.__version__
    term_lists: list[tuple[str, int]] = field(default_factory=list)
    counting_rule: str = ""
    plurals: bool = False
    term_occurrences: int = 0
    terms_found: int = 0
    segments_with_terms: int = 0


@dataclass
class Evaluation:
    setup: Setup
    systems: list[SystemResult]
    references: list[SystemResult]
    notes: list[str] = field(default_factory=list)
    numbers: NumberEvaluation | None = None  # number accuracy (glossary.evaluation.numbers)


def evaluate(
    *,
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    target_lang: str,
    sources: Sequence[str] | None = None,
    source_lang: str | None = None,
    term_lists: Sequence[TermList] = (),
    parts: Sequence[int] | None = None,
    metrics: Sequence[str] | None = None,
    bootstrap: int = significance.BOOTSTRAP_SAMPLES,
    ar_trials: int = significance.AR_TRIALS,
    plurals: bool = False,
    progress: Progress | None = None,
) -> Evaluation:
    """Score every system against the references.

    :param parts: for each segment, which of ``term_lists`` applies (default: the first).
    :param metrics: sacrebleu metrics to compute; None means all three, TER only
        where segments are short enough for it.
    :param bootstrap: resamples for intervals and the paired bootstrap; 0 for none.
    :param ar_trials: trials of approximate randomisation; 0 for none.
    :param plurals: let English words of a rendering match in the plural too.
    :raises EvaluationError: for inputs of different lengths or missing sources.
    """
    n = _check_lengths(systems, references, sources)
    notes: list[str] = []
    chosen = _choose_metrics(metrics, references, notes)
    if term_lists and sources is None:
        raise EvaluationError("term metrics need the source text")
    setup = Setup(
        target_lang=target_lang,
        source_lang=source_lang,
        segments=n,
        references=len(references),
        metrics=chosen,
        bootstrap=bootstrap,
        ar_trials=ar_trials,
        seed=significance.seed(),
        term_lists=[(t.origin, len(t)) for t in term_lists],
        counting_rule=counting_rule(plurals),
        plurals=plurals,
    )
    tick = progress.update if progress else None
    results = [SystemResult(name) for name, _ in systems]
    for name in chosen:
        _score_metric(Scorer(name, target_lang, references), systems, results, setup, tick)
    oracle: list[SystemResult] = []
    if term_lists and sources is not None:
        terms = _TermScoring(term_lists, parts, sources, references, plurals, tick)
        oracle = terms.score(systems, results, setup, notes)
    numbers = score_numbers(
        systems=systems,
        references=references,
        sources=sources,
        source_lang=source_lang,
        target_lang=target_lang,
        bootstrap=bootstrap,
    )
    return Evaluation(setup, results, oracle, notes, numbers)


def _score_metric(
    scorer: Scorer,
    systems: Sequence[tuple[str, Sequence[str]]],
    results: list[SystemResult],
    setup: Setup,
    tick: Callable[[int], object] | None,
) -> None:
    """One sacrebleu metric for every system, with its intervals and paired tests."""
    stats = []
    for result, (_, hypotheses) in zip(results, systems, strict=True):
        segment_stats = scorer.segment_stats(hypotheses, tick)
        stats.append(segment_stats)
        result.metrics[scorer.name] = MetricResult(
            name=scorer.name,
            label=scorer.label,
            score=scorer.corpus(segment_stats),
            signature=scorer.signature(),
            detail=scorer.describe(segment_stats),
            sentences=scorer.sentence_scores(segment_stats),
        )
    _significance(
        [r.metrics[scorer.name] for r in results],
        stats,
        scorer.score_of,
        setup.bootstrap,
        setup.ar_trials,
    )


class _TermScoring:
    """Term accuracy and the WMT25 success rate, with each segment's own term list."""

    def __init__(
        self,
        term_lists: Sequence[TermList],
        parts: Sequence[int] | None,
        sources: Sequence[str],
        references: Sequence[Sequence[str]],
        plurals: bool,
        tick: Callable[[int], object] | None,
    ) -> None:
        segment_parts = list(parts) if parts is not None else [0] * len(sources)
        self.compiled = per_segment(term_lists, segment_parts, plurals=plurals)
        self.occurrences = find_occurrences(self.compiled, sources)
        dictionaries = [wmt25.dictionary_of(t) for t in term_lists]
        self.pairs = wmt25.find_pairs(sources, references, [dictionaries[p] for p in segment_parts])
        self.references = references
        self.tick = tick

    def result(self, translations: Sequence[str]) -> TermResult:
        scores = score_terms(self.compiled, self.occurrences, translations)
        rate = self.pairs.success_rate(translations)
        if self.tick:
            self.tick(len(translations))
        return TermResult(scores, rate)

    def score(
        self,
        systems: Sequence[tuple[str, Sequence[str]]],
        results: list[SystemResult],
        setup: Setup,
        notes: list[str],
    ) -> list[SystemResult]:
        """Fill in every system's term results; the references' own, the ceiling, returned."""
        for result, (_, hypotheses) in zip(results, systems, strict=True):
            result.terms = self.result(hypotheses)
        term_results = [r.terms for r in results if r.terms]
        _significance(
            term_results,
            [t.scores.stats[:, :2] for t in term_results],
            accuracy_from_stats,
            setup.bootstrap,
            setup.ar_trials,
        )
        oracle = []
        for k, stream in enumerate(self.references):
            label = "reference" if len(self.references) == 1 else f"reference {k + 1}"
            oracle.append(SystemResult(label, terms=self.result(stream)))
        self._count(setup)
        inexact = max(t.scores.inexact_segments for t in term_results)
        if inexact:
            notes.append(
                f"{inexact} segments had too many overlapping renderings to search exhaustively; "
                "their term hits are a lower bound"
            )
        return oracle

    def _count(self, setup: Setup) -> None:
        """How many occurrences of how many terms in how many segments: the denominator."""
        setup.term_occurrences = sum(sum(o.values()) for o in self.occurrences)
        setup.terms_found = len(
            {
                c.terms[i].key
                for o, c in zip(self.occurrences, self.compiled, strict=True)
                for i in o
            }
        )
        setup.segments_with_terms = sum(1 for o in self.occurrences if o)


def _check_lengths(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    sources: Sequence[str] | None,
) -> int:
    if not systems:
        raise EvaluationError("no system to evaluate")
    if not references:
        raise EvaluationError("no reference")
    n = len(references[0])
    if n == 0:
        raise EvaluationError("the reference has no segments")
    named = [(f"reference {k + 1}", r) for k, r in enumerate(references)]
    named += [(f"system {name!r}", h) for name, h in systems]
    if sources is not None:
        named.append(("the source", sources))
    for label, texts in named:
        if len(texts) != n:
            raise EvaluationError(
                f"{label} has {len(texts)} segments, reference 1 has {n}: "
                "every input needs one segment per line of the others"
            )
    names = [name for name, _ in systems]
    if len(set(names)) != len(names):
        raise EvaluationError(f"system names must differ: {', '.join(names)}")
    return n


def _choose_metrics(
    metrics: Sequence[str] | None, references: Sequence[Sequence[str]], notes: list[str]
) -> list[str]:
    if metrics is not None:
        unknown = [m for m in metrics if m not in METRICS]
        if unknown:
            raise EvaluationError(
                f"unknown metric {unknown[0]!r}; choose from {', '.join(METRICS)}"
            )
        return list(dict.fromkeys(metrics))
    longest = max(tokens(t) for stream in references for t in stream)
    if longest > TER_MAX_TOKENS:
        notes.append(
            f"TER left out: a reference segment has about {longest:,} tokens, and sacrebleu's "
            "TER takes minutes on segments that long; ask for it with --metrics bleu,chrf,ter"
        )
        return ["bleu", "chrf"]
    return list(METRICS)


def _significance(results, stats, score, bootstrap: int, ar_trials: int) -> None:
    """Intervals for every result; p-values against the first for the others."""
    if bootstrap > 0:
        for result, segment_stats in zip(results, stats, strict=True):
            result.interval = significance.bootstrap(segment_stats, score, bootstrap)
    for result, segment_stats in zip(results[1:], stats[1:], strict=True):
        if bootstrap > 0:
            result.p_bootstrap, _ = significance.paired_bootstrap(
                stats[0], segment_stats, score, bootstrap
            )
        if ar_trials > 0:
            result.p_randomisation = significance.approximate_randomisation(
                stats[0], segment_stats, score, ar_trials
            )
