"""The patron session state machine: idle → patron signed in → items → finished → idle.

Plain Python and synchronous. The UI calls it from one worker thread, so calls never overlap;
each call returns the events it produced, in order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kiosk.barcodes import BarcodeRules, Rejection, RejectReason, Scan, classify, mask
from kiosk.circulation import Circulation, Patron
from kiosk.events import (
    EndReason,
    Event,
    ItemCheckedOut,
    ItemRefused,
    Loan,
    PatronIdentified,
    PatronRefused,
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


class PatronSession:
    def __init__(self, circulation: Circulation, rules: BarcodeRules) -> None:
        self._circulation = circulation
        self._rules = rules
        self._open: _Open | None = None

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

    def finish(self, reason: EndReason = EndReason.FINISHED) -> list[Event]:
        if self._open is None:
            return []
        session, self._open = self._open, None
        self._circulation.end_session(session.patron.card)
        log.info("session of %s ended (%s) with %d loans", mask(session.patron.card), reason,
                 len(session.loans))
        return [SessionEnded(mask(session.patron.card), reason, tuple(session.loans))]

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
        if outcome.patron is None:
            assert outcome.problem is not None
            events.append(PatronRefused(mask(card), outcome.problem, outcome.ils_message))
            return events
        self._open = _Open(outcome.patron)
        events.append(PatronIdentified(mask(card), outcome.patron.name,
                                       outcome.patron.charged_count,
                                       outcome.patron.ils_message))
        return events

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
        return [ItemCheckedOut(mask(self._open.patron.card), outcome.loan)]
