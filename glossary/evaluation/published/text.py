"""The reproduction as a text report: Markdown tables for a terminal or a pull request."""

from __future__ import annotations

from typing import Any

from glossary.evaluation.published.report import MEASURES, signed
from glossary.evaluation.published.reproduce import (
    TOLERANCE,
    Reproduction,
    differences,
    failures,
    within_tolerance,
)
from glossary.evaluation.published.table import RULE_LABELS, RULES, Scores
from glossary.evaluation.published.terms import TermRow, differs_from_termbase, mean_rate

# Rows of the term tables (the JSON has them all).
TEXT_TERM_ROWS = 15
# Kinds of number in the number accuracy columns (the JSON has them all).
NUMBER_KINDS = 5


def _table(
    header: list[str], body: list[list[str]], right: int = 1, left_after: int | None = None
) -> list[str]:
    """A Markdown table: columns ``right`` to ``left_after`` (exclusive) are right-aligned."""
    end = len(header) if left_after is None else left_after
    align = ["---"] * right + ["--:"] * (end - right) + ["---"] * (len(header) - end)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return lines


def _published_table(reproduction: Reproduction) -> list[str]:
    body = []
    for result in reproduction.table.results:
        published, found = result.run.published, differences(result)
        values = {
            "bleu": (result.overall.bleu, 2),
            "chrf": (result.overall.chrf, 2),
            "term_success": (result.overall.term_success["substring"], 3),
        }
        cells = [result.run.system, result.run.mode]
        for key, (value, digits) in values.items():
            cells.append(f"{value:.{digits}f}")
            cells.append(f"{getattr(published, key):.{digits}f}" if published else "–")
            cells.append(signed(found[key], digits + 2) if found else "–")
        cells.append({True: "yes", False: "NO", None: "unpublished"}[within_tolerance(result)])
        body.append(cells)
    header = ["system", "mode"]
    for label in MEASURES.values():
        header += [label, "published", "Δ"]
    return _table([*header, "reproduced"], body, right=2)


def _year_tables(reproduction: Reproduction) -> list[str]:
    table = reproduction.table
    years = reproduction.folder.years
    lines: list[str] = []
    for key, label in MEASURES.items():
        body = []
        for result in table.results:
            values = [_measure(result.years[y], key) for y in years]
            body.append([result.run.name, *values, _measure(result.overall, key)])
        if key == "term_success":
            columns: list[int | str] = [*years, "all"]
            ceiling = [f"{table.ceilings[y].document['substring']:.3f}" for y in columns]
            body.append(["reference (ceiling)", *ceiling])
        lines += ["", f"{label} per year:", ""]
        lines += _table(["run", *map(str, years), "all"], body)
    return lines


def _measure(scores: Scores, key: str) -> str:
    if key == "term_success":
        return f"{scores.term_success['substring']:.3f}"
    return f"{getattr(scores, key):.2f}"


def _ceiling_table(reproduction: Reproduction) -> list[str]:
    body = []
    for year, c in reproduction.table.ceilings.items():
        body.append(
            [
                str(year),
                f"{c.document['substring']:.3f}",
                f"{c.document['folded']:.3f}",
                f"{c.document_pairs:,}",
                f"{c.paragraph:.3f}",
                f"{c.paragraph_pairs:,}",
            ]
        )
    header = ["year", "documents", "folded", "pairs", "paragraphs", "pairs"]
    return [
        "",
        "The reference's own term success (the ceiling): per document, the unit WMT25 "
        "scored, and per aligned paragraph (the MANIFEST's oracle):",
        "",
        *_table(header, body),
    ]


def _significance(reproduction: Reproduction) -> list[str]:
    if not reproduction.comparisons:
        return ["", "Paired tests: not run (0 resamples)."]
    body = []
    by_pair: dict[tuple[str, str, str], dict[str, Any]] = {}
    for c in reproduction.comparisons:
        by_pair.setdefault((c.mode, c.first, c.second), {})[c.measure] = c
    for (mode, first, second), tests in by_pair.items():
        cells = [mode, first, second]
        for key in MEASURES:
            c = tests[key]
            digits = "{:+.3f}" if key == "term_success" else "{:+.2f}"
            star = " *" if c.p_value < 0.05 else ""
            cells.append(f"{digits.format(c.difference)} (p {c.p_value:.3f}){star}")
        body.append(cells)
    return [
        "",
        f"Paired bootstrap within each mode: {reproduction.resamples:,} resamples of the "
        f"{len(reproduction.folder.documents)} documents (the unit WMT25 scored), seed "
        f"{reproduction.seed}; Δ = second − first; * p < 0.05.",
        "",
        *_table(["mode", "first", "second", *MEASURES.values()], body, right=3),
    ]


def _folding(reproduction: Reproduction) -> list[str]:
    folding = reproduction.folding
    others = [rule for rule in RULES if rule != "substring"]
    body = []
    for result in reproduction.table.results:
        rates = result.overall.term_success
        cells = [result.run.name, f"{rates['substring']:.4f}"]
        for rule in others:
            cells.append(f"{rates[rule]:.4f} ({folding.changed[result.run.name][rule]})")
        body.append(cells)
    lines = [
        "",
        "Term success under three matching rules (in brackets: the pairs whose rate "
        "changes against the WMT25 rule):",
        "",
        *(f"* {rule}: {RULE_LABELS[rule]}" for rule in RULES),
        "",
        *_table(["run", *RULES], body),
        "",
        "Pairs counted only under a folded rule: "
        + ", ".join(f"{rule} {folding.only_folded[rule]}" for rule in others)
        + "; only under the WMT25 rule: "
        + ", ".join(f"{rule} {folding.only_substring[rule]}" for rule in others)
        + ".",
    ]
    if folding.examples:
        lines += ["", "Where they disagree (one example per term and reason):", ""]
        for e in folding.examples:
            by_rule = ", ".join(
                f"{rule} {'–' if v is None else f'{v:.2f}'}" for rule, v in e.rates.items()
            )
            seen = f"; written {' / '.join(e.variants)}" if e.variants else ""
            lines.append(
                f"* {e.term} → {' / '.join(e.renderings)} ({e.system}, {e.mode}, {e.year} "
                f"document {e.document}): {e.reason}{seen}; {by_rule}"
            )
    return lines


def _term_rows(title: str, rows: list[TermRow], runs: list[str]) -> list[str]:
    if not rows:
        return ["", f"{title}: none."]
    body = [
        [
            r.term,
            " / ".join(r.renderings),
            ", ".join(map(str, r.years)),
            str(r.pairs),
            f"{r.reference:.2f}",
            f"{mean_rate(r, runs):.2f}",
            " / ".join(r.termbase) if r.termbase else "–",
        ]
        for r in rows[:TEXT_TERM_ROWS]
    ]
    more = (
        f" ({len(rows)}; the {TEXT_TERM_ROWS} in most documents)"
        if len(rows) > TEXT_TERM_ROWS
        else f" ({len(rows)})"
    )
    header = ["term", "WMT25 renderings", "years", "documents", "reference", "runs"]
    header.append("our term base")
    return ["", f"{title}{more}:", "", *_table(header, body, right=3, left_after=6)]


def _terms(reproduction: Reproduction) -> list[str]:
    terms = reproduction.terms
    runs = terms.runs
    given = [r.run.name for r in reproduction.table.results if r.run.mode == "proper"]
    lines = [
        "",
        f"Per term: {len(terms.rows):,} dictionary terms count in some document. 'reference' is "
        "the reference's own success on the term, 'runs' the mean of the runs concerned: all "
        "runs for the terms every run misses, the runs given the dictionary otherwise.",
    ]
    lines += _term_rows("Terms every run misses", terms.missed_by_all, runs)
    lines += _term_rows(
        "Terms missed by every run given the dictionary", terms.missed_given_terms, given
    )
    if terms.termbase_origin:
        differ = [r for r in terms.in_termbase if differs_from_termbase(r)]
        lines += [
            "",
            f"Our term base ({terms.termbase_origin}, {terms.termbase_terms} zh→en concepts) "
            f"holds {len(terms.in_termbase)} of these terms; for {len(differ)} of them none "
            "of our renderings is one the WMT25 dictionary lists:",
            "",
            *(
                f"* {r.term}: WMT25 {' / '.join(r.renderings)}; ours {' / '.join(r.termbase or ())}"
                for r in differ
            ),
        ]
        lines += _term_rows("Terms our term base holds", terms.in_termbase, given)
    return lines


def _numbers(reproduction: Reproduction) -> list[str]:
    numbers = reproduction.numbers
    if not numbers.available or numbers.reference is None:
        return ["", f"Number accuracy: {numbers.note}."]
    kinds = list(numbers.kinds)[:NUMBER_KINDS]
    body = [
        [name, f"{rate:.3f}", *(f"{numbers.by_kind[name][k]:.3f}" for k in kinds)]
        for name, rate in numbers.rates.items()
    ]
    reference = [f"{numbers.reference_by_kind[k]:.3f}" for k in kinds]
    body.append(["reference (ceiling)", f"{numbers.reference:.3f}", *reference])
    header = ["run", "all", *(f"{k} ({numbers.kinds[k]:,})" for k in kinds)]
    documents = reproduction.folder.documents
    left_out = [
        f"* {documents[i].year} document {documents[i].index}, {whose}: {error}"
        for i, whose, error in numbers.left_out
    ]
    return [
        "",
        f"Number accuracy over the {numbers.numbers:,} numbers of the source documents "
        f"({numbers.note}); by kind, the most frequent:",
        "",
        *_table(header, body),
        *(["", "Left out, the number reader failed on them:", *left_out] if left_out else []),
    ]


def to_text(reproduction: Reproduction) -> str:
    folder = reproduction.folder
    table = reproduction.table
    problems = failures(reproduction)
    published = sum(1 for r in table.results if r.run.published)
    verdict = (
        f"All {published} published rows reproduced within "
        f"{TOLERANCE['bleu']} / {TOLERANCE['chrf']} / {TOLERANCE['term_success']}."
        if not problems
        else "NOT reproduced:\n" + "\n".join(f"* {p}" for p in problems)
    )
    lines = [
        f"# WMT25 terminology track 2, zh→en: {len(folder.documents)} documents of "
        f"{', '.join(map(str, folder.years))}",
        "",
        f"Data: {folder.path}. Documents of all years scored as one corpus; term success "
        f"with each year's dictionary over {len(table.pairs['substring']):,} "
        "(document, term) pairs, the same for every run.",
        "",
        *_published_table(reproduction),
        "",
        verdict,
        *_year_tables(reproduction),
        *_ceiling_table(reproduction),
        *_significance(reproduction),
        *_folding(reproduction),
        *_terms(reproduction),
        *_numbers(reproduction),
        "",
        "Signatures: " + "; ".join(f"{k} {v}" for k, v in table.signatures.items()),
        "Seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in reproduction.seconds.items()),
    ]
    return "\n".join(lines) + "\n"
