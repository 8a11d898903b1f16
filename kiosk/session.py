"""The patron session state machine: idle → patron signed in → items → finished → idle.

Plain Python and synchronous. The UI calls it from one worker thread, so calls never overlap;
each call returns the events it produced, in order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kiosk.barcodes import BarcodeRules, Rejection, RejectReason, Scan, classify, mask
from kiosk.circulation import Circulation, Patron, PatronOutcome
from kiosk.events import (
    EndReason,
    Event,
    ItemCheckedOut,
    ItemRefused,
    ItemRenewed,
    Loan,
    LoansListed,
    LoansUnavailable,
    Mode,
    PatronIdentified,
    PatronProblem,
    PatronRefused,
    PinRequested,
    RenewRefused,
    ScanProblem,
    ScanRejected,
    SessionEnded,
)

log = logging.getLogger(__name__)

_REJECTIONS = {
    RejectReason.EMPTY: ScanProblem.GARBAGE,
    RejectReason.GARBAGE: ScanProblem.GARBAGE,
    RejectReason.TOO_LONG: ScanProblem.GARBAGE,
    RejectReason.BAD_CHECK_DIGIT: ScanProblem.BAD_CHECK_DIGIT,
    RejectReason.RETIRED_CARD: ScanProblem.RETIRED_CARD,
    RejectReason.UNRECOGNISED: ScanProblem.UNRECOGNISED,
}


@dataclass
class _Open:
    patron: Patron
    loans: list[Loan] = field(default_factory=list)
    seen_items: set[str] = field(default_factory=set)


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

    @property
    def awaiting_pin(self) -> bool:
        return self._awaiting_pin is not None

    @property
    def signed_in(self) -> bool:
        return self._open is not None

    @property
    def loans(self) -> tuple[Loan, ...]:
        return tuple(self._open.loans) if self._open else ()

    def scan(self, raw: str) -> list[Event]:
        """Handle one scan from any reader: a card opens a session, an item is lent."""
        result = classify(raw, self._rules)
        if isinstance(result, Rejection):
            log.info("scan rejected: %s (%s)", result.reason, result.detail)
            return [ScanRejected(_REJECTIONS[result.reason], result.detail)]
        if result.kind == "isbn":
            return [ScanRejected(ScanProblem.ISBN, result.value)]
        return self._card(result) if result.kind == "card" else self._item(result)

    def card(self, card: str) -> list[Event]:
        """A card number that came from elsewhere (a My Number card link), already valid."""
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
        return [LoansListed(loans)]

    def renew(self, item: str) -> list[Event]:
        if self._open is None:
            return []
        outcome = self._circulation.renew(self._open.patron.card, item)
        if outcome.loan is None:
            assert outcome.problem is not None
            return [RenewRefused(item, outcome.title, outcome.problem, outcome.ils_message)]
        return [ItemRenewed(outcome.loan)]

    def finish(self, reason: EndReason = EndReason.FINISHED) -> list[Event]:
        self._awaiting_pin = None
        if self._open is None:
            return []
        session, self._open = self._open, None
        all_loans = None
        if self._receipt_all_loans and session.loans and reason is not EndReason.NEW_PATRON:
            current = self._circulation.current_loans(session.patron.card)
            if current is not None:
                all_loans = tuple(Loan(c.item, c.title, c.due, "", Mode.ONLINE)
                                  for c in current)
        self._circulation.end_session(session.patron.card)
        log.info("session of %s ended (%s) with %d loans", mask(session.patron.card), reason,
                 len(session.loans))
        return [SessionEnded(mask(session.patron.card), reason, tuple(session.loans),
                             all_loans)]

    # ---------------------------------------------------------------------------------------
    def _card(self, scan: Scan) -> list[Event]:
        if self._open is not None and self._open.patron.card == scan.value:
            return [ScanRejected(ScanProblem.SAME_CARD, scan.raw_masked)]
        return self._identify(scan.value)

    def _identify(self, card: str) -> list[Event]:
        # A new card while a session is open: the previous patron walked away without
        # finishing. Close theirs first so nothing of theirs shows to the next patron.
        events: list[Event] = self.finish(EndReason.NEW_PATRON)
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
        self._open = _Open(patron)
        remaining = (max(patron.charged_limit - patron.charged_count, 0)
                     if patron.charged_limit else None)
        return [PatronIdentified(mask(card), patron.name, patron.charged_count,
                                 patron.ils_message, remaining=remaining,
                                 holds_ready=len(patron.holds_ready))]

    def _item(self, scan: Scan) -> list[Event]:
        if self._open is None:
            return [ScanRejected(ScanProblem.CARD_EXPECTED, scan.raw_masked)]
        if scan.value in self._open.seen_items:
            # Never send the checkout again: the ILS would count it as a renewal.
            return [ScanRejected(ScanProblem.DUPLICATE_ITEM, scan.value)]
        outcome = self._circulation.checkout(self._open.patron.card, scan.value)
        if outcome.loan is None:
            assert outcome.problem is not None
            return [ItemRefused(scan.value, outcome.title, outcome.problem, outcome.ils_message)]
        self._open.seen_items.add(scan.value)
        self._open.loans.append(outcome.loan)
        return [ItemCheckedOut(mask(self._open.patron.card), outcome.loan,
                               hold_pickup=scan.value in self._open.patron.holds_ready)]
