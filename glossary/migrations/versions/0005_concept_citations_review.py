"""Concepts get structured citations, the basis of their rendering, and a review state.

``citations`` is a JSON list on the concept rather than a table of its own: a
concept's citations are always read and written with it, so they travel in the
same row, the same version (ETag), the same change-log entry and the same audit
snapshot. ``rendering_basis`` is derived from them on every write and kept as an
indexed column, so the reviewer's list is one query. Existing rows have no
citations yet: they start as "uncited"; `glossary init` brings the shipped ones.

Revision ID: 0005_concept_citations_review
Revises: 0004_live_sessions
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_concept_citations_review"
down_revision = "0004_live_sessions"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("concept") as batch:
        batch.add_column(sa.Column("citations", JSON, nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("rendering_basis", sa.String(16), nullable=False, server_default="uncited")
        )
        batch.add_column(sa.Column("reviewed_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_check_constraint(
            "rendering_basis", "rendering_basis IN ('attested', 'own', 'uncited')"
        )
        batch.create_index("ix_concept_rendering_basis", ["rendering_basis"])


def downgrade() -> None:
    with op.batch_alter_table("concept") as batch:
        batch.drop_index("ix_concept_rendering_basis")
        batch.drop_constraint("rendering_basis", type_="check")
        for column in ("reviewed_at", "reviewed_by", "rendering_basis", "citations"):
            batch.drop_column(column)
