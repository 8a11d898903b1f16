"""The composition root: configuration → ILS connection, cache, devices → patron session.

Tests and the demo call :func:`bootstrap` with their own config or fakes; nothing else in the
code builds these objects, so there is one place that decides what talks to what.
"""

from __future__ import annotations

import logging
import socket
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from drivers.ports import Scanner
from drivers.registry import open_scanner
from kiosk import card_key
from kiosk.alerts import AlertWatch, Mailer, State
from kiosk.circulation import OnlineCirculation
from kiosk.config import KioskConfig
from kiosk.connectivity import IlsWatch, ResilientCirculation
from kiosk.metrics import Metrics, MetricsPortError
from kiosk.mynumber import MyNumberDesk, MyNumberSettings
from kiosk.offline import OfflineCirculation
from kiosk.privacy import Retention
from kiosk.session import PatronSession
from sync.cache.cache import Cache, open_cache
from sync.cache.offline_view import OfflineView
from sync.ils_sim.server import IlsSimulator
from sync.journal import STAFF_STATES, JournalState, OfflineJournal
from sync.replay import Replayer, ReplayReport
from sync.sip2.client import Sip2Client
from sync.sip2.connection import Framing

log = logging.getLogger(__name__)

SIMULATOR_LOGIN = ("kiosk", "kiosk-demo")


@dataclass
class Kiosk:
    """Everything one running kiosk is made of. ``close()`` releases it all, in reverse."""

    config: KioskConfig
    session: PatronSession
    circulation: ResilientCirculation
    client: Sip2Client
    cache: Cache
    journal: OfflineJournal
    scanners: list[Scanner]
    simulator: IlsSimulator | None = None
    watch: IlsWatch | None = None
    metrics: Metrics = field(default_factory=Metrics)
    alerts: AlertWatch | None = None
    mynumber: MyNumberDesk | None = None      # My Number cards, when the branch takes them
    mynumber_problem: str = ""                # why not, when it should (for staff)
    card_key_problem: str = ""                # the cache was built with another card key
    metrics_problem: str = ""                 # [metrics] listen could not be served
    retention: Retention | None = None        # deletes accepted journal rows when due
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    def start(self) -> None:
        """Begin watching the ILS and draining the journal: at once if rows wait and the ILS
        answers, when it comes back, after a replay cut short, and on a timer."""
        if self.watch is not None:
            self.watch.start()
            self._stack.callback(self.watch.stop)
        if self.alerts is not None:
            self.alerts.start()
            self._stack.callback(self.alerts.stop)
        if self.retention is not None:
            self.retention.start()
            self._stack.callback(self.retention.stop)

    def replay(self, max_rows: int | None = None) -> ReplayReport:
        report = Replayer(self.journal, self.client,
                          timezone=self.config.timezone).replay(max_rows=max_rows)
        self.metrics.observe_replay({"sent": report.sent,
                                     "already_there": report.skipped_already_there,
                                     "failed": report.failed, "renewed": report.renewed})
        return report

    def journal_queue(self) -> dict[str, object]:
        """What staff see of the journal: rows waiting and for how long, rows for staff, and
        the kiosk's last replay."""
        oldest = self.journal.oldest_open()
        last = self.watch.last_replay if self.watch is not None else None
        return {"pending": self.journal.count(JournalState.PENDING, JournalState.SENDING),
                "oldest": oldest,
                "oldest_seconds": _age(oldest),
                **{str(state): self.journal.count(state) for state in STAFF_STATES},
                "last_replay": None if last is None else {
                    "at": datetime.fromtimestamp(last[0], UTC), **last[1].as_dict()}}

    def close(self) -> None:
        self._stack.close()


def bootstrap(config: KioskConfig, *, scanners: list[Scanner] | None = None,
              ils_down: bool = False, ils_address: tuple[str, int] | None = None) -> Kiosk:
    """Wire a kiosk. ``ils_down``: the embedded simulator is not started (offline demo);
    ``ils_address``: use that ILS instead of the embedded one."""
    stack = ExitStack()
    try:
        simulator = None
        address: tuple[str, int] | None = None
        login: tuple[str, str] | None = None
        framing = Framing(encoding=config.ils.encoding, terminator=config.ils.terminator,
                          error_detection=config.ils.error_detection)
        if ils_address is not None:
            address, login = ils_address, SIMULATOR_LOGIN
        elif config.ils.embedded:
            simulator = IlsSimulator(port=0, framing=framing, login=SIMULATOR_LOGIN)
            if ils_down:
                # the port the ILS would have: nothing listens there
                address = ("127.0.0.1", _free_port())
            else:
                address = ("127.0.0.1", simulator.start())
                stack.callback(simulator.stop)
                log.info("embedded ILS simulator on %s:%d", *address)
            login = SIMULATOR_LOGIN
        settings = config.ils.sip2_settings(config.institution, address=address, login=login)
        if address is not None:      # the demo's simulator speaks plain TCP
            settings = replace(settings, tls=False)
        metrics = Metrics(branch=config.branch_name, institution=config.institution,
                          location=config.ils.location)
        client = Sip2Client(settings, observer=lambda exchange: metrics.observe_sip2(
            exchange.request.name, exchange.seconds))
        stack.callback(client.close)
        if config.cache_path:
            cache_path = Path(config.cache_path)
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-cache-"))
            cache_path = Path(tmp) / "cache.sqlite3"
        key = config.cache_key()
        cache = open_cache(cache_path, key)
        stack.callback(cache.close)
        key_problem = card_key.remember(cache_path, key) if config.cache_path else None
        if key_problem:
            log.error("card key: %s", key_problem)
        if simulator is not None and cache.counts()["patrons"] == 0:
            _seed_from_simulator(cache, simulator, cache_path.parent)
        journal = OfflineJournal(cache, kiosk_id=config.ils.location)
        rehashed = journal.rehash_cards()
        if rehashed:
            log.warning("card key: %d journal row(s) hashed with another key hashed again",
                        rehashed)
        online = OnlineCirculation(client, cache, timezone=config.timezone,
                                   require_pin=config.session.require_pin)
        offline = OfflineCirculation(OfflineView(cache), journal, config.offline,
                                     timezone=config.timezone)
        stack.callback(offline.close)
        circulation = ResilientCirculation(online, offline, start_offline=ils_down)
        if scanners is None:
            scanners = [open_scanner(url) for url in config.scanners]
        kiosk = Kiosk(config=config, session=PatronSession(
                          circulation, config.barcodes,
                          require_pin=config.session.require_pin,
                          show_loans=config.session.show_loans,
                          receipt_all_loans=config.receipt_contents == "all_loans"),
                      circulation=circulation, client=client, cache=cache, journal=journal,
                      scanners=scanners, simulator=simulator, metrics=metrics, _stack=stack,
                      card_key_problem=key_problem or "")
        circulation.on_mode_change(metrics.mode)
        _attach_mynumber(kiosk)
        if config.alerts.enabled:
            state = State(journal_pending=metrics.journal_pending)
            circulation.on_mode_change(
                lambda mode, _cause: setattr(state, "online", str(mode) == "online"))
            kiosk.alerts = AlertWatch(config.alerts, state,
                                      Mailer(config.alerts, config.branch_name))
        metrics.journal_pending = lambda: journal.count(JournalState.PENDING,
                                                        JournalState.SENDING)
        metrics.journal_oldest_seconds = lambda: _age(journal.oldest_open())
        metrics.journal_for_staff = lambda: {str(state): journal.count(state)
                                             for state in STAFF_STATES}
        if kiosk.alerts is not None:
            kiosk.alerts.state.journal_pending = metrics.journal_pending
        if config.metrics_listen:
            host, _, port = config.metrics_listen.rpartition(":")
            try:
                bound = metrics.serve(host or "127.0.0.1", int(port))
            except MetricsPortError as exc:       # the kiosk lends all the same
                kiosk.metrics_problem = str(exc)
                log.error("%s", exc)
            else:
                stack.callback(metrics.close)
                log.info("metrics on http://%s:%d/metrics", host or "127.0.0.1", bound)
        kiosk.retention = Retention(journal, config.keep_accepted_hours,
                                    on_purge=metrics.observe_purge)
        kiosk.watch = IlsWatch(circulation, client, retry_seconds=config.offline.retry_seconds,
                               drain=kiosk.replay, journal_open=journal.count_open)
        return kiosk
    except BaseException:
        stack.close()
        raise


def _attach_mynumber(kiosk: Kiosk) -> None:
    settings = MyNumberSettings.from_mapping(kiosk.config.mynumber)
    if not settings.enabled:
        return
    try:
        kiosk.mynumber = MyNumberDesk(settings, kiosk.cache, kiosk.session,
                                      kiosk.config.barcodes)
    except (OSError, ValueError) as exc:
        kiosk.mynumber_problem = f"My Number cards are off: {exc}"
        log.error("%s (check [mynumber] link_secret_file and trust_anchors)",
                  kiosk.mynumber_problem)


def _age(since: datetime | None) -> float:
    if since is None:
        return 0.0
    return max((datetime.now(UTC) - since).total_seconds(), 0.0)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def seed_cache(config: KioskConfig, feed: Path | None = None) -> dict[str, int]:
    """Seed the persistent cache of ``config`` for a demo on another ILS: with ``feed``, or
    (when the cache knows no patron yet) the simulator's demo library, as
    ``kiosk ils-sim export-feed`` writes it. Returns the cache's counts after."""
    from sync.cache.feed import import_feed
    from sync.ils_sim.collection import demo_collection
    from sync.ils_sim.feed_export import export_feed
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


def _seed_from_simulator(cache: Cache, simulator: IlsSimulator, where: Path) -> None:
    """The demo's snapshot feed: what a library's nightly export would give a new kiosk."""
    try:
        from sync.cache.feed import import_feed
        from sync.ils_sim.feed_export import export_feed
    except ImportError:  # pragma: no cover - the feed arrives with the offline-mode work
        log.warning("no feed support: the offline cache starts empty")
        return
    feed = where / "demo-feed.ndjson.gz"
    export_feed(simulator.collection, feed)
    import_feed(cache, feed)
    feed.unlink(missing_ok=True)
