"""Live prompter sessions and their event log.

Revision ID: 0004_live_sessions
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_live_sessions"
down_revision = "0002"
branch_labels = None
depends_on = None

# The migration keeps its own copies of the column types (as 0001 does).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "live_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("target", sa.String(length=35), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("ended_at", UTC, nullable=True),
        sa.Column("committed", sa.Text(), nullable=False),
        sa.Column("tail", sa.Text(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("last_event", sa.Integer(), nullable=False),
        sa.Column("terms_upto", sa.Integer(), nullable=False),
        sa.Column("numbers_upto", sa.Integer(), nullable=False),
        sa.Column("scan_from", sa.Integer(), nullable=False),
        sa.Column("provisional", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_session")),
    )
    op.create_table(
        "live_event",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["live_session.id"],
            name=op.f("fk_live_event_session_id_live_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_event")),
        sa.UniqueConstraint("session_id", "seq", name="uq_live_event_session_seq"),
    )


def downgrade() -> None:
    op.drop_table("live_event")
    op.drop_table("live_session")
