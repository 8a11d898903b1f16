"""The RFID book pad, read off the GUI thread: a poll loop on the worker's "rfid" queue.

Every ``poll_ms`` a QTimer (the window's child, stopped with it) asks for one inventory on the
"rfid" queue, never two at once: a tick while one runs is skipped. Inventories feed a
:class:`drivers.rfid.pad.PadWatcher` (a tag counts as placed after two in a row, as gone after
two misses), and each newly placed tag is read (``kiosk.rfid_station.read_tag``) on the same
queue before the window hears of it. Security writes for a loan run on that queue too, so a
tag is never written while an inventory is in the air.

A reader that goes away (unplugged, silent, answering garbage) is said once as a device state
(staff: the reader's own words; patrons: "use the barcode"), and the loop keeps trying, every
``retry_ms``, as the scanners do: FEIG and the fake reopen on the next call. RF noise (a
collision, a tag at the edge) only skips the round. Every failed call is counted in metrics.

Tags already on the pad when it starts (books someone left there before a restart) are
listed for staff but never offered to a patron's session until they are taken off and put
back: the first patron after a restart must not be lent what the last one left behind.

A loan's security write that the reader's going away interrupted (unplugged, silent, garbled)
is not failed at once: it waits, and is written again the moment the reader answers an
inventory (a tag taken off meanwhile then fails with its own words). Only if the reader is not
back within ``security_wait_ms`` (or the pad is stopped) is the book said for staff.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from drivers.ports import DeviceState
from drivers.rfid.pad import PadWatcher
from drivers.rfid.port import Garbage, ReaderGone, RfError, RfidError, RfidReader
from kiosk.metrics import Metrics
from kiosk.rfid import RfidSettings, SecurityState
from kiosk.rfid_station import SecurityResult, TagReport, read_tag, set_security
from ui.worker import Worker, cause_of

log = logging.getLogger(__name__)

QUEUE = "rfid"
RETRY_MS = 2000                 # a reader that went away is tried again this often
FAILURES_BEFORE_GONE = 3        # garbled answers in a row before the reader counts as gone
SECURITY_WAIT_MS = 8000         # a loan's security write waits this long for a reader to return

SecurityDone = Callable[[bool, str, SecurityState | None], None]


@dataclass
class _Parked:
    """A loan's security write the reader's going away interrupted, waiting for it."""

    uids: tuple[str, ...]
    on_loan: bool
    done: SecurityDone
    since: float = 0.0           # time.monotonic() when the reader's going away first cut it
    cause: str = ""


@dataclass(frozen=True)
class PadRound:
    """What one inventory changed: tags placed (read), tags taken off, and every tag on the
    pad now with what it says (for staff's live list)."""

    placed: tuple[TagReport, ...] = ()
    removed: tuple[str, ...] = ()
    on_pad: tuple[TagReport, ...] = ()
    changed: bool = True
    error: RfidError | None = None      # the reader went away (or talked garbage) meanwhile


@dataclass
class _PadState:
    """Touched on the "rfid" queue's thread only."""

    watcher: PadWatcher = field(default_factory=PadWatcher)
    reports: dict[str, TagReport] = field(default_factory=dict)   # on the pad, read
    unread: list[str] = field(default_factory=list)                 # placed, not read yet
    started: bool = False               # an inventory has answered since the pad started
    left: set[str] = field(default_factory=set)    # on the pad then: not lent until lifted


class PadReader(QObject):
    """Polls the pad; ``changed`` (a PadRound) and ``status`` (url, state, cause) come on the
    GUI thread."""

    changed = Signal(object)
    status = Signal(str, str, str)

    def __init__(self, reader: RfidReader, settings: RfidSettings, worker: Worker, *,
                 metrics: Metrics | None = None, poll_ms: int = 200, placed_after: int = 2,
                 on_removed: Callable[[tuple[str, ...]], None] | None = None,
                 parent: QObject | None = None) -> None:
        """``placed_after``: inventories in a row before a tag counts as placed;
        ``on_removed``: told on the "rfid" queue's thread, the moment tags are taken off
        (kiosk.pad.Pad.taken_off: a book not yet sent is then not lent)."""
        super().__init__(parent)
        self.reader, self.settings, self.worker, self.metrics = reader, settings, worker, metrics
        self.url = reader.url
        self.poll_ms = poll_ms
        self.state = str(DeviceState.CONNECTED)
        self.cause = ""
        self.on_pad: tuple[TagReport, ...] = ()
        self.rounds = 0                          # inventories answered (tests, staff)
        self._busy = False
        self._failures = 0                       # reader calls failed in a row
        self._pad = _PadState(PadWatcher(placed_after=placed_after))
        self._on_removed = on_removed
        self.security_wait_ms = SECURITY_WAIT_MS
        self._parked: list[_Parked] = []        # GUI thread only
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._stopped = True                    # a write cut after this is not kept either
        self.give_up_waiting("the pad was stopped")

    @property
    def waiting_writes(self) -> int:
        """Loans' security writes waiting for the reader to come back."""
        return len(self._parked)

    def went_away(self, cause: str) -> None:
        """The reader did not open at start: say so now, and keep trying."""
        self._set_state(str(DeviceState.DISCONNECTED), cause)

    # -- the loop (GUI thread) ---------------------------------------------------------------
    def poll(self) -> None:
        if self._busy:
            return                              # one inventory at a time: skip this tick
        self._busy = True
        self.worker.submit(self._read, self._read_done, self._read_failed, queue=QUEUE)

    def _read_done(self, result: PadRound | None) -> None:
        if result is not None and result.error is not None:
            self._read_failed(result.error)     # said once there, not logged every retry
            if result.changed:
                self.on_pad = result.on_pad
                self.changed.emit(result)       # the tags read before it went
            return
        self._busy = False
        self._failures = 0
        self.rounds += 1
        if self.state != str(DeviceState.CONNECTED):
            self._set_state(str(DeviceState.CONNECTED), "")
            self._timer.setInterval(self.poll_ms)
        self._write_parked()                    # the reader answers: their turn now
        if result is None:
            return
        self.on_pad = result.on_pad
        self.changed.emit(result)

    def _read_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._failures += 1
        if isinstance(exc, RfidError):
            cause = cause_of(exc)
        else:
            log.error("RFID pad %s: %r", self.url, exc)
            cause = f"{type(exc).__name__}: {exc}"
        if not isinstance(exc, ReaderGone) and self._failures < FAILURES_BEFORE_GONE:
            log.warning("RFID pad %s: %s (trying again)", self.url, cause)
            return                              # one garbled answer is not a broken reader
        if self.state != str(DeviceState.DISCONNECTED):
            log.error("RFID pad %s not answering: %s (barcodes still work; retrying every "
                      "%.0f s)", self.url, cause, RETRY_MS / 1000)
        self._set_state(str(DeviceState.DISCONNECTED), cause)
        self._timer.setInterval(RETRY_MS)
        waited = time.monotonic() - self.security_wait_ms / 1000
        self._give_up_parked(f"the reader did not come back within "
                             f"{self.security_wait_ms / 1000:g} s", older_than=waited)

    def _set_state(self, state: str, cause: str) -> None:
        changed = (state, cause) != (self.state, self.cause)
        self.state, self.cause = state, cause
        if changed:
            self.status.emit(self.url, state, cause)

    # -- on the "rfid" queue -----------------------------------------------------------------
    def _count(self, exc: BaseException) -> None:
        if self.metrics is not None:
            self.metrics.rfid_error(exc)

    def _read(self) -> PadRound | None:
        """One inventory, fed to the watcher; tags newly placed (and any left unread by a
        reader that went away mid-read) are read. None: RF noise, nothing learnt; a round
        with ``error`` when the reader is gone or talks garbage (with the tags read before
        it went; the others are read when it is back)."""
        pad = self._pad
        try:
            seen = self.reader.inventory()
        except RfError as exc:
            self._count(exc)
            return None
        except RfidError as exc:
            self._count(exc)
            return PadRound(on_pad=self._on_pad(), changed=False, error=exc)
        if not pad.started:
            pad.started = True
            pad.left = {tag.uid for tag in seen}
            if pad.left:
                log.warning("RFID pad %s: %d tag(s) already on the pad when it started (left "
                            "by someone before a restart?): not lent until taken off and put "
                            "back", self.url, len(pad.left))
        change = pad.watcher.feed(tag.uid for tag in seen)
        if change.removed and self._on_removed is not None:
            self._on_removed(change.removed)
        for uid in change.removed:
            pad.left.discard(uid)
            pad.reports.pop(uid, None)
            if uid in pad.unread:
                pad.unread.remove(uid)
        pad.unread += [uid for uid in change.placed if uid not in pad.unread]
        placed = []
        error: RfidError | None = None
        while pad.unread:
            uid = pad.unread[0]
            try:
                report = read_tag(self.reader, uid, self.settings.tags)
            except RfidError as exc:            # gone mid-stack: read it when it is back
                self._count(exc)
                error = exc
                break
            if not report.reading.ok:
                log.info("RFID tag %s: %s (%s)", uid, report.reading.problem,
                         report.reading.detail)
            pad.unread.pop(0)
            pad.reports[uid] = report            # staff's list shows it either way
            if uid not in pad.left:
                placed.append(report)
        return PadRound(tuple(placed), change.removed, self._on_pad(),
                        bool(placed or change.removed), error)

    def _on_pad(self) -> tuple[TagReport, ...]:
        pad = self._pad
        return tuple(pad.reports[uid] for uid in pad.watcher.on_pad if uid in pad.reports)

    # -- security, on the same queue -----------------------------------------------------------
    def secure(self, uids: tuple[str, ...], *, on_loan: bool, done: SecurityDone) -> None:
        """Set the tags' security for a loan (or a return) and read it back, on the "rfid"
        queue; ``done(ok, detail, read back)`` on the GUI thread, once. A write the reader's
        going away interrupted waits for it (see the module's docstring). (A failed write
        is counted in metrics from the pad's SecurityNotChanged, as the patron sees it.)"""
        self._secure(_Parked(uids, on_loan, done))

    def _secure(self, write: _Parked) -> None:
        reader, policy = self.reader, self.settings.security

        def job() -> tuple[bool, str, SecurityState | None] | RfidError:
            results: list[SecurityResult] = []
            for uid in write.uids:
                try:
                    results.append(set_security(reader, uid, policy, on_loan=write.on_loan))
                except (ReaderGone, Garbage) as exc:      # the reader, not the tag: wait
                    self._count(exc)
                    return exc
                except RfidError as exc:
                    self._count(exc)
                    results.append(SecurityResult(False, SecurityState(),
                                                  f"tag {uid}: {exc}"))
            failed = [r.detail for r in results if not r.ok]
            return not failed, "; ".join(failed), results[-1].state if results else None

        def answered(result: tuple[bool, str, SecurityState | None] | RfidError) -> None:
            if isinstance(result, RfidError):
                write.cause = cause_of(result)
                if self._stopped:
                    write.done(False, f"{write.cause}; the pad was stopped", None)
                    return
                log.warning("RFID pad %s: security of %s waits for the reader (%s)",
                            self.url, ", ".join(write.uids), write.cause)
                write.since = write.since or time.monotonic()
                self._parked.append(write)
                return
            write.done(*result)

        def failed(exc: BaseException) -> None:
            write.done(False, f"{type(exc).__name__}: {exc}", None)

        self.worker.submit(job, answered, failed, queue=QUEUE)

    def _write_parked(self) -> None:
        """The reader answers: write the waiting ones again (those waiting too long, when
        writes keep failing while inventories work, fail now)."""
        self._give_up_parked(f"no write got through within {self.security_wait_ms / 1000:g} s",
                             older_than=time.monotonic() - self.security_wait_ms / 1000)
        parked, self._parked = self._parked, []
        for write in parked:
            log.info("RFID pad %s back: security of %s written again", self.url,
                     ", ".join(write.uids))
            self._secure(write)

    def give_up_waiting(self, why: str) -> None:
        """Answer now, as failed, every write waiting for the reader (the patron is leaving:
        their books go to staff while the session can still say so and record it)."""
        self._give_up_parked(why)

    def _give_up_parked(self, why: str, older_than: float | None = None) -> None:
        given_up = [w for w in self._parked if older_than is None or w.since <= older_than]
        self._parked = [w for w in self._parked if w not in given_up]   # before any callback
        for write in given_up:
            write.done(False, f"{write.cause}; {why}", None)
