"""Number accuracy and number QA: does a translation keep the numbers of its source?

Every number of the source (glossary.numbers.find_numbers for Chinese,
read_english_numbers for English) needs a number of the translation that
renders it: the same value across magnitudes and as far as rounding allows,
of a fitting kind (glossary.numbers.check). Number accuracy is the share of
source numbers rendered, over all segments; the reference is scored as if it
were a system, for the ceiling. Ordinals are not counted (official English
often rewrites 居全國第一 as "the largest of any city").

The same checks serve term QA's companion: ``qa_numbers`` gives the findings
and summary that /api/qa and ``glossary qa`` print beside the term findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from glossary import lang
from glossary.evaluation import significance
from glossary.numbers.check import NumberCheck, Verdict, check_numbers

__all__ = [
    "NumberEvaluation",
    "NumberScores",
    "number_markdown",
    "numbers_checkable",
    "numbers_dict",
    "qa_numbers",
    "score_numbers",
]

VERDICTS: tuple[Verdict, ...] = ("ok", "missing", "changed")


def numbers_checkable(source_lang: str | None, target_lang: str | None) -> bool:
    """Numbers are compared between Chinese and English, either way."""
    if not source_lang or not target_lang:
        return False
    pair = {lang.base_language(source_lang), lang.base_language(target_lang)}
    return pair == {"zh", "en"}


def summary(checks: Sequence[NumberCheck]) -> dict[str, int]:
    counts = Counter(c.verdict for c in checks)
    return {"checked": len(checks), **{v: counts[v] for v in VERDICTS}}


def qa_numbers(
    source: str, target: str, source_lang: str, target_lang: str
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The number findings of one translated segment, and their summary, as JSON."""
    checks = check_numbers(source, target, source_lang=source_lang, target_lang=target_lang)
    return [c.to_dict() for c in checks], summary(checks)


@dataclass
class NumberScores:
    """One system's number accuracy over all segments."""

    name: str
    stats: np.ndarray  # per segment: numbers rendered, numbers checked
    verdicts: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind → [ok, checked]
    # (segment, source text, verdict, translation's text) of every number not rendered
    misses: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    interval: significance.Interval | None = None

    @property
    def ok(self) -> int:
        return int(self.stats[:, 0].sum())

    @property
    def checked(self) -> int:
        return int(self.stats[:, 1].sum())

    @property
    def accuracy(self) -> float:
        return accuracy(self.stats.sum(axis=0))


@dataclass
class NumberEvaluation:
    systems: list[NumberScores]
    references: list[NumberScores]
    numbers: int  # numbers of the source that are checked
    segments_with_numbers: int


def accuracy(summed: np.ndarray) -> float:
    """Number accuracy (%) from summed per-segment [rendered, checked]."""
    return 100.0 * float(summed[0]) / float(summed[1]) if summed[1] else 0.0


def _score(
    name: str,
    sources: Sequence[str],
    translations: Sequence[str],
    source_lang: str,
    target_lang: str,
    bootstrap: int,
) -> NumberScores:
    stats = np.zeros((len(sources), 2), dtype=np.int64)
    scores = NumberScores(name, stats)
    for i, (source, translation) in enumerate(zip(sources, translations, strict=True)):
        checks = check_numbers(
            source, translation, source_lang=source_lang, target_lang=target_lang
        )
        for check in checks:
            scores.verdicts[check.verdict] += 1
            row = scores.by_kind.setdefault(check.source.kind, [0, 0])
            row[0] += check.verdict == "ok"
            row[1] += 1
            if check.verdict != "ok":
                found = check.target.text if check.target else None
                scores.misses.append((i + 1, check.source.text, check.verdict, found))
        stats[i] = (sum(c.verdict == "ok" for c in checks), len(checks))
    if bootstrap and scores.checked:
        scores.interval = significance.bootstrap(stats, accuracy, bootstrap)
    return scores


def score_numbers(
    *,
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    sources: Sequence[str] | None,
    source_lang: str | None,
    target_lang: str,
    bootstrap: int = 0,
) -> NumberEvaluation | None:
    """Number accuracy of every system and reference; None when it does not apply."""
    if sources is None or not numbers_checkable(source_lang, target_lang):
        return None
    assert source_lang is not None
    scored = [
        _score(name, sources, hyp, source_lang, target_lang, bootstrap) for name, hyp in systems
    ]
    labels = ["reference"] if len(references) == 1 else [f"reference {k + 1}" for k in range(99)]
    ceiling = [
        _score(label, sources, ref, source_lang, target_lang, 0)
        for label, ref in zip(labels, references, strict=False)
    ]
    first = (scored or ceiling)[0].stats
    return NumberEvaluation(scored, ceiling, int(first[:, 1].sum()), int((first[:, 1] > 0).sum()))


# -- reports -------------------------------------------------------------------


def _scores_dict(scores: NumberScores) -> dict[str, Any]:
    interval = scores.interval
    return {
        "name": scores.name,
        "accuracy": scores.accuracy,
        "ok": scores.ok,
        "checked": scores.checked,
        "missing": scores.verdicts["missing"],
        "changed": scores.verdicts["changed"],
        "ci": None
        if interval is None
        else {"mean": interval.mean, "half_width": interval.half_width},
        "by_kind": {
            kind: {"ok": ok, "checked": n} for kind, (ok, n) in sorted(scores.by_kind.items())
        },
        "misses": [
            {"segment": s, "source": text, "verdict": v, "target": t}
            for s, text, v, t in scores.misses
        ],
    }


def numbers_dict(evaluation: NumberEvaluation | None) -> dict[str, Any] | None:
    """The number accuracy part of the JSON report."""
    if evaluation is None:
        return None
    return {
        "numbers": evaluation.numbers,
        "segments_with_numbers": evaluation.segments_with_numbers,
        "rule": RULE,
        "systems": [_scores_dict(s) for s in evaluation.systems],
        "references": [_scores_dict(r) for r in evaluation.references],
    }


RULE = (
    "each number of the source (counts, money, percentages, percentage points, multiples, "
    "fractions, years, dates, ranges, digit counts; not ordinals) needs a number of the "
    "translation with the same value across magnitudes, as far as rounding allows"
)
# Rows of the Markdown list of numbers missed, per system.
MARKDOWN_MISSES = 10


def number_markdown(evaluation: NumberEvaluation | None) -> list[str]:
    """The number accuracy section of the Markdown report."""
    if evaluation is None:
        return []
    lines = [
        "",
        f"Numbers: {evaluation.numbers:,} in {evaluation.segments_with_numbers:,} segments; "
        f"{RULE}.",
        "",
        "| system | number accuracy | changed | missing |",
        "| --- | --: | --: | --: |",
    ]
    for scores in evaluation.systems:
        lines.append(_markdown_row(scores.name, scores))
    for scores in evaluation.references:
        lines.append(_markdown_row(f"{scores.name} (ceiling)", scores))
    for scores in evaluation.systems:
        if scores.misses:
            lines += ["", f"Numbers not rendered by {scores.name}:", ""]
            for segment, text, verdict, found in scores.misses[:MARKDOWN_MISSES]:
                shown = f" → “{found}”" if found else ""
                lines.append(f"* segment {segment}: {' '.join(text.split())} ({verdict}){shown}")
            if len(scores.misses) > MARKDOWN_MISSES:
                lines.append(f"* … and {len(scores.misses) - MARKDOWN_MISSES} more (see the JSON)")
    return lines


def _markdown_row(name: str, scores: NumberScores) -> str:
    value = f"{scores.accuracy:.1f}"
    if scores.interval is not None:
        value += f" ± {scores.interval.half_width:.1f}"
    counts = f"{value} % ({scores.ok:,}/{scores.checked:,})"
    return (
        f"| {name} | {counts} | {scores.verdicts['changed']:,} | {scores.verdicts['missing']:,} |"
    )
