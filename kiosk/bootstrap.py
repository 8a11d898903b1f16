"""The composition root: configuration → ILS connection, cache, devices → patron session.

Tests and the demo call :func:`bootstrap` with their own config or fakes; nothing else in the
code builds these objects, so there is one place that decides what talks to what.
"""

from __future__ import annotations

import logging
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from sync.ils_sim.server import IlsSimulator

from drivers.ports import Scanner
from drivers.registry import open_scanner
from kiosk.circulation import Circulation, OnlineCirculation
from kiosk.config import KioskConfig
from kiosk.session import PatronSession
from sync.cache.cache import Cache, open_cache
from sync.sip2.client import Sip2Client, Sip2Settings
from sync.sip2.connection import Framing

log = logging.getLogger(__name__)

SIMULATOR_LOGIN = ("kiosk", "kiosk-demo")


@dataclass
class Kiosk:
    """Everything one running kiosk is made of. ``close()`` releases it all, in reverse."""

    config: KioskConfig
    session: PatronSession
    circulation: Circulation
    client: Sip2Client
    cache: Cache
    scanners: list[Scanner]
    simulator: IlsSimulator | None = None
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    def close(self) -> None:
        self._stack.close()


def bootstrap(config: KioskConfig, *, scanners: list[Scanner] | None = None) -> Kiosk:
    stack = ExitStack()
    try:
        simulator = None
        host, port = config.ils.host, config.ils.port
        user, password = config.ils.user, ""
        framing = Framing(encoding=config.ils.encoding, terminator=config.ils.terminator)
        if config.ils.embedded:
            simulator = IlsSimulator(port=0, framing=framing, login=SIMULATOR_LOGIN)
            host, port = "127.0.0.1", simulator.start()
            stack.callback(simulator.stop)
            user, password = SIMULATOR_LOGIN
            log.info("embedded ILS simulator on %s:%d", host, port)
        else:
            password = config.ils.password()
        client = Sip2Client(Sip2Settings(
            host=host, port=port, user=user, password=password,
            institution=config.institution, location=config.ils.location,
            framing=framing, timeout=config.ils.timeout_seconds))
        stack.callback(client.close)
        if config.cache_path:
            cache_path = Path(config.cache_path)
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-cache-"))
            cache_path = Path(tmp) / "cache.sqlite3"
        cache = open_cache(cache_path, config.cache_key())
        stack.callback(cache.close)
        circulation = OnlineCirculation(client, cache, timezone=config.timezone,
                                        require_pin=config.session.require_pin)
        if scanners is None:
            scanners = [open_scanner(url) for url in config.scanners]
        return Kiosk(config=config, session=PatronSession(circulation, config.barcodes),
                     circulation=circulation, client=client, cache=cache,
                     scanners=scanners, simulator=simulator, _stack=stack)
    except BaseException:
        stack.close()
        raise
