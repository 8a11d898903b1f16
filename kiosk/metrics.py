"""Prometheus metrics on localhost: what a systems team graphs and alerts on across kiosks.

``kiosk_checkouts_total{mode}``, ``kiosk_refusals_total{reason}``, ``kiosk_journal_pending``,
``kiosk_journal_oldest_seconds`` (how long the oldest unsent offline loan has waited),
``kiosk_journal_for_staff{state}`` (offline loans the ILS refused, and those it took as
renewals: doubled loans), ``kiosk_journal_replayed_total{outcome}`` (this process's replays),
``kiosk_device_up{device}``, ``kiosk_ils_online`` and the ``kiosk_sip2_seconds`` histogram of
SIP2 round trips by message. Plain text exposition (format 0.0.4) from a stdlib HTTP server
on a thread, bound to 127.0.0.1 by default: card numbers never appear in a label (devices
are labelled by URL, reasons by code). No dependency: the format is a few lines of text.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kiosk.events import (
    CardRefused,
    Event,
    ItemCheckedOut,
    ItemRefused,
    PatronRefused,
    ScanRejected,
)

log = logging.getLogger(__name__)

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def _labels(**labels: str) -> str:
    inner = ",".join(f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
                     for k, v in sorted(labels.items()))
    return "{" + inner + "}" if inner else ""


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.checkouts: dict[str, int] = defaultdict(int)
        self.refusals: dict[str, int] = defaultdict(int)
        self.devices: dict[str, int] = {}
        self.ils_online = 1
        self._latency: dict[str, list[int]] = {}
        self._latency_sum: dict[str, float] = defaultdict(float)
        self._latency_count: dict[str, int] = defaultdict(int)
        self.journal_pending: Callable[[], int] = lambda: 0
        self.journal_oldest_seconds: Callable[[], float] = lambda: 0.0
        self.journal_for_staff: Callable[[], dict[str, int]] = dict
        self.replayed: dict[str, int] = defaultdict(int)
        self._server: ThreadingHTTPServer | None = None

    # -- fed by the kiosk ----------------------------------------------------------------------
    def observe_events(self, events: list[Event]) -> None:
        with self._lock:
            for event in events:
                if isinstance(event, ItemCheckedOut):
                    self.checkouts[str(event.loan.mode)] += 1
                elif isinstance(event, ItemRefused):
                    self.refusals[f"item_{event.reason}"] += 1
                elif isinstance(event, PatronRefused):
                    self.refusals[f"patron_{event.reason}"] += 1
                elif isinstance(event, ScanRejected):
                    self.refusals[f"scan_{event.reason}"] += 1
                elif isinstance(event, CardRefused):
                    self.refusals[f"card_{event.reason}"] += 1

    def observe_sip2(self, message: str, seconds: float) -> None:
        with self._lock:
            counts = self._latency.setdefault(message, [0] * len(BUCKETS))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1
            self._latency_sum[message] += seconds
            self._latency_count[message] += 1

    def observe_replay(self, outcomes: dict[str, int]) -> None:
        """What one journal replay did: rows sent, already there, failed, renewed."""
        with self._lock:
            for outcome, count in outcomes.items():
                self.replayed[outcome] += count

    def device(self, url: str, state: str) -> None:
        with self._lock:
            self.devices[url] = 1 if state == "connected" else 0

    def mode(self, mode: str, _cause: str = "") -> None:
        with self._lock:
            self.ils_online = 1 if str(mode) == "online" else 0

    # -- exposition ------------------------------------------------------------------------------
    def render(self) -> str:
        try:
            pending = int(self.journal_pending())
        except Exception:                 # a broken cache must not break the scrape
            log.exception("journal depth unavailable")
            pending = -1
        try:
            oldest = float(self.journal_oldest_seconds())
            for_staff = dict(self.journal_for_staff())
        except Exception:
            log.exception("journal state unavailable")
            oldest, for_staff = -1.0, {}
        lines = ["# HELP kiosk_checkouts_total Items lent, by mode.",
                 "# TYPE kiosk_checkouts_total counter"]
        with self._lock:
            for mode in ("online", "offline"):
                lines.append(f"kiosk_checkouts_total{_labels(mode=mode)} "
                             f"{self.checkouts.get(mode, 0)}")
            lines += ["# HELP kiosk_refusals_total Scans, patrons and items refused, by reason.",
                      "# TYPE kiosk_refusals_total counter"]
            lines += [f"kiosk_refusals_total{_labels(reason=r)} {n}"
                      for r, n in sorted(self.refusals.items())]
            lines += ["# HELP kiosk_journal_pending Offline loans not yet sent to the ILS.",
                      "# TYPE kiosk_journal_pending gauge", f"kiosk_journal_pending {pending}",
                      "# HELP kiosk_journal_oldest_seconds How long the oldest offline loan "
                      "not yet sent has waited (0: none waits).",
                      "# TYPE kiosk_journal_oldest_seconds gauge",
                      f"kiosk_journal_oldest_seconds {oldest:.0f}",
                      "# HELP kiosk_journal_for_staff Offline loans for staff: failed (the "
                      "ILS refused them), renewed (the ILS took the replay as a renewal: a "
                      "doubled loan).",
                      "# TYPE kiosk_journal_for_staff gauge"]
            lines += [f"kiosk_journal_for_staff{_labels(state=state)} "
                      f"{for_staff.get(state, 0)}" for state in ("failed", "renewed")]
            lines += ["# HELP kiosk_journal_replayed_total Journal rows replayed by this "
                      "kiosk, by outcome.",
                      "# TYPE kiosk_journal_replayed_total counter"]
            lines += [f"kiosk_journal_replayed_total{_labels(outcome=o)} "
                      f"{self.replayed.get(o, 0)}"
                      for o in ("sent", "already_there", "failed", "renewed")]
            lines += ["# HELP kiosk_ils_online 1 while the ILS answers, 0 while lending "
                      "offline.",
                      "# TYPE kiosk_ils_online gauge", f"kiosk_ils_online {self.ils_online}",
                      "# HELP kiosk_device_up 1 while a device is connected.",
                      "# TYPE kiosk_device_up gauge"]
            lines += [f"kiosk_device_up{_labels(device=url)} {up}"
                      for url, up in sorted(self.devices.items())]
            lines += ["# HELP kiosk_sip2_seconds SIP2 round trips, by request.",
                      "# TYPE kiosk_sip2_seconds histogram"]
            for message, counts in sorted(self._latency.items()):
                for bound, count in zip(BUCKETS, counts, strict=True):
                    labels = _labels(message=message, le=str(bound))
                    lines.append(f"kiosk_sip2_seconds_bucket{labels} {count}")
                total = self._latency_count[message]
                lines.append(f"kiosk_sip2_seconds_bucket{_labels(message=message, le='+Inf')} "
                             f"{total}")
                lines.append(f"kiosk_sip2_seconds_sum{_labels(message=message)} "
                             f"{self._latency_sum[message]:.6f}")
                lines.append(f"kiosk_sip2_seconds_count{_labels(message=message)} {total}")
        return "\n".join(lines) + "\n"

    def serve(self, host: str = "127.0.0.1", port: int = 9464) -> int:
        """Start the endpoint; returns the port (0 picks a free one)."""
        metrics = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/metrics":
                    self.send_error(404, "only /metrics here")
                    return
                body = metrics.render().encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return                                # scrapes every 15 s: not worth a line

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="metrics",
                         daemon=True).start()
        return int(self._server.server_address[1])

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
