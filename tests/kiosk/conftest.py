"""The ILS simulator, a client logged in to it and a cache (tests/ils_fixtures.py): shared by
the session tests that run against a real SIP2 conversation (the port-only tests use
tests/kiosk/memory_circulation.py)."""

from tests.ils_fixtures import cache, client, simulator

__all__ = ["cache", "client", "simulator"]
