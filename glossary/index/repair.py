"""Fuzzy-match repair: mend a near match whose source differs only in terms or numbers.

A memory holds 「推動大灣區硬聯通」 → "promote hard connectivity in the Greater Bay
Area"; the translator's segment says 「推動大灣區軟聯通」. The two differ in one term
of the term base (硬聯通 → 軟聯通), so the stored translation becomes right once
that term's approved rendering ("hard connectivity") is replaced by the other's
("soft connectivity"). Numbers work the same way (增長6.2% → 增長7.5%).

The repair is offered only when it is provable:

* every difference between query and stored source (on the folded text) lies
  inside a term hit or a number, paired term with term and number with number;
* putting the query's terms and numbers into the stored source gives back the
  query (folded), so nothing else differs;
* the stored target contains an approved rendering of each replaced term (any
  status but forbidden, in the target language) or the replaced number, to
  substitute.

Otherwise there is no repair. Pure computation over a ``TermIndex``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein, Opcodes

from glossary import lang
from glossary.index.terms import STATUS_ORDER, IndexedTerm, TermHit, TermIndex
from glossary.text import Folded, fold, fold_with_offsets

__all__ = ["Alignment", "Change", "Query", "Repair", "align", "prepare", "repair"]

_NUMBER = re.compile(r"[0-9\uff10-\uff19]+(?:[.,\uff0e\uff0c][0-9\uff10-\uff19]+)*")


@dataclass(frozen=True, slots=True)
class Change:
    """One substitution: in the source (stored → query) and in the target."""

    kind: str  # "term" or "number"
    source_from: str
    source_to: str
    target_from: str
    target_to: str


@dataclass(frozen=True, slots=True)
class Repair:
    target: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    kind: str
    text: str
    terms: tuple[IndexedTerm, ...] = ()


def _tokens(text: str, index: TermIndex, folded: Folded) -> list[_Token]:
    hits: list[TermHit] = index.find(text, folded)
    tokens = [_Token(h.start, h.end, "term", h.text, h.terms) for h in hits]
    for m in _NUMBER.finditer(text):
        if not any(t.start < m.end() and m.start() < t.end for t in tokens):
            tokens.append(_Token(m.start(), m.end(), "number", m.group()))
    return sorted(tokens, key=lambda t: t.start)


def _covering(tokens: list[_Token], start: int, end: int) -> _Token | None:
    for token in tokens:
        if token.start <= start and end <= token.end:
            return token
    return None


def _span(folded: Folded, i1: int, i2: int, length: int) -> tuple[int, int]:
    """The original span of folded characters [i1, i2); an empty one is a point."""
    if i2 > i1:
        return int(folded.starts[i1]), int(folded.ends[i2 - 1])
    point = int(folded.starts[i1]) if i1 < len(folded.starts) else length
    return point, point


@dataclass(frozen=True)
class Query:
    """A query folded and split into its terms and numbers once, for every match."""

    text: str
    folded: Folded
    tokens: list[_Token]


def prepare(query: str, index: TermIndex, folded: Folded | None = None) -> Query:
    """The query split into terms and numbers (``folded``: its fold, when already made)."""
    folded = fold_with_offsets(query) if folded is None else folded
    return Query(query, folded, _tokens(query, index, folded))


@dataclass(frozen=True, slots=True)
class Alignment:
    """A query against a stored source, as both a match's flags and its repair compare
    them: the two texts, their folds and the Levenshtein opcodes between the folds, made
    once per match."""

    query: str
    source: str
    folded_query: Folded
    folded_source: Folded
    opcodes: Opcodes  # folded_query.text → folded_source.text

    def fits(self, query: str, source: str) -> bool:
        """Whether this is the alignment of these two texts (a fold's offsets depend on
        the text itself, not only on its fold)."""
        return self.query == query and self.source == source


def align(query: str, source: str, folded_query: Folded | None = None) -> Alignment:
    """The alignment of ``query`` with ``source`` (``folded_query``: the query's fold,
    when already made)."""
    fq = fold_with_offsets(query) if folded_query is None else folded_query
    fs = fold_with_offsets(source)
    return Alignment(query, source, fq, fs, Levenshtein.opcodes(fq.text, fs.text))


def repair(
    query: str | Query,
    source: str,
    target: str,
    target_lang: str,
    index: TermIndex,
    alignment: Alignment | None = None,
) -> Repair | None:
    """The stored target adapted to the query, when only terms or numbers differ.

    ``alignment``: the query's against the source's (``align``), when made already.
    """
    prepared = query if isinstance(query, Query) else prepare(query, index)
    if not prepared.tokens:
        return None  # nothing in the query to put in
    if alignment is None or not alignment.fits(prepared.text, source):
        alignment = align(prepared.text, source, prepared.folded)
    paired = _paired(prepared, source, index, alignment)
    if paired is None:
        return None
    ordered, s_tokens = paired
    if not _rebuilds_query(source, prepared.text, ordered):
        return None
    changes: list[Change] = []
    edits: list[tuple[int, int, str]] = []
    for s_token, q_token in ordered:
        if not _once(s_token, s_tokens):
            # With the term or number twice in the source, which target occurrence
            # translates the one that changed cannot be told: no repair.
            return None
        found = _in_target(s_token, q_token, target, target_lang, index, edits)
        if found is None:
            return None
        start, end, replacement = found
        edits.append(found)
        changes.append(
            Change(s_token.kind, s_token.text, q_token.text, target[start:end], replacement)
        )
    repaired = target
    for start, end, replacement in sorted(edits, reverse=True):
        repaired = repaired[:start] + replacement + repaired[end:]
    return Repair(repaired, tuple(changes))


def _paired(
    query: Query, source: str, index: TermIndex, alignment: Alignment
) -> tuple[list[tuple[_Token, _Token]], list[_Token]] | None:
    """Each difference as a (source token, query token) pair of one kind, in the source's
    order, and the source's tokens; None if a difference lies outside such a pair."""
    fq, fs = alignment.folded_query, alignment.folded_source
    if fq.text == fs.text:
        return None
    # The query's side first: most near matches differ outside its terms and numbers,
    # and then the source's terms need not be looked for.
    differences = []
    for op in alignment.opcodes:
        if op.tag == "equal":
            continue
        q_token = _covering(query.tokens, *_span(fq, op.src_start, op.src_end, len(query.text)))
        if q_token is None:
            return None
        differences.append((op, q_token))
    s_tokens = _tokens(source, index, fs)
    pairs: dict[tuple[int, int], tuple[_Token, _Token]] = {}
    for op, q_token in differences:
        s_token = _covering(s_tokens, *_span(fs, op.dest_start, op.dest_end, len(source)))
        if s_token is None or q_token.kind != s_token.kind:
            return None
        pairs[(s_token.start, q_token.start)] = (s_token, q_token)
    return sorted(pairs.values(), key=lambda p: p[0].start), s_tokens


def _rebuilds_query(source: str, query: str, pairs: list[tuple[_Token, _Token]]) -> bool:
    """True if the query's tokens put into the source give the query back."""
    starts = [s.start for s, _ in pairs]
    if any(b < a for a, b in zip(starts, starts[1:], strict=False)):
        return False
    out, at = [], 0
    for s_token, q_token in pairs:
        if s_token.start < at:
            return False  # two differences claim one token
        out.append(source[at : s_token.start])
        out.append(q_token.text)
        at = s_token.end
    out.append(source[at:])
    return fold("".join(out)) == fold(query)


def _fits(wanted: str, stored: str) -> bool:
    rank = lang.match_rank(wanted, stored)
    return rank >= 2 or (rank == 1 and lang.script_of(wanted) is None)


def _renderings(
    terms: tuple[IndexedTerm, ...], index: TermIndex, target_lang: str
) -> list[IndexedTerm]:
    """The target-language terms of the concepts behind a hit, best status first."""
    found: list[IndexedTerm] = []
    for concept_id in dict.fromkeys(t.concept_id for t in terms):
        card = index.card(concept_id)
        if card is None:
            continue
        found.extend(
            t for t in card.terms if t.status != "forbidden" and _fits(target_lang, t.lang)
        )
    return sorted(found, key=lambda t: (STATUS_ORDER.get(t.status, 9), t.id))


def _once(token: _Token, tokens: list[_Token]) -> bool:
    """True if no other token of the source is the same term or number."""
    key = fold(token.text)
    return sum(1 for t in tokens if t.kind == token.kind and fold(t.text) == key) == 1


def _in_target(
    s_token: _Token,
    q_token: _Token,
    target: str,
    target_lang: str,
    index: TermIndex,
    taken: list[tuple[int, int, str]],
) -> tuple[int, int, str] | None:
    """Where the stored token's translation is in the target, and what replaces it.

    Only a translation that occurs exactly once is replaced: with two, which
    one renders the changed token cannot be told.
    """
    if s_token.kind == "number":
        wanted = unicodedata.normalize("NFKC", s_token.text)
        replacement = unicodedata.normalize("NFKC", q_token.text)
        spans = [
            m.span()
            for m in _NUMBER.finditer(target)
            if unicodedata.normalize("NFKC", m.group()) == wanted and _free(m.span(), taken)
        ]
        return (*spans[0], replacement) if len(spans) == 1 else None
    new = _renderings(q_token.terms, index, target_lang)
    if not new:
        return None
    folded = fold_with_offsets(target)
    found: set[tuple[int, int]] = set()
    for old in _renderings(s_token.terms, index, target_lang):
        key = fold(old.text)
        at = folded.text.find(key)
        while at >= 0:
            start, end = folded.span(at, at + len(key))
            if _free((start, end), taken) and _word_edges(target, start, end):
                found.add((start, end))
            at = folded.text.find(key, at + 1)
    # A shorter rendering inside a longer one found too is the same occurrence.
    spans = [a for a in found if not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in found)]
    return (*spans[0], new[0].text) if len(spans) == 1 else None


def _free(span: tuple[int, int], taken: list[tuple[int, int, str]]) -> bool:
    return all(span[1] <= a or b <= span[0] for a, b, _ in taken)


def _word_edges(text: str, start: int, end: int) -> bool:
    """A Latin rendering must stand as whole words ("soft" is not in "software")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    latin_inside = text[start].isascii() and text[start].isalnum()
    if latin_inside and (before.isascii() and before.isalnum()):
        return False
    return not (
        text[end - 1].isascii() and text[end - 1].isalnum() and after.isascii() and after.isalnum()
    )
