"""Exporting the term base: the concepts a filter selects, as records for the format writers.

Filters: subject field, review status, a language pair (RFC 4647 ranges: ``zh-Hant``
takes zh-Hant-HK and zh-Hant-TW too, ``zh`` every Chinese tag), changed-since and a
list of concept ids (a job glossary). With both languages of a pair only their terms
are exported, source first; definitions and notes go along in every language, since
they describe the concept. The ``cat`` profile (the default of OmegaT's TSV and of
TBX 2008, which CAT tools read without looking at term statuses) leaves out
deprecated and forbidden terms, so a translator cannot pick one from the glossary.

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

# Profiles: ``cat`` carries only the terms a translator may use (preferred and
# admitted), for tools that show every term alike (OmegaT, translate-toolkit);
# ``full`` carries every term with its status.
PROFILES = ("cat", "full")
USABLE = ("preferred", "admitted")
# The formats CAT tools read as plain glossaries get the ``cat`` profile unless asked.
CAT_FORMATS = ("tsv", "tbx2008")
# A job glossary names its concepts; more than this belongs in a subject field.
MAX_IDS = 2000


def default_profile(format: str) -> str:
    return "cat" if format in CAT_FORMATS else "full"


def _ids(value: str | Any) -> tuple[int, ...]:
    """``"3,5,9"`` (or a list) as concept ids; ValueError when one is not a positive number."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    ids = tuple(dict.fromkeys(int(p) for p in parts if str(p).strip()))
    if any(i < 1 or i > 2**31 - 1 for i in ids) or len(ids) > MAX_IDS:
        raise ValueError
    return ids


@dataclass(frozen=True)
class ExportFilters:
    subject_field: str | None = None
    status: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    changed_since: datetime | None = None
    # Only these concepts (a job glossary: the terms found in one text).
    ids: tuple[int, ...] = ()
    profile: str = "full"

    @classmethod
    def parse(cls, raw: Mapping[str, Any], format: str | None = None) -> ExportFilters:
        """Filters from user input (strings); the profile defaults to the format's.

        :raises Invalid: listing every value that cannot be used.
        """
        errors: list[str] = []
        values: dict[str, Any] = {"profile": default_profile(format or "")}
        for name in (
            "subject_field", "status", "source_lang", "target_lang", "changed_since", "ids",
            "profile",
        ):  # fmt: skip
            value = raw.get(name)
            if value is None or value == "":
                continue
            try:
                values[name] = _parse_one(name, value)
            except ValueError as exc:
                errors.append(f"{name}: {exc}")
        if errors:
            raise Invalid(errors)
        return cls(**values)

    @property
    def term_statuses(self) -> tuple[str, ...] | None:
        """The statuses of the terms exported; None for every term."""
        return USABLE if self.profile == "cat" else None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(t for t in (self.source_lang, self.target_lang) if t)


def _parse_one(name: str, value: Any) -> Any:
    """One filter value from user input; ValueError says what is wrong with it."""
    if name == "status" and value not in CONCEPT_STATUSES:
        raise ValueError(f"{value!r} is not one of {', '.join(CONCEPT_STATUSES)}")
    if name == "profile" and value not in PROFILES:
        raise ValueError(f"{value!r} is not one of {', '.join(PROFILES)}")
    if name.endswith("_lang"):
        return lang.canonical(value)  # LanguageError is a ValueError with its reason
    if name == "changed_since":
        date = parse_date(value)
        if date is None:
            raise ValueError(f"{value!r} is not an ISO 8601 date or time")
        return date
    if name == "ids":
        try:
            return _ids(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a comma-separated list of up to {MAX_IDS} concept ids"
            ) from None
    return value


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
    if filters.ids:
        query = query.where(Concept.id.in_(filters.ids))
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
        terms = record.terms
        if pair:
            terms = tuple(t for t in terms if any(in_range(t.lang, w) for w in pair))
        if filters.term_statuses is not None:
            terms = tuple(t for t in terms if t.status in filters.term_statuses)
        if terms != record.terms:
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
