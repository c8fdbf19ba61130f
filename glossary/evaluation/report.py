"""An evaluation as data (JSON) and as a Markdown report for the terminal.

Both state how every number was counted: the sacrebleu signatures, the term
lists and their sizes, the number of occurrences, the counting rule, the
reference's own score (the ceiling) and the 95 % bootstrap intervals.
"""

from __future__ import annotations

from typing import Any

from glossary.evaluation.numbers import number_markdown, numbers_dict
from glossary.evaluation.run import Evaluation, SystemResult, TermResult
from glossary.evaluation.significance import Interval

# Rows of the Markdown per-term table (the JSON and HTML have every term).
MARKDOWN_TERM_ROWS = 15


def _interval(interval: Interval | None) -> dict[str, float] | None:
    if interval is None:
        return None
    return {
        "mean": interval.mean,
        "half_width": interval.half_width,
        "low": interval.low,
        "high": interval.high,
    }


def _terms_dict(result: TermResult) -> dict[str, Any]:
    s = result.scores
    return {
        "accuracy": s.accuracy,
        "hits": s.hits,
        "occurrences": s.occurrences,
        "ci": _interval(result.interval),
        "p_bootstrap": result.p_bootstrap,
        "p_randomisation": result.p_randomisation,
        "macro_accuracy": s.macro_accuracy,
        "wrong_rendering_rate": s.wrong_rate,
        "wrong_renderings_used": s.wrong_used,
        "consistency": s.consistency,
        "wmt25_success_rate": result.wmt25.rate,
        "wmt25_pairs": result.wmt25.pairs,
        "inexact_segments": s.inexact_segments,
    }


def _per_term(result: TermResult) -> list[dict[str, Any]]:
    return [
        {
            "term": row.key,
            "sources": list(row.sources),
            "approved": list(row.approved),
            "occurrences": row.occurrences,
            "hits": row.hits,
            "accuracy": row.accuracy,
            "wrong_renderings_used": row.wrong_used,
            "renderings": dict(row.renderings.most_common()),
            "wrong": [
                {"rendering": r, "status": status, "count": n}
                for (r, status), n in row.wrong.most_common()
            ],
            "missed_in": row.missed_in,
        }
        for row in result.scores.rows
    ]


def _system_dict(system: SystemResult, segments: int) -> dict[str, Any]:
    out: dict[str, Any] = {"name": system.name}
    if system.metrics:
        out["scores"] = {
            name: {
                "label": m.label,
                "score": m.score,
                "signature": m.signature,
                "detail": m.detail,
                "ci": _interval(m.interval),
                "p_bootstrap": m.p_bootstrap,
                "p_randomisation": m.p_randomisation,
            }
            for name, m in system.metrics.items()
        }
    if system.terms:
        out["terms"] = _terms_dict(system.terms)
        out["per_term"] = _per_term(system.terms)
    if system.metrics:
        rows = []
        for i in range(segments):
            row: dict[str, Any] = {"segment": i + 1}
            row.update({name: m.sentences[i] for name, m in system.metrics.items()})
            if system.terms:
                hits, occurrences, wrong = system.terms.scores.stats[i].tolist()
                row.update(term_hits=hits, term_occurrences=occurrences, wrong_renderings=wrong)
            rows.append(row)
        out["segments"] = rows
    return out


def to_dict(evaluation: Evaluation) -> dict[str, Any]:
    """Everything, as JSON-ready data."""
    setup = evaluation.setup
    return {
        "setup": {
            "source_lang": setup.source_lang,
            "target_lang": setup.target_lang,
            "segments": setup.segments,
            "references": setup.references,
            "metrics": setup.metrics,
            "sacrebleu": setup.sacrebleu,
            "bootstrap_resamples": setup.bootstrap,
            "randomisation_trials": setup.ar_trials,
            "seed": setup.seed,
            "baseline": evaluation.systems[0].name,
            "term_lists": [{"origin": o, "terms": n} for o, n in setup.term_lists],
            "term_counting_rule": setup.counting_rule if setup.term_lists else None,
            "term_occurrences": setup.term_occurrences,
            "terms_found": setup.terms_found,
            "segments_with_terms": setup.segments_with_terms,
            "notes": evaluation.notes,
        },
        "systems": [_system_dict(s, setup.segments) for s in evaluation.systems],
        "references": [_system_dict(r, setup.segments) for r in evaluation.references],
        "numbers": numbers_dict(evaluation.numbers),
    }


# --- Markdown ---------------------------------------------------------------


def _num(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}"


def _with_ci(value: float, interval: Interval | None, digits: int = 2) -> str:
    if interval is None:
        return _num(value, digits)
    return f"{_num(value, digits)} ± {_num(interval.half_width, digits)}"


def _p(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _term_cells(terms: TermResult | None) -> list[str]:
    if terms is None:
        return []
    s = terms.scores
    rate = "–" if terms.wmt25.pairs == 0 else f"{terms.wmt25.rate:.3f}"
    return [
        f"{_with_ci(s.accuracy, terms.interval, 1)} % ({s.hits:,}/{s.occurrences:,})",
        f"{_num(s.wrong_rate, 1)} % ({s.wrong_used:,})",
        rate,
    ]


def to_markdown(evaluation: Evaluation) -> str:
    """The report for a terminal or a pull request."""
    setup = evaluation.setup
    has_terms = bool(setup.term_lists)
    direction = f"{setup.source_lang or '?'} → {setup.target_lang}"
    lines = [
        (
            f"# Evaluation: {len(evaluation.systems)} system(s), {setup.segments:,} segments, "
            f"{direction}"
        ),
        "",
    ]
    labels = [m.label for m in evaluation.systems[0].metrics.values()]
    header = ["system", *labels]
    if has_terms:
        header += ["term accuracy", "wrong renderings", "WMT25 TSR"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("| --- " + "| --: " * (len(header) - 1) + "|")
    for system in evaluation.systems:
        cells = [_with_ci(m.score, m.interval) for m in system.metrics.values()]
        lines.append("| " + " | ".join([system.name, *cells, *_term_cells(system.terms)]) + " |")
    for reference in evaluation.references:
        cells = ["–"] * len(labels) + _term_cells(reference.terms)
        lines.append(f"| {reference.name} (ceiling) | " + " | ".join(cells) + " |")
    lines.append("")
    if setup.bootstrap:
        lines.append(
            f"± is half the 95 % bootstrap interval ({setup.bootstrap:,} resamples of segments, "
            f"seed {setup.seed})."
        )
    lines += _markdown_significance(evaluation)
    lines += ["", "Signatures (sacrebleu " + setup.sacrebleu + "):", ""]
    for metric in evaluation.systems[0].metrics.values():
        lines.append(f"    {metric.label:<7} {metric.signature}")
    if has_terms:
        lines += _markdown_terms(evaluation)
    lines += number_markdown(evaluation.numbers)
    for note in evaluation.notes:
        lines += ["", f"Note: {note}."]
    text = "\n".join(lines)
    while "\n\n\n" in text:  # sections left out leave their blank lines behind
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"


def _markdown_significance(evaluation: Evaluation) -> list[str]:
    baseline, others = evaluation.systems[0], evaluation.systems[1:]
    setup = evaluation.setup
    if not others or not (setup.bootstrap or setup.ar_trials):
        return []
    columns = [m.label for m in baseline.metrics.values()]
    if setup.term_lists:
        columns.append("term accuracy")
    lines = [
        "",
        (
            f"Paired tests against {baseline.name}: p-values of paired bootstrap / "
            f"approximate randomisation ({setup.ar_trials:,} trials)."
        ),
        "",
        "| system | " + " | ".join(columns) + " |",
        "| --- " + "| --: " * len(columns) + "|",
    ]
    for system in others:
        results: list[Any] = list(system.metrics.values())
        if system.terms:
            results.append(system.terms)
        cells = [f"{_p(r.p_bootstrap)} / {_p(r.p_randomisation)}" for r in results]
        lines.append(f"| {system.name} | " + " | ".join(cells) + " |")
    return lines


def _markdown_terms(evaluation: Evaluation) -> list[str]:
    setup = evaluation.setup
    lists = ", ".join(f"{origin} ({n:,} terms)" for origin, n in setup.term_lists)
    lines = [
        "",
        (
            f"Terms: {lists}. {setup.term_occurrences:,} occurrences of {setup.terms_found:,} "
            f"terms in {setup.segments_with_terms:,} of {setup.segments:,} segments."
        ),
        (
            f"Term accuracy counts: {setup.counting_rule}. Wrong renderings: occurrences whose "
            "translation shows a deprecated or forbidden rendering. WMT25 TSR: the WMT25 "
            "terminology task's success rate, computed exactly as published."
        ),
    ]
    everyone = evaluation.systems + evaluation.references
    rows: dict[str, list[int]] = {}
    occurrences: dict[str, int] = {}
    approved: dict[str, str] = {}
    for k, system in enumerate(everyone):
        if system.terms is None:
            continue
        for row in system.terms.scores.rows:
            rows.setdefault(row.key, [0] * len(everyone))[k] = row.hits
            occurrences[row.key] = row.occurrences
            approved[row.key] = row.approved[0]
    missed = sorted(rows, key=lambda key: (-sum(occurrences[key] - h for h in rows[key]), key))[
        :MARKDOWN_TERM_ROWS
    ]
    missed = [key for key in missed if any(h < occurrences[key] for h in rows[key])]
    if missed:
        lines += [
            "",
            "Terms most often missed (hits of the occurrences):",
            "",
            "| term | approved | occurrences | " + " | ".join(s.name for s in everyone) + " |",
            "| --- | --- | --: " + "| --: " * len(everyone) + "|",
        ]
        for key in missed:
            cells = " | ".join(str(h) for h in rows[key])
            lines.append(f"| {key} | {approved[key]} | {occurrences[key]} | {cells} |")
    wrong = [
        f"* {system.name}: {row.key} → “{rendering}” ({status}) ×{n}"
        for system in everyone
        if system.terms
        for row in system.terms.scores.rows
        for (rendering, status), n in row.wrong.most_common()
    ]
    if wrong:
        lines += ["", "Deprecated or forbidden renderings seen:", "", *wrong]
    return lines
