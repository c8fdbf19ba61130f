"""Exporting the term base: the concepts a filter selects, as records for the format writers.

Filters: subject field, review status, a language pair (RFC 4647 ranges: ``zh-Hant``
takes zh-Hant-HK and zh-Hant-TW too, ``zh`` every Chinese tag) and changed-since.
With both languages of a pair only their terms are exported, source first;
definitions and notes go along in every language, since they describe the concept.

``export_etag`` names what an export holds, so clients can ask again with
``If-None-Match`` and get 304 while nothing they would receive has changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import glossary
from glossary import lang
from glossary.formats.termbase import WriteOptions, parse_date
from glossary.formats.vocabulary import in_range
from glossary.models import Concept, Term
from glossary.records import CONCEPT_STATUSES, ConceptRecord
from glossary.store.concepts import concept_to_record
from glossary.store.errors import Invalid


@dataclass(frozen=True)
class ExportFilters:
    subject_field: str | None = None
    status: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    changed_since: datetime | None = None

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> ExportFilters:
        """Filters from user input (strings).

        :raises Invalid: listing every value that cannot be used.
        """
        errors: list[str] = []
        values: dict[str, Any] = {}
        for name in ("subject_field", "status", "source_lang", "target_lang", "changed_since"):
            value = raw.get(name)
            if value is None or value == "":
                continue
            if name == "status" and value not in CONCEPT_STATUSES:
                errors.append(f"status: {value!r} is not one of {', '.join(CONCEPT_STATUSES)}")
            elif name.endswith("_lang"):
                try:
                    value = lang.canonical(value)
                except lang.LanguageError as exc:
                    errors.append(f"{name}: {exc}")
            elif name == "changed_since":
                value = parse_date(value)
                if value is None:
                    errors.append(f"changed_since: {raw[name]!r} is not an ISO 8601 date or time")
            values[name] = value
        if errors:
            raise Invalid(errors)
        return cls(**values)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(t for t in (self.source_lang, self.target_lang) if t)


def _has_term_in(tag: str) -> sa.ColumnElement[bool]:
    return (
        sa.select(Term.id)
        .where(Term.concept_id == Concept.id, sa.or_(Term.lang == tag, Term.lang.like(f"{tag}-%")))
        .exists()
    )


def export_records(session: Session, filters: ExportFilters) -> list[ConceptRecord]:
    """The selected concepts in id order, each with its terms, dates and a stable id."""
    query = sa.select(Concept).order_by(Concept.id)
    if filters.subject_field is not None:
        query = query.where(Concept.subject_field == filters.subject_field)
    if filters.status is not None:
        query = query.where(Concept.status == filters.status)
    if filters.changed_since is not None:
        query = query.where(Concept.updated_at >= filters.changed_since)
    for tag in filters.languages:
        query = query.where(_has_term_in(tag))
    records = []
    pair = filters.languages if len(filters.languages) == 2 else ()
    # Concepts without an external id get one from their database id, made
    # different from every stored id: a table file tells concepts apart by it.
    taken = set(session.scalars(sa.select(Concept.ref).where(Concept.ref.is_not(None))))
    for concept in session.scalars(query):
        ref = concept.ref
        if ref is None:
            ref = f"c{concept.id}"
            while ref in taken:
                ref += "_"
            taken.add(ref)
        record = replace(
            concept_to_record(concept),
            ref=ref,
            created_at=concept.created_at,
            changed_at=concept.updated_at,
        )
        if pair:
            terms = tuple(t for t in record.terms if any(in_range(t.lang, w) for w in pair))
            record = replace(record, terms=terms)
        records.append(record)
    return records


def export_etag(records: list[ConceptRecord], format: str, options: WriteOptions) -> str:
    """A tag that changes whenever the records, the format or the options do."""
    digest = hashlib.sha256()
    for part in (glossary.__version__, format, options.languages, options.tags, options.title):
        digest.update(repr(part).encode("utf-8"))
    for record in records:
        digest.update(repr(record).encode("utf-8"))
    return digest.hexdigest()[:32]
