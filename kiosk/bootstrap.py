"""The composition root: the branch config → ILS connection, cache and journal, devices,
patron session, My Number desk, receipts, staff, metrics and alerts → one :class:`Kiosk`.

Nothing else builds these objects. The window receives the Kiosk whole through its constructor
and builds only its own views from it (screens, staff screens, the voice guide: ui.window);
the demo (kiosk.demo) adds the ILS simulator and calls :func:`bootstrap` with its address, so
this module never loads the simulator (an import contract says so). Tests call either one with
their own config or fakes.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from drivers.cards.pcsc import CardMonitor
from drivers.ports import Scanner
from drivers.printers.port import PrinterStatus
from drivers.registry import open_printer, open_rfid_reader, open_scanner
from drivers.rfid.port import RfidReader
from kiosk import card_key
from kiosk.alerts import AlertWatch, Mailer, State
from kiosk.circulation import OnlineCirculation
from kiosk.config import KioskConfig
from kiosk.connectivity import IlsWatch, ResilientCirculation
from kiosk.events import Event, Mode
from kiosk.metrics import Metrics, MetricsPortError
from kiosk.mynumber import MyNumberDesk
from kiosk.mynumber_card import MyNumberSettings, open_desk
from kiosk.offline import OfflineCirculation
from kiosk.pad import Pad
from kiosk.privacy import Retention
from kiosk.receipt import ReceiptPolicy, ReceiptService
from kiosk.rfid import RfidSettings
from kiosk.session import PatronSession
from kiosk.staff import StaffLock, StaffSettings
from sync.cache.cache import Cache, open_cache
from sync.cache.offline_view import OfflineView
from sync.journal import STAFF_STATES, JournalState, OfflineJournal
from sync.replay import Replayer, ReplayReport
from sync.sip2.client import Sip2Client

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IlsEndpoint:
    """An ILS other than the config's: the demo's simulator, or one a demo is pointed at."""

    address: tuple[str, int]
    login: tuple[str, str]
    tls: bool = False


class JournalFigures:
    """The journal as metrics, alerts and staff read it, each time they look."""

    def __init__(self, journal: OfflineJournal) -> None:
        self.journal = journal

    def pending(self) -> int:
        return self.journal.count(JournalState.PENDING, JournalState.SENDING)

    def oldest_seconds(self) -> float:
        return _age(self.journal.oldest_open())

    def for_staff(self) -> dict[str, int]:
        return {str(state): self.journal.count(state) for state in STAFF_STATES}


@dataclass(frozen=True)
class JournalReplay:
    """Sends the journal's rows to the ILS (the watch when it drains, staff on demand)."""

    journal: OfflineJournal
    client: Sip2Client
    metrics: Metrics
    timezone: tzinfo

    def __call__(self, max_rows: int | None = None) -> ReplayReport:
        report = Replayer(self.journal, self.client,
                          timezone=self.timezone).replay(max_rows=max_rows)
        self.metrics.observe_replay({"sent": report.sent,
                                     "already_there": report.skipped_already_there,
                                     "failed": report.failed, "renewed": report.renewed})
        return report


@dataclass(frozen=True)
class Kiosk:
    """Everything one running kiosk is made of. ``start()`` sets its watches going,
    ``close()`` releases it all, in reverse."""

    config: KioskConfig
    session: PatronSession
    circulation: ResilientCirculation
    client: Sip2Client
    cache: Cache
    journal: OfflineJournal
    scanners: list[Scanner]
    metrics: Metrics
    watch: IlsWatch
    retention: Retention                      # deletes accepted journal rows when due
    staff: StaffSettings
    staff_lock: StaffLock
    replay: JournalReplay
    alerts: AlertWatch | None = None
    mynumber: MyNumberDesk | None = None      # My Number cards, when the branch takes them
    card_monitor: CardMonitor | None = None   # … and the reader they are placed on
    receipts: ReceiptService | None = None    # None: no printer, or receipts never printed
    mynumber_problem: str = ""                # why not, when it should (for staff)
    card_key_problem: str = ""                # the cache was built with another card key
    metrics_problem: str = ""                 # [metrics] listen could not be served
    rfid_reader: RfidReader | None = None     # the book pad ([rfid] reader), when there is one
    rfid: RfidSettings = field(default_factory=RfidSettings)    # its data model and security
    rfid_problem: str = ""                    # why the pad did not open (for staff)
    pad: Pad | None = None                    # what lies on the pad, in the patron session
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    def start(self) -> None:
        """Begin watching the ILS and draining the journal: at once if rows wait and the ILS
        answers, when it comes back, after a replay cut short, and on a timer."""
        self.watch.start()
        self._stack.callback(self.watch.stop)
        if self.alerts is not None:
            self.alerts.start()
            self._stack.callback(self.alerts.stop)
        self.retention.start()
        self._stack.callback(self.retention.stop)

    def journal_queue(self) -> dict[str, object]:
        """What staff see of the journal: rows waiting and for how long, rows for staff, and
        the kiosk's last replay."""
        oldest = self.journal.oldest_open()
        last = self.watch.last_replay
        return {"pending": self.journal.count(JournalState.PENDING, JournalState.SENDING),
                "oldest": oldest,
                "oldest_seconds": _age(oldest),
                **{str(state): self.journal.count(state) for state in STAFF_STATES},
                "last_replay": None if last is None else {
                    "at": datetime.fromtimestamp(last[0], UTC), **last[1].as_dict()}}

    # -- what the window reports (metrics and alerts listen here) --------------------------------
    def shown(self, event: Event) -> None:
        """An event the patron has seen on the screen."""
        self.metrics.observe_events([event])

    def device_changed(self, url: str, state: str, _cause: str = "") -> None:
        self.metrics.device(url, state)
        if self.alerts is not None:
            self.alerts.state.devices[url] = state

    def close(self) -> None:
        self._stack.close()


@dataclass(frozen=True)
class _Watchers:
    """The ILS's mode and the printer's state, passed on to metrics and alerts."""

    metrics: Metrics
    alerts: State | None

    def mode_changed(self, mode: Mode, cause: str) -> None:
        self.metrics.mode(mode, cause)
        if self.alerts is not None:
            self.alerts.online = mode is Mode.ONLINE

    def printer_changed(self, status: PrinterStatus) -> None:
        self.metrics.printer(paper_out=status.paper_out, cover_open=status.cover_open)
        if self.alerts is not None:
            self.alerts.printer = ("paper_out" if status.paper_out else
                                   "cover_open" if status.cover_open else "")


def bootstrap(config: KioskConfig, *, scanners: list[Scanner] | None = None,
              ils: IlsEndpoint | None = None, start_offline: bool = False,
              seed: Callable[[Cache, Path], None] | None = None,
              stack: ExitStack | None = None,
              rfid_reader: RfidReader | None = None) -> Kiosk:
    """Wire a kiosk from ``config``. ``scanners``: instead of the config's; ``ils``: instead
    of the config's ILS; ``start_offline``: lend from the cache until the ILS answers;
    ``seed``: fills a cache that knows no patron yet (the demo's snapshot feed); ``stack``:
    what the caller started first, closed last with the kiosk (the demo's simulator);
    ``rfid_reader``: the book pad instead of the one ``[rfid] reader`` names."""
    if ils is None and config.ils.embedded:
        raise ValueError('[ils] host = "embedded" is the demo\'s ILS simulator: run '
                         "`kiosk demo`, or name the library's ILS in the config")
    stack = stack or ExitStack()
    try:
        settings = config.ils.sip2_settings(
            config.institution, address=ils.address if ils else None,
            login=ils.login if ils else None)
        if ils is not None:
            settings = replace(settings, tls=ils.tls)
        metrics = Metrics(branch=config.branch_name, institution=config.institution,
                          location=config.ils.location)
        # timing, not an observer: the kiosk's checkouts keep the typed reading of answers
        client = Sip2Client(settings, timing=metrics.observe_sip2)
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
        if seed is not None and cache.counts()["patrons"] == 0:
            seed(cache, cache_path.parent)
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
        circulation = ResilientCirculation(online, offline, start_offline=start_offline)
        session = PatronSession(circulation, config.barcodes,
                                require_pin=config.session.require_pin,
                                show_loans=config.session.show_loans,
                                receipt_all_loans=config.receipt_contents == "all_loans")

        figures = JournalFigures(journal)
        metrics.journal_pending = figures.pending
        metrics.journal_oldest_seconds = figures.oldest_seconds
        metrics.journal_for_staff = figures.for_staff
        alerts = None
        if config.alerts.enabled:
            alerts = AlertWatch(config.alerts, State(journal_pending=figures.pending),
                                Mailer(config.alerts, config.branch_name))
        watchers = _Watchers(metrics, alerts.state if alerts is not None else None)
        circulation.on_mode_change(watchers.mode_changed)
        metrics_problem = _serve_metrics(config, metrics, stack)

        replay = JournalReplay(journal, client, metrics, config.timezone)
        watch = IlsWatch(circulation, client, retry_seconds=config.offline.retry_seconds,
                         drain=replay, journal_open=journal.count_open)
        retention = Retention(journal, config.keep_accepted_hours,
                              on_purge=metrics.observe_purge)

        desk, monitor, mynumber_problem = _mynumber(config, cache, session)
        if monitor is not None:
            stack.callback(monitor.stop)
        receipts = _receipts(config)
        if receipts is not None:
            receipts.on_status(watchers.printer_changed)

        lock_path = cache_path.parent / "staff-lock.json"
        if scanners is None:
            scanners = [open_scanner(url) for url in config.scanners]
        for scanner in scanners:
            stack.callback(scanner.stop)
        reader, rfid_problem = _rfid_reader(config, rfid_reader)
        if reader is not None:
            stack.callback(reader.close)
        return Kiosk(config=config, session=session, circulation=circulation, client=client,
                     cache=cache, journal=journal, scanners=scanners, metrics=metrics,
                     watch=watch, retention=retention,
                     staff=StaffSettings.from_mapping(config.staff or {}),
                     staff_lock=StaffLock(lock_path), replay=replay, alerts=alerts,
                     mynumber=desk, card_monitor=monitor, receipts=receipts,
                     mynumber_problem=mynumber_problem, card_key_problem=key_problem or "",
                     metrics_problem=metrics_problem, rfid_reader=reader,
                     rfid=config.rfid, rfid_problem=rfid_problem,
                     pad=Pad(session, own_isil=config.rfid.owner or None,
                             title_of=_cached_title(cache))
                     if reader is not None else None, _stack=stack)
    except BaseException:
        stack.close()
        raise


def _cached_title(cache: Cache) -> Callable[[str], str]:
    """An item's title as the local cache has it (the feed, or an ILS answer seen here), for
    the RFID pad to list a book by before the ILS answers; "" when unknown or unreadable."""
    def title_of(item: str) -> str:
        try:
            found = cache.item(item)
        except Exception as exc:      # a title is a nicety: never stop the pad for it
            log.warning("could not read the title of %s from the cache (%s)", item, exc)
            return ""
        return found.title if found is not None else ""
    return title_of


def _mynumber(config: KioskConfig, cache: Cache, session: PatronSession
              ) -> tuple[MyNumberDesk | None, CardMonitor | None, str]:
    """The desk and its reader when the branch takes My Number cards; else why not."""
    settings = MyNumberSettings.from_mapping(config.mynumber)
    if not settings.enabled:
        return None, None, ""
    try:
        desk = open_desk(settings, cache, session, config.barcodes)
    except (OSError, ValueError) as exc:
        problem = f"My Number cards are off: {exc}"
        log.error("%s (check [mynumber] link_secret_file and trust_anchors)", problem)
        return None, None, problem
    return desk, CardMonitor(settings.reader_url()), ""


def _rfid_reader(config: KioskConfig, given: RfidReader | None
                 ) -> tuple[RfidReader | None, str]:
    """The book pad, opened, when the branch has one; else why not. A reader that does not
    open now is kept all the same: each call tries to open it again (a reader plugged in
    late), and the window tells staff and patrons meanwhile. Barcodes work either way."""
    url = given.url if given is not None else config.rfid.reader
    if not url:
        return None, ""
    try:
        reader = given if given is not None else open_rfid_reader(url)
    except ValueError as exc:
        problem = f"the RFID pad is off: {exc} (fix [rfid] reader)"
        log.error("%s", problem)
        return None, problem
    try:
        reader.open()
    except OSError as exc:                  # RfidError, or a port the OS refused
        problem = f"the RFID pad {url} did not open: {exc} (the kiosk keeps trying)"
        log.error("%s", problem)
        return reader, problem
    log.info("RFID pad %s open", url)
    return reader, ""


def _receipts(config: KioskConfig) -> ReceiptService | None:
    if not config.printer_url or config.receipts_policy == "never":
        return None
    return ReceiptService(open_printer(config.printer_url), config.branch_name,
                          policy=ReceiptPolicy(titles=config.receipt_titles))


def _serve_metrics(config: KioskConfig, metrics: Metrics, stack: ExitStack) -> str:
    """The Prometheus endpoint, when asked for; a port already taken is said, and the kiosk
    lends all the same."""
    if not config.metrics_listen:
        return ""
    host, _, port = config.metrics_listen.rpartition(":")
    try:
        bound = metrics.serve(host or "127.0.0.1", int(port))
    except MetricsPortError as exc:
        log.error("%s", exc)
        return str(exc)
    stack.callback(metrics.close)
    log.info("metrics on http://%s:%d/metrics", host or "127.0.0.1", bound)
    return ""


def _age(since: datetime | None) -> float:
    if since is None:
        return 0.0
    return max((datetime.now(UTC) - since).total_seconds(), 0.0)
