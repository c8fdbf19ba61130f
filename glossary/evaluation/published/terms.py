"""Terms beyond the single success rate: where folding changes the verdict, and each term.

* ``disagreements`` — the (run, document, term) pairs whose rate differs between
  the task's lower-cased substring rule and the same rule on folded text (and
  with typographic punctuation as ASCII), each with the reason: the pair only
  counts under one rule, the source spells the term another way too, or the
  output writes a rendering another way. The variant spellings are read back
  from the original text through ``fold_with_offsets``.
* ``term_view`` — every dictionary term over all years and runs: where it
  counts, each run's success, the reference's, and the shipped term base's
  approved renderings where the term base has the concept; the terms every run
  misses, and those missed even by every run given the dictionary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from glossary.evaluation.dictionary import TermList
from glossary.evaluation.published.folder import Folder, Run
from glossary.evaluation.published.table import (
    PUNCTUATION,
    RULES,
    RunResult,
    Table,
    fold_punctuation,
)
from glossary.evaluation.wmt25 import Pair, Pairs
from glossary.text import fold, fold_with_offsets

# Examples of disagreements in the report: at most this many, one per term and reason.
EXAMPLES = 12


@dataclass(frozen=True)
class Disagreement:
    system: str
    mode: str
    year: int
    document: int
    term: str
    renderings: tuple[str, ...]
    rates: dict[str, float | None]  # rule → the pair's rate; None where it does not count
    reason: str
    variants: tuple[str, ...] = ()  # spellings the folded rule matched and the task's did not


@dataclass
class Folding:
    """How much the folded rules change: per run, and examples."""

    # run name → rule → pairs whose rate differs from the task's rule
    changed: dict[str, dict[str, int]]
    # rule → pairs counted only under it / only under the task's rule
    only_folded: dict[str, int]
    only_substring: dict[str, int]
    total: int  # disagreeing (run, pair) cases over all runs and rules
    examples: list[Disagreement]


class _Alignment:
    """The pairs of every rule lined up by (document, dictionary entry)."""

    def __init__(self, table: Table) -> None:
        self.keyed = {rule: _by_key(p) for rule, p in table.pairs.items()}
        self.others = [rule for rule in RULES if rule != "substring"]
        self.keys = sorted(set().union(*self.keyed.values()))
        # For every key and rule, the pair's index in that rule's pairs, or -1.
        self.where = {rule: self._indices(rule) for rule in RULES}

    def _indices(self, rule: str) -> np.ndarray:
        keyed = self.keyed[rule]
        return np.array([keyed[k][0] if k in keyed else -1 for k in self.keys], dtype=int)

    def values(self, result: RunResult) -> dict[str, np.ndarray]:
        """Each rule's rate for every key; -1 where the pair does not count under the rule."""
        return {
            rule: np.where(where >= 0, result.rates[rule][where], -1.0)
            for rule, where in self.where.items()
        }


def disagreements(folder: Folder, table: Table) -> Folding:
    """Every (run, pair) whose rate differs between the rules; a few examples."""
    aligned = _Alignment(table)
    others, base = aligned.others, aligned.keyed["substring"]
    changed: dict[str, dict[str, int]] = {}
    found: list[Disagreement] = []
    for result in table.results:
        values = aligned.values(result)
        differs = {rule: values[rule] != values["substring"] for rule in others}
        changed[result.run.name] = {rule: int(differs[rule].sum()) for rule in others}
        for j in np.flatnonzero(np.logical_or.reduce(list(differs.values()))):
            rates = {rule: (None if v[j] < 0 else float(v[j])) for rule, v in values.items()}
            first = next(rule for rule in others if differs[rule][j])
            key = aligned.keys[j]
            found.append(_explain(folder, aligned.keyed, result.run, key, rates, first))
    return Folding(
        changed=changed,
        only_folded={r: len(set(aligned.keyed[r]) - set(base)) for r in others},
        only_substring={r: len(set(base) - set(aligned.keyed[r])) for r in others},
        total=sum(sum(c.values()) for c in changed.values()),
        examples=_examples(found),
    )


def _by_key(pairs: Pairs) -> dict[tuple[int, str], tuple[int, Pair]]:
    return {(p.segment, p.entry): (k, p) for k, p in enumerate(pairs.pairs)}


def _explain(
    folder: Folder,
    keyed: dict[str, dict[tuple[int, str], tuple[int, Pair]]],
    run: Run,
    key: tuple[int, str],
    rates: dict[str, float | None],
    rule: str,
) -> Disagreement:
    segment, entry = key
    document = folder.documents[segment]
    renderings = tuple(folder.dictionaries[document.year][entry])
    plain, ruled = keyed["substring"].get(key), keyed[rule].get(key)
    normalise = RULES[rule]
    if plain is None or ruled is None:
        counted = "the WMT25" if ruled is None else f"the {rule}"
        if entry.strip().lower() not in document.source.lower():
            reason = f"counts only under {counted} rule: the source has the term only when folded"
            variants = _variants(document.source, normalise(entry.strip()), entry, rule)
        else:
            reason = f"counts only under {counted} rule: the reference's rendering differs"
            variants = _written(document.reference, renderings, rule)
    elif plain[1].source_count != ruled[1].source_count:
        reason = "the source also spells the term another way"
        variants = _variants(document.source, ruled[1].term, entry, rule)
    else:
        reason = "the output writes a rendering another way"
        variants = _written(run.outputs[segment], renderings, rule)
    return Disagreement(
        run.system,
        run.mode,
        document.year,
        document.index,
        entry,
        renderings,
        rates,
        reason,
        tuple(dict.fromkeys(variants)),
    )


def _written(text: str, renderings: tuple[str, ...], rule: str) -> tuple[str, ...]:
    """How ``text`` writes ``renderings`` where only the folded ``rule`` finds them."""
    listed = {r.strip().lower() for r in renderings}
    found = (
        v
        for r in renderings
        for v in _variants(text, RULES[rule](r.strip()), None, rule)
        if v.lower() not in listed
    )
    return tuple(dict.fromkeys(found))


def _variants(text: str, key: str, written: str | None, rule: str) -> tuple[str, ...]:
    """How ``text`` writes the places where the normalised ``key`` occurs, except as ``written``."""
    folded = fold_with_offsets(text)
    target = folded.text.translate(PUNCTUATION) if rule == "folded_punctuation" else folded.text
    found = []
    start = target.find(key)
    while start >= 0 and key:
        begin, end = folded.span(start, start + len(key))
        if text[begin:end] != written:
            found.append(text[begin:end])
        start = target.find(key, start + 1)
    return tuple(dict.fromkeys(found))


def _examples(found: list[Disagreement]) -> list[Disagreement]:
    """One example per term and reason, the most frequent first, across systems."""
    frequency = Counter((d.term, d.reason) for d in found)
    chosen: dict[tuple[str, str], Disagreement] = {}
    for d in found:
        chosen.setdefault((d.term, d.reason), d)
    ordered = sorted(chosen.values(), key=lambda d: (-frequency[(d.term, d.reason)], d.term))
    return ordered[:EXAMPLES]


# --- the per-term view -------------------------------------------------------------


@dataclass
class TermRow:
    term: str
    renderings: list[str]
    years: list[int]
    pairs: int  # documents where the term counts
    rates: dict[str, float]  # run name → Σ rates / pairs
    reference: float
    termbase: list[str] | None = None  # our approved renderings, where we hold the concept


@dataclass
class TermView:
    rows: list[TermRow]
    missed_by_all: list[TermRow]
    missed_given_terms: list[TermRow]  # missed by every run that was given the dictionary
    in_termbase: list[TermRow]
    termbase_origin: str | None
    termbase_terms: int = 0
    runs: list[str] = field(default_factory=list)


def term_view(folder: Folder, table: Table, termbase: TermList | None) -> TermView:
    """Every term over all years and runs; the misses; the term base's renderings."""
    rows = _term_rows(folder, table, termbase)
    given = [r.run.name for r in table.results if r.run.mode == "proper"]
    return TermView(
        rows=rows,
        missed_by_all=[r for r in rows if not any(r.rates.values())],
        missed_given_terms=[r for r in rows if given and not any(r.rates[n] for n in given)],
        in_termbase=[r for r in rows if r.termbase],
        termbase_origin=termbase.origin if termbase else None,
        termbase_terms=len(termbase) if termbase else 0,
        runs=[r.run.name for r in table.results],
    )


def _term_rows(folder: Folder, table: Table, termbase: TermList | None) -> list[TermRow]:
    pairs = table.pairs["substring"].pairs
    entries = list(dict.fromkeys(p.entry for p in pairs))
    number = {entry: i for i, entry in enumerate(entries)}
    owner = np.array([number[p.entry] for p in pairs], dtype=int)
    counts = np.bincount(owner, minlength=len(entries))

    def means(rates: np.ndarray) -> np.ndarray:
        return np.bincount(owner, weights=rates, minlength=len(entries)) / counts

    by_run = {r.run.name: means(r.rates["substring"]) for r in table.results}
    reference = means(table.pairs["substring"].rates([d.reference for d in folder.documents]))
    years: dict[str, set[int]] = {}
    for pair in pairs:
        years.setdefault(pair.entry, set()).add(folder.documents[pair.segment].year)
    rows = [
        TermRow(
            term=entry,
            renderings=_renderings(folder, entry, sorted(years[entry])),
            years=sorted(years[entry]),
            pairs=int(counts[i]),
            rates={name: float(values[i]) for name, values in by_run.items()},
            reference=float(reference[i]),
            termbase=_termbase_renderings(termbase, entry) if termbase else None,
        )
        for i, entry in enumerate(entries)
    ]
    return sorted(rows, key=lambda r: (-r.pairs, r.term))


def _renderings(folder: Folder, entry: str, years: list[int]) -> list[str]:
    """The entry's renderings over the years it counts in, each once."""
    return list(dict.fromkeys(r for y in years for r in folder.dictionaries[y][entry]))


def _termbase_renderings(termbase: TermList, term: str) -> list[str] | None:
    """The approved renderings of the concept whose Chinese term is ``term`` (folded alike)."""
    key = fold(term)
    if termbase.find is not None:
        for hit in termbase.find(term):
            if hit.start == 0 and hit.end == len(term):
                return list(termbase.terms[hit.term].approved)
        return None
    for candidate in termbase.terms:
        if any(fold(s) == key for s in candidate.sources):
            return list(candidate.approved)
    return None


def differs_from_termbase(row: TermRow) -> bool:
    """True when none of our renderings is one of the dictionary's.

    Compared folded, typographic punctuation as ASCII: People’s is People's.
    """
    ours = {fold_punctuation(r) for r in row.termbase or ()}
    return bool(ours) and not ours & {fold_punctuation(r) for r in row.renderings}


def mean_rate(row: TermRow, runs: Sequence[str]) -> float:
    return float(np.mean([row.rates[r] for r in runs])) if runs else 0.0
