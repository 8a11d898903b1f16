"""Retention: when a journal row was closed (the ILS accepted it, or staff resolved it), so
accepted rows are deleted ``[privacy] keep_accepted_hours`` later. Rows already done take
their last attempt (or their loan's time) as the moment they closed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    with op.batch_alter_table("journal") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE journal SET closed_at = coalesce(last_attempt_at, transaction_at) "
               "WHERE state = 'done'")


def downgrade() -> None:
    with op.batch_alter_table("journal") as batch:
        batch.drop_column("closed_at")
