"""Local SQLite cache of patrons and items (SQLAlchemy + Alembic); see README.md."""

from sync.cache.cache import Cache, CachedItem, CachedPatron, open_cache

__all__ = ["Cache", "CachedItem", "CachedPatron", "open_cache"]
