"""Staff mode's hardware setup in the real window: the devices found and configured, live
tests (camera preview with a decoded code, a scanner on a pty, a test page on a network
printer), and saving to the branch config, validated, comments kept."""

from __future__ import annotations

import os
import shutil
import tty
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from drivers.scanners.fake import FakeScanner
from kiosk.config import KioskConfig, load_config
from kiosk.demo import bootstrap
from tests.rigs.phone_frames import LOOKS, phone_held_up
from tests.ui.windows import show_window

pytestmark = pytest.mark.ui
WAIT = 15_000
LEFT = Qt.MouseButton.LeftButton
EXAMPLE = Path(__file__).parents[2] / "config" / "example-branch.toml"


@pytest.fixture
def open_setup(qtbot, tmp_path: Path) -> Iterator[Callable[[KioskConfig], Any]]:  # type: ignore[no-untyped-def]
    """The hardware setup screen of a kiosk on ``config``, on an empty machine."""
    made: list[tuple[Any, Any]] = []

    def open_on(config: KioskConfig) -> Any:
        kiosk = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=staff")])
        window = show_window(qtbot, kiosk)
        made.append((kiosk, window))
        window.staff.discovery_root = tmp_path / "root"          # an empty machine
        window.staff.enter()
        qtbot.mouseClick(window.staff.home.setup_button, LEFT)
        return window

    yield open_on
    for kiosk, window in made:
        window.shutdown()
        kiosk.close()


@pytest.fixture
def win(open_setup) -> Any:  # type: ignore[no-untyped-def]
    return open_setup(load_config(None))


def outcome(qtbot, window, role: str) -> str:  # type: ignore[no-untyped-def]
    """A test's line once it has come back from the background."""
    label = window.staff.setup.outcomes[role]
    qtbot.waitUntil(lambda: label.text() not in ("", "…", "テストしています…"), timeout=WAIT)
    return str(label.text())


def saved_line(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    label = window.staff.setup.saved
    qtbot.waitUntil(lambda: label.text() not in ("", "保存しています…"), timeout=WAIT)
    return str(label.text())


def choose(window, role: str, url: str) -> None:  # type: ignore[no-untyped-def]
    choice = window.staff.setup.choices[role]
    choice.setEditText(url)
    assert window.staff.setup.chosen(role) == url


def test_setup_shows_what_is_configured_and_none(win) -> None:  # type: ignore[no-untyped-def]
    setup = win.staff.setup
    assert win.current_screen is setup
    scanner = setup.choices["scanner"]
    urls = [scanner.itemData(i) for i in range(scanner.count())]
    assert urls[0] == win.staff.kiosk.config.scanners[0]
    assert "" in urls                                       # "(none)" is always offered


def test_camera_preview_shows_frames_and_the_decoded_code(qtbot, win, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    video = phone_held_up(tmp_path / "held.avi", "A21045877B", "codabar", LOOKS["tilt"],
                          held=30)
    choose(win, "camera", f"camera://{video}?fps=15&preview_fps=30")
    qtbot.mouseClick(win.staff.setup.tests["camera"], LEFT)
    qtbot.waitUntil(lambda: "A21045877B" in win.staff.setup.outcomes["camera"].text(),
                    timeout=WAIT)
    assert win.staff.setup.preview.frames > 0
    assert not win.staff.setup.preview.pixmap().isNull()
    qtbot.mouseClick(win.staff.setup.back_button, LEFT)        # leaving stops the camera
    assert win.current_screen is win.staff.home
    assert win.staff.tests.live is None


def test_a_serial_scanner_is_tested_live_on_a_pty(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    controller, device = os.openpty()
    tty.setraw(device)
    try:
        choose(win, "scanner", f"serial://{os.ttyname(device)}?baud=9600")
        qtbot.mouseClick(win.staff.setup.tests["scanner"], LEFT)
        qtbot.waitUntil(lambda: "接続しました" in win.staff.setup.outcomes["scanner"].text(),
                        timeout=WAIT)
        os.write(controller, b"115543016\r")
        qtbot.waitUntil(lambda: "115543016" in win.staff.setup.outcomes["scanner"].text(),
                        timeout=WAIT)
        assert not win.session.signed_in                  # a setup test lends nothing
    finally:
        win.staff.tests.stop()
        os.close(controller)
        os.close(device)


def test_a_test_page_goes_to_a_network_printer(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    from tests.rigs.printer_emulator import NetPrinterRig
    rig = NetPrinterRig()
    try:
        choose(win, "printer", rig.url)
        qtbot.mouseClick(win.staff.setup.tests["printer"], LEFT)
        qtbot.waitUntil(lambda: "テスト印字".encode("cp932") in bytes(rig.brain.received),
                        timeout=WAIT)
        qtbot.waitUntil(lambda: win.staff.setup.outcomes["printer"].text() not in ("", "…"),
                        timeout=WAIT)
        rig.brain.paper_out = True
        qtbot.mouseClick(win.staff.setup.tests["printer"], LEFT)
        qtbot.waitUntil(lambda: "paper" in win.staff.setup.outcomes["printer"].text().lower(),
                        timeout=WAIT)
    finally:
        rig.close()


def test_an_unreachable_printer_is_a_line_for_staff(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    choose(win, "printer", "escpos-net://127.0.0.1:9")
    qtbot.mouseClick(win.staff.setup.tests["printer"], LEFT)
    line = outcome(qtbot, win, "printer")
    assert line.startswith("プリンターを使えません: 接続されていません")
    assert "127.0.0.1:9" in line


def test_saving_on_the_demo_defaults_says_there_is_no_file(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(win.staff.setup.save_button, LEFT)
    assert "組み込みのデモ設定" in saved_line(qtbot, win)      # said in Japanese


def test_saving_writes_the_branch_config_keeping_comments(qtbot, open_setup,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    branch = tmp_path / "branch.toml"
    shutil.copy(EXAMPLE, branch)
    win = open_setup(replace(load_config(None), source=str(branch)))
    before = branch.read_text(encoding="utf-8")
    choose(win, "scanner", "evdev:///dev/input/by-id/usb-DENSO-event-kbd?layout=us&grab=1")
    choose(win, "camera", "camera://0?roi=0.2,0.1,0.6,0.8")
    choose(win, "printer", "escpos-usb://0x0519:0x0001")
    qtbot.mouseClick(win.staff.setup.save_button, LEFT)
    assert str(branch) in saved_line(qtbot, win)
    saved = load_config(branch)
    assert saved.scanners == ("evdev:///dev/input/by-id/usb-DENSO-event-kbd?layout=us&grab=1",
                              "camera://0?roi=0.2,0.1,0.6,0.8")
    assert saved.printer_url == "escpos-usb://0x0519:0x0001"
    text = branch.read_text(encoding="utf-8")
    assert "# The password lives in a file only the kiosk user can read" in text
    assert (tmp_path / "branch.toml.bak").read_text(encoding="utf-8") == before

    choose(win, "printer", "lpr://printer")                    # no such driver
    qtbot.mouseClick(win.staff.setup.save_button, LEFT)
    qtbot.waitUntil(lambda: "receipts.printer" in win.staff.setup.saved.text(), timeout=WAIT)
    assert branch.read_text(encoding="utf-8") == text           # unchanged
    assert not (tmp_path / "branch.toml.new").exists()


# -- issue 18, item 11: errors in words, results in the language on screen -------------------
def test_a_bad_printer_url_is_said_in_words_with_the_cause(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    choose(win, "printer", "lpr://printer")
    qtbot.mouseClick(win.staff.setup.tests["printer"], LEFT)
    line = outcome(qtbot, win, "printer")
    assert "ValueError" not in line
    assert line.startswith("この機器のアドレスは使えません: ")
    assert "lpr://printer" in line                                   # the cause, after


def test_results_change_language_with_the_screen(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    choose(win, "printer", "")
    qtbot.mouseClick(win.staff.setup.tests["printer"], LEFT)
    assert win.staff.setup.outcomes["printer"].text() == "何も選ばれていません。"
    choose(win, "card reader", "lpr://reader")
    qtbot.mouseClick(win.staff.setup.tests["card reader"], LEFT)
    outcome(qtbot, win, "card reader")
    win.set_language("ko")
    assert win.staff.setup.outcomes["printer"].text() == "선택된 것이 없습니다."
    assert win.staff.setup.outcomes["card reader"].text().startswith(
        "이 기기 주소는 사용할 수 없습니다: ")
    none = win.staff.setup.choices["scanner"].findData("")
    assert win.staff.setup.choices["scanner"].itemText(none) == "(없음)"


def test_two_tests_at_once_each_say_their_result(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    choose(win, "printer", "lpr://printer")
    choose(win, "card reader", "lpr://reader")
    win.staff.tests.run("printer")
    win.staff.tests.run("card reader")             # before the printer's answer came back
    assert "lpr://printer" in outcome(qtbot, win, "printer")
    assert "lpr://reader" in outcome(qtbot, win, "card reader")
