"""The reproduction as data: the JSON the script writes and the HTML page renders.

``rows`` is what ``--json`` writes: one object per run with the published
figure beside each reproduced one, plus everything about that run (its years,
its rate under the folded rules, its paired tests, its number accuracy).
``to_dict`` is the whole report (``--report-json``). ``text`` renders the same
as Markdown tables for the terminal.
"""

from __future__ import annotations

from typing import Any

from glossary.evaluation.published.reproduce import (
    TOLERANCE,
    Reproduction,
    differences,
    failures,
    within_tolerance,
)
from glossary.evaluation.published.table import RULE_LABELS, RULES, RunResult, Scores
from glossary.evaluation.published.terms import TermRow

MEASURES = {"bleu": "BLEU", "chrf": "chrF++", "term_success": "term success"}


def _scores_dict(scores: Scores) -> dict[str, Any]:
    return {
        "bleu": scores.bleu,
        "chrf": scores.chrf,
        "term_success": scores.term_success["substring"],
        "term_pairs": scores.pairs["substring"],
        **{
            f"term_success_{rule}": scores.term_success[rule]
            for rule in RULES
            if rule != "substring"
        },
    }


def _row(reproduction: Reproduction, result: RunResult) -> dict[str, Any]:
    run = result.run
    published = run.published
    tests = [
        {
            "other": c.second if c.first == run.system else c.first,
            "measure": c.measure,
            "difference": c.difference if c.first == run.system else -c.difference,
            "p_value": c.p_value,
        }
        for c in reproduction.comparisons
        if c.mode == run.mode and run.system in (c.first, c.second)
    ]
    numbers = reproduction.numbers
    return {
        "system": run.system,
        "mode": run.mode,
        **_scores_dict(result.overall),
        "published": (
            {"bleu": published.bleu, "chrf": published.chrf, "term_success": published.term_success}
            if published
            else None
        ),
        "difference": differences(result),
        "within_tolerance": within_tolerance(result),
        "years": {str(y): _scores_dict(s) for y, s in result.years.items()},
        "paired_tests": tests,
        "terms_missed": sum(1 for r in reproduction.terms.rows if r.rates[run.name] == 0),
        "number_accuracy": numbers.rates.get(run.name) if numbers.available else None,
    }


def rows(reproduction: Reproduction) -> list[dict[str, Any]]:
    """One object per run: {"system", "mode", "bleu", "chrf", "term_success", …}."""
    return [_row(reproduction, r) for r in reproduction.table.results]


def _term_dict(row: TermRow) -> dict[str, Any]:
    return {
        "term": row.term,
        "renderings": row.renderings,
        "years": row.years,
        "documents": row.pairs,
        "reference": row.reference,
        "termbase": row.termbase,
        "rates": row.rates,
    }


def to_dict(reproduction: Reproduction) -> dict[str, Any]:
    """The whole report."""
    table, folder, terms, folding = (
        reproduction.table,
        reproduction.folder,
        reproduction.terms,
        reproduction.folding,
    )
    return {
        "rows": rows(reproduction),
        "setup": {
            "data": str(folder.path),
            "years": folder.years,
            "documents": len(folder.documents),
            "term_pairs": len(table.pairs["substring"]),
            "signatures": table.signatures,
            "tolerance": TOLERANCE,
            "term_rules": {rule: RULE_LABELS[rule] for rule in RULES},
            "bootstrap_resamples": reproduction.resamples,
            "bootstrap_unit": "document",
            "seed": reproduction.seed,
            "worker_processes": table.jobs,
            "seconds": reproduction.seconds,
        },
        "failures": failures(reproduction),
        "reference_ceiling": {
            str(year): {
                "documents": c.document,
                "document_pairs": c.document_pairs,
                "paragraphs": c.paragraph,
                "paragraph_pairs": c.paragraph_pairs,
            }
            for year, c in table.ceilings.items()
        },
        "paired_tests": [c.__dict__ for c in reproduction.comparisons],
        "folding": {
            "changed_pairs": folding.changed,
            "pairs_only_folded": folding.only_folded,
            "pairs_only_substring": folding.only_substring,
            "examples": [e.__dict__ for e in folding.examples],
        },
        "terms": {
            "termbase": terms.termbase_origin,
            "termbase_terms": terms.termbase_terms,
            "missed_by_all": [r.term for r in terms.missed_by_all],
            "missed_given_terms": [r.term for r in terms.missed_given_terms],
            "in_termbase": [r.term for r in terms.in_termbase],
            "rows": [_term_dict(r) for r in terms.rows],
        },
        "number_accuracy": {
            "available": reproduction.numbers.available,
            "rule": reproduction.numbers.note,
            "numbers": reproduction.numbers.numbers,
            "kinds": reproduction.numbers.kinds,
            "rates": reproduction.numbers.rates,
            "by_kind": reproduction.numbers.by_kind,
            "reference": reproduction.numbers.reference,
            "reference_by_kind": reproduction.numbers.reference_by_kind,
            "left_out": [
                {"document": i, "text": whose, "error": error}
                for i, whose, error in reproduction.numbers.left_out
            ],
        },
    }


def signed(value: float, digits: int) -> str:
    """``+0.0000``-style, without the minus sign of a difference that rounds to zero."""
    text = f"{value:+.{digits}f}"
    return "+" + text[1:] if float(text) == 0 else text
