"""The My Number desk on its ports, no reader and no database: cards that read as a test says
(a CardReading), links in a dict (a LinkStore), the session on the in-memory library. The
real stack (pcscd, vpcd, the virtual JPKI card, SQLite) is tests/mynumber's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from memory_circulation import MemoryCirculation, Reader

from kiosk.barcodes import BarcodeRules
from kiosk.events import (
    CardLinked,
    CardPinRequested,
    CardProblem,
    CardRefused,
    PatronIdentified,
    ScanProblem,
    ScanRejected,
)
from kiosk.mynumber import CardRead, CardSlot, MyNumberDesk, MyNumberError
from kiosk.session import PatronSession

RULES = BarcodeRules(card_check="none")
HANAKO = "21045877"
UNTIL = datetime(2031, 3, 31, tzinfo=UTC)


@dataclass(frozen=True)
class Read:
    link_key: str
    not_after: datetime = UNTIL


@dataclass
class Slot:
    connected: bool = True

    def disconnect(self) -> None:
        self.connected = False


@dataclass
class Cards:
    """The card on the reader: a link key, or the reason it cannot be read."""

    key: str = "k1"
    problem: CardProblem | None = None
    pin: str = "2580"
    tries: int = 3
    slots: list[Slot] = field(default_factory=list)
    proved: int = 0

    def reader(self) -> Slot:
        self.slots.append(Slot())
        return self.slots[-1]

    def read(self, reader: CardSlot) -> CardRead:
        if self.problem is not None:
            raise MyNumberError(self.problem)
        return Read(self.key)

    def prove(self, reader: CardSlot, read: CardRead, pin: str) -> None:
        if self.tries == 0:
            raise MyNumberError(CardProblem.PIN_LOCKED, tries_left=0)
        if pin != self.pin:
            self.tries -= 1
            raise MyNumberError(CardProblem.PIN_WRONG, tries_left=self.tries)
        self.tries = 3
        self.proved += 1


@dataclass
class Links:
    cards: dict[str, tuple[str, datetime, str]] = field(default_factory=dict)

    def linked_card(self, link_key: str) -> str | None:
        return self.cards[link_key][0] if link_key in self.cards else None

    def link_card(self, link_key: str, card_number: str, not_after: datetime, *,
                  source: str) -> None:
        self.cards[link_key] = (card_number, not_after, source)


@pytest.fixture
def session() -> PatronSession:
    return PatronSession(MemoryCirculation().add(Reader(HANAKO, "山田 花子")), RULES)


def desk(session: PatronSession, cards: Cards, links: Links, *,
         strong: bool = False) -> MyNumberDesk:
    return MyNumberDesk(cards, links, session, RULES, strong=strong)


def test_a_linked_card_signs_the_patron_in_and_lets_the_reader_go(
        session: PatronSession) -> None:
    cards, links = Cards(), Links({"k1": (HANAKO, UNTIL, "feed")})
    [event] = desk(session, cards, links).card_placed()
    assert isinstance(event, PatronIdentified)
    assert session.signed_in
    assert not cards.slots[-1].connected


@pytest.mark.parametrize("problem", [CardProblem.EXPIRED, CardProblem.SMARTPHONE,
                                     CardProblem.UNTRUSTED, CardProblem.CARD_REMOVED])
def test_a_card_that_cannot_be_read_is_refused_with_its_reason(
        session: PatronSession, problem: CardProblem) -> None:
    cards = Cards(problem=problem)
    assert desk(session, cards, Links()).card_placed() == [CardRefused(problem)]
    assert not cards.slots[-1].connected
    assert not session.signed_in


def test_an_unlinked_card_is_sent_to_the_counter(session: PatronSession) -> None:
    assert desk(session, Cards(), Links()).card_placed() == [
        CardRefused(CardProblem.UNKNOWN_LINK)]


def test_strong_mode_holds_the_card_for_its_pin(session: PatronSession) -> None:
    cards, links = Cards(), Links({"k1": (HANAKO, UNTIL, "staff")})
    strong = desk(session, cards, links, strong=True)
    assert strong.card_placed() == [CardPinRequested(None)]
    assert strong.awaiting_pin
    assert cards.slots[-1].connected                       # the card stays on the reader
    assert strong.pin("1111") == [CardPinRequested(2, wrong=True)]
    [event] = strong.pin("2580")
    assert isinstance(event, PatronIdentified)
    assert (cards.proved, strong.awaiting_pin, cards.slots[-1].connected) == (1, False, False)


def test_a_locked_pin_is_never_tried_again(session: PatronSession) -> None:
    cards = Cards(tries=0)
    strong = desk(session, cards, Links({"k1": (HANAKO, UNTIL, "staff")}), strong=True)
    strong.card_placed()
    assert strong.pin("2580") == [CardRefused(CardProblem.PIN_LOCKED, 0)]
    assert not strong.awaiting_pin
    assert strong.pin("2580") == []
    assert not session.signed_in


def test_cancel_lets_the_card_go(session: PatronSession) -> None:
    cards = Cards()
    strong = desk(session, cards, Links({"k1": (HANAKO, UNTIL, "staff")}), strong=True)
    strong.card_placed()
    assert strong.cancel() == []
    assert not strong.awaiting_pin
    assert not cards.slots[-1].connected


def test_staff_link_a_card_then_it_signs_in(session: PatronSession) -> None:
    cards, links = Cards(), Links()
    counter = desk(session, cards, links)
    assert counter.link(HANAKO) == [CardLinked(f"****{HANAKO[-4:]}", UNTIL)]
    assert links.cards == {"k1": (HANAKO, UNTIL, "staff")}
    [event] = counter.card_placed()
    assert isinstance(event, PatronIdentified)
    assert counter.card_placed() == [ScanRejected(ScanProblem.SAME_CARD, f"****{HANAKO[-4:]}")]


def test_staff_link_refuses_what_is_not_a_library_card_without_reading(
        session: PatronSession) -> None:
    cards, links = Cards(), Links()
    [event] = desk(session, cards, links).link("9784101010014")
    assert isinstance(event, ScanRejected)
    assert (cards.slots, links.cards) == ([], {})


def test_staff_link_says_why_a_card_was_not_read(session: PatronSession) -> None:
    cards, links = Cards(problem=CardProblem.NOT_MYNUMBER), Links()
    assert desk(session, cards, links).link(HANAKO) == [CardRefused(CardProblem.NOT_MYNUMBER)]
    assert links.cards == {}
    assert not cards.slots[-1].connected
