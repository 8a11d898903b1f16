"""My Number cards at the kiosk, lawful by design (ADR 0005): the desk, which signs a patron
in with the library card a My Number card is linked to.

A card placed is read and checked (the :class:`CardReading` port: APDUs and certificates in
kiosk.mynumber_card, never the 12-digit number), its link key looked up (the
:class:`LinkStore` port: the cache's link table, sync.cache) and the linked library card
signed in through the patron session; in strong mode the card's PIN is proved first. Staff
link a card to a library card here too. Nothing in this module touches a reader, a
certificate or SQL.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from kiosk.barcodes import BarcodeRules, Rejection, classify, mask
from kiosk.events import (
    CardLinked,
    CardPinRequested,
    CardProblem,
    CardRefused,
    Event,
    ScanProblem,
    ScanRejected,
)
from kiosk.session import PatronSession

log = logging.getLogger(__name__)

Problem = CardProblem          # the reasons, shared with the UI through kiosk.events


class MyNumberError(Exception):
    def __init__(self, problem: Problem, detail: str = "", tries_left: int | None = None):
        super().__init__(f"{problem}: {detail}" if detail else str(problem))
        self.problem, self.detail, self.tries_left = problem, detail, tries_left


class CardRead(Protocol):
    """A card read and checked: its link key (a keyed hash of the certificate, nothing
    else of it) and how long its certificate is valid."""

    @property
    def link_key(self) -> str: ...

    @property
    def not_after(self) -> datetime: ...


class CardSlot(Protocol):
    """A reader with a card on it, held from the read to the PIN (strong mode)."""

    def disconnect(self) -> None: ...


class CardReading(Protocol):
    """Reads and checks cards; MyNumberError with the reason when it cannot."""

    def reader(self) -> CardSlot: ...

    def read(self, reader: CardSlot) -> CardRead: ...

    def prove(self, reader: CardSlot, read: CardRead, pin: str) -> None:
        """Strong mode: the card's PIN and a signature over a fresh nonce."""
        ...


class LinkStore(Protocol):
    """Link key → library card number (sync.cache.cache.Cache)."""

    def linked_card(self, link_key: str) -> str | None: ...

    def link_card(self, link_key: str, card_number: str, not_after: datetime, *,
                  source: str) -> None: ...


def link(links: LinkStore, read: CardRead, card_number: str, *, source: str = "staff") -> None:
    links.link_card(read.link_key, card_number, read.not_after, source=source)


def card_for(links: LinkStore, read: CardRead) -> str:
    """The library card linked to this certificate, or MyNumberError(UNKNOWN_LINK)."""
    card = links.linked_card(read.link_key)
    if card is None:
        raise MyNumberError(Problem.UNKNOWN_LINK, "please register the card at the counter")
    return card


# -- at the kiosk -------------------------------------------------------------------------
class MyNumberDesk:
    """The kiosk's side of a My Number card, called from the session's worker thread like
    :class:`kiosk.session.PatronSession` (calls never overlap) and, like it, answering with
    events: a card placed is read, its link looked up and the linked library card signed in
    through ``session.card()``; in strong mode the card's PIN is asked for first. A problem
    with the card is an event with its reason, never an exception."""

    def __init__(self, cards: CardReading, links: LinkStore, session: PatronSession,
                 rules: BarcodeRules, *, strong: bool = False) -> None:
        self._cards, self._links = cards, links
        self._session, self._rules = session, rules
        self.strong = strong
        self._pending: tuple[CardSlot, CardRead, str] | None = None

    @property
    def awaiting_pin(self) -> bool:
        return self._pending is not None

    def card_placed(self) -> list[Event]:
        self.cancel()
        reader = self._cards.reader()
        try:
            read = self.read(reader)
            card = card_for(self._links, read)
        except MyNumberError as exc:
            reader.disconnect()
            log.info("My Number card not accepted: %s", exc.problem)
            return [CardRefused(exc.problem)]
        if self.strong:
            self._pending = (reader, read, card)      # the card stays on the reader
            return [CardPinRequested(None)]
        reader.disconnect()
        log.info("My Number card: linked library card %s", mask(card))
        return self._session.card(card)

    def pin(self, digits: str) -> list[Event]:
        if self._pending is None:
            return []
        reader, read, card = self._pending
        try:
            self._cards.prove(reader, read, digits)
        except MyNumberError as exc:
            if exc.problem is Problem.PIN_WRONG and exc.tries_left != 0:
                return [CardPinRequested(exc.tries_left, wrong=True)]
            self.cancel()
            log.info("My Number card not accepted: %s", exc.problem)
            return [CardRefused(exc.problem, exc.tries_left)]
        self.cancel()
        log.info("My Number card with PIN: linked library card %s", mask(card))
        return self._session.card(card)

    def read(self, reader: CardSlot) -> CardRead:
        """The card on ``reader``, checked with this kiosk's secret and trust anchors."""
        return self._cards.read(reader)

    def cancel(self) -> list[Event]:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending[0].disconnect()
        return []

    def link(self, raw_card: str) -> list[Event]:
        """Staff: link the My Number card on the reader to this library card."""
        scan = classify(raw_card, self._rules)
        if isinstance(scan, Rejection) or scan.kind != "card":
            return [ScanRejected(ScanProblem.UNRECOGNISED, mask(raw_card))]
        reader = self._cards.reader()
        try:
            read = self.read(reader)
        except MyNumberError as exc:
            return [CardRefused(exc.problem)]
        finally:
            reader.disconnect()
        link(self._links, read, scan.value)
        log.info("My Number card linked to library card %s by staff", mask(scan.value))
        return [CardLinked(mask(scan.value), read.not_after)]
