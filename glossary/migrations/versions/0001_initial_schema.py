"""Initial schema: term base, translation memories, change log, tokens, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
LANG = sa.String(35)


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "concept",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(200), nullable=True),
        sa.Column("subject_field", sa.String(200), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("definitions", JSON, nullable=False),
        sa.Column("notes", JSON, nullable=False),
        sa.Column("sources", JSON, nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'review', 'approved', 'retired')", name=op.f("ck_concept_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concept")),
        sa.UniqueConstraint("ref", name=op.f("uq_concept_ref")),
    )
    op.create_index(op.f("ix_concept_status"), "concept", ["status"])
    op.create_index(op.f("ix_concept_subject_field"), "concept", ["subject_field"])

    op.create_table(
        "term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("concept_id", sa.Integer(), nullable=False),
        sa.Column("lang", LANG, nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("folded", sa.String(500), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("part_of_speech", sa.String(40), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('preferred', 'admitted', 'deprecated', 'forbidden')",
            name=op.f("ck_term_status"),
        ),
        sa.ForeignKeyConstraint(
            ["concept_id"],
            ["concept.id"],
            name=op.f("fk_term_concept_id_concept"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term")),
        sa.UniqueConstraint("concept_id", "lang", "text", name="uq_term_concept_lang_text"),
    )
    op.create_index(op.f("ix_term_concept_id"), "term", ["concept_id"])
    op.create_index(op.f("ix_term_folded"), "term", ["folded"])

    op.create_table(
        "memory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memory")),
        sa.UniqueConstraint("name", name=op.f("uq_memory_name")),
    )

    op.create_table(
        "translation_unit",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("memory_id", sa.Integer(), nullable=False),
        sa.Column("source_lang", LANG, nullable=False),
        sa.Column("target_lang", LANG, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("source_markup", sa.Text(), nullable=True),
        sa.Column("target_markup", sa.Text(), nullable=True),
        sa.Column("source_folded", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.BigInteger(), nullable=False),
        sa.Column("unit_key", sa.String(32), nullable=False),
        sa.Column("creator", sa.String(200), nullable=True),
        _timestamp("created_at"),
        sa.Column("changed_by", sa.String(200), nullable=True),
        _timestamp("changed_at"),
        sa.Column("usage_count", sa.Integer(), nullable=False),
        _timestamp("last_used_at", nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("properties", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["memory_id"],
            ["memory.id"],
            name=op.f("fk_translation_unit_memory_id_memory"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_unit")),
        sa.UniqueConstraint("memory_id", "unit_key", name="uq_translation_unit_memory_key"),
    )
    op.create_index(op.f("ix_translation_unit_memory_id"), "translation_unit", ["memory_id"])
    op.create_index(op.f("ix_translation_unit_source_hash"), "translation_unit", ["source_hash"])

    op.create_table(
        "change_log",
        sa.Column("seq", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("scope", sa.BigInteger(), nullable=True),
        _timestamp("at"),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )

    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        _timestamp("created_at"),
        _timestamp("last_used_at", nullable=True),
        _timestamp("revoked_at", nullable=True),
        sa.CheckConstraint("role IN ('reader', 'editor', 'admin')", name=op.f("ck_api_token_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )

    op.create_table(
        "audit_log",
        sa.Column("id", BIG_ID, nullable=False),
        _timestamp("at"),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("before", JSON, nullable=True),
        sa.Column("after", JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "api_token",
        "change_log",
        "translation_unit",
        "memory",
        "term",
        "concept",
    ):
        op.drop_table(table)
