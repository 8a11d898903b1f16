"""Prometheus metrics, through ``prometheus_client``: what a library's IT team graphs and
alerts on across a fleet of kiosks (ops/prometheus/ has the rules and a Grafana dashboard).

The kiosk's own series: ``kiosk_info{branch_name,institution,location,version}`` (always 1;
``branch_name``, not ``branch``: the fleet's Prometheus adds ``branch`` as a target label),
``kiosk_checkouts_total{mode}``,
``kiosk_refusals_total{reason}``, ``kiosk_journal_pending``, ``kiosk_journal_oldest_seconds``
(how long the oldest unsent offline loan has waited), ``kiosk_journal_for_staff{state}``
(offline loans the ILS refused, and those it took as renewals: doubled loans),
``kiosk_journal_replayed_total{outcome}`` (this process's replays),
``kiosk_journal_purged_total`` (accepted rows deleted when their time was up),
``kiosk_device_up{device}``, ``kiosk_printer_problem{problem}`` (paper out, cover open),
``kiosk_ils_online``, the ``kiosk_sip2_seconds{message}`` histogram of SIP2 round trips,
and the RFID pad's ``kiosk_rfid_errors_total{kind}`` (reader calls that failed: ``rf`` noise
or a collision, ``reader_gone``, ``garbage`` answers, a ``tag`` that refused, ``other``) and
``kiosk_rfid_security_failed_total`` (lent items whose security could not be turned off, or
did not read back: the gate will alarm, staff must see the book).
With them, the process's own (``process_resident_memory_bytes``, ``process_open_fds``,
``process_cpu_seconds_total``, ``process_start_time_seconds``, …) and the interpreter's.

Each :class:`Metrics` has a registry of its own (tests and benches run several kiosks in one
process). Served as text (format 0.0.4) on ``/metrics`` only, from a small HTTP server on a
thread: card numbers never appear in a label (devices are labelled by URL, reasons by code).
"""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from kiosk.events import (
    CardRefused,
    Event,
    ItemCheckedOut,
    ItemRefused,
    PatronRefused,
    ScanRejected,
    SecurityNotChanged,
)

try:                                   # prometheus_client >= 0.18: no *_created series
    from prometheus_client import disable_created_metrics
    disable_created_metrics()                   # type: ignore[no-untyped-call]
except ImportError:                    # pragma: no cover - older client
    pass

log = logging.getLogger(__name__)

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REPLAY_OUTCOMES = ("sent", "already_there", "failed", "renewed")
PRINTER_PROBLEMS = ("paper_out", "cover_open")
RFID_ERROR_KINDS = ("rf", "reader_gone", "garbage", "tag", "other")


def rfid_error_kind(exc: BaseException) -> str:
    """The ``kind`` label of a failed reader call (drivers.rfid.port's typed errors)."""
    from drivers.rfid.port import Garbage, ReaderGone, RfError, TagError
    if isinstance(exc, RfError):
        return "rf"
    if isinstance(exc, ReaderGone):
        return "reader_gone"
    if isinstance(exc, Garbage):
        return "garbage"
    if isinstance(exc, TagError):
        return "tag"
    return "other"


class MetricsPortError(OSError):
    """The metrics address cannot be listened on; the message says why and what to do."""


class _Journal(Collector):
    """The journal's gauges, read from the database at each scrape."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        m = self.metrics
        try:
            pending = float(m.journal_pending())
        except Exception:                 # a broken cache must not break the scrape
            log.exception("journal depth unavailable")
            pending = -1.0
        try:
            oldest = float(round(m.journal_oldest_seconds()))
            for_staff = dict(m.journal_for_staff())
        except Exception:
            log.exception("journal state unavailable")
            oldest, for_staff = -1.0, {}
        yield GaugeMetricFamily("kiosk_journal_pending",
                                "Offline loans not yet sent to the ILS.", value=pending)
        yield GaugeMetricFamily("kiosk_journal_oldest_seconds",
                                "How long the oldest offline loan not yet sent has waited "
                                "(0: none waits).", value=oldest)
        staff = GaugeMetricFamily("kiosk_journal_for_staff",
                                  "Offline loans for staff: failed (the ILS refused them), "
                                  "renewed (the ILS took the replay as a renewal: a doubled "
                                  "loan).", labels=["state"])
        for state in ("failed", "renewed"):
            staff.add_metric([state], float(for_staff.get(state, 0)))
        yield staff


class Metrics:
    def __init__(self, *, branch: str = "", institution: str = "", location: str = "",
                 version: str = "") -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        ProcessCollector(registry=r)           # memory, fds, CPU, start time (Linux /proc)
        PlatformCollector(registry=r)
        self.info = Gauge("kiosk_info", "This kiosk: its branch, institution, SIP2 location "
                          "and software version (always 1).",
                          ["branch_name", "institution", "location", "version"], registry=r)
        self.info.labels(branch, institution, location, version or _version()).set(1)
        self._checkouts = Counter("kiosk_checkouts", "Items lent, by mode.", ["mode"],
                                  registry=r)
        for mode in ("online", "offline"):
            self._checkouts.labels(mode)
        self._refusals = Counter("kiosk_refusals", "Scans, patrons and items refused, by "
                                 "reason.", ["reason"], registry=r)
        self._replayed = Counter("kiosk_journal_replayed", "Journal rows replayed by this "
                                 "kiosk, by outcome.", ["outcome"], registry=r)
        for outcome in REPLAY_OUTCOMES:
            self._replayed.labels(outcome)
        self._purged = Counter("kiosk_journal_purged", "Journal rows the ILS accepted, "
                               "deleted once kept for [privacy] keep_accepted_hours.",
                               registry=r)
        self._ils_online = Gauge("kiosk_ils_online", "1 while the ILS answers, 0 while "
                                 "lending offline.", registry=r)
        self._ils_online.set(1)
        self._device_up = Gauge("kiosk_device_up", "1 while a device is connected.",
                                ["device"], registry=r)
        self._printer = Gauge("kiosk_printer_problem", "1 while the receipt printer has "
                              "this problem.", ["problem"], registry=r)
        self._rfid_errors = Counter("kiosk_rfid_errors", "RFID reader calls that failed, "
                                    "by kind (rf: noise or a collision; reader_gone; garbage; "
                                    "tag: the tag refused; other).", ["kind"], registry=r)
        for kind in RFID_ERROR_KINDS:
            self._rfid_errors.labels(kind)
        self._rfid_security_failed = Counter(
            "kiosk_rfid_security_failed", "RFID loans whose tag security could not be "
            "turned off or did not read back (the loan stands; staff check the book).",
            registry=r)
        self._sip2 = Histogram("kiosk_sip2_seconds", "SIP2 round trips, by request.",
                               ["message"], buckets=BUCKETS, registry=r)
        self.journal_pending: Callable[[], int] = lambda: 0
        self.journal_oldest_seconds: Callable[[], float] = lambda: 0.0
        self.journal_for_staff: Callable[[], dict[str, int]] = dict
        r.register(_Journal(self))
        self._server: ThreadingHTTPServer | None = None

    # -- fed by the kiosk ----------------------------------------------------------------------
    def observe_events(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, ItemCheckedOut):
                self._checkouts.labels(str(event.loan.mode)).inc()
            elif isinstance(event, ItemRefused):
                self._refusals.labels(f"item_{event.reason}").inc()
            elif isinstance(event, PatronRefused):
                self._refusals.labels(f"patron_{event.reason}").inc()
            elif isinstance(event, ScanRejected):
                self._refusals.labels(f"scan_{event.reason}").inc()
            elif isinstance(event, CardRefused):
                self._refusals.labels(f"card_{event.reason}").inc()
            elif isinstance(event, SecurityNotChanged):
                self.security_failed()

    def observe_sip2(self, message: str, seconds: float) -> None:
        self._sip2.labels(message).observe(seconds)

    def observe_replay(self, outcomes: dict[str, int]) -> None:
        """What one journal replay did: rows sent, already there, failed, renewed."""
        for outcome, count in outcomes.items():
            if count:
                self._replayed.labels(outcome).inc(count)

    def observe_purge(self, rows: int) -> None:
        if rows:
            self._purged.inc(rows)

    def rfid_error(self, exc: BaseException | str) -> None:
        """A reader call failed (an exception of drivers.rfid.port, or its kind)."""
        kind = exc if isinstance(exc, str) else rfid_error_kind(exc)
        self._rfid_errors.labels(kind if kind in RFID_ERROR_KINDS else "other").inc()

    def security_failed(self, count: int = 1) -> None:
        """Lent items whose security write failed or read back wrong."""
        if count:
            self._rfid_security_failed.inc(count)

    def device(self, url: str, state: str) -> None:
        self._device_up.labels(url).set(1 if state == "connected" else 0)

    def printer(self, *, paper_out: bool = False, cover_open: bool = False) -> None:
        self._printer.labels("paper_out").set(int(paper_out))
        self._printer.labels("cover_open").set(int(cover_open))

    def mode(self, mode: str, _cause: str = "") -> None:
        self._ils_online.set(1 if str(mode) == "online" else 0)

    # -- reading back (tests, staff status) -------------------------------------------------------
    def value(self, name: str, **labels: str) -> float | None:
        return self.registry.get_sample_value(name, labels)

    # -- exposition ------------------------------------------------------------------------------
    def render(self) -> str:
        return generate_latest(self.registry).decode("utf-8")

    def serve(self, host: str = "127.0.0.1", port: int = 9464) -> int:
        """Start the endpoint; returns the port (0 picks a free one). A port already taken
        raises :class:`MetricsPortError` naming it: the caller goes on lending."""
        metrics = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?", 1)[0] != "/metrics":
                    self.send_error(404, "only /metrics here")
                    return
                body = metrics.render().encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", CONTENT_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return                                # scrapes every 15 s: not worth a line

        try:
            self._server = ThreadingHTTPServer((host, port), Handler)
        except OSError as exc:
            why = ("the port is already taken (another kiosk, an exporter, or a kiosk still "
                   "stopping?)" if exc.errno == errno.EADDRINUSE else
                   "no such address on this machine" if exc.errno == errno.EADDRNOTAVAIL
                   else exc.strerror or str(exc))
            raise MetricsPortError(f"metrics: cannot listen on {host}:{port}: "
                                   f"{why}; change [metrics] listen. Lending goes on "
                                   "without metrics.") from exc
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="metrics",
                         daemon=True).start()
        return int(self._server.server_address[1])

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("library-kiosk")
    except PackageNotFoundError:               # pragma: no cover - a bare checkout
        return "unknown"

