"""Online when the ILS answers, offline when it does not, and back by itself.

``ResilientCirculation`` is the Circulation the session uses: each call goes to the ILS while
it is reachable; the first call that finds it unreachable switches to offline mode and is
answered from the cache at once, so a patron in the middle of a session loses nothing.
``IlsWatch`` (a plain thread) asks the ILS every few seconds while offline and switches back,
then replays the journal; while online it keeps the connection alive.

The journal drains by itself: the watch replays it whenever rows wait and the kiosk is
online — at start (a kiosk restarted with rows pending while the ILS answers), when the ILS
comes back, after a replay cut short (the ILS went away mid-replay, or a staff replay held
the lock), and on a timer while rows wait. A replay that finds the ILS unreachable puts the
kiosk offline, so the probe that brings it back replays again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.events import CurrentLoan, ItemProblem, Mode, PatronProblem
from kiosk.lending import CheckoutOutcome, Circulation, PatronOutcome, RenewOutcome
from sync.replay import ReplayReport, StopReason
from sync.sip2.client import Sip2Client
from sync.sip2.codec import Sip2Error

log = logging.getLogger(__name__)

ModeListener = Callable[[Mode, str], None]   # new mode, cause for staff
MAX_DRAIN_BACKOFF = 300.0       # seconds between replays the ILS keeps refusing (a login)
# stops worth another try at the next tick: the ILS went away mid-replay, or another replay
# (a staff member's) held the journal
_SOON = (StopReason.IN_DOUBT, StopReason.BUSY, StopReason.MAX_ROWS)


@dataclass(frozen=True)
class ModeChange:
    mode: Mode
    cause: str


class JournallingCirculation(Circulation, Protocol):
    """The offline side: a :class:`Circulation` whose checkout can journal a loan the ILS
    may have made already (kiosk.offline.OfflineCirculation; in tests, an in-memory one)."""

    def checkout(self, card: str, item: str, *, maybe_at_ils: bool = False
                 ) -> CheckoutOutcome: ...


class ResilientCirculation:
    """``online``: any :class:`Circulation` that answers ILS_UNAVAILABLE (with
    ``maybe_delivered`` when a checkout may have reached it) while the library is away
    (kiosk.circulation.OnlineCirculation); ``offline``: a :class:`JournallingCirculation`."""

    def __init__(self, online: Circulation, offline: JournallingCirculation,
                 *, start_offline: bool = False) -> None:
        self._online = online
        self._offline = offline
        self._lock = threading.Lock()
        self._mode = Mode.OFFLINE if start_offline else Mode.ONLINE
        self._listeners: list[ModeListener] = []

    @property
    def mode(self) -> Mode:
        with self._lock:
            return self._mode

    def on_mode_change(self, listener: ModeListener) -> None:
        self._listeners.append(listener)

    def set_mode(self, mode: Mode, cause: str) -> None:
        with self._lock:
            if mode == self._mode:
                return
            self._mode = mode
        log.warning("now %s: %s", mode, cause)
        for listener in list(self._listeners):
            try:
                listener(mode, cause)
            except Exception:
                log.exception("mode listener failed")

    def identify(self, card: str, pin: str | None = None) -> PatronOutcome:
        if self.mode is Mode.ONLINE:
            outcome = self._online.identify(card, pin)
            if outcome.problem is not PatronProblem.ILS_UNAVAILABLE:
                return outcome
            self.set_mode(Mode.OFFLINE, "the ILS did not answer a patron lookup")
        return self._offline.identify(card, pin)

    def checkout(self, card: str, item: str) -> CheckoutOutcome:
        if self.mode is Mode.ONLINE:
            outcome = self._online.checkout(card, item)
            if outcome.problem is not ItemProblem.ILS_UNAVAILABLE:
                return outcome
            self.set_mode(Mode.OFFLINE, "the ILS did not answer a checkout")
            if outcome.maybe_delivered:
                # The ILS may have made this loan: journal it as possibly sent, so the replay
                # asks the ILS before sending it (never two loans, and the patron keeps it).
                return self._offline.checkout(card, item, maybe_at_ils=True)
        return self._offline.checkout(card, item)

    def end_session(self, card: str) -> None:
        if self.mode is Mode.ONLINE:
            self._online.end_session(card)

    def current_loans(self, card: str) -> tuple[CurrentLoan, ...] | None:
        if self.mode is Mode.ONLINE:
            return self._online.current_loans(card)
        return None

    def record_security(self, card: str, item: str, mode: Mode, ok: bool, state: str) -> None:
        """By the loan's mode, not the kiosk's now: an offline loan's row holds the result
        even once the ILS is back (a row already replayed keeps it too)."""
        if mode is Mode.OFFLINE:
            self._offline.record_security(card, item, mode, ok, state)
        else:
            self._online.record_security(card, item, mode, ok, state)

    def renew(self, card: str, item: str) -> RenewOutcome:
        """Online only: a renewal is the ILS's decision and cannot be journalled."""
        if self.mode is not Mode.ONLINE:
            return RenewOutcome(None, problem=ItemProblem.ILS_UNAVAILABLE)
        outcome = self._online.renew(card, item)
        if outcome.problem is ItemProblem.ILS_UNAVAILABLE:
            self.set_mode(Mode.OFFLINE, "the ILS did not answer a renewal")
        return outcome


class IlsWatch:
    """A background thread: probes the ILS while offline, keeps it alive while online, and
    drains the journal while rows wait and the ILS answers.

    ``drain``: one replay run (``max_rows`` at most; the watch repeats it while it stops at
    that limit, so stopping the kiosk never waits for a long journal); ``journal_open``: how
    many rows wait. ``drain_seconds``: how often to try again while rows wait (default the
    offline retry interval); refusals that will not clear by themselves (a login refused, a
    SIP2 setup error) back off, doubling up to five minutes."""

    DRAIN_CHUNK = 256

    def __init__(self, circulation: ResilientCirculation, client: Sip2Client, *,
                 retry_seconds: float, keepalive_seconds: float = 30.0,
                 on_back_online: Callable[[], None] | None = None,
                 drain: Callable[[int | None], ReplayReport] | None = None,
                 journal_open: Callable[[], int] | None = None,
                 drain_seconds: float | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._circulation = circulation
        self._client = client
        self._retry = max(retry_seconds, 0.2)
        self._keepalive = keepalive_seconds
        self._on_back_online = on_back_online
        self._drain = drain
        self._journal_open = journal_open
        self._drain_every = max(drain_seconds if drain_seconds is not None else retry_seconds,
                                0.2)
        self._monotonic = monotonic
        self._next_drain = 0.0            # due at once: a kiosk starting with rows waiting
        self._drain_failures = 0
        self._draining = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ils-watch", daemon=True)
        self.last_replay: tuple[float, ReplayReport] | None = None   # (wall clock, report)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def check_now(self) -> Mode:
        """One probe: SC status. Switches mode on the answer (or its absence)."""
        try:
            status = self._client.sc_status()
        except Sip2Error as exc:
            self._circulation.set_mode(Mode.OFFLINE, f"the ILS does not answer: {exc}")
            return Mode.OFFLINE
        if not status.online:
            self._circulation.set_mode(Mode.OFFLINE, "the ILS says it is offline")
            return Mode.OFFLINE
        was_offline = self._circulation.mode is Mode.OFFLINE
        self._circulation.set_mode(Mode.ONLINE, "the ILS answers again")
        if was_offline:
            if self._on_back_online is not None:
                try:
                    self._on_back_online()
                except Exception:
                    log.exception("after coming back online")
            self._next_drain = 0.0
            self.drain_now()
        return Mode.ONLINE

    def drain_now(self) -> ReplayReport | None:
        """Replay the journal if rows wait and the kiosk is online; None when nothing was
        tried. Schedules the next try: soon while rows wait, later after refusals."""
        if self._drain is None or self._journal_open is None:
            return None
        with self._draining:
            self._next_drain = self._monotonic() + self._drain_every
            if self._circulation.mode is not Mode.ONLINE:
                return None
            try:
                if not self._journal_open():
                    self._drain_failures = 0
                    return None
                report = self._drain(self.DRAIN_CHUNK)
                while (report.stopped_because is StopReason.MAX_ROWS
                       and not self._stop.is_set()):
                    report = self._drain(self.DRAIN_CHUNK)
            except Exception:
                log.exception("journal replay failed")
                self._drain_failures += 1
                self._next_drain = self._monotonic() + self._backoff()
                return None
            self.last_replay = (time.time(), report)
            self._after(report)
            return report

    def _after(self, report: ReplayReport) -> None:
        why = report.stopped_because
        if why is StopReason.DRAINED:
            self._drain_failures = 0
            return
        if why in (StopReason.UNREACHABLE, StopReason.ILS_OFFLINE):
            # the probe brings the kiosk back, and the journal is replayed then
            self._circulation.set_mode(Mode.OFFLINE, "the ILS did not answer the journal "
                                       f"replay: {report.detail or why}")
            return
        if why in _SOON:
            log.warning("journal replay stopped (%s): trying again in %.0f s", why,
                        self._drain_every)
            return
        self._drain_failures += 1
        delay = self._backoff()
        self._next_drain = self._monotonic() + delay
        log.error("journal replay stopped (%s: %s): trying again in %.0f s", why,
                  report.detail, delay)

    def _backoff(self) -> float:
        return float(min(self._drain_every * 2 ** self._drain_failures, MAX_DRAIN_BACKOFF))

    def keep_alive(self) -> None:
        """While online: an SC status only when the connection has been idle a while."""
        try:
            status = self._client.keep_alive()
        except Sip2Error as exc:
            self._circulation.set_mode(Mode.OFFLINE, f"the ILS does not answer: {exc}")
            return
        if status is not None and not status.online:
            self._circulation.set_mode(Mode.OFFLINE, "the ILS says it is offline")

    def _run(self) -> None:
        while not self._stop.is_set():
            if (self._circulation.mode is Mode.ONLINE
                    and self._monotonic() >= self._next_drain):
                self.drain_now()
            offline = self._circulation.mode is Mode.OFFLINE
            wait = self._retry if offline else min(self._keepalive, 30.0)
            if not offline and self._drain is not None:
                wait = min(wait, max(self._next_drain - self._monotonic(), 0.05))
            if self._stop.wait(wait):
                return
            if offline:
                self.check_now()
            else:
                self.keep_alive()
