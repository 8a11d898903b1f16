"""My Number card links: a keyed hash of the card's authentication certificate (issuer and
serial) to the library card number it was linked to at the counter, with the certificate's
expiry. Nothing else of the certificate is kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"


def upgrade() -> None:
    op.create_table(
        "mynumber_links",
        sa.Column("link_key", sa.Text(), nullable=False),
        sa.Column("card_number", sa.Text(), nullable=False),
        sa.Column("cert_not_after", sa.DateTime(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False, server_default="staff"),
        sa.PrimaryKeyConstraint("link_key", name=op.f("pk_mynumber_links")),
    )


def downgrade() -> None:
    op.drop_table("mynumber_links")
