"""Translation units keep their folded target, for concordance searches in either script.

Also drops the index on translation_unit.memory_id: the unique index on
(memory_id, unit_key) starts with that column and serves the same lookups, and
one index fewer makes bulk imports faster.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    op.drop_index(op.f("ix_translation_unit_memory_id"), table_name="translation_unit")
    op.add_column(
        "translation_unit",
        sa.Column("target_folded", sa.Text(), nullable=False, server_default=""),
    )
    # Fold the targets already stored (the fold is Python, not SQL).
    from glossary.text import fold

    connection = op.get_bind()
    units = sa.table(
        "translation_unit", sa.column("id"), sa.column("target"), sa.column("target_folded")
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(units.c.id, units.c.target)
            .where(units.c.id > last)
            .order_by(units.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            units.update().where(units.c.id == sa.bindparam("unit_id")),
            [{"unit_id": r.id, "target_folded": fold(r.target)} for r in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("translation_unit") as batch:
        batch.drop_column("target_folded")
    op.create_index(op.f("ix_translation_unit_memory_id"), "translation_unit", ["memory_id"])
