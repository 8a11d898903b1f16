"""The patron session state machine: idle → patron signed in → items → finished → idle.

Plain Python and synchronous. The UI calls it from one worker thread, so calls never overlap;
each call returns the events it produced, in order.

The session knows what the patron has (the loans the ILS listed at sign-in, this visit's
loans and renewals) and answers a scan of one of them with "you already have this" without
sending a checkout, which the ILS would take as a renewal; the circulation answers the same
for loans the offline journal holds. It keeps one model of the visit's counts (new loans,
renewals, holds picked up, items left), carried by the events the screens show. Another card
while a patron is signed in asks "finished?" and switches nobody in silence.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.barcodes import (
    BarcodeRules,
    Rejection,
    RejectReason,
    Scan,
    classify_any,
    mask,
)
from kiosk.events import (
    CurrentLoan,
    EndReason,
    Event,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemRefused,
    ItemRenewed,
    Loan,
    LoansListed,
    LoansUnavailable,
    Mode,
    OtherCardScanned,
    PatronIdentified,
    PatronProblem,
    PatronRefused,
    PinRequested,
    RenewRefused,
    ScanProblem,
    ScanRejected,
    SessionCounts,
    SessionEnded,
)
from kiosk.lending import Circulation, Patron, PatronOutcome

log = logging.getLogger(__name__)

UNSECURED_KEPT = 64

_REJECTIONS = {
    RejectReason.EMPTY: ScanProblem.GARBAGE,
    RejectReason.GARBAGE: ScanProblem.GARBAGE,
    RejectReason.TOO_LONG: ScanProblem.GARBAGE,
    RejectReason.BAD_CHECK_DIGIT: ScanProblem.BAD_CHECK_DIGIT,
    RejectReason.RETIRED_CARD: ScanProblem.RETIRED_CARD,
    RejectReason.UNRECOGNISED: ScanProblem.UNRECOGNISED,
    RejectReason.NOT_LIBRARY_CODE: ScanProblem.NOT_LIBRARY_CODE,
}


@dataclass
class _Open:
    patron: Patron
    loans: list[Loan] = field(default_factory=list)          # new loans of this visit
    renewals: list[Loan] = field(default_factory=list)       # pressed, or as the ILS answered
    has: dict[str, Loan] = field(default_factory=dict)       # what they have, by item
    holds_waiting: set[str] = field(default_factory=set)
    holds_picked_up: int = 0
    listed: bool = False                                     # their loans were looked up

    @classmethod
    def signed_in(cls, patron: Patron) -> _Open:
        known = {item: Loan(item, "", None, "", Mode.ONLINE) for item in patron.charged_items}
        return cls(patron, has=known, holds_waiting=set(patron.holds_ready))

    def counts(self) -> SessionCounts:
        remaining = self.patron.remaining
        return SessionCounts(
            loans=len(self.loans), renewals=len(self.renewals),
            holds_picked_up=self.holds_picked_up, holds_waiting=len(self.holds_waiting),
            items_left=None if remaining is None else max(remaining - len(self.loans), 0))


@dataclass
class _AwaitingPin:
    card: str
    tries_left: int


class PatronSession:
    def __init__(self, circulation: Circulation, rules: BarcodeRules, *,
                 require_pin: bool = False, pin_tries: int = 3,
                 show_loans: bool = True, receipt_all_loans: bool = False) -> None:
        self._circulation = circulation
        self._rules = rules
        self._require_pin = require_pin
        self._pin_tries = pin_tries
        self._show_loans = show_loans
        self._receipt_all_loans = receipt_all_loans
        self._open: _Open | None = None
        self._awaiting_pin: _AwaitingPin | None = None
        # loans made by lend() whose security change is still to be recorded: item →
        # (card, mode); kept past the session's end, at most UNSECURED_KEPT
        self._unsecured: dict[str, tuple[str, Mode]] = {}

    @property
    def awaiting_pin(self) -> bool:
        return self._awaiting_pin is not None

    @property
    def signed_in(self) -> bool:
        return self._open is not None

    @property
    def counts(self) -> SessionCounts | None:
        """The visit's counts now; None while nobody is signed in."""
        return self._open.counts() if self._open else None

    @property
    def loans(self) -> tuple[Loan, ...]:
        return tuple(self._open.loans) if self._open else ()

    def scan(self, raw: str, alternatives: Sequence[str] = ()) -> list[Event]:
        """Handle one scan from any reader: a card opens a session, an item is lent.
        ``alternatives``: other codes read with it (a camera's picture); the card or item
        among them is chosen by the library's patterns."""
        result = classify_any((raw, *alternatives), self._rules)
        if isinstance(result, Rejection):
            log.info("scan rejected: %s (%s)", result.reason, result.detail)
            return [ScanRejected(_REJECTIONS[result.reason], result.detail)]
        if result.kind == "isbn":
            return [ScanRejected(ScanProblem.ISBN, result.value)]
        return self._card(result) if result.kind == "card" else self._item(result)

    def lend(self, item: str) -> list[Event]:
        """Lend an item named elsewhere (an RFID tag's content, kiosk.pad) exactly as a
        scanned item is lent: "you already have this", hold pick-up, limits and counts on
        the one path. No barcode pattern is applied: the tag's content is the item id. A
        loan made here waits for :meth:`record_security`."""
        events = self._lend(item, item)
        for event in events:
            if isinstance(event, ItemCheckedOut) and self._open is not None:
                self._unsecured[item] = (self._open.patron.card, event.loan.mode)
                while len(self._unsecured) > UNSECURED_KEPT:
                    del self._unsecured[next(iter(self._unsecured))]
        return events

    def record_security(self, item: str, ok: bool, state: str) -> bool:
        """The security change after a :meth:`lend` (the tag read back as ``state``), for the
        circulation to record with the loan: a log line online, the journal row offline.
        Works after the session ended too (the answer may come after "finished"). False
        when no loan of this kiosk's waits for it."""
        waiting = self._unsecured.pop(item, None)
        if waiting is None:
            return False
        card, mode = waiting
        try:
            self._circulation.record_security(card, item, mode, ok, state)
        except Exception:        # the record must never stop lending; the loan stands
            log.exception("could not record the security change of %s", item)
        return True

    def card(self, card: str) -> list[Event]:
        """A card number that came from elsewhere (a My Number card link), already valid."""
        if self._open is not None and self._open.patron.card == card:
            return [ScanRejected(ScanProblem.SAME_CARD, mask(card))]
        return self._identify(card)

    def pin(self, digits: str) -> list[Event]:
        """The PIN typed on the pad for the card read just before."""
        waiting = self._awaiting_pin
        if waiting is None:
            return []
        outcome = self._circulation.identify(waiting.card, digits)
        if outcome.problem is PatronProblem.WRONG_PIN:
            waiting.tries_left -= 1
            if waiting.tries_left > 0:
                return [PinRequested(mask(waiting.card), waiting.tries_left, wrong=True)]
            self._awaiting_pin = None
            log.info("card %s: PIN wrong %d times; sent to the counter", mask(waiting.card),
                     self._pin_tries)
            return [PatronRefused(mask(waiting.card), PatronProblem.WRONG_PIN,
                                  outcome.ils_message)]
        self._awaiting_pin = None
        return self._opened(waiting.card, outcome)

    def cancel_pin(self) -> list[Event]:
        self._awaiting_pin = None
        return []

    def my_loans(self) -> list[Event]:
        """Everything the signed-in patron has on loan, for the "my loans" screen."""
        if self._open is None:
            return []
        if not self._show_loans:
            return [LoansUnavailable(offline=False)]
        loans = self._circulation.current_loans(self._open.patron.card)
        if loans is None:
            return [LoansUnavailable(offline=True)]
        self._learn(loans)
        return [LoansListed(loans)]

    def renew(self, item: str) -> list[Event]:
        if self._open is None:
            return []
        session = self._open
        outcome = self._circulation.renew(session.patron.card, item)
        if outcome.loan is None:
            assert outcome.problem is not None
            return [RenewRefused(item, outcome.title, outcome.problem, outcome.ils_message)]
        session.renewals.append(outcome.loan)
        session.has[item] = outcome.loan
        return [ItemRenewed(outcome.loan, counts=session.counts())]

    def finish(self, reason: EndReason = EndReason.FINISHED) -> list[Event]:
        self._awaiting_pin = None
        if self._open is None:
            return []
        session, self._open = self._open, None
        all_loans = None
        if self._receipt_all_loans and (session.loans or session.renewals) \
                and reason is not EndReason.NEW_PATRON:
            current = self._circulation.current_loans(session.patron.card)
            if current is not None:
                all_loans = tuple(Loan(c.item, c.title, c.due, "", Mode.ONLINE)
                                  for c in current)
        self._circulation.end_session(session.patron.card)
        log.info("session of %s ended (%s) with %d loans and %d renewals",
                 mask(session.patron.card), reason, len(session.loans), len(session.renewals))
        return [SessionEnded(mask(session.patron.card), reason, tuple(session.loans),
                             all_loans, renewals=tuple(session.renewals),
                             counts=session.counts())]

    # ---------------------------------------------------------------------------------------
    def _card(self, scan: Scan) -> list[Event]:
        if self._open is not None and self._open.patron.card == scan.value:
            return [ScanRejected(ScanProblem.SAME_CARD, scan.raw_masked)]
        return self._identify(scan.value)

    def _another_card(self, card: str) -> list[Event] | None:
        """Another card while a patron is signed in: ask them whether they are finished (the
        next patron may be waiting, or they scanned a family member's card). Nothing ends
        until they answer on the screen (finish, or carry on)."""
        if self._open is None or self._open.patron.card == card:
            return None
        log.info("card %s scanned during %s's session: asking whether they are finished",
                 mask(card), mask(self._open.patron.card))
        return [OtherCardScanned(mask(self._open.patron.card), mask(card))]

    def _identify(self, card: str) -> list[Event]:
        asked = self._another_card(card)
        if asked is not None:
            return asked
        events: list[Event] = self.finish(EndReason.NEW_PATRON)   # nothing open: a no-op
        outcome = self._circulation.identify(card)
        if self._require_pin and outcome.problem is PatronProblem.WRONG_PIN:
            # No PIN was sent: the ILS (or the branch) wants one. Ask for it on the pad.
            self._awaiting_pin = _AwaitingPin(card, self._pin_tries)
            events.append(PinRequested(mask(card), self._pin_tries))
            return events
        return events + self._opened(card, outcome)

    def _opened(self, card: str, outcome: PatronOutcome) -> list[Event]:
        if outcome.patron is None:
            assert outcome.problem is not None
            return [PatronRefused(mask(card), outcome.problem, outcome.ils_message)]
        patron = outcome.patron
        self._open = session = _Open.signed_in(patron)
        counts = session.counts()
        return [PatronIdentified(mask(card), patron.name, patron.charged_count,
                                 patron.ils_message, remaining=counts.items_left,
                                 holds_ready=counts.holds_waiting, counts=counts)]

    def _item(self, scan: Scan) -> list[Event]:
        return self._lend(scan.value, scan.raw_masked)

    def _lend(self, item: str, shown: str) -> list[Event]:
        session = self._open
        if session is None:
            return [ScanRejected(ScanProblem.CARD_EXPECTED, shown)]
        card = session.patron.card
        if item in session.has:
            # They have it (listed at sign-in, or lent or renewed this visit): never send the
            # checkout, which the ILS would count as a renewal.
            return [ItemAlreadyOnLoan(mask(card), self._what_they_have(item))]
        outcome = self._circulation.checkout(card, item)
        if outcome.loan is None:
            assert outcome.problem is not None
            return [ItemRefused(item, outcome.title, outcome.problem, outcome.ils_message)]
        loan = outcome.loan
        session.has[item] = loan
        if outcome.already:          # the journal holds it for them: nothing was sent
            return [ItemAlreadyOnLoan(mask(card), loan)]
        pickup = item in session.holds_waiting
        if loan.renewal:
            # The ILS took the checkout as a renewal (it had the loan though the kiosk did
            # not know): a renewal, never a new loan, in every count.
            # the item alone: no log line puts a card, even masked, beside an item
            log.warning("checkout of %s answered as a renewal (the ILS had the loan already)",
                        item)
            session.renewals.append(loan)
        else:
            session.loans.append(loan)
        if pickup:
            session.holds_waiting.discard(item)
            session.holds_picked_up += 1
        return [ItemCheckedOut(mask(card), loan, hold_pickup=pickup, counts=session.counts())]

    def _what_they_have(self, item: str) -> Loan:
        """The loan as known, with its due date: looked up once (the patron's loans) for an
        item the ILS listed at sign-in without one."""
        session = self._open
        assert session is not None
        if session.has[item].due is None and not session.listed:
            session.listed = True
            loans = self._circulation.current_loans(session.patron.card)
            if loans is not None:
                self._learn(loans)
        return session.has[item]

    def _learn(self, loans: tuple[CurrentLoan, ...]) -> None:
        """Titles and due dates of the patron's loans, as the ILS lists them."""
        session = self._open
        if session is None:
            return
        session.listed = True
        for loan in loans:
            known = session.has.get(loan.item)
            if known is None or known.due is None or loan.due is not None:
                session.has[loan.item] = Loan(loan.item, loan.title or (known.title if known
                                                                       else ""),
                                              loan.due, "", known.mode if known
                                              else Mode.ONLINE,
                                              renewal=bool(known and known.renewal))
