"""The data model: a concept-oriented term base (as TBX), translation memories,
the change log, API tokens and the audit history.

Every insert, update or delete of a concept, term, memory or translation unit
appends a row to ``change_log`` in the same transaction (see the mapper events
at the bottom), so every worker can bring its in-memory indexes up to date by
reading the log from the last sequence it applied. Bulk loaders that bypass the
ORM write their own change rows.

Imports: sqlalchemy, db, records, text. Never Flask.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, orm
from sqlalchemy.orm import Mapped, mapped_column, relationship

from glossary.db import Base, BigId, JSONType, utcnow
from glossary.records import CONCEPT_STATUSES, RENDERING_BASES, TERM_STATUSES
from glossary.text import fold

__all__ = [
    "Base",
    "Concept",
    "Term",
    "Memory",
    "TranslationUnit",
    "Change",
    "ApiToken",
    "AuditEntry",
    "LiveSession",
    "LiveEvent",
    "ROLES",
    "source_hash",
    "unit_key",
]

ROLES = ("reader", "editor", "admin")

# BCP 47 allows long tags; 35 characters covers every tag seen in real files.
LANG = sa.String(35)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Concept(Base):
    """One meaning, with its designations in every language."""

    __tablename__ = "concept"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable external identifier: the id of a shipped entry or of an imported
    # TBX conceptEntry. Lets `glossary init` and re-imports find what they wrote.
    ref: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    subject_field: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    # Language tag → text. The policy background note lives in ``notes``.
    definitions: Mapped[dict[str, str]] = mapped_column(default=dict)
    notes: Mapped[dict[str, str]] = mapped_column(default=dict)
    sources: Mapped[list[str]] = mapped_column(default=list)
    # Structured citations (glossary.formats.citations), and what they say of the
    # preferred rendering (records.rendering_basis), kept as a column to filter on.
    citations: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    rendering_basis: Mapped[str] = mapped_column(sa.String(16), default="uncited", index=True)
    # Who confirmed the concept's renderings, and when; cleared when its
    # preferred terms change.
    reviewed_by: Mapped[str | None] = mapped_column(sa.String(200))
    reviewed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Optimistic concurrency: bumped by every UPDATE of the row; the ETag.
    version: Mapped[int] = mapped_column(default=1)

    terms: Mapped[list[Term]] = relationship(
        back_populates="concept",
        cascade="all, delete-orphan",
        order_by="Term.position",
        lazy="selectin",
        # Not passive: the ORM deletes the terms itself, so each deletion is logged.
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(_in("status", CONCEPT_STATUSES), name="status"),
        sa.CheckConstraint(_in("rendering_basis", RENDERING_BASES), name="rendering_basis"),
    )


class Term(Base):
    """One designation of a concept in one language."""

    __tablename__ = "term"

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(
        sa.ForeignKey("concept.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(LANG)
    text: Mapped[str] = mapped_column(sa.String(500))
    # The folded key (glossary.text.fold): what lookups and recognition compare.
    folded: Mapped[str] = mapped_column(sa.String(500), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="admitted")
    part_of_speech: Mapped[str | None] = mapped_column(sa.String(40))
    context: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str | None] = mapped_column(sa.Text)
    note: Mapped[str | None] = mapped_column(sa.Text)
    # Display order within the concept.
    position: Mapped[int] = mapped_column(default=0)

    concept: Mapped[Concept] = relationship(back_populates="terms")

    @orm.validates("text")
    def _fold_text(self, _key: str, value: str) -> str:
        self.folded = fold(value)
        return value

    __table_args__ = (
        sa.UniqueConstraint("concept_id", "lang", "text", name="uq_term_concept_lang_text"),
        sa.CheckConstraint(_in("status", TERM_STATUSES), name="status"),
    )


class Memory(Base):
    """A named collection of translation units (per client, project or domain)."""

    __tablename__ = "memory"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TranslationUnit(Base):
    """A source segment and its translation, stored once per memory."""

    __tablename__ = "translation_unit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # Indexed by the unique (memory_id, unit_key) index, whose first column it is.
    memory_id: Mapped[int] = mapped_column(sa.ForeignKey("memory.id", ondelete="CASCADE"))
    source_lang: Mapped[str] = mapped_column(LANG)
    target_lang: Mapped[str] = mapped_column(LANG)
    source: Mapped[str] = mapped_column(sa.Text)
    target: Mapped[str] = mapped_column(sa.Text)
    # TMX inline XML of the segments, when they carry inline codes.
    source_markup: Mapped[str | None] = mapped_column(sa.Text)
    target_markup: Mapped[str | None] = mapped_column(sa.Text)
    # The folded source and a 64-bit hash of it: exact (100 %) lookups by index.
    source_folded: Mapped[str] = mapped_column(sa.Text)
    source_hash: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    # The folded target, for concordance searches in either script.
    target_folded: Mapped[str] = mapped_column(sa.Text, default="")
    # 128-bit hash of (languages, source, target): one row per distinct unit.
    unit_key: Mapped[str] = mapped_column(sa.String(32))
    creator: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[str | None] = mapped_column(sa.String(200))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    usage_count: Mapped[int] = mapped_column(default=0)
    last_used_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(sa.Text)
    context: Mapped[str | None] = mapped_column(sa.Text)
    properties: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (
        sa.UniqueConstraint("memory_id", "unit_key", name="uq_translation_unit_memory_key"),
    )

    @orm.validates("source")
    def _fold_source(self, _key: str, value: str) -> str:
        self.source_folded = fold(value)
        self.source_hash = source_hash(self.source_folded)
        return value

    @orm.validates("target")
    def _fold_target(self, _key: str, value: str) -> str:
        self.target_folded = fold(value)
        return value


def source_hash(folded: str) -> int:
    """A signed 64-bit hash of a folded source, for exact lookups by index."""
    digest = hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def unit_key(source_lang: str, target_lang: str, source: str, target: str) -> str:
    """A 128-bit key of a unit's languages and texts: equal units get equal keys."""
    joined = "\x1f".join((source_lang, target_lang, source, target))
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()


class Change(Base):
    """One entry of the append-only change log that keeps in-memory indexes current."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # "concept", "term", "memory" or "unit".
    entity: Mapped[str] = mapped_column(sa.String(16))
    entity_id: Mapped[int] = mapped_column(sa.BigInteger)
    # "insert", "update", "delete"; "reload" after a bulk change to a whole scope.
    op: Mapped[str] = mapped_column(sa.String(8))
    # The enclosing entity: the concept of a term, the memory of a unit.
    scope: Mapped[int | None] = mapped_column(sa.BigInteger)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token. Only its SHA-256 is stored; the secret is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(16))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters of the secret, to tell tokens apart in listings.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    __table_args__ = (sa.CheckConstraint(_in("role", ROLES), name="role"),)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class AuditEntry(Base):
    """Who changed what and when, with the entity before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(16))
    entity: Mapped[str] = mapped_column(sa.String(16))
    entity_id: Mapped[int] = mapped_column(sa.BigInteger)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]

    __table_args__ = (sa.Index("ix_audit_log_entity", "entity", "entity_id"),)


class LiveSession(Base):
    """A live prompter session: the committed transcript, its provisional tail, and
    how far recognition has announced (glossary.live)."""

    __tablename__ = "live_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(sa.String(200))
    lang: Mapped[str] = mapped_column(LANG)
    target: Mapped[str] = mapped_column(LANG)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    # The concatenation of the final chunks, and the provisional hypothesis after it.
    committed: Mapped[str] = mapped_column(sa.Text, default="")
    tail: Mapped[str] = mapped_column(sa.Text, default="")
    chunks: Mapped[int] = mapped_column(default=0)
    # The newest event's number; events are numbered 1, 2, … per session.
    last_event: Mapped[int] = mapped_column(default=0)
    # Every final term / number starting before these offsets has been announced.
    terms_upto: Mapped[int] = mapped_column(default=0)
    numbers_upto: Mapped[int] = mapped_column(default=0)
    # Recognition rescans the committed text from here (a point no hit spans).
    scan_from: Mapped[int] = mapped_column(default=0)
    # The provisional hits announced and not yet confirmed or withdrawn.
    provisional: Mapped[list[Any]] = mapped_column(JSONType, default=list)


class LiveEvent(Base):
    """One event of a live session, as its subscribers receive it."""

    __tablename__ = "live_event"

    # Global order, for polling the table on SQLite (one writer: ids commit in order).
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("live_session.id", ondelete="CASCADE"))
    # The event's number in its session: the SSE id.
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(16))
    # The JSON sent as the event's data, stored as sent (JSONB would reorder keys).
    data: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("session_id", "seq", name="uq_live_event_session_seq"),)


# -- change log ---------------------------------------------------------------

_change_table = Change.__table__


def _scope(target: Any) -> int | None:
    if isinstance(target, Term):
        return target.concept_id
    if isinstance(target, TranslationUnit):
        return target.memory_id
    return None


def _log(entity: str, op: str) -> Callable[[orm.Mapper[Any], sa.Connection, Any], None]:
    def listener(_mapper: orm.Mapper[Any], connection: sa.Connection, target: Any) -> None:
        connection.execute(
            _change_table.insert().values(
                entity=entity, entity_id=target.id, op=op, scope=_scope(target), at=utcnow()
            )
        )

    return listener


for _model, _entity in (
    (Concept, "concept"),
    (Term, "term"),
    (Memory, "memory"),
    (TranslationUnit, "unit"),
):
    for _op in ("insert", "update", "delete"):
        event.listen(_model, f"after_{_op}", _log(_entity, _op))
