"""The ILS simulator, a client logged in to it and a cache (tests/ils_fixtures.py), as the
session tests have them; a module with a seeded cache defines its own ``cache``."""

from tests.ils_fixtures import cache, client, simulator

__all__ = ["cache", "client", "simulator"]
