"""The patron session against the ILS simulator over real TCP, with the real cache."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from kiosk.barcodes import BarcodeRules
from kiosk.circulation import OnlineCirculation
from kiosk.events import (
    EndReason,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemProblem,
    ItemRefused,
    OtherCardScanned,
    PatronIdentified,
    PatronProblem,
    PatronRefused,
    ScanProblem,
    ScanRejected,
    SessionEnded,
)
from kiosk.session import PatronSession
from sync.cache.cache import Cache
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client, Sip2Settings

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def session(client: Sip2Client, cache: Cache) -> PatronSession:
    """On the simulator, client and cache of tests/kiosk/conftest.py."""
    return PatronSession(OnlineCirculation(client, cache, timezone=TOKYO), BarcodeRules())


def test_card_then_items_then_finish(session: PatronSession, cache: Cache) -> None:
    [event] = session.scan(DEMO.codabar(DEMO.good_card))
    assert isinstance(event, PatronIdentified)
    assert event.card_masked.endswith(DEMO.good_card[-4:])
    assert DEMO.good_card not in event.card_masked
    for item in DEMO.lendable_items[:2]:
        [event] = session.scan(item + "\r\n")
        assert isinstance(event, ItemCheckedOut)
        assert event.loan.due is not None
    [ended] = session.finish()
    assert isinstance(ended, SessionEnded)
    assert [loan.item for loan in ended.loans] == list(DEMO.lendable_items[:2])
    assert not session.signed_in
    # read-through: what the ILS said is now in the cache, the card only as a keyed hash
    assert cache.patron(DEMO.good_card) is not None
    assert cache.item(DEMO.lendable_items[0]) is not None


def test_an_item_before_a_card_is_refused_politely(session: PatronSession) -> None:
    [event] = session.scan(DEMO.lendable_items[0])
    assert event == ScanRejected(ScanProblem.CARD_EXPECTED, event.detail)


def test_the_same_item_twice_is_not_sent_again(session: PatronSession) -> None:
    session.scan(DEMO.good_card)
    [lent] = session.scan(DEMO.lendable_items[0])
    assert isinstance(lent, ItemCheckedOut)
    [event] = session.scan(DEMO.lendable_items[0])
    assert isinstance(event, ItemAlreadyOnLoan)         # "you already have this — due …"
    assert event.loan.due == lent.loan.due
    assert len(session.loans) == 1


def test_unknown_and_blocked_cards(session: PatronSession) -> None:
    [event] = session.scan(DEMO.unknown_card)
    assert isinstance(event, PatronRefused)
    assert event.reason is PatronProblem.UNKNOWN_CARD
    [event] = session.scan(DEMO.blocked_card)
    assert isinstance(event, PatronRefused)
    assert event.reason in (PatronProblem.CARD_LOST, PatronProblem.OVERDUE,
                            PatronProblem.BLOCKED)
    assert not session.signed_in


def test_refused_items_carry_the_ils_words(session: PatronSession) -> None:
    session.scan(DEMO.good_card)
    [event] = session.scan(DEMO.not_for_loan_item)
    assert isinstance(event, ItemRefused)
    assert event.reason is ItemProblem.NOT_FOR_LOAN     # read from the ILS's words
    assert event.ils_message


def test_a_new_card_asks_the_patron_and_ends_nothing(session: PatronSession) -> None:
    session.scan(DEMO.good_card)
    session.scan(DEMO.lendable_items[0])
    [asked] = session.scan(DEMO.other_good_card)
    assert asked == OtherCardScanned(f"****{DEMO.good_card[-4:]}",
                                     f"****{DEMO.other_good_card[-4:]}")
    assert session.signed_in
    assert len(session.loans) == 1
    [ended] = session.finish()
    assert isinstance(ended, SessionEnded)
    assert ended.reason is EndReason.FINISHED


def test_garbage_isbn_and_bad_check_digit(session: PatronSession) -> None:
    assert session.scan("~!#%?")[0].reason is ScanProblem.GARBAGE  # type: ignore[union-attr]
    assert session.scan("9784834000825")[0].reason is ScanProblem.ISBN  # type: ignore[union-attr]
    wrong = DEMO.good_card[:-1] + str((int(DEMO.good_card[-1]) + 1) % 10)
    assert session.scan(wrong)[0].reason is ScanProblem.BAD_CHECK_DIGIT  # type: ignore[union-attr]


def test_ils_down_sends_the_patron_to_the_counter(simulator: IlsSimulator,
                                                  session: PatronSession) -> None:
    simulator.stop()
    [event] = session.scan(DEMO.good_card)
    assert isinstance(event, PatronRefused)
    assert event.reason is PatronProblem.ILS_UNAVAILABLE


def test_a_branch_that_requires_a_pin_refuses_a_patron_without_a_valid_one(
        simulator: IlsSimulator, cache: Cache) -> None:
    host, port = simulator.address
    client = Sip2Client(Sip2Settings(host=host, port=port, user="kiosk", password="pw",
                                     institution="DEMO", timeout=2.0))
    circulation = OnlineCirculation(client, cache, timezone=TOKYO, require_pin=True)
    try:
        assert circulation.identify(DEMO.good_card).problem is PatronProblem.WRONG_PIN
        assert circulation.identify(DEMO.good_card, pin="0000").problem is \
            PatronProblem.WRONG_PIN
        assert circulation.identify(DEMO.good_card, pin=DEMO.good_pin).patron is not None
    finally:
        client.close()
