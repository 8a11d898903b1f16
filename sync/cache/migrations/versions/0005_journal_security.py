"""RFID loans: the tag's security after the loan ("ok: AFI C2", "failed: the AFI is
locked"), on the loan's journal row, so staff see an offline loan whose book may set off
the gate. None for rows before it and for barcode loans; the replay leaves it alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"


def upgrade() -> None:
    with op.batch_alter_table("journal") as batch:
        batch.add_column(sa.Column("security", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("journal") as batch:
        batch.drop_column("security")
