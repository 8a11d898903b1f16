"""The kiosk's My Number desk and card monitor through pcscd + vpcd + the virtual card, with
a real SIP2 session behind them: a linked card signs the patron in, each refusal is an event
with its reason, strong mode asks for the card's PIN, staff link a card, and the monitor
reports cards, an unplugged reader and a pcscd restart."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from card_rig import READER, Inserted, card, wait_for_card

from drivers.cards.pcsc import CardMonitor
from drivers.ports import DeviceState
from kiosk.barcodes import BarcodeRules
from kiosk.circulation import OnlineCirculation
from kiosk.events import (
    CardLinked,
    CardPinRequested,
    CardProblem,
    CardRefused,
    PatronIdentified,
    ScanRejected,
)
from kiosk.mynumber import MyNumberDesk
from kiosk.mynumber_card import MyNumberSettings, open_desk
from kiosk.session import PatronSession
from sync.cache.cache import Cache, open_cache
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client, Sip2Settings
from tests.rigs.pcscd import Pcscd
from tests.rigs.virtual_mynumber import PHONE_TOKEN, CardKeys, VirtualMyNumberCard, VpcdClient

pytestmark = pytest.mark.usefixtures("pcscd")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[PatronSession, Cache]]:
    sim = IlsSimulator(port=0, login=("kiosk", "pw"))
    sim.start()
    host, port = sim.address
    client = Sip2Client(Sip2Settings(host=host, port=port, user="kiosk", password="pw",
                                     institution="DEMO", timeout=2.0))
    with open_cache(tmp_path / "cache.sqlite3", b"k" * 32) as cache:
        circulation = OnlineCirculation(client, cache, timezone=ZoneInfo("Asia/Tokyo"))
        yield PatronSession(circulation, BarcodeRules()), cache
    client.close()
    sim.stop()


def desk_for(session: tuple[PatronSession, Cache], anchors: Path, secret: Path, *,
             strong: bool = False) -> MyNumberDesk:
    settings = MyNumberSettings(enabled=True, reader=READER, link_secret_file=str(secret),
                                trust_anchors=(str(anchors),), strong=strong)
    return open_desk(settings, session[1], session[0], BarcodeRules())


def test_staff_link_then_the_card_signs_the_patron_in(ca, session, anchors: Path,  # type: ignore[no-untyped-def]
                                                      secret: Path) -> None:
    desk = desk_for(session, anchors, secret)
    with Inserted(card(ca)):
        assert desk.card_placed() == [CardRefused(CardProblem.UNKNOWN_LINK)]
        [linked] = desk.link(DEMO.codabar(DEMO.other_good_card))
        assert isinstance(linked, CardLinked)
        assert DEMO.other_good_card not in linked.card_masked
        assert linked.not_after > dt.datetime.now(dt.UTC)
        [identified] = desk.card_placed()
    assert isinstance(identified, PatronIdentified)
    assert identified.name == "佐藤 健一"
    assert session[0].signed_in


def test_staff_link_refuses_what_is_not_a_library_card(ca, session, anchors: Path,  # type: ignore[no-untyped-def]
                                                       secret: Path) -> None:
    desk = desk_for(session, anchors, secret)
    with Inserted(card(ca)) as virtual:
        [refused] = desk.link("9784101010014")                  # an ISBN
        assert isinstance(refused, ScanRejected)
    assert virtual.received == []                               # the card was not even read


def test_each_refusal_is_an_event_with_its_reason(ca, session, anchors: Path,  # type: ignore[no-untyped-def]
                                                   secret: Path) -> None:
    desk = desk_for(session, anchors, secret)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    for virtual, reason in [(card(ca, not_after=past), CardProblem.EXPIRED),
                            (card(ca, token=PHONE_TOKEN), CardProblem.SMARTPHONE),
                            (VirtualMyNumberCard(CardKeys.generate()), CardProblem.UNTRUSTED)]:
        with Inserted(virtual):
            assert desk.card_placed() == [CardRefused(reason)]
    assert not session[0].signed_in


def test_strong_mode_asks_for_the_card_pin(ca, session, anchors: Path,  # type: ignore[no-untyped-def]
                                           secret: Path) -> None:
    desk = desk_for(session, anchors, secret, strong=True)
    plain = desk_for(session, anchors, secret)
    virtual = card(ca, pin="2580")
    with Inserted(virtual):
        plain.link(DEMO.good_card)
        assert desk.card_placed() == [CardPinRequested(None)]
        assert desk.awaiting_pin
        assert desk.pin("1111") == [CardPinRequested(2, wrong=True)]
        [identified] = desk.pin("2580")
    assert isinstance(identified, PatronIdentified)
    assert not desk.awaiting_pin


def test_strong_mode_locked_pin_goes_to_the_counter_and_is_never_tried(  # type: ignore[no-untyped-def]
        ca, session, anchors: Path, secret: Path) -> None:
    desk = desk_for(session, anchors, secret, strong=True)
    virtual = card(ca, pin="2580")
    with Inserted(virtual):
        desk_for(session, anchors, secret).link(DEMO.good_card)
        desk.card_placed()
        assert desk.pin("0000") == [CardPinRequested(2, wrong=True)]
        assert desk.pin("0001") == [CardPinRequested(1, wrong=True)]
        [locked] = desk.pin("0002")
        assert locked == CardRefused(CardProblem.PIN_LOCKED, 0)
        assert not desk.awaiting_pin
        assert desk.pin("2580") == []                           # nothing pending: nothing sent
        verifies_before = sum(a[:4] == bytes.fromhex("00200080") for a in virtual.received)
        assert desk.card_placed() == [CardPinRequested(None)]   # placed again: asked, but…
        [refused] = desk.pin("2580")                            # …the locked PIN is not sent
    assert refused == CardRefused(CardProblem.PIN_LOCKED, 0)
    sent = [a for a in virtual.received if a[:4] == bytes.fromhex("00200080")]
    assert sent[verifies_before:] == [bytes.fromhex("00200080")]
    assert not session[0].signed_in


def test_cancel_leaves_nobody_signed_in(ca, session, anchors: Path, secret: Path) -> None:  # type: ignore[no-untyped-def]
    desk = desk_for(session, anchors, secret, strong=True)
    with Inserted(card(ca, pin="2580")):
        desk_for(session, anchors, secret).link(DEMO.good_card)
        desk.card_placed()
        desk.cancel()
        assert desk.pin("2580") == []
    assert not session[0].signed_in


class Events:
    def __init__(self) -> None:
        self.cards: list[bool] = []
        self.states: list[tuple[DeviceState, str]] = []
        self.changed = threading.Condition()

    def card(self, present: bool) -> None:
        with self.changed:
            self.cards.append(present)
            self.changed.notify_all()

    def status(self, state: DeviceState, cause: str) -> None:
        with self.changed:
            self.states.append((state, cause))
            self.changed.notify_all()

    def wait(self, test, seconds: float = 15) -> None:  # type: ignore[no-untyped-def]
        with self.changed:
            assert self.changed.wait_for(lambda: test(self), seconds), (self.cards,
                                                                         self.states)


def test_monitor_reports_cards_placed_and_taken_away() -> None:
    events = Events()
    monitor = CardMonitor(READER, poll_seconds=0.2)
    Inserted.pull()
    client = VpcdClient(VirtualMyNumberCard(CardKeys.generate()))
    monitor.start(events.card, events.status)
    try:
        events.wait(lambda e: e.states and e.states[-1][0] is DeviceState.CONNECTED)
        events.wait(lambda e: e.cards[-1:] != [True], 5)   # the card pulled above is gone
        client.insert()
        events.wait(lambda e: e.cards[-1:] == [True])
        client.remove()
        events.wait(lambda e: e.cards[-1:] == [False])
        client.insert()
        events.wait(lambda e: e.cards[-3:] == [True, False, True])
    finally:
        monitor.stop()
        client.remove()
    count = len(events.cards)
    # stop() joined the monitor's thread: nothing is left that could call back
    assert not any(t.name == "card-monitor" for t in threading.enumerate())
    assert len(events.cards) == count


def test_monitor_names_a_missing_reader_for_staff() -> None:
    events = Events()
    monitor = CardMonitor("pcsc://?reader=Sony RC-S380", poll_seconds=0.2)
    monitor.start(events.card, events.status)
    try:
        events.wait(lambda e: bool(e.states))
    finally:
        monitor.stop()
    state, cause = events.states[0]
    assert state is DeviceState.DISCONNECTED
    assert "Sony RC-S380" in cause
    assert "Virtual PCD 00 00" in cause


def test_monitor_and_reads_survive_a_pcscd_restart(pcscd: Pcscd, ca, session,  # type: ignore[no-untyped-def]
                                                   anchors: Path, secret: Path) -> None:
    desk = desk_for(session, anchors, secret)
    events = Events()
    monitor = CardMonitor(READER, poll_seconds=0.2, retry_seconds=0.3)
    monitor.start(events.card, events.status)
    try:
        events.wait(lambda e: e.states and e.states[-1][0] is DeviceState.CONNECTED)
        pcscd.stop_all()
        Inserted.pull()                                      # vpcd's socket went with it
        events.wait(lambda e: "is pcscd running?" in e.states[-1][1])
        assert desk.card_placed() == [CardRefused(CardProblem.READER_MISSING)]
        pcscd.ensure()
        events.wait(lambda e: e.states[-1][0] is DeviceState.CONNECTED)
        with Inserted(card(ca)):
            events.wait(lambda e: e.cards[-1:] == [True])
            desk.link(DEMO.good_card)
            assert wait_for_card(5)
            [identified] = desk.card_placed()
        assert isinstance(identified, PatronIdentified)
    finally:
        monitor.stop()
