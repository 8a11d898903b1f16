"""Offline mode: richer patrons and items, holds, loan rules, closed days, the journal."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    with op.batch_alter_table("patrons") as batch:
        batch.add_column(sa.Column("block", sa.Text(), nullable=True))
        batch.add_column(sa.Column("wide_area", sa.Boolean(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("source", sa.Text(), nullable=False, server_default="sip2"))
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("loan_class", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("not_for_loan", sa.Boolean(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("ill", sa.Boolean(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("source", sa.Text(), nullable=False, server_default="sip2"))
    op.create_table(
        "holds",
        sa.Column("item_id", sa.Text(), nullable=False),
        sa.Column("card_hash", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_holds")),
    )
    op.create_table(
        "loan_rules",
        sa.Column("loan_class", sa.Text(), nullable=False),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.Column("limit_group", sa.Text(), nullable=False),
        sa.Column("max_items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("loan_class", name=op.f("pk_loan_rules")),
    )
    op.create_table(
        "closed_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closed_days")),
    )
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("txn_id", sa.Text(), nullable=False),
        sa.Column("card", sa.Text(), nullable=False),
        sa.Column("card_hash", sa.Text(), nullable=False),
        sa.Column("item_id", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False, server_default=""),
        sa.Column("loan_class", sa.Text(), nullable=False, server_default=""),
        sa.Column("transaction_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False, server_default=""),
        sa.Column("ils_due", sa.Text(), nullable=False, server_default=""),
        sa.Column("kiosk_id", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal")),
        sa.UniqueConstraint("txn_id", name=op.f("uq_journal_txn_id")),
    )
    op.create_index("ix_journal_state_id", "journal", ["state", "id"])
    op.create_index("ix_journal_card_hash", "journal", ["card_hash"])
    op.create_index("ix_journal_item_id", "journal", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_journal_item_id", table_name="journal")
    op.drop_index("ix_journal_card_hash", table_name="journal")
    op.drop_index("ix_journal_state_id", table_name="journal")
    op.drop_table("journal")
    op.drop_table("closed_days")
    op.drop_table("loan_rules")
    op.drop_table("holds")
    with op.batch_alter_table("items") as batch:
        for column in ("source", "ill", "not_for_loan", "loan_class"):
            batch.drop_column(column)
    with op.batch_alter_table("patrons") as batch:
        for column in ("source", "wide_area", "block"):
            batch.drop_column(column)
