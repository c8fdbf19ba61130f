"""Terms for recognition and lookup: the index's records from the database, and search.

``build_term_index(session)`` gives a ``glossary.index.terms.TermIndex`` of the
whole term base; ``update_term_index`` brings one up to date with rows of the
change log. ``search_terms`` finds concepts by one of their terms, in any
language and either Chinese script: exact, prefix and contains compare folded
keys in the database; fuzzy ranks folded forms by edit distance (rapidfuzz).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import sqlalchemy as sa
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy.orm import Session

from glossary.index.terms import STATUS_ORDER, ConceptCard, IndexedTerm, SearchHit, TermIndex
from glossary.models import Concept, Term
from glossary.store.changes import ChangeRow
from glossary.text import fold

__all__ = [
    "MODES",
    "build_term_index",
    "load_cards",
    "search_terms",
    "update_term_index",
]

Mode = Literal["exact", "prefix", "contains", "fuzzy"]
MODES: tuple[Mode, ...] = ("exact", "prefix", "contains", "fuzzy")
# A fuzzy candidate must share at least this much (1 − edits / longer length).
FUZZY_CUTOFF = 0.5
# SQLite limits the parameters of one statement; stay well below.
CHUNK = 500


def _cards(session: Session, where: sa.ColumnElement[bool] | None) -> list[ConceptCard]:
    concepts = sa.select(
        Concept.id, Concept.status, Concept.subject_field, Concept.notes, Concept.definitions
    )
    terms = sa.select(
        Term.id, Term.concept_id, Term.lang, Term.text, Term.status, Term.folded
    ).order_by(Term.concept_id, Term.position, Term.id)
    if where is not None:
        concepts = concepts.where(where)
        terms = terms.where(Term.concept_id.in_(sa.select(Concept.id).where(where)))
    by_concept: dict[int, list[IndexedTerm]] = {}
    for row in session.execute(terms):
        by_concept.setdefault(row.concept_id, []).append(IndexedTerm(*row))
    return [
        ConceptCard(
            id=row.id,
            status=row.status,
            subject_field=row.subject_field,
            terms=tuple(by_concept.get(row.id, ())),
            notes=dict(row.notes or {}),
            definitions=dict(row.definitions or {}),
        )
        for row in session.execute(concepts.order_by(Concept.id))
    ]


def load_cards(session: Session, concept_ids: Iterable[int] | None = None) -> list[ConceptCard]:
    """The cards of these concepts (of all concepts when None); missing ids are left out."""
    if concept_ids is None:
        return _cards(session, None)
    ids = sorted(set(concept_ids))
    cards: list[ConceptCard] = []
    for i in range(0, len(ids), CHUNK):
        cards.extend(_cards(session, Concept.id.in_(ids[i : i + CHUNK])))
    return cards


def build_term_index(session: Session) -> TermIndex:
    """A term index of the whole term base, as the session sees it."""
    return TermIndex(load_cards(session))


def update_term_index(
    index: TermIndex, session: Session, changes: Sequence[ChangeRow]
) -> TermIndex:
    """The index after these change-log rows: each concept they touch is read again."""
    if any(c.op == "reload" and c.entity in ("concept", "term") for c in changes):
        return build_term_index(session)
    touched = {
        c.entity_id if c.entity == "concept" else c.scope
        for c in changes
        if c.entity in ("concept", "term")
    }
    touched.discard(None)
    if not touched:
        return index
    cards = load_cards(session, touched)  # type: ignore[arg-type]
    present = {c.id for c in cards}
    return index.changed(cards, [i for i in touched if i not in present])  # type: ignore[misc]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _database_matches(
    session: Session, key: str, mode: Mode, limit: int
) -> list[tuple[int, float]]:
    """(term id, score) from the folded keys in the database, best first."""
    if mode == "exact":
        condition = Term.folded == key
    else:
        pattern = _like(key) + "%" if mode == "prefix" else "%" + _like(key) + "%"
        condition = Term.folded.like(pattern, escape="\\")
    length = sa.func.length(Term.folded)
    rows = session.execute(
        sa.select(Term.id, length).where(condition).order_by(length, Term.id).limit(limit)
    )
    return [(term_id, len(key) / max(size, 1)) for term_id, size in rows]


def _fuzzy_matches(
    forms: Sequence[tuple[str, Sequence[IndexedTerm]]], key: str, limit: int
) -> list[tuple[IndexedTerm, float]]:
    found = process.extract(
        key,
        [form for form, _ in forms],
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=FUZZY_CUTOFF,
        limit=limit,
    )
    return [(term, float(score)) for _, score, i in found for term in forms[i][1]]


def search_terms(
    session: Session | None,
    query: str,
    mode: Mode = "exact",
    *,
    limit: int = 20,
    index: TermIndex | None = None,
) -> list[SearchHit]:
    """Concepts with a term like ``query``, best first, one hit per concept.

    The query is folded like the terms, so Traditional finds Simplified and
    the reverse, and any language finds the concept (English finds Chinese).
    Scores: 1.0 for an exact match; for prefix and contains, the share of the
    term the query covers; for fuzzy, 1 − edit distance / longer length. Each
    concept is found through its best term, where a deprecated or forbidden
    term's score counts UNUSABLE_PENALTY less, and at equal scores the better
    status wins; concepts are ranked the same way.

    :param index: a current term index: the search then runs in memory over its
        forms and cards, without a query (``session`` may then be None).
    :raises ValueError: for an unknown mode or a query that folds to nothing.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
    key = fold(query)
    if not key:
        raise ValueError("the query is empty once folded")
    # Several terms of one concept may match; fetch enough to fill ``limit`` concepts.
    wanted = limit * 8
    found: list[tuple[IndexedTerm, float]]
    if index is not None:
        found = (
            _fuzzy_matches(index.forms(), key, wanted)
            if mode == "fuzzy"
            else index.matching(key, mode, wanted)
        )
    elif session is None:
        raise ValueError("a search needs a session or a term index")
    elif mode == "fuzzy":
        found = _fuzzy_matches(_forms_from(session), key, wanted)
    else:
        matches = _database_matches(session, key, mode, wanted)
        terms = _terms_by_id(session, [term_id for term_id, _ in matches])
        found = [(terms[i], score) for i, score in matches if i in terms]
    best: dict[int, tuple[IndexedTerm, float]] = {}
    for term, score in found:
        if term.concept_id not in best or _rank(term, score) < _rank(*best[term.concept_id]):
            best[term.concept_id] = (term, score)
    ranked = sorted(best.values(), key=lambda ts: (*_rank(*ts), ts[0].concept_id))[:limit]
    cards = _cards_for(session, [t.concept_id for t, _ in ranked], index)
    return [
        SearchHit(cards[t.concept_id], t, round(s, 4)) for t, s in ranked if t.concept_id in cards
    ]


# A match through a term nobody should use counts for less: "bay area" finds
# 灣區通 through its preferred "Bay Area Connect" (0.5), not through the
# deprecated "Bay Area Pass" (0.62), and ranks it among the concepts matched
# through their usable terms. Typed in full, a deprecated term still comes first.
UNUSABLE_PENALTY = 0.25


def _rank(term: IndexedTerm, score: float) -> tuple[float, int]:
    """Sort key, smaller first: the score less the penalty, then the term's status."""
    penalty = UNUSABLE_PENALTY if term.status in ("deprecated", "forbidden") else 0.0
    return (round(penalty - score, 6), STATUS_ORDER.get(term.status, 9))


def _terms_by_id(session: Session, ids: list[int]) -> dict[int, IndexedTerm]:
    if not ids:
        return {}
    rows = session.execute(
        sa.select(Term.id, Term.concept_id, Term.lang, Term.text, Term.status, Term.folded).where(
            Term.id.in_(ids)
        )
    )
    return {row.id: IndexedTerm(*row) for row in rows}


def _forms_from(session: Session) -> list[tuple[str, list[IndexedTerm]]]:
    grouped: dict[str, list[IndexedTerm]] = {}
    rows = session.execute(
        sa.select(Term.id, Term.concept_id, Term.lang, Term.text, Term.status, Term.folded)
    )
    for row in rows:
        grouped.setdefault(row.folded, []).append(IndexedTerm(*row))
    return list(grouped.items())


def _cards_for(
    session: Session | None, concept_ids: list[int], index: TermIndex | None
) -> dict[int, ConceptCard]:
    if index is not None:
        return {i: c for i in concept_ids if (c := index.card(i)) is not None}
    assert session is not None
    return {c.id: c for c in load_cards(session, concept_ids)}
