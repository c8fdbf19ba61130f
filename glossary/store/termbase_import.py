"""Importing a term base file: entries in, concepts created or merged, a report out.

All or nothing: every entry is read and checked before anything is written, and
everything is written in the caller's transaction, which commits or rolls back
as a whole (a dry run always rolls back). The report says, for every entry,
whether it was taken as a new concept, merged into an existing one (and what it
added), already present, or skipped, and why.

When an entry merges. It joins an existing concept when one of its preferred or
admitted terms, folded, equals a preferred or admitted term of that concept in
the same language — 湾区通 and 灣區通 are the same Chinese term. Deprecated and
forbidden terms do not count: a deprecated rendering often names another concept
(Double First-Class is not 雙第一). An entry matching several concepts joins the
one sharing the most terms, then the one with the same definition or subject
field; a tie leaves it a new concept and the report says so. Entries of one file
never merge with each other: a file that lists "case" twice with two
definitions means two concepts (TICO-19 does). An entry that only repeats an
earlier one of the same file is skipped.

What a merge keeps: the existing concept's terms, statuses, subject field,
definitions and notes stay as they are. The entry adds its new terms (a second
preferred term in a language comes in as admitted), fills in what existing
terms lack (part of speech, context, source, note), and adds definitions and
notes in languages the concept has none in, and its sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from glossary import lang
from glossary.formats.termbase import Entry, Notice
from glossary.models import Concept, Term
from glossary.records import ConceptRecord, TermRecord
from glossary.store.concepts import (
    MAX_TERM_LENGTH,
    concept_to_record,
    normalize_concept,
    update_concept,
)
from glossary.store.concepts_bulk import create_concepts
from glossary.store.errors import Invalid
from glossary.text import fold, fold_char, has_han

Outcome = Literal["taken", "merged", "unchanged", "skipped"]
MATCHING = ("preferred", "admitted")
CHUNK = 500


@dataclass
class EntryReport:
    """What became of one entry."""

    entry: str
    outcome: Outcome
    concept_id: int | None = None
    added: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "outcome": self.outcome,
            "concept_id": self.concept_id,
            "added": self.added,
            "messages": self.messages,
        }


@dataclass
class ImportReport:
    """What an import of one file did (or, in a dry run, would do)."""

    source: str
    format: str
    dry_run: bool = False
    entries: list[EntryReport] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for e in self.entries if e.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        outcomes: tuple[Outcome, ...] = ("taken", "merged", "unchanged", "skipped")
        return {"entries": len(self.entries), **{o: self.count(o) for o in outcomes}}

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "dry_run": self.dry_run,
            "counts": self.counts,
            "entries": [e.to_dict() for e in self.entries],
            "notices": self.notices,
        }


def import_entries(
    session: Session,
    items: Iterable[Entry | Notice],
    *,
    actor: str,
    source: str,
    format: str,
    dry_run: bool = False,
) -> ImportReport:
    """Import a reader's entries into the term base (the caller commits or rolls back).

    :raises FormatError: from the reader, before anything is written.
    :raises Invalid: when the file holds no entries at all.
    """
    report = ImportReport(source, format, dry_run)
    pending: list[tuple[EntryReport, ConceptRecord]] = []
    earlier: dict[frozenset[tuple[str, str]], list[tuple[str, ConceptRecord]]] = defaultdict(list)
    for item in items:
        if isinstance(item, Notice):
            report.notices.append(str(item))
            continue
        outcome = EntryReport(item.label, "skipped", messages=list(item.problems))
        report.entries.append(outcome)
        if item.record is None:
            continue
        record = _prepare(item.record, outcome.messages)
        if record is None:
            continue
        keys = frozenset((t.lang, fold(t.text)) for t in record.terms)
        repeated = next((label for label, r in earlier[keys] if _contains(r, record)), None)
        if repeated:
            outcome.messages.append(f"repeats {repeated}")
            continue
        earlier[keys].append((item.label, record))
        pending.append((outcome, record))
    if not report.entries:
        raise Invalid(["nothing to import: the file holds no entries"])
    _write(session, pending, report.notices, actor, dry_run)
    return report


# -- checking entries ----------------------------------------------------------------

_MOJIBAKE = re.compile("[\u00c0-\u00ff]{2,}")


def _prepare(record: ConceptRecord, messages: list[str]) -> ConceptRecord | None:
    """The record as the term base takes it, or None (with the reasons in ``messages``)."""
    terms: list[TermRecord] = []
    seen: set[tuple[str, str]] = set()
    preferred: set[str] = set()
    for term in record.terms:
        if len(term.text) > MAX_TERM_LENGTH:
            messages.append(
                f"left out {term.text[:30]!r}… ({term.lang}): longer than {MAX_TERM_LENGTH} "
                "characters, which is a sentence rather than a term"
            )
            continue
        key = (term.lang, fold(term.text))
        if key in seen:
            continue  # the same term twice (repeated language sections, Lokalize)
        seen.add(key)
        if term.status == "preferred":
            if term.lang in preferred:
                messages.append(
                    f"{term.text!r} ({term.lang}) taken as admitted: a second preferred term"
                )
                term = replace(term, status="admitted")
            preferred.add(term.lang)
        messages.extend(_script_warnings(term))
        terms.append(term)
    if not terms:
        messages.append("no terms")
        return None
    try:
        return normalize_concept(replace(record, terms=tuple(terms)))
    except Invalid as exc:
        messages.extend(exc.errors)
        return None


def _script_warnings(term: TermRecord) -> list[str]:
    """Chinese text that contradicts its tag, or that was decoded with the wrong code page."""
    try:
        tag = lang.parse(term.lang)
    except lang.LanguageError:
        return []
    if tag.language != "zh":
        return []
    if not has_han(term.text) and _MOJIBAKE.search(term.text):
        hint = ""
        try:
            repaired = term.text.encode("latin-1").decode("gb18030")
            if has_han(repaired):
                hint = f"; read as GBK it says {repaired!r}"
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        return [
            f"{term.text!r} ({term.lang}) looks like Chinese decoded with the wrong code page{hint}"
        ]
    if tag.script == "Hans":
        traditional = [c for c in term.text if has_han(c) and fold_char(c) != c]
        if traditional:
            chars = "".join(dict.fromkeys(traditional))
            return [f"{term.text!r} is tagged {term.lang} but has Traditional characters ({chars})"]
    return []


def _contains(big: ConceptRecord, small: ConceptRecord) -> bool:
    """Whether ``small`` says nothing that ``big`` does not."""
    return (
        all(big.definitions.get(k) == v for k, v in small.definitions.items())
        and all(big.notes.get(k) == v for k, v in small.notes.items())
        and small.subject_field in (None, big.subject_field)
        and set(small.sources) <= set(big.sources)
        and set(small.citations) <= set(big.citations)
    )


# -- matching and writing ---------------------------------------------------------------


def _match_keys(record: ConceptRecord) -> dict[tuple[str, str], set[str]]:
    """(base language, folded text) of the terms that count for matching, with their tags."""
    keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    for term in record.terms:
        if term.status in MATCHING:
            keys[(lang.base_language(term.lang), fold(term.text))].add(term.lang)
    return keys


class _ExistingTerms:
    """Preferred and admitted terms of the concepts that were there before the import."""

    def __init__(self, session: Session, records: list[ConceptRecord]) -> None:
        # (base language, folded text) → {concept id: the exact tags it has the term in}
        self.by_key: dict[tuple[str, str], dict[int, set[str]]] = defaultdict(dict)
        folded = sorted({fold(t.text) for r in records for t in r.terms if t.status in MATCHING})
        for chunk in _chunks(folded):
            rows = session.execute(
                sa.select(Term.concept_id, Term.lang, Term.folded).where(
                    Term.folded.in_(chunk), Term.status.in_(MATCHING)
                )
            )
            for concept_id, tag, key in rows:
                self.by_key[(lang.base_language(tag), key)].setdefault(concept_id, set()).add(tag)

    def candidates(self, record: ConceptRecord) -> dict[int, tuple[int, int]]:
        """Concept id → (terms shared, terms shared in exactly the same language tag)."""
        shared: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for key, tags in _match_keys(record).items():
            for concept_id, theirs in self.by_key.get(key, {}).items():
                shared[concept_id][0] += 1
                shared[concept_id][1] += bool(tags & theirs)
        return {cid: (n, exact) for cid, (n, exact) in shared.items()}


def _choose(
    session: Session, record: ConceptRecord, shared: dict[int, tuple[int, int]]
) -> tuple[Concept | None, str | None]:
    """The concept to merge into, or None and why not.

    The most terms shared wins; then the most shared in the very same tag (湾区通 in
    zh-Hans against zh-Hans rather than against zh-Hant); then the same definition or
    subject field.
    """
    if not shared:
        return None, None
    best = max(shared.values())
    tied = sorted(cid for cid, score in shared.items() if score == best)
    if len(tied) > 1:
        alike = [c for c in tied if _alike(concept_to_record(session.get_one(Concept, c)), record)]
        tied = alike if len(alike) == 1 else tied
    if len(tied) > 1:
        ids = ", ".join(str(cid) for cid in tied)
        return None, f"its terms match concepts {ids} equally: kept as a new concept"
    return session.get_one(Concept, tied[0]), None


def _alike(existing: ConceptRecord, record: ConceptRecord) -> bool:
    same_definition = any(existing.definitions.get(k) == v for k, v in record.definitions.items())
    same_subject = bool(record.subject_field) and record.subject_field == existing.subject_field
    return same_definition or same_subject


def _write(
    session: Session,
    pending: list[tuple[EntryReport, ConceptRecord]],
    notices: list[str],
    actor: str,
    dry_run: bool,
) -> None:
    existing = _ExistingTerms(session, [r for _, r in pending])
    wanted = {r.ref for _, r in pending if r.ref}
    taken_refs: set[str] = set()
    for chunk in _chunks(sorted(wanted)):
        taken_refs.update(session.scalars(sa.select(Concept.ref).where(Concept.ref.in_(chunk))))
    dropped_refs = 0
    new: list[tuple[EntryReport, ConceptRecord]] = []
    # Decisions depend only on the term base as it was before the import, so merges
    # can be written as they come and new concepts all at once at the end.
    for outcome, record in pending:
        concept, why_not = _choose(session, record, existing.candidates(record))
        if why_not:
            outcome.messages.append(why_not)
        if concept is not None:
            _merge(session, concept, record, outcome, actor)
            continue
        if record.ref and record.ref in taken_refs:
            dropped_refs += 1
            record = replace(record, ref=None)
        if record.ref:
            taken_refs.add(record.ref)
        new.append((outcome, record))
    created = create_concepts(session, [r for _, r in new], actor=actor)
    for (outcome, _), concept_id in zip(new, created, strict=True):
        outcome.outcome = "taken"
        outcome.concept_id = None if dry_run else concept_id
    if dropped_refs:
        notices.append(
            f"{dropped_refs} new concepts came without their ids from the file: "
            "other concepts already have those ids"
        )


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _merged_terms(
    terms: tuple[TermRecord, ...], incoming: tuple[TermRecord, ...], outcome: EntryReport
) -> tuple[TermRecord, ...]:
    """The concept's terms with the file's added: a term it has gains the details it lacked,
    a new one is appended (admitted when the language already has a preferred term)."""
    merged = list(terms)
    where = {(t.lang, fold(t.text)): i for i, t in enumerate(merged)}
    preferred = {t.lang for t in merged if t.status == "preferred"}
    for term in incoming:
        i = where.get((term.lang, fold(term.text)))
        if i is not None:
            old = merged[i]
            merged[i] = replace(
                old,
                part_of_speech=old.part_of_speech or term.part_of_speech,
                context=old.context or term.context,
                source=old.source or term.source,
                note=old.note or term.note,
            )
            if merged[i] != old:
                outcome.added.append(f"details of {old.text!r} ({old.lang})")
            continue
        if term.status == "preferred" and term.lang in preferred:
            outcome.messages.append(
                f"{term.text!r} ({term.lang}) added as admitted: the concept already has "
                f"a preferred {term.lang} term"
            )
            term = replace(term, status="admitted")
        if term.status == "preferred":
            preferred.add(term.lang)
        where[(term.lang, fold(term.text))] = len(merged)
        merged.append(term)
        outcome.added.append(f"{term.text!r} ({term.lang})")
    return tuple(merged)


def _merge(
    session: Session, concept: Concept, record: ConceptRecord, outcome: EntryReport, actor: str
) -> None:
    current = concept_to_record(concept)
    added, messages = outcome.added, outcome.messages
    fields: dict[str, Any] = {"terms": _merged_terms(current.terms, record.terms, outcome)}
    for name in ("definitions", "notes"):
        mine: dict[str, str] = dict(getattr(current, name))
        for tag, text in getattr(record, name).items():
            if tag not in mine:
                mine[tag] = text
                added.append(f"{name[:-1]} ({tag})")
            elif mine[tag] != text:
                messages.append(f"kept the concept's own {name[:-1]} ({tag})")
        fields[name] = mine
    new_sources = [s for s in record.sources if s not in current.sources]
    fields["sources"] = (*current.sources, *new_sources)
    added.extend(f"source {s!r}" for s in new_sources)
    new_citations = [c for c in record.citations if c not in current.citations]
    fields["citations"] = (*current.citations, *new_citations)
    added.extend(f"citation {c.title or c.searched!r}" for c in new_citations)
    if not current.subject_field and record.subject_field:
        fields["subject_field"] = record.subject_field
        added.append("subject field")
    merged = replace(current, **fields)
    outcome.concept_id = concept.id
    if merged == current:
        outcome.outcome = "unchanged"
        return
    try:
        update_concept(session, concept, merged, actor=actor)
    except Invalid as exc:
        outcome.messages.extend(exc.errors)
        added.clear()
        return
    outcome.outcome = "merged"
