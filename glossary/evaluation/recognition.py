"""Term base evaluation through the service's own term recognition (``glossary.index.terms``).

A term base is checked with the same automaton that ``/api/annotate`` uses:
one leftmost-longest scan over the folded forms of every term in every
language. A hit counts as a source occurrence of its concept when one of the
terms behind it is in the source language and the concept has an approved
rendering in the target language. Dictionary files, which are no term base,
use ``matching.SourceFinder`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from glossary import lang
from glossary.evaluation.dictionary import APPROVED_STATUSES, Term, TermList
from glossary.evaluation.qa import SourceHit
from glossary.index.terms import ConceptCard, IndexedTerm, TermIndex
from glossary.records import ConceptRecord
from glossary.text import fold


class IndexedTerms:
    """The concepts of a term index as a term list for one language direction."""

    def __init__(
        self,
        index: TermIndex,
        source_lang: str,
        target_lang: str,
        origin: str,
        names: Mapping[int, str | None] | None = None,
    ) -> None:
        self.index = index
        self.source = lang.base_language(source_lang)
        target = lang.base_language(target_lang)
        terms: list[Term] = []
        self.position: dict[int, int] = {}  # concept id → index into terms
        self.concept_ids: list[int] = []  # index into terms → concept id
        keys: set[str] = set()
        for card in sorted(index.cards(), key=lambda c: c.id):
            if card.status == "retired":
                continue
            sources = [t.text for t in card.terms if lang.base_language(t.lang) == self.source]
            approved = [
                t.text
                for t in card.terms
                if lang.base_language(t.lang) == target and t.status in APPROVED_STATUSES
            ]
            if not sources or not approved:
                continue
            wrong = [
                (t.text, t.status)
                for t in card.terms
                if lang.base_language(t.lang) == target and t.status not in APPROVED_STATUSES
            ]
            key = (names or {}).get(card.id) or sources[0]
            key = key if key not in keys else f"{key} (concept {card.id})"
            keys.add(key)
            self.position[card.id] = len(terms)
            self.concept_ids.append(card.id)
            terms.append(
                Term(
                    key,
                    tuple(dict.fromkeys(sources)),
                    tuple(dict.fromkeys(approved)),
                    tuple(dict.fromkeys(wrong)),
                )
            )
        self.term_list = TermList(tuple(terms), origin, find=self.hits)

    def hits(self, text: str) -> list[SourceHit]:
        """The source occurrences in ``text``, offsets into it."""
        found = []
        for hit in self.index.find(text):
            for term in hit.terms:
                if (
                    lang.base_language(term.lang) == self.source
                    and term.concept_id in self.position
                ):
                    found.append(SourceHit(hit.start, hit.end, self.position[term.concept_id]))
                    break
        return found


def termbase_of_index(
    index: TermIndex,
    source_lang: str,
    target_lang: str,
    origin: str,
    names: Mapping[int, str | None] | None = None,
) -> TermList:
    """The term list of a term index (``names``: concept id → the name reports show)."""
    return IndexedTerms(index, source_lang, target_lang, origin, names).term_list


def termbase_of_records(
    records: Iterable[ConceptRecord], source_lang: str, target_lang: str, origin: str
) -> TermList:
    """The term list of term base records that are in no database (TOML files)."""
    cards = []
    names = {}
    term_id = 0
    for concept_id, record in enumerate(records, 1):
        terms = []
        for term in record.terms:
            term_id += 1
            terms.append(
                IndexedTerm(
                    term_id,
                    concept_id,
                    lang.canonical(term.lang),
                    term.text,
                    term.status,
                    fold(term.text),
                )
            )
        cards.append(ConceptCard(concept_id, record.status, record.subject_field, tuple(terms)))
        if record.ref:
            names[concept_id] = record.ref
    return termbase_of_index(TermIndex(cards), source_lang, target_lang, origin, names)
