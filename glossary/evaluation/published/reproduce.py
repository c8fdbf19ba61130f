"""One reproduction: read the folder, score every run, and everything around the table."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from glossary.evaluation import significance
from glossary.evaluation.dictionary import TermList, load_terms
from glossary.evaluation.published import folder as folder_module
from glossary.evaluation.published.folder import Folder
from glossary.evaluation.published.numbers import NumberAccuracy
from glossary.evaluation.published.table import Comparison, RunResult, Table, compute
from glossary.evaluation.published.table import compare_within_modes as compare
from glossary.evaluation.published.terms import Folding, TermView, disagreements, term_view

# A reproduced figure may differ from the published one by at most this much.
TOLERANCE = {"bleu": 0.01, "chrf": 0.01, "term_success": 0.001}
# Paired bootstrap resamples per mode: sacrebleu's default; the whole significance
# step (41 pairs of runs, three measures) takes about a second with it.
RESAMPLES = significance.BOOTSTRAP_SAMPLES


@dataclass
class Reproduction:
    folder: Folder
    table: Table
    comparisons: list[Comparison]
    resamples: int
    seed: int | None
    folding: Folding
    terms: TermView
    numbers: NumberAccuracy
    seconds: dict[str, float] = field(default_factory=dict)


def reproduce(
    data: Path,
    termbase: Path | None = None,
    resamples: int = RESAMPLES,
    jobs: int | None = None,
) -> Reproduction:
    """Everything the report shows.

    :raises folder.FolderError: for a folder that is not laid out as expected.
    :raises glossary.formats.errors.FormatError: for an unreadable term base.
    """
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] = now - clock
        clock = now

    folder = folder_module.load(data)
    lap("reading")
    table = compute(folder, jobs)
    lap("scores")
    comparisons = compare(table, resamples)
    lap("significance")
    folding = disagreements(folder, table)
    term_list: TermList | None = load_terms(termbase, "zh", "en") if termbase else None
    terms = term_view(folder, table, term_list)
    lap("terms")
    seconds["total"] = sum(seconds.values())
    # CPU time of this process and of the worker processes (finished by now).
    seconds["cpu_main"] = time.process_time()
    seconds["cpu_workers"] = _children_cpu()
    return Reproduction(
        folder=folder,
        table=table,
        comparisons=comparisons,
        resamples=resamples,
        seed=significance.seed(),
        folding=folding,
        terms=terms,
        numbers=table.numbers,
        seconds=seconds,
    )


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def differences(result: RunResult) -> dict[str, float] | None:
    """Reproduced − published, per figure; None for a run with no published figure."""
    published = result.run.published
    if published is None:
        return None
    return {
        "bleu": result.overall.bleu - published.bleu,
        "chrf": result.overall.chrf - published.chrf,
        "term_success": result.overall.term_success["substring"] - published.term_success,
    }


def within_tolerance(result: RunResult) -> bool | None:
    found = differences(result)
    if found is None:
        return None
    return all(abs(found[k]) <= TOLERANCE[k] for k in TOLERANCE)


def failures(reproduction: Reproduction) -> list[str]:
    """What keeps the published table from being reproduced (empty when it is)."""
    problems = [
        f"{system} ({mode}): published, but the folder has no outputs"
        for system, mode in reproduction.folder.missing
    ]
    for result in reproduction.table.results:
        if within_tolerance(result) is False:
            found = differences(result) or {}
            beyond = ", ".join(
                f"{k} {found[k]:+.4f}" for k in TOLERANCE if abs(found[k]) > TOLERANCE[k]
            )
            problems.append(f"{result.run.name}: {beyond}")
    if not any(r.run.published for r in reproduction.table.results):
        problems.append("no published row to compare with")
    return problems
