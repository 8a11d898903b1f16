"""The RFID book pad in the real window: the demo's fake pad (fake-rfid://) read by the
window's polling loop on the "rfid" queue, the patron session lending through the ILS
simulator over TCP, security written and read back on the fake's tags. A stack, a book taken
off, a set of 3 parts, another library's book, a tag that refuses the security write, books
put down before the card, a reader that goes away (the patron told to use the barcode, which
still lends) and comes back, and the demo panel's pad buttons."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.port import RfError
from drivers.scanners.fake import FakeScanner
from kiosk.config import KioskConfig, load_config
from kiosk.demo import DemoKiosk, DemoTag, bootstrap, demo_stacks
from kiosk.events import PadChanged, PadItemState
from sync.ils_sim.collection import DEMO
from tests.rigs.feig_emulator import EmulatedTag
from tests.ui.windows import show_window
from ui.demo_panel import DemoPanel
from ui.i18n import PAD_DOWN, PAD_STATES, PAD_WAITING, message
from ui.window import KioskWindow

pytestmark = pytest.mark.ui
WAIT = 10_000
ON_LOAN = 0xC2

STACKS = dict(demo_stacks())
BOOKS, CD_SET = STACKS["3 books"], STACKS["CD set (3)"]
OTHER, LOCKED = STACKS["Other library"][0], STACKS["Locked tag"][0]


def texts(widget) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


@pytest.fixture
def kiosk() -> Iterator[DemoKiosk]:
    """The demo's fake pad polled every 50 ms (tests/ui/conftest.py's ``window`` shows the
    window on this kiosk)."""
    config = load_config(None)
    config = replace(config, rfid_poll_ms=50)
    k = on_a_fake_scanner(config, pad=True)
    yield k
    k.close()


def on_a_fake_scanner(config: KioskConfig, *, pad: bool = False) -> DemoKiosk:
    """A demo kiosk on a fake scanner; its pad the demo's fake (``pad``) or the reader
    ``config`` names."""
    return bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=test")], pad=pad)


def emulated(tag: DemoTag) -> EmulatedTag:
    return EmulatedTag(tag.uid, bytearray(tag.memory.ljust(112, b"\0")))


@pytest.fixture
def pad(kiosk: DemoKiosk) -> FakeRfidReader:
    reader = kiosk.rfid_reader
    assert isinstance(reader, FakeRfidReader)
    return reader


def sign_in(qtbot, window: KioskWindow) -> None:  # type: ignore[no-untyped-def]
    scanner = window.kiosk.scanners[0]
    assert isinstance(scanner, FakeScanner)
    scanner.inject(DEMO.codabar(DEMO.good_card))
    qtbot.waitUntil(lambda: window.current_screen is window.patron and window.session.signed_in,
                    timeout=WAIT)


def put(pad: FakeRfidReader, *tags: DemoTag) -> None:
    for tag in tags:
        tag.put_on(pad)


def items(tags: tuple[DemoTag, ...] | list[DemoTag]) -> list[str]:
    from kiosk.rfid import decode_tag
    return [content.item for t in tags if (content := decode_tag(t.memory).content)]


def lent(window: KioskWindow) -> list[str]:
    return [row.item for row in window.patron.rows if row.loan is not None]


def simulator_titles(window: KioskWindow, tags: tuple[DemoTag, ...]) -> list[str]:
    simulator = getattr(window.kiosk, "simulator", None)
    assert simulator is not None
    with simulator.locked() as collection:
        return [collection.items[item].title for item in items(tags)]


def afi(pad: FakeRfidReader, tag: DemoTag) -> int:
    return pad.tags[tag.uid].afi


def test_a_stack_put_on_the_pad_is_lent_and_its_security_turned_off(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window)
    assert window.patron.pad == "up"
    put(pad, *BOOKS)
    qtbot.waitUntil(lambda: sorted(lent(window)) == sorted(items(BOOKS)), timeout=WAIT)
    qtbot.waitUntil(lambda: all(afi(pad, t) == ON_LOAN for t in BOOKS), timeout=WAIT)
    assert window.counts.loans == 3
    assert all(row.loan is not None and row.title for row in window.patron.rows)
    # the pad's "checking" rows are gone: one row per book, each a loan
    qtbot.waitUntil(lambda: len(window.patron.rows) == 3, timeout=WAIT)
    rounds = window.pad_reader.rounds if window.pad_reader else 0
    qtbot.waitUntil(lambda: window.pad_reader is not None
                    and window.pad_reader.rounds > rounds + 3, timeout=WAIT)
    assert len(window.patron.rows) == 3, "nothing is lent twice while the stack lies there"
    assert [w for w in pad.writes if w[0] == "afi"] == [("afi", t.uid, ON_LOAN) for t in BOOKS]


def test_books_put_down_before_the_card_wait_and_are_lent_after_it(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    put(pad, *BOOKS[:2])
    first = message(PAD_WAITING)           # in every language at idle: English among them
    qtbot.waitUntil(lambda: first in window.idle.notice.text(), timeout=WAIT)
    assert "Then the items on the pad will be lent to you." in window.idle.notice.text()
    # the books waiting are named, by the titles the simulator's catalogue gives them (the
    # demo's cache was fed from it): nothing was asked of the ILS yet
    titles = simulator_titles(window, BOOKS[:2])
    qtbot.waitUntil(lambda: all(t in window.idle.notice.text() for t in titles), timeout=WAIT)
    pad_items = window.pad.items if window.pad is not None else ()
    assert [i.title for i in pad_items] == titles
    assert window.current_screen is window.idle
    assert not pad.writes
    pad.take(BOOKS[1].uid)                 # taken back off: no longer named
    qtbot.waitUntil(lambda: titles[1] not in window.idle.notice.text(), timeout=WAIT)
    assert titles[0] in window.idle.notice.text()
    put(pad, BOOKS[1])
    qtbot.waitUntil(lambda: titles[1] in window.idle.notice.text(), timeout=WAIT)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: sorted(lent(window)) == sorted(items(BOOKS[:2])), timeout=WAIT)


def test_a_quick_visit_begun_with_books_on_the_pad_ends_on_the_goodbye_screen(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    """The pad emptied at the session's end (a PadChanged) while "scan your card first" is
    still the last notice: the goodbye screen stays, the idle one does not come back asking
    for a card for books that are gone."""
    from kiosk.events import EndReason
    put(pad, BOOKS[0])
    qtbot.waitUntil(lambda: message(PAD_WAITING) in window.idle.notice.text(), timeout=WAIT)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: lent(window) == items(BOOKS[:1]), timeout=WAIT)
    screens: list[object] = []
    window.stack.currentChanged.connect(lambda _: screens.append(window.current_screen))
    emptied: list[object] = []
    window.event_applied.connect(
        lambda e: emptied.append(e) if isinstance(e, PadChanged) and not e.items else None)
    window.finish(EndReason.FINISHED)
    qtbot.waitUntil(lambda: bool(emptied), timeout=WAIT)   # the emptied pad, drawn
    assert window.current_screen is window.goodbye
    assert screens == [window.goodbye]
    window.show_idle()                         # the goodbye screen's time up: a fresh idle
    assert message(PAD_WAITING) not in window.idle.notice.text()


def test_a_patron_finishing_while_a_security_write_waits_for_the_reader_answers_it(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    """Finish while a loan's security write waits for a reader that went away: the write is
    failed at once (its book to staff, recorded with the loan), not left to answer later."""
    from kiosk.events import EndReason
    sign_in(qtbot, window)
    reader = window.pad_reader
    assert reader is not None
    pad.unplug()
    answers: list[tuple[bool, str]] = []
    reader.secure((BOOKS[0].uid,), on_loan=True,
                  done=lambda ok, detail, _state: answers.append((ok, detail)))
    qtbot.waitUntil(lambda: reader.waiting_writes == 1, timeout=WAIT)
    window.finish(EndReason.FINISHED)
    assert [(ok, "finished" in detail) for ok, detail in answers] == [(False, True)]
    assert reader.waiting_writes == 0


def test_the_card_request_goes_when_the_books_waiting_are_taken_off(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    put(pad, BOOKS[0])
    qtbot.waitUntil(lambda: message(PAD_WAITING) in window.idle.notice.text(), timeout=WAIT)
    pad.take(BOOKS[0].uid)
    qtbot.waitUntil(lambda: message(PAD_WAITING) not in window.idle.notice.text(),
                    timeout=WAIT)
    assert window.current_screen is window.idle


def test_a_book_taken_off_before_the_card_is_not_lent(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    put(pad, *BOOKS)
    qtbot.waitUntil(lambda: window.pad is not None and len(window.pad.items) == 3,
                    timeout=WAIT)
    pad.take(BOOKS[2].uid)
    qtbot.waitUntil(lambda: window.pad is not None and len(window.pad.items) == 2,
                    timeout=WAIT)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: len(lent(window)) == 2, timeout=WAIT)
    assert sorted(lent(window)) == sorted(items(BOOKS[:2]))
    qtbot.waitUntil(lambda: afi(pad, BOOKS[0]) == ON_LOAN, timeout=WAIT)
    assert not [w for w in pad.writes if w[1] == BOOKS[2].uid]


def test_a_book_taken_off_after_its_loan_stays_lent(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window)
    put(pad, *BOOKS)
    qtbot.waitUntil(lambda: len(lent(window)) == 3, timeout=WAIT)
    pad.take(BOOKS[1].uid)
    qtbot.waitUntil(lambda: window.pad is not None and any(
        not i.on_pad for i in window.pad.items), timeout=WAIT)
    assert sorted(lent(window)) == sorted(items(BOOKS))
    BOOKS[1].put_on(pad)                     # back on the pad: never lent twice
    qtbot.waitUntil(lambda: window.pad is not None and all(
        i.on_pad for i in window.pad.items), timeout=WAIT)
    assert len(window.patron.rows) == 3
    assert window.counts.loans == 3


def test_a_set_is_lent_only_with_all_its_parts(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window)
    put(pad, *CD_SET[:2])
    qtbot.waitUntil(lambda: any(r.pad is not None and r.pad.state is PadItemState.PARTS_MISSING
                                for r in window.patron.rows), timeout=WAIT)
    shown = texts(window.patron)
    assert message(PAD_STATES[PadItemState.PARTS_MISSING]).replace("%1", "3") in shown
    assert "■■□" in shown
    assert not lent(window)
    put(pad, CD_SET[2])
    qtbot.waitUntil(lambda: lent(window) == items(CD_SET[:1]), timeout=WAIT)
    qtbot.waitUntil(lambda: all(afi(pad, t) == ON_LOAN for t in CD_SET), timeout=WAIT)
    assert [r for r in window.patron.rows if r.pad is not None] == []


def test_another_librarys_book_is_said_and_not_sent(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window)
    put(pad, OTHER)
    qtbot.waitUntil(lambda: any(r.pad is not None and r.pad.state is PadItemState.NOT_OURS
                                for r in window.patron.rows), timeout=WAIT)
    assert message(PAD_STATES[PadItemState.NOT_OURS]) in texts(window.patron)
    assert not lent(window)
    assert not pad.writes
    pad.take(OTHER.uid)
    qtbot.waitUntil(lambda: not window.patron.rows, timeout=WAIT)


def test_a_tag_that_refuses_the_security_write_keeps_its_loan_and_asks_for_staff(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    metrics = window.kiosk.metrics
    sign_in(qtbot, window)
    put(pad, LOCKED)
    qtbot.waitUntil(lambda: any(r.show_staff for r in window.patron.rows), timeout=WAIT)
    assert lent(window) == items([LOCKED])
    assert message(PAD_STATES[PadItemState.SECURITY_FAILED]) in texts(window.patron)
    assert afi(pad, LOCKED) != ON_LOAN
    assert metrics.value("kiosk_rfid_security_failed_total") == 1.0
    assert window.counts.loans == 1


def test_rf_noise_is_counted_and_lends_nothing_twice(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    metrics = window.kiosk.metrics
    sign_in(qtbot, window)
    pad.fail_next(RfError("RF noise"), times=3)
    put(pad, *BOOKS)
    qtbot.waitUntil(lambda: len(lent(window)) == 3, timeout=WAIT)
    assert metrics.value("kiosk_rfid_errors_total", kind="rf") == 3.0
    assert window.device_states.get(pad.url, ("connected", ""))[0] == "connected"


def test_a_reader_that_goes_away_sends_the_patron_to_the_barcode_which_still_lends(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    metrics = window.kiosk.metrics
    sign_in(qtbot, window)
    put(pad, *CD_SET[:2])
    qtbot.waitUntil(lambda: any(r.pad is not None for r in window.patron.rows), timeout=WAIT)
    pad.unplug()
    qtbot.waitUntil(lambda: window.device_states.get(pad.url, ("", ""))[0] == "disconnected",
                    timeout=WAIT)
    assert "unplugged" in window.device_states[pad.url][1]          # staff: the cause
    assert message(PAD_DOWN) in window.patron.notice.text()          # patron: the barcode
    assert window.patron.instruction.text() == QCoreApplication.translate(
        "PatronScreen", "Scan your items one at a time. When you are done, press Finish.")
    # "put all 3 parts on the pad" is not asked of a pad that does not work
    assert not [r for r in window.patron.rows if r.pad is not None]
    assert metrics.value("kiosk_rfid_errors_total", kind="reader_gone") >= 1.0
    assert metrics.value("kiosk_device_up", device=pad.url) == 0.0
    scanner = window.kiosk.scanners[0]
    assert isinstance(scanner, FakeScanner)
    scanner.inject(DEMO.lendable_items[0])
    qtbot.waitUntil(lambda: lent(window) == [DEMO.lendable_items[0]], timeout=WAIT)
    pad.replug()                                 # tried again, as the scanners are
    qtbot.waitUntil(lambda: window.device_states[pad.url][0] == "connected", timeout=WAIT)
    assert window.patron.pad == "up"
    qtbot.waitUntil(lambda: any(r.pad is not None for r in window.patron.rows), timeout=WAIT)
    put(pad, BOOKS[0], CD_SET[2])
    qtbot.waitUntil(lambda: len(lent(window)) == 3, timeout=WAIT)


def test_the_demo_panel_puts_books_on_the_pad_and_takes_one_off(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    panel = window.findChild(DemoPanel)
    assert panel is not None
    assert set(panel.pad_buttons) >= {"3 books", "take", "CD set (3)"}
    sign_in(qtbot, window)
    qtbot.mouseClick(panel.pad_buttons["3 books"], Qt.MouseButton.LeftButton)
    assert sorted(pad.tags) == sorted(t.uid for t in BOOKS)
    qtbot.waitUntil(lambda: len(lent(window)) == 3, timeout=WAIT)
    qtbot.mouseClick(panel.pad_buttons["take"], Qt.MouseButton.LeftButton)
    assert len(pad.tags) == 2
    qtbot.mouseClick(panel.pad_buttons["CD set (3)"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(lent(window)) == 4, timeout=WAIT)


def test_the_session_end_empties_the_pad_for_the_next_patron(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    from kiosk.events import EndReason
    sign_in(qtbot, window)
    put(pad, BOOKS[0])
    qtbot.waitUntil(lambda: len(lent(window)) == 1, timeout=WAIT)
    window.finish(EndReason.FINISHED)
    qtbot.waitUntil(lambda: window.current_screen is window.goodbye, timeout=WAIT)
    qtbot.waitUntil(lambda: window.pad is not None and window.pad.items == (), timeout=WAIT)
    sign_in(qtbot, window)                  # the same book still lies there: not lent again
    rounds = window.pad_reader.rounds if window.pad_reader else 0
    qtbot.waitUntil(lambda: window.pad_reader is not None
                    and window.pad_reader.rounds > rounds + 3, timeout=WAIT)
    assert not lent(window)


def test_books_left_on_the_pad_before_a_restart_are_not_lent_until_put_down_again(
        qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    """The kiosk starts with a book on its pad (left by someone before a restart): the first
    patron is not lent it, staff's list shows it; lifted and put down again, it is lent."""
    config = replace(load_config(None), rfid_poll_ms=50)
    kiosk = on_a_fake_scanner(config, pad=True)
    pad = kiosk.rfid_reader
    assert isinstance(pad, FakeRfidReader)
    put(pad, BOOKS[0])                        # there before the window reads the pad
    window = show_window(qtbot, kiosk, demo=True)
    reader = window.pad_reader
    assert reader is not None
    try:
        sign_in(qtbot, window)
        rounds = reader.rounds
        qtbot.waitUntil(lambda: reader.rounds > rounds + 3, timeout=WAIT)
        assert not lent(window)
        assert window.pad is not None
        assert window.pad.items == ()
        assert [r.uid for r in reader.on_pad] == [BOOKS[0].uid]      # staff still see it
        assert "already on the pad when it started" in caplog.text
        pad.take(BOOKS[0].uid)
        qtbot.waitUntil(lambda: not reader.on_pad, timeout=WAIT)
        put(pad, BOOKS[0])
        qtbot.waitUntil(lambda: lent(window) == items(BOOKS[:1]), timeout=WAIT)
    finally:
        window.shutdown()
        kiosk.close()


def test_hardware_setup_lists_the_tags_on_the_pad_live_and_lends_none(
        qtbot, window: KioskWindow, pad: FakeRfidReader) -> None:  # type: ignore[no-untyped-def]
    staff = window.staff
    staff.enter()
    staff.open_setup()
    setup = staff.setup
    assert window.current_screen is setup
    assert pad.url in setup.pad_state.text()
    qtbot.waitUntil(lambda: setup.pad_tags.text() != "", timeout=WAIT)
    put(pad, BOOKS[0], CD_SET[0], STACKS["Locked tag"][0])
    pad.put("E004010000000099")                       # a blank tag
    qtbot.waitUntil(lambda: "E004010000000099" in setup.pad_tags.text(), timeout=WAIT)
    listed = setup.pad_tags.text()
    assert f"{BOOKS[0].uid}  {items([BOOKS[0]])[0]} [JP1000001]" in listed
    assert f"{items([CD_SET[0]])[0]} (1/3)" in listed
    assert "blank" in listed
    put(pad, OTHER)
    qtbot.waitUntil(lambda: OTHER.uid in setup.pad_tags.text(), timeout=WAIT)
    other = next(line for line in setup.pad_tags.text().splitlines() if OTHER.uid in line)
    assert "JP-1000001" in other                       # another library's, said as such
    pad.take("E004010000000099")
    qtbot.waitUntil(lambda: "E004010000000099" not in setup.pad_tags.text(), timeout=WAIT)
    pad.unplug()
    qtbot.waitUntil(lambda: "unplugged" in setup.pad_state.text(), timeout=WAIT)
    pad.replug()
    qtbot.waitUntil(lambda: "unplugged" not in setup.pad_state.text(), timeout=WAIT)
    staff.leave()
    sign_in(qtbot, window)                  # books put down in staff mode are never lent
    rounds = window.pad_reader.rounds if window.pad_reader else 0
    qtbot.waitUntil(lambda: window.pad_reader is not None
                    and window.pad_reader.rounds > rounds + 3, timeout=WAIT)
    assert not lent(window)
    assert not pad.writes


def test_a_feig_reader_on_a_pty_that_falls_silent_mid_stack_lends_each_book_once(
        qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real driver against the FEIG emulator: a stack of three, the reader silent in
    the middle of it (the patron told to use the barcode), then answering again: every book
    lent exactly once, its AFI written on the emulated tag."""
    from kiosk.rfid import RfidSettings
    from tests.rigs.feig_emulator import FeigEmulator
    emulator = FeigEmulator(tmp_path / "usb-FEIG_pad-if00-port0", per_answer=2)
    emulator.plug()
    config = load_config(None)
    config = replace(config, rfid_poll_ms=50, rfid=RfidSettings(
        reader=f"feig://{emulator.link}?timeout=0.3", owner="JP-1000001"))
    kiosk = on_a_fake_scanner(config)
    window = show_window(qtbot, kiosk, demo=False)
    try:
        sign_in(qtbot, window)
        tags = [emulated(t) for t in BOOKS]
        emulator.put(*tags)
        emulator.go_silent(after=7)                  # a few answers into the stack
        url = config.rfid.reader
        qtbot.waitUntil(lambda: window.device_states.get(url, ("", ""))[0] == "disconnected",
                        timeout=WAIT)
        assert message(PAD_DOWN) in window.patron.notice.text()
        emulator.speak()
        qtbot.waitUntil(lambda: sorted(lent(window)) == sorted(items(BOOKS)), timeout=WAIT)
        # each book's security turned off and read back: a write the silence caught waited
        # for the reader and was written when it answered again (none sent to staff)
        pad = window.pad
        assert pad is not None
        qtbot.waitUntil(lambda: {i.item for i in pad.items if i.state is PadItemState.SECURED}
                        >= set(items(BOOKS)), timeout=WAIT)
        assert [tag.afi for tag in tags] == [ON_LOAN] * 3
        assert window.device_states[url][0] == "connected"
        assert window.counts.loans == 3
        assert len(window.patron.rows) == 3
    finally:
        window.shutdown()
        kiosk.close()
        emulator.unplug()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_pad_screenshots_render(tmp_path, lang: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from ui.screenshots import SCALE, SIZES, pad_tour
    written = pad_tour(tmp_path, lang, SIZES["landscape"])
    assert [p.stem for p in written] == [
        "pad-before-card", "pad-stack-lent", "pad-set-missing-a-part", "pad-other-library",
        "pad-security-failed", "pad-not-working"]
    for path in written:
        image = QImage(str(path))
        assert image.width() == int(SIZES["landscape"][0] * SCALE), path.name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert len(colours) > 8, f"{path.name} looks blank"


def test_a_reader_missing_at_start_is_said_and_used_once_plugged_in(
        qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The pad's USB-serial cable is not in when the kiosk starts: staff see why, patrons
    are sent to the barcode; plugged in later, the pad works without a restart."""
    from kiosk.rfid import RfidSettings
    from tests.rigs.feig_emulator import FeigEmulator
    emulator = FeigEmulator(tmp_path / "usb-FEIG_pad-if00-port0", per_answer=4)
    url = f"feig://{emulator.link}?timeout=0.3"
    config = replace(load_config(None), rfid_poll_ms=50,
                     rfid=RfidSettings(reader=url, owner="JP-1000001"))
    kiosk = on_a_fake_scanner(config)
    assert str(emulator.link) in kiosk.rfid_problem
    window = show_window(qtbot, kiosk, demo=False)
    try:
        assert window.device_states[url][0] == "disconnected"
        assert str(emulator.link) in window.device_states[url][1]
        assert window.patron.pad == "down"
        assert not window.idle.pad
        sign_in(qtbot, window)
        emulator.plug()
        qtbot.waitUntil(lambda: window.device_states[url][0] == "connected", timeout=WAIT)
        assert window.patron.pad == "up"
        tag = BOOKS[0]
        on_pad = emulated(tag)
        emulator.put(on_pad)
        qtbot.waitUntil(lambda: lent(window) == items([tag]) and on_pad.afi == ON_LOAN,
                        timeout=WAIT)
    finally:
        window.shutdown()
        kiosk.close()
        emulator.unplug()
