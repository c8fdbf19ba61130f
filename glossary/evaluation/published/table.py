"""The scores: every run's BLEU, chrF++ and term success, overall and per year.

sacrebleu's statistics are extracted once per run and document (``scores.Scorer``)
and every figure is summed from them: the corpus score is the sum over all
documents, a year's score the sum over its documents, a bootstrap resample a
sum over drawn documents. The term success rate works the same way on
``wmt25.Pairs`` (per document: Σ rates, pairs).

Extraction is the slow part (chrF++ on whole documents, then reading the
numbers of the English): it runs in worker processes, one task per run and
measure; each worker caches the references once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from glossary.evaluation import significance, wmt25
from glossary.evaluation.published import numbers
from glossary.evaluation.published.folder import Folder, Run
from glossary.evaluation.scores import Scorer
from glossary.text import fold

# WMT25 scored English output with BLEU (13a) and chrF++ (word order 2):
# ``scores.make_metric`` gives exactly these for an English target.
METRICS = ("bleu", "chrf")
# The worker task that reads the numbers of a run's English.
NUMBERS = "numbers"
# Typographic apostrophes, quotes and dashes as their ASCII forms: a normalisation
# ``fold`` does not make, tried beside it (People’s Bank against People's Bank).
PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold_punctuation(text: str) -> str:
    """``fold`` and typographic punctuation as ASCII (one character for one)."""
    return fold(text).translate(PUNCTUATION)


# The term success variants: the task's rule and the same rule on normalised text.
RULES: dict[str, Callable[[str], str]] = {
    "substring": str.lower,
    "folded": fold,
    "folded_punctuation": fold_punctuation,
}
RULE_LABELS = {
    "substring": "WMT25 rule (lower-cased substrings)",
    "folded": "the same on folded text (Traditional/Simplified, width, case, spaces)",
    "folded_punctuation": "folded, and typographic apostrophes, quotes and dashes as ASCII",
}


@dataclass
class Scores:
    """One run's figures over a set of documents (all, or one year)."""

    bleu: float
    chrf: float
    term_success: dict[str, float]  # rule → rate
    pairs: dict[str, int]


@dataclass
class RunResult:
    run: Run
    overall: Scores
    years: dict[int, Scores]
    # per document statistics, kept for the bootstrap: metric or "terms:RULE" → array
    stats: dict[str, np.ndarray] = field(repr=False, default_factory=dict)
    # per pair rates of each rule, for the per-term view
    rates: dict[str, np.ndarray] = field(repr=False, default_factory=dict)
    # per document, the numbers the output states
    numbers: list = field(repr=False, default_factory=list)


@dataclass
class Ceiling:
    """The reference scored as a translation: the highest term success reachable."""

    document: dict[str, float]  # rule → rate over documents (the unit WMT25 scored)
    document_pairs: int
    paragraph: float  # the WMT25 rule per aligned paragraph (the MANIFEST's oracle)
    paragraph_pairs: int


@dataclass
class Table:
    results: list[RunResult]
    pairs: dict[str, wmt25.Pairs]
    ceilings: dict[int | str, Ceiling]  # year, or "all"
    signatures: dict[str, str]
    jobs: int
    numbers: numbers.NumberAccuracy


# --- worker processes --------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _start_worker(references: list[str], outputs: list[tuple[str, ...]]) -> None:
    _WORKER["scorers"] = {name: Scorer(name, "en", [references]) for name in METRICS}
    _WORKER["outputs"] = outputs


def _extract(task: tuple[int, str]) -> tuple[int, str, Any]:
    run, name = task
    outputs = _WORKER["outputs"][run]  # type: ignore[index]
    if name == NUMBERS:
        return run, name, numbers.english_keys(outputs)
    scorer = _WORKER["scorers"][name]  # type: ignore[index]
    return run, name, scorer.segment_stats(outputs)


class Extraction:
    """Per run, each metric's statistics per document, from ``jobs`` worker processes.

    Started on entering: the caller does its own work (the term rates) while the
    workers extract, then collects with ``result``. With one job, ``result``
    extracts in this process.
    """

    def __init__(self, references: list[str], runs: Sequence[Run], jobs: int) -> None:
        self.references = references
        self.outputs = [run.outputs for run in runs]
        self.jobs = jobs
        # The slow metric first, so the last tasks to finish are short ones.
        order = ("chrf", NUMBERS, "bleu")
        self.tasks = [(i, name) for name in order for i in range(len(runs))]
        self._pool: Any = None
        self._pending: Any = None

    def __enter__(self) -> Extraction:
        if self.jobs > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = context.Pool(self.jobs, _start_worker, (self.references, self.outputs))
            self._pending = self._pool.map_async(_extract, self.tasks, chunksize=1)
        return self

    def result(self) -> list[dict[str, Any]]:
        if self._pending is not None:
            results = self._pending.get()
        else:
            _start_worker(self.references, self.outputs)
            results = [_extract(task) for task in self.tasks]
        found: list[dict[str, Any]] = [{} for _ in self.outputs]
        for i, name, stats in results:
            found[i][name] = stats
        return found

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


# --- the table ---------------------------------------------------------------------


def compute(folder: Folder, jobs: int | None = None) -> Table:
    """Every run's scores, overall and per year, and the reference's ceilings."""
    jobs = default_jobs() if jobs is None else jobs
    sources = [d.source for d in folder.documents]
    references = [d.reference for d in folder.documents]
    dictionaries = [folder.dictionaries[d.year] for d in folder.documents]
    years = np.array([d.year for d in folder.documents])
    with Extraction(references, folder.runs, jobs) as extraction:
        pairs = {
            rule: wmt25.find_pairs(sources, [references], dictionaries, normalise)
            for rule, normalise in RULES.items()
        }
        rates = [_rates(pairs, run.outputs) for run in folder.runs]
        ceilings = _ceilings(folder, pairs, references, years)
        source_numbers = [numbers.source_numbers(text) for text in sources]
        reference_numbers = numbers.english_keys(references)
        statistics = extraction.result()
    scorers = _scorers()
    results = []
    for run, stats, run_rates in zip(folder.runs, statistics, rates, strict=True):
        read = stats.pop(NUMBERS)
        for rule, p in pairs.items():
            stats[f"terms:{rule}"] = p.segment_stats(run_rates[rule])
        result = RunResult(run, _scores(stats, scorers, slice(None)), {}, stats, run_rates, read)
        result.years = {y: _scores(stats, scorers, years == y) for y in folder.years}
        results.append(result)
    return Table(
        results=results,
        pairs=pairs,
        ceilings=ceilings,
        signatures={name: s.signature() for name, s in scorers.items()},
        jobs=jobs,
        numbers=numbers.number_accuracy(
            source_numbers, {r.run.name: r.numbers for r in results}, reference_numbers
        ),
    )


def _rates(pairs: dict[str, wmt25.Pairs], outputs: Sequence[str]) -> dict[str, np.ndarray]:
    """Each rule's pair rates for one run's outputs, folding each output once."""
    folded = [fold(text) for text in outputs]
    punctuation = [text.translate(PUNCTUATION) for text in folded]
    return {
        "substring": pairs["substring"].rates(outputs),
        "folded": pairs["folded"].rates(folded, normalised=True),
        "folded_punctuation": pairs["folded_punctuation"].rates(punctuation, normalised=True),
    }


def _scorers() -> dict[str, Scorer]:
    """Scorers that only turn summed statistics into scores (and give signatures)."""
    return {name: Scorer(name, "en", [["."]]) for name in METRICS}


def _scores(stats: dict[str, np.ndarray], scorers: dict[str, Scorer], rows) -> Scores:
    values = {name: scorers[name].score_of(stats[name][rows].sum(0)) for name in METRICS}
    term_success, pairs = {}, {}
    for rule in RULES:
        summed = stats[f"terms:{rule}"][rows].sum(0)
        term_success[rule] = wmt25.rate_from_stats(summed)
        pairs[rule] = int(summed[1])
    return Scores(values["bleu"], values["chrf"], term_success, pairs)


def _ceilings(
    folder: Folder, pairs: dict[str, wmt25.Pairs], references: list[str], years: np.ndarray
) -> dict[int | str, Ceiling]:
    stats = {rule: p.segment_stats(r) for rule, (p, r) in _with_rates(pairs, references).items()}
    ceilings: dict[int | str, Ceiling] = {}
    columns: list[int | str] = [*folder.years, "all"]
    for year in columns:
        rows = slice(None) if year == "all" else years == year
        summed = {rule: s[rows].sum(0) for rule, s in stats.items()}
        documents = [d for d in folder.documents if year in ("all", d.year)]
        paragraph = _paragraph_rate(documents, folder.dictionaries)
        ceilings[year] = Ceiling(
            document={rule: wmt25.rate_from_stats(s) for rule, s in summed.items()},
            document_pairs=int(summed["substring"][1]),
            paragraph=paragraph.rate,
            paragraph_pairs=paragraph.pairs,
        )
    return ceilings


def _with_rates(pairs: dict[str, wmt25.Pairs], texts: Sequence[str]):
    rates = _rates(pairs, texts)
    return {rule: (p, rates[rule]) for rule, p in pairs.items()}


def _paragraph_rate(documents, dictionaries) -> wmt25.SuccessRate:
    paragraphs = [(d.year, zh, en) for d in documents for zh, en in d.paragraphs]
    english = [en for _, _, en in paragraphs]
    found = wmt25.find_pairs(
        [zh for _, zh, _ in paragraphs], [english], [dictionaries[y] for y, _, _ in paragraphs]
    )
    return found.success_rate(english)


# --- significance ------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Two runs of one mode on one measure: the difference and its paired bootstrap p."""

    mode: str
    measure: str  # "bleu", "chrf" or "term_success"
    first: str
    second: str
    difference: float  # second − first
    p_value: float


def compare_within_modes(table: Table, samples: int) -> list[Comparison]:
    """Every pair of systems within each mode, on every measure (documents resampled)."""
    if samples <= 0:
        return []
    score_of: dict[str, Callable[[np.ndarray], float]] = {
        name: scorer.score_of for name, scorer in _scorers().items()
    }
    score_of["term_success"] = wmt25.rate_from_stats
    key = {"bleu": "bleu", "chrf": "chrf", "term_success": "terms:substring"}
    indices = significance.resample_indices(len(table.results[0].stats["bleu"]), samples)
    comparisons = []
    for mode in dict.fromkeys(r.run.mode for r in table.results):
        runs = [r for r in table.results if r.run.mode == mode]
        for measure, score in score_of.items():
            stats = [r.stats[key[measure]] for r in runs]
            resampled = [significance.resampled_scores(s, score, indices) for s in stats]
            observed = [score(s.sum(0)) for s in stats]
            for a in range(len(runs)):
                for b in range(a + 1, len(runs)):
                    difference = observed[b] - observed[a]
                    p = significance.paired_p_value(resampled[a], resampled[b], abs(difference))
                    comparisons.append(
                        Comparison(
                            mode, measure, runs[a].run.system, runs[b].run.system, difference, p
                        )
                    )
    return comparisons
