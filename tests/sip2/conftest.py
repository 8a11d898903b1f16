"""SIP2 clients for the tests in this folder: logged in as the demo's kiosk, and closed after
the test whatever happened."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest

from sync.ils_sim.collection import DEMO, TOKYO
from sync.sip2.client import Sip2Client, Sip2Settings

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)


class Clients:
    """Makes clients: ``clients(address, **settings)``, any ``Sip2Settings`` field overridden
    (a 2-second timeout by default), ``observer`` and ``monotonic`` handed to the client; the
    clock stands at ``NOW``."""

    def __init__(self) -> None:
        self.made: list[Sip2Client] = []

    def __call__(self, address: tuple[str, int], *,
                 monotonic: Callable[[], float] = time.monotonic,
                 **settings: Any) -> Sip2Client:
        observer = settings.pop("observer", None)
        fields: dict[str, Any] = {"host": address[0], "port": address[1],
                                  "user": DEMO.sip_user, "password": DEMO.sip_password,
                                  "institution": DEMO.institution, "timeout": 2.0, **settings}
        client = Sip2Client(Sip2Settings(**fields), clock=lambda: NOW, observer=observer,
                            monotonic=monotonic)
        self.made.append(client)
        return client


@pytest.fixture
def clients() -> Iterator[Clients]:
    made = Clients()
    yield made
    for client in made.made:
        client.close()

