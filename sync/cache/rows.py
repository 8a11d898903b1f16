"""Rows written in plain SQL, as the ORM models (sync.cache.models) store them: timestamps, and
the one statement that writes an item, whoever saw it (a SIP2 answer, an offline loan, the
feed)."""

from __future__ import annotations

from datetime import UTC, datetime


def sql_datetime(value: datetime) -> str:
    """An aware datetime as the cache stores it (naive UTC, SQLAlchemy's SQLite format)."""
    # isoformat writes the same text as strftime("%Y-%m-%d %H:%M:%S.%f"), at a fifth of the
    # cost: an offline checkout writes three of these while the patron waits
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


ITEM_COLUMNS = ("item_id", "title", "media_type", "circulation_status", "due_at", "updated_at",
                "loan_class", "not_for_loan", "ill", "source")


def item_upsert(given: tuple[str, ...], *, fixed: dict[str, str] | None = None,
                update: tuple[str, ...], newer_only: bool = False) -> str:
    """The one statement that writes an item row, as each source knows it: ``given`` columns
    are ``?`` parameters in that order, ``fixed`` ones SQL literals; over a row already there
    only ``update`` is set (a SIP2 answer knows no loan class, an offline loan no more than its
    status and due date), and with ``newer_only`` an older record never replaces a newer one."""
    fixed = fixed or {}
    columns = (*given, *fixed)
    if (not set(columns) <= set(ITEM_COLUMNS) or not set(update) <= set(columns)
            or len(set(columns)) != len(columns) or "item_id" not in given):
        raise ValueError(f"item upsert: columns {columns}, updating {update}")
    values = ", ".join(["?"] * len(given) + list(fixed.values()))
    changes = ", ".join(f"{column} = excluded.{column}" for column in update)
    return (f"INSERT INTO items ({', '.join(columns)}) VALUES ({values})"
            f" ON CONFLICT (item_id) DO UPDATE SET {changes}"
            + (" WHERE items.updated_at <= excluded.updated_at" if newer_only else ""))


# an item in a SIP2 answer (checkout, renewal): the ILS's words on it, and its status now
ITEM_SEEN_ONLINE = item_upsert(
    ("item_id", "title", "media_type", "circulation_status", "due_at", "updated_at"),
    fixed={"source": "'sip2'"},
    update=("title", "media_type", "circulation_status", "due_at", "updated_at", "source"))
# an item lent offline: on loan until then; what the cache knew of it stays
ITEM_LENT_OFFLINE = item_upsert(
    ("item_id", "title", "due_at", "updated_at", "loan_class"),
    fixed={"media_type": "''", "circulation_status": "'04'", "not_for_loan": "0", "ill": "0",
           "source": "'offline'"},
    update=("circulation_status", "due_at", "updated_at"))
# an item in the snapshot feed: all the feed says, over older rows only
ITEM_FROM_FEED = item_upsert(
    ("item_id", "title", "circulation_status", "due_at", "updated_at", "loan_class",
     "not_for_loan", "ill"),
    fixed={"media_type": "''", "source": "'feed'"},
    update=("title", "circulation_status", "due_at", "updated_at", "loan_class",
            "not_for_loan", "ill", "source"), newer_only=True)
