"""Screenshots of every screen of the demo, for the docs and for looking at what we built.

    python -m ui.screenshots docs/screenshots [ja,en]     (``make screenshots``)

Each language in landscape (1920×1080) and portrait (1080×1920), into
``docs/screenshots/<lang>-<orientation>/``, at 60 % size. The RFID pad's screens
(:func:`pad_tour`: books put down before the card, a stack lent, a set missing a part,
another library's book, a tag that keeps its security, the pad not working) too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.config import KioskConfig, load_config
from kiosk.demo import bootstrap
from sync.ils_sim.collection import DEMO
from ui.app import application, build_window
from ui.journey_screens import LoanRow
from ui.window import KioskWindow


def until(condition: Callable[[], bool], timeout_ms: int = 10_000) -> bool:
    """Run the event loop until ``condition()`` holds (the pad is read on its own queue)."""
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        if timer.elapsed() > timeout_ms:
            return False
        settle(20)
    return True


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until_event(window: KioskWindow, action: object) -> None:
    loop = QEventLoop()
    window.event_applied.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    action()  # type: ignore[operator]
    loop.exec()
    window.event_applied.disconnect(loop.quit)
    settle()


SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
SCALE = 0.6          # docs need to be legible, not full size: keeps the repository small


def _open(config: KioskConfig, size: tuple[int, int], *, ils_down: bool = False,
          pad: bool = False) -> tuple[Kiosk, KioskWindow, FakeScanner]:
    """A demo kiosk on a fake scanner, its window shown at ``size``."""
    scanner = FakeScanner("fake-scanner://?name=screenshots")
    kiosk = bootstrap(config, scanners=[scanner], ils_down=ils_down, pad=pad)
    window = build_window(kiosk, demo=False)
    window.resize(*size)
    window.show()
    return kiosk, window, scanner


class _Shots:
    """``shot(name)``: the window, settled, into ``out/<name>.png`` at :data:`SCALE`;
    ``written`` lists the files. ``window`` may be replaced between shots."""

    def __init__(self, out: Path, window: KioskWindow) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.window = window
        self.written: list[Path] = []

    def __call__(self, name: str) -> None:
        settle()
        image = self.window.grab().toImage()
        image = image.scaledToWidth(int(image.width() * SCALE),
                                    Qt.TransformationMode.SmoothTransformation)
        path = self.out / f"{name}.png"
        image.save(str(path))
        self.written.append(path)


def tour(out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    """Every patron screen, in ``lang``, at ``size``; returns the files written."""
    application()
    config = load_config(None)
    # a branch that offers receipts, on a printer that prints nowhere
    config = replace(config, session=replace(config.session, require_pin=True),
                     receipts_policy="ask", printer_url="fake-printer://")
    kiosk, window, scanner = _open(config, size)
    shot = _Shots(out, window)

    try:
        window.set_language(lang)
        shot("idle")                       # the three steps and where the scanner is
        window.large_text.setChecked(True)
        shot("idle-large-text")
        window.large_text.setChecked(False)
        until_event(window, lambda: scanner.inject(DEMO.unknown_card))
        shot("idle-unknown-card")
        window._clear_notices()
        window.set_language(lang)
        until_event(window, lambda: scanner.inject(DEMO.codabar(DEMO.good_card)))
        for digit in DEMO.good_pin[:2]:
            window.pin_pad.press(digit)
        shot("pin-pad")
        for digit in DEMO.good_pin[2:]:
            window.pin_pad.press(digit)
        until_event(window, window.pin_pad.ok.click)
        shot("patron-welcome")
        for item in [*DEMO.lendable_items[:2], DEMO.hold_pickup_item, DEMO.not_for_loan_item]:
            until_event(window, lambda i=item: scanner.inject(i))
        shot("patron")
        until_event(window, lambda: scanner.inject("9784834000825"))
        shot("patron-isbn-notice")
        for item in [*DEMO.lendable_items[2:], DEMO.av_item, DEMO.on_hold_item,
                     DEMO.unknown_item]:
            until_event(window, lambda i=item: scanner.inject(i))
        shot("patron-long-list")          # the newest row in view, a finger-wide scrollbar
        window.large_text.setChecked(True)
        shot("patron-large-text")
        window.large_text.setChecked(False)
        window.contrast.setChecked(True)
        shot("patron-high-contrast")
        window.contrast.setChecked(False)
        _loans_and_a_renewal(window, shot, "loans")
        window.loans.back.click()
        window._warn_idle()  # what an idle patron sees before the session ends
        shot("idle-warning")
        window.large_text.setChecked(True)
        window._warn_idle()
        shot("idle-warning-large-text")
        window.large_text.setChecked(False)
        window._touch()
        window.patron.finish_button.click()
        shot("receipt")
        until_event(window, window.receipt.print_button.click)
        shot("goodbye")
        _mynumber_and_staff(window, shot, lang)
    finally:
        window.shutdown()
        kiosk.close()
    # the ILS is down: the offline banner, loans from the journal
    kiosk, window, scanner = _open(load_config(None), size, ils_down=True)
    shot.window = window
    try:
        window.set_language(lang)
        until_event(window, lambda: scanner.inject(DEMO.codabar(DEMO.good_card)))
        for item in [*DEMO.lendable_items[:2], DEMO.on_hold_item]:
            until_event(window, lambda i=item: scanner.inject(i))
        shot("offline-patron")
    finally:
        window.shutdown()
        kiosk.close()
    return shot.written + _lending(out, lang, size)


def _lending(out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    """A patron with a loan from before today: "you already have this" on a re-scan,
    "Finished?" on another card, the renew button with its date, a renewal and a refusal."""
    kiosk, window, scanner = _open(load_config(None), size)
    shot = _Shots(out, window)

    try:
        window.set_language(lang)
        until_event(window, lambda: scanner.inject(DEMO.codabar(DEMO.other_good_card)))
        for item in (DEMO.lendable_items[0], DEMO.on_loan_item):
            until_event(window, lambda i=item: scanner.inject(i))
        shot("patron-already-have")
        until_event(window, lambda: scanner.inject(DEMO.codabar(DEMO.good_card)))
        shot("finished-question")
        window.question.continue_button.click()
        row = _loans_and_a_renewal(window, shot, "loans-renew-date")
        if row is not None:
            until_event(window, lambda: window._run(
                lambda: window.session.renew(row.loan.item)))
            shot("loans-renewal-refused")
        window.loans.back.click()
        until_event(window, window.patron.finish_button.click)
        shot("goodbye-renewed")
    finally:
        window.shutdown()
        kiosk.close()
    return shot.written


def _loans_and_a_renewal(window: KioskWindow, shot: Callable[[str], None],
                         name: str) -> LoanRow | None:
    """The patron's loans (shot as ``name``), then the first renewable one renewed; that
    row, or None when none could be renewed."""
    until_event(window, window.patron.loans_button.click)
    shot(name)
    row = next((r for r in window.loans.rows if r.renew.isVisible()), None)
    if row is not None:
        until_event(window, row.renew.click)
        shot("loans-renewed")
    return row


def _mynumber_and_staff(window: KioskWindow, shot: Callable[[str], None], lang: str) -> None:
    """The My Number screens as a patron sees them (the flows themselves run through pcscd in
    tests/mynumber), then staff mode."""
    from kiosk.events import CardProblem
    from ui.i18n import CARD_PROBLEMS
    window.show_idle()
    window.set_language(lang)
    window.idle.offer_mynumber(True)
    shot("idle-mynumber")
    window.card_screen.waiting()
    window.stack.setCurrentWidget(window.card_screen)
    shot("mynumber-place")
    window.card_screen.show_problem(CARD_PROBLEMS[CardProblem.UNKNOWN_LINK])
    shot("mynumber-not-registered")
    window.pin_pad.ask(1, True, purpose="mynumber")
    window.stack.setCurrentWidget(window.pin_pad)
    shot("mynumber-pin")
    staff = window.staff
    assert staff is not None
    staff.pin.reset()
    for digit in "246":
        staff.pin.press(digit)
    window.stack.setCurrentWidget(staff.pin)
    shot("staff-pin")
    staff.pin.show_locked(299)          # after five wrong PINs: the pad off, the time left
    shot("staff-pin-locked")
    staff.pin.unlock()
    staff.enter()
    staff.home.link_button.show()
    shot("staff-home")
    staff.open_setup()
    shot("staff-setup")
    staff.open_linking()
    staff.linking.scanned(DEMO.good_card)
    shot("staff-link")
    staff.out_of_service = True
    staff.leave()
    window.set_language(lang)
    shot("out-of-service")
    staff.out_of_service = False
    window.idle.offer_mynumber(False)


def pad_tour(out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    """The RFID pad as a patron sees it, on the demo's fake pad read by the window's own
    polling: books put down before the card, three books lent, a set of 3 CDs with one
    missing, another library's book, a tag whose security stays on, the pad not working."""
    from drivers.rfid.fake import FakeRfidReader
    from kiosk.demo import demo_stacks
    application()
    stacks = dict(demo_stacks())
    kiosk, window, scanner = _open(replace(load_config(None), rfid_poll_ms=50), size,
                                   pad=True)
    shot = _Shots(out, window)
    pad = kiosk.rfid_reader
    assert isinstance(pad, FakeRfidReader)

    def lent() -> int:
        return sum(1 for row in window.patron.rows if row.loan is not None)

    def put(*names: str, parts: int | None = None) -> None:
        for name in names:
            for tag in stacks[name][:parts]:
                tag.put_on(pad)

    try:
        window.set_language(lang)
        # the pad's first inventory first: books already there when it starts are taken as
        # left behind before a restart, and never lent until put down again
        until(lambda: window.pad_reader is not None and window.pad_reader.rounds > 0)
        put("3 books")
        until(lambda: bool(window.idle.notice.text()))
        shot("pad-before-card")
        pad.clear()
        until(lambda: window.pad is not None and not window.pad.items)
        window._clear_notices()
        window.set_language(lang)
        until_event(window, lambda: scanner.inject(DEMO.codabar(DEMO.other_good_card)))
        put("3 books")
        until(lambda: lent() == 3 and all(t.afi == 0xC2 for t in pad.tags.values()))
        shot("pad-stack-lent")
        put("CD set (3)", parts=2)
        until(lambda: any(r.pad is not None for r in window.patron.rows))
        shot("pad-set-missing-a-part")
        put("Other library")
        until(lambda: sum(1 for r in window.patron.rows if r.pad is not None) == 2)
        shot("pad-other-library")
        put("Locked tag")
        until(lambda: any(r.show_staff for r in window.patron.rows))
        shot("pad-security-failed")
        pad.unplug()
        until(lambda: window.patron.pad == "down")
        shot("pad-not-working")
    finally:
        window.shutdown()
        kiosk.close()
    return shot.written


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    langs = argv[1].split(",") if len(argv) > 1 else ["ja", "en"]
    app = application()
    for lang in langs:
        for orientation, size in SIZES.items():
            for path in tour(out / f"{lang}-{orientation}", lang, size):
                print(path)
            for path in pad_tour(out / f"{lang}-{orientation}", lang, size):
                print(path)
    QApplication.processEvents()
    _ = app
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)      # skip the final GC, where PySide6 has been seen to abort (see cli)
