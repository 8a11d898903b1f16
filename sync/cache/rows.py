"""Rows written in plain SQL, where a patron waits (sync.cache.unit_of_work): values as the
ORM models (sync.cache.models) store them."""

from __future__ import annotations

from datetime import UTC, datetime


def sql_datetime(value: datetime) -> str:
    """An aware datetime as the cache stores it (naive UTC, SQLAlchemy's SQLite format)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
