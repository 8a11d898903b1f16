"""The kiosk with My Number cards on, through pcscd + vpcd + the virtual card and the embedded
ILS simulator, driven with pytest-qt: the idle choice, a card placed, each refusal in words,
strong mode on the pad, a card taken away mid-PIN, the idle timeout, and a dead reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from card_rig import READER, Inserted, card, card_on_reader
from PySide6.QtCore import Qt

from drivers.cards.pcsc import CardReader
from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.config import KioskConfig, load_config
from kiosk.demo import bootstrap
from kiosk.mynumber import CardRead, link
from sync.ils_sim.collection import DEMO
from tests.rigs.virtual_mynumber import VirtualMyNumberCard
from tests.ui.timings import QUICK
from ui.app import application, build_window
from ui.i18n import CARD_PROBLEMS
from ui.window import REAL_TIME, KioskWindow, Timings

pytestmark = pytest.mark.usefixtures("pcscd")


def mynumber_config(anchors: Path, secret: Path, tmp_path: Path, *, strong: bool = False,
                    reader: str = READER) -> KioskConfig:
    config = load_config(None)
    return replace(config, cache_path=str(tmp_path / "cache.sqlite3"),
                   session=replace(config.session, idle_seconds=6, warning_seconds=3),
                   mynumber={"enabled": True, "reader": reader, "strong": strong,
                             "link_secret_file": str(secret),
                             "trust_anchors": [str(anchors)]})


@pytest.fixture
def make_window(qtbot):  # type: ignore[no-untyped-def]
    made: list[tuple[Kiosk, KioskWindow]] = []

    def make(config: KioskConfig, timings: Timings = REAL_TIME) -> tuple[Kiosk, KioskWindow]:
        Inserted.pull()                    # a card left there would be read at idle at once
        qtbot.waitUntil(lambda: not card_on_reader(), timeout=10000)
        application()
        kiosk = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=test")])
        window = build_window(kiosk, demo=False, timings=timings)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        window.set_language("en")
        made.append((kiosk, window))
        return kiosk, window

    yield make
    for kiosk, window in made:
        window.shutdown()
        kiosk.close()


class World:
    def __init__(self, ca, anchors: Path, secret: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        self.ca, self.anchors, self.secret, self.tmp_path = ca, anchors, secret, tmp_path

    def config(self, **kw) -> KioskConfig:  # type: ignore[no-untyped-def]
        return mynumber_config(self.anchors, self.secret, self.tmp_path, **kw)


@pytest.fixture
def world(ca, anchors: Path, secret: Path, tmp_path: Path) -> World:  # type: ignore[no-untyped-def]
    return World(ca, anchors, secret, tmp_path)


def place(qtbot, window: KioskWindow, virtual) -> Inserted:  # type: ignore[no-untyped-def]
    """A card put on the reader as a new insertion, which the window's monitor sees: the card
    kept there is pulled, pcscd and the monitor have both seen the reader empty, and a read of
    the card pulled has come back, first."""
    Inserted.pull()
    monitor = window.card_monitor
    assert monitor is not None
    qtbot.waitUntil(lambda: not monitor.present and not card_on_reader()
                    and not window.worker.busy, timeout=10000)
    return Inserted(virtual)


def linked(kiosk: Kiosk, virtual, card_number: str) -> CardRead:  # type: ignore[no-untyped-def]
    assert kiosk.mynumber is not None
    with Inserted(virtual):
        read = kiosk.mynumber.read(CardReader(READER))
    link(kiosk.cache, read, card_number)
    return read


LEFT = Qt.MouseButton.LeftButton


def test_a_linked_card_signs_the_patron_in(qtbot, make_window, world) -> None:  # type: ignore[no-untyped-def]
    kiosk, window = make_window(world.config())
    assert window.idle.mynumber.isVisible()
    virtual = card(world.ca)
    linked(kiosk, virtual, DEMO.good_card)
    qtbot.mouseClick(window.idle.mynumber, LEFT)
    assert window.current_screen is window.card_screen
    assert "My Number is never read" in window.card_screen.privacy.text()
    with place(qtbot, window, virtual):
        qtbot.waitUntil(lambda: window.current_screen is window.patron, timeout=15000)
    assert window.session.signed_in
    assert DEMO.good_name in window.patron.welcome.text()


def test_a_card_placed_at_idle_without_choosing_is_read_too(qtbot, make_window, world) -> None:  # type: ignore[no-untyped-def]
    kiosk, window = make_window(world.config())
    virtual = card(world.ca)
    linked(kiosk, virtual, DEMO.other_good_card)
    assert window.current_screen is window.idle
    with place(qtbot, window, virtual):
        qtbot.waitUntil(lambda: window.current_screen is window.patron, timeout=15000)
    assert "佐藤" in window.patron.welcome.text()


@pytest.mark.parametrize("kind", ["unknown", "expired", "smartphone"])
def test_refusals_are_said_in_words_and_nobody_signs_in(qtbot, make_window, world,  # type: ignore[no-untyped-def]
                                                         kind) -> None:
    import datetime as dt

    from kiosk.events import CardProblem
    from tests.rigs.virtual_mynumber import PHONE_TOKEN
    _kiosk, window = make_window(world.config())
    virtual, reason = {
        "unknown": (card(world.ca), CardProblem.UNKNOWN_LINK),
        "expired": (card(world.ca, not_after=dt.datetime.now(dt.UTC) - dt.timedelta(days=1)),
                    CardProblem.EXPIRED),
        "smartphone": (card(world.ca, token=PHONE_TOKEN), CardProblem.SMARTPHONE)}[kind]
    qtbot.mouseClick(window.idle.mynumber, LEFT)
    with place(qtbot, window, virtual):
        qtbot.waitUntil(lambda: window.card_screen.notice.text() == CARD_PROBLEMS[reason],
                        timeout=15000)                                   # English source
    assert window.card_screen.notice.isVisible()
    assert window.current_screen is window.card_screen
    assert not window.session.signed_in
    window.set_language("ja")                                            # said again in ja
    japanese = window.languages.text("ja", "Messages", CARD_PROBLEMS[reason])
    assert japanese != CARD_PROBLEMS[reason]                             # translated
    assert window.card_screen.notice.text() == japanese


def enter_pin(qtbot, window: KioskWindow, pin: str) -> None:  # type: ignore[no-untyped-def]
    for key in pin:
        window.pin_pad.press(key)
    qtbot.mouseClick(window.pin_pad.ok, LEFT)


def strong_with_a_linked_card(
        make_window: Callable[..., tuple[Kiosk, KioskWindow]],
        world: World) -> tuple[Kiosk, KioskWindow, VirtualMyNumberCard]:
    """A kiosk in strong mode and a card with PIN 2580 linked to the good patron's card."""
    kiosk, window = make_window(world.config(strong=True))
    virtual = card(world.ca, pin="2580")
    linked(kiosk, virtual, DEMO.good_card)
    return kiosk, window, virtual


def test_strong_mode_pin_on_the_pad(qtbot, make_window, world) -> None:  # type: ignore[no-untyped-def]
    _kiosk, window, virtual = strong_with_a_linked_card(make_window, world)
    with place(qtbot, window, virtual):
        qtbot.waitUntil(lambda: window.current_screen is window.pin_pad, timeout=15000)
        assert window.pin_pad.purpose == "mynumber"
        assert "My Number" in window.pin_pad.title.text()
        enter_pin(qtbot, window, "1111")
        qtbot.waitUntil(lambda: "2 tries left" in window.pin_pad.notice.text(), timeout=15000)
        enter_pin(qtbot, window, "1112")
        qtbot.waitUntil(lambda: "1 tries left" in window.pin_pad.notice.text()
                        or "1 try left" in window.pin_pad.notice.text(), timeout=15000)
        assert "city office" in window.pin_pad.notice.text()          # the lock is one away
        enter_pin(qtbot, window, "2580")
        qtbot.waitUntil(lambda: window.current_screen is window.patron, timeout=15000)
    assert DEMO.good_name in window.patron.welcome.text()
    verifies = [a for a in virtual.received if a[:4] == bytes.fromhex("00200080")]
    assert b"2580" in b"".join(verifies)
    assert b"1111" in b"".join(verifies)


def test_card_taken_away_during_the_pin_asks_to_place_it_again(qtbot, make_window, world) -> None:  # type: ignore[no-untyped-def]
    from kiosk.events import CardProblem
    kiosk, window, virtual = strong_with_a_linked_card(make_window, world)
    with place(qtbot, window, virtual):
        qtbot.waitUntil(lambda: window.current_screen is window.pin_pad, timeout=15000)
    Inserted.pull()
    qtbot.waitUntil(lambda: window.current_screen is window.card_screen, timeout=15000)
    assert window.card_screen.notice.text() == CARD_PROBLEMS[CardProblem.CARD_REMOVED]
    assert kiosk.mynumber is not None
    assert not kiosk.mynumber.awaiting_pin
    assert not window.session.signed_in


def test_walking_away_from_the_card_screen_returns_to_idle(qtbot, make_window, world) -> None:  # type: ignore[no-untyped-def]
    _kiosk, window = make_window(world.config(), QUICK)
    qtbot.mouseClick(window.idle.mynumber, LEFT)
    qtbot.waitUntil(window.warning.isVisible, timeout=10000)
    qtbot.waitUntil(lambda: window.current_screen is window.idle, timeout=10000)


def test_a_missing_reader_is_said_at_once_and_barcodes_work(qtbot, make_window, world) -> None:  # type: ignore[no-untyped-def]
    from kiosk.events import CardProblem
    config = world.config(reader="pcsc://?reader=Sony RC-S380")
    _kiosk, window = make_window(config)
    url = "pcsc://?reader=Sony RC-S380"
    qtbot.waitUntil(lambda: url in window.device_states, timeout=10000)
    assert "Sony RC-S380" in window.device_states[url][1]          # staff see the cause
    qtbot.mouseClick(window.idle.mynumber, LEFT)
    assert window.card_screen.notice.text() == CARD_PROBLEMS[CardProblem.READER_MISSING]
    window.handle_scan(DEMO.codabar(DEMO.other_good_card))
    qtbot.waitUntil(lambda: window.current_screen is window.patron, timeout=15000)


def test_my_number_off_the_kiosk_does_not_offer_it(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = replace(load_config(None), cache_path=str(tmp_path / "c.sqlite3"))
    kiosk, window = make_window(config)
    assert kiosk.mynumber is None
    assert not window.idle.mynumber.isVisible()


def test_a_missing_link_secret_turns_it_off_with_a_staff_message(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                                  anchors, tmp_path) -> None:
    kiosk, window = make_window(mynumber_config(anchors, tmp_path / "nope", tmp_path))
    assert kiosk.mynumber is None
    assert not window.idle.mynumber.isVisible()
    assert "nope" in window.device_states["pcsc://"][1]


def test_staff_link_a_card_and_test_the_reader_then_the_patron_uses_it(  # type: ignore[no-untyped-def]
        qtbot, make_window, world) -> None:
    _kiosk, window = make_window(world.config())
    window.staff.enter()
    assert window.staff.home.link_button.isVisible()
    qtbot.mouseClick(window.staff.home.link_button, LEFT)
    linking = window.staff.linking
    assert window.current_screen is linking
    assert not linking.link_button.isEnabled()
    window.handle_scan(DEMO.codabar(DEMO.other_good_card))       # staff mode takes the scan
    assert linking.link_button.isEnabled()
    assert DEMO.other_good_card not in linking.card_label.text()  # shown masked
    assert not window.session.signed_in
    virtual = card(world.ca)
    with Inserted(virtual):
        qtbot.mouseClick(linking.link_button, LEFT)
        qtbot.waitUntil(lambda: "Linked" in linking.result_label.text(), timeout=15000)
        window.staff.back_home()
        qtbot.mouseClick(window.staff.home.setup_button, LEFT)
        window.staff.setup.choices["card reader"].setEditText(READER)
        qtbot.mouseClick(window.staff.setup.tests["card reader"], LEFT)
        qtbot.waitUntil(lambda: "valid until" in window.staff.setup.outcomes[
            "card reader"].text(), timeout=15000)
    window.staff.leave()
    assert not window.session.signed_in
    with place(qtbot, window, virtual):
        qtbot.waitUntil(lambda: window.current_screen is window.patron, timeout=15000)
    assert "佐藤" in window.patron.welcome.text()
