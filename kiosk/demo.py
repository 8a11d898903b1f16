"""The demo's composition: the bundled ILS simulator (sync.ils_sim) in front of
:func:`kiosk.bootstrap.bootstrap`, its demo library seeded into the offline cache, and the
demo panel's scans. ``kiosk demo`` and the tests use it; ``kiosk run`` never loads it.
"""

from __future__ import annotations

import logging
import socket
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, fields, replace
from pathlib import Path

from drivers.ports import Scanner
from drivers.rfid.fake import FakeRfidReader
from kiosk import card_key
from kiosk.bootstrap import IlsEndpoint, Kiosk
from kiosk.bootstrap import bootstrap as bootstrap_kiosk
from kiosk.config import KioskConfig
from kiosk.rfid import TagContent, encode_tag
from sync.cache.cache import Cache, open_cache
from sync.cache.feed import import_feed
from sync.ils_sim.collection import DEMO, demo_collection
from sync.ils_sim.feed_export import export_feed
from sync.ils_sim.server import IlsSimulator
from sync.sip2.connection import Framing

log = logging.getLogger(__name__)

SIMULATOR_LOGIN = ("kiosk", "kiosk-demo")
DEMO_PAD = "fake-rfid://?name=demo%20pad"
DEMO_ISIL = "JP-1000001"                 # the demo library's ISIL, on its tags
OTHER_ISIL = "JP-2000002"                # a neighbouring library's


@dataclass(frozen=True)
class DemoTag:
    """A tag the demo panel puts on the fake pad: its UID, memory and whether its AFI is
    locked (the security write fails: "please show this book to staff")."""

    uid: str
    memory: bytes
    afi_locked: bool = False

    def put_on(self, pad: FakeRfidReader) -> None:
        pad.put(self.uid, self.memory, afi_locked=self.afi_locked)


def _tag(n: int, item: str, *, parts: int = 1, part: int = 1, owner: str = DEMO_ISIL,
         afi_locked: bool = False) -> DemoTag:
    memory = encode_tag(TagContent(item, parts=parts, part=part, owner=owner))
    return DemoTag(f"E0040150DE{n:06X}", memory, afi_locked)


def demo_stacks() -> list[tuple[str, tuple[DemoTag, ...]]]:
    """What the demo panel's pad buttons put on the pad: three of the simulator's books
    (not those the scanner buttons scan), a set of 3 CDs, a book of another library, a book
    whose tag refuses the security write."""
    d = DEMO
    return [
        ("3 books", (_tag(1, d.lendable_items[3]), _tag(2, d.lendable_items[4]),
                     _tag(3, d.english_item))),
        ("CD set (3)", tuple(_tag(10 + n, d.av_items[3], parts=3, part=n)
                             for n in (1, 2, 3))),
        ("Other library", (_tag(20, d.lendable_items[2], owner=OTHER_ISIL),)),
        ("Locked tag", (_tag(30, d.large_picture_book_item, afi_locked=True),)),
    ]


@dataclass(frozen=True)
class DemoKiosk(Kiosk):
    """A kiosk with the embedded simulator (not started with ``--offline``; ``None`` with
    ``--ils``)."""

    simulator: IlsSimulator | None = None


def bootstrap(config: KioskConfig, *, scanners: list[Scanner] | None = None,
              ils_down: bool = False, ils_address: tuple[str, int] | None = None,
              pad: bool = False) -> DemoKiosk:
    """Wire a demo kiosk. With ``[ils] host = "embedded"`` the simulator is started here
    (``ils_down``: it is not, and the kiosk starts offline on a port where nothing listens);
    ``ils_address``: that ILS (e.g. ``kiosk ils-sim``) instead, logged in as the demo;
    ``pad``: a fake RFID pad (empty, for the demo panel's buttons) when the config names
    no reader, and the demo library's ISIL when it names none."""
    if pad:
        rfid = config.rfid
        config = replace(config, rfid=replace(rfid, reader=rfid.reader or DEMO_PAD,
                                              owner=rfid.owner or DEMO_ISIL))
    stack = ExitStack()
    try:
        simulator = None
        endpoint = None
        if ils_address is not None:
            endpoint = IlsEndpoint(ils_address, SIMULATOR_LOGIN)
        elif config.ils.embedded:
            framing = Framing(encoding=config.ils.encoding, terminator=config.ils.terminator,
                              error_detection=config.ils.error_detection)
            simulator = IlsSimulator(port=0, framing=framing, login=SIMULATOR_LOGIN)
            if ils_down:                    # the port the ILS would have: nothing listens
                endpoint = IlsEndpoint(("127.0.0.1", _free_port()), SIMULATOR_LOGIN)
            else:
                endpoint = IlsEndpoint(("127.0.0.1", simulator.start()), SIMULATOR_LOGIN)
                stack.callback(simulator.stop)
                log.info("embedded ILS simulator on %s:%d", *endpoint.address)
        seed = _SimulatorFeed(simulator) if simulator is not None else None
        kiosk = bootstrap_kiosk(config, scanners=scanners, ils=endpoint,
                                start_offline=ils_down, seed=seed, stack=stack)
    except BaseException:
        stack.close()
        raise
    parts = {f.name: getattr(kiosk, f.name) for f in fields(kiosk)}
    return DemoKiosk(**parts, simulator=simulator)


def demo_scans() -> list[tuple[str, str]]:
    """What the demo panel's buttons scan: the simulator's well-known cards and items."""
    scans = [("Card", DEMO.codabar(DEMO.good_card))]
    scans += [(f"Book {i + 1}", item) for i, item in enumerate(DEMO.lendable_items[:3])]
    scans += [("AV", DEMO.av_item), ("On hold", DEMO.on_hold_item),
              ("Reference", DEMO.not_for_loan_item), ("Blocked", DEMO.blocked_card),
              ("Unknown", DEMO.unknown_card), ("Garbage", "~!#%?")]
    return scans


def seed_cache(config: KioskConfig, feed: Path | None = None) -> dict[str, int]:
    """Seed the persistent cache of ``config`` for a demo on another ILS: with ``feed``, or
    (when the cache knows no patron yet) the simulator's demo library, as
    ``kiosk ils-sim export-feed`` writes it. Returns the cache's counts after."""
    if not config.cache_path:
        raise ValueError("seeding needs a persistent cache ([cache] path or --state-dir)")
    path = Path(config.cache_path)
    key = config.cache_key()
    with open_cache(path, key) as cache:
        problem = card_key.remember(path, key)
        if problem:
            raise ValueError(problem)
        if feed is not None:
            import_feed(cache, feed)
        elif cache.counts()["patrons"] == 0:
            with tempfile.TemporaryDirectory(prefix="kiosk-feed-") as tmp:
                demo_feed = Path(tmp) / "demo-feed.ndjson.gz"
                export_feed(demo_collection(), demo_feed)
                import_feed(cache, demo_feed)
        counts = cache.counts()
    log.info("offline cache seeded: %d patrons, %d items", counts["patrons"], counts["items"])
    return counts


@dataclass(frozen=True)
class _SimulatorFeed:
    """The demo's snapshot feed: what a library's nightly export would give a new kiosk."""

    simulator: IlsSimulator

    def __call__(self, cache: Cache, where: Path) -> None:
        feed = where / "demo-feed.ndjson.gz"
        export_feed(self.simulator.collection, feed)
        import_feed(cache, feed)
        feed.unlink(missing_ok=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
