"""The journal's index by patron also holds the loan's time, state and class, so what an
offline checkout asks of a patron's rows is read from the index alone, no table row touched:
their loans today as a range of it, their unsent loans by class from their entries in it."""

from __future__ import annotations

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"

_BY_CARD = ("card_hash", "transaction_at", "state", "loan_class")


def upgrade() -> None:
    op.drop_index("ix_journal_card_hash", table_name="journal")
    op.create_index("ix_journal_card", "journal", list(_BY_CARD))


def downgrade() -> None:
    op.drop_index("ix_journal_card", table_name="journal")
    op.create_index("ix_journal_card_hash", "journal", ["card_hash"])
