"""Issue 18, the screen: each defect as a patron met it, on the real window (items 9, 10, 12,
13, 14)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from layout_check import FINGER, label_clipped, problems
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.bootstrap import Kiosk
from kiosk.config import ConfigError, load_config
from sync.ils_sim.collection import DEMO
from ui.app import application, build_window
from ui.i18n import format_due
from ui.screens import RowWidget
from ui.screenshots import settle
from ui.translations.update import LANGUAGES
from ui.window import KioskWindow

pytestmark = pytest.mark.ui

WAIT = 10_000
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


def scan(qtbot, window: KioskWindow, scanner, code: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.event_applied, timeout=WAIT):
        scanner.inject(code)
    settle(50)


def shown_at(window: KioskWindow, size: tuple[int, int]) -> KioskWindow:
    window.resize(*size)
    window.show()
    settle(50)
    return window


@pytest.fixture
def demo(qtbot, kiosk: Kiosk) -> Iterator[KioskWindow]:  # type: ignore[no-untyped-def]
    """The window as ``kiosk demo`` builds it, the demo scanner panel at the bottom."""
    application()
    window = build_window(kiosk, demo=True)
    qtbot.addWidget(window)
    yield window
    window.large_text.setChecked(False)
    window.shutdown()


def rows(window: KioskWindow) -> list[RowWidget]:
    layout = window.patron.list_layout
    found = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w for w in found if isinstance(w, RowWidget)]


# -- 9: the idle warning ----------------------------------------------------------------------
def test_the_idle_warning_stays_inside_the_screen_and_the_window_never_grows(  # type: ignore[no-untyped-def]
        qtbot, demo, scanner) -> None:
    window = shown_at(demo, LANDSCAPE)
    scan(qtbot, window, scanner, DEMO.good_card)
    for item in DEMO.lendable_items[:3]:
        scan(qtbot, window, scanner, item)
    window.large_text.setChecked(True)
    window._warn_idle()
    settle(50)
    assert window.warning.isVisible()
    assert window.height() <= LANDSCAPE[1], "the warning made the window taller than the screen"
    assert not problems(window, *LANDSCAPE, touch=False, skip=())
    assert not label_clipped(window.warning.text)
    window._touch()                         # the patron is still there
    window.large_text.setChecked(False)
    settle(50)
    assert not window.warning.isVisible()
    assert (window.width(), window.height()) == LANDSCAPE


# -- 10: the item list ------------------------------------------------------------------------
def drag(widget: QWidget, start: QPoint, dy: int) -> None:
    """A finger (or the left button) pressed, moved by ``dy`` in small steps, let go."""
    def send(kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton,
             buttons: Qt.MouseButton) -> None:
        local = QPointF(pos)
        event = QMouseEvent(kind, local, QPointF(widget.mapToGlobal(pos)), button, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)

    left = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, start, left, left)
    steps = 12
    for n in range(1, steps + 1):
        settle(15)
        send(QEvent.Type.MouseMove, start + QPoint(0, dy * n // steps), Qt.MouseButton.NoButton,
             left)
    send(QEvent.Type.MouseButtonRelease, start + QPoint(0, dy), left, Qt.MouseButton.NoButton)
    settle(1500)                              # the flick runs out


def test_the_item_list_scrolls_by_touch_with_a_finger_sized_bar_the_newest_row_in_view(  # type: ignore[no-untyped-def]
        qtbot, window, scanner) -> None:
    shown_at(window, LANDSCAPE)
    scan(qtbot, window, scanner, DEMO.good_card)
    area = window.patron.list_area
    viewport = area.viewport()
    for item in (*DEMO.lendable_items, DEMO.hold_pickup_item, DEMO.not_for_loan_item,
                 DEMO.on_hold_item):
        scan(qtbot, window, scanner, item)
        newest = rows(window)[-1]
        assert newest.row.item == item
        seen = QRect(newest.mapTo(viewport, QPoint(0, 0)), newest.size())
        assert viewport.rect().contains(seen), f"the newest row ({item}) is cut off"
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the list should be longer than the screen here"
    assert bar.isVisible()
    assert bar.width() >= FINGER, "the scrollbar is too thin for a finger"
    before = bar.value()
    drag(viewport, QPoint(viewport.width() // 2, 40), 400)   # pull the list down
    assert bar.value() < before, "dragging the list did not scroll it"


# -- 12: the goodbye screen and doubled words -------------------------------------------------
@pytest.mark.parametrize(("items", "size"), [
    (DEMO.lendable_items[:1], PORTRAIT),
    ((*DEMO.lendable_items, DEMO.av_item, DEMO.hold_pickup_item), LANDSCAPE)])
def test_the_goodbye_screen_never_breaks_a_due_date(  # type: ignore[no-untyped-def]
        qtbot, window, scanner, items: tuple[str, ...], size: tuple[int, int]) -> None:
    shown_at(window, size)
    scan(qtbot, window, scanner, DEMO.good_card)
    for item in items:
        scan(qtbot, window, scanner, item)
    with qtbot.waitSignal(window.event_applied, timeout=WAIT) as ended:
        window.patron.finish_button.click()
    settle(50)
    assert window.current_screen is window.goodbye
    dues = {format_due(loan.due, loan.due_text, "ja") for loan in ended.args[0].loans}
    checked = 0
    for label in window.goodbye.findChildren(QLabel):
        if not label.isVisible():
            continue
        for line in label.text().split("\n"):
            if any(due in line for due in dues):
                checked += 1
                width = QFontMetrics(label.font()).horizontalAdvance(line)
                assert not label.wordWrap() or width <= label.contentsRect().width(), (
                    f"{line!r} is broken across lines in a {label.width()} px label")
    assert checked == len(ended.args[0].loans)
    assert window.goodbye.loans_area.verticalScrollBar().maximum() == 0, (
        "a short list is scrolled with room to spare")
    summary = window.goodbye.summary.text()
    assert f"{len(items)}点借りました" in summary, summary   # no stray space: 「2点 借りました」


def test_a_lost_card_is_said_once(qtbot, window, scanner) -> None:  # type: ignore[no-untyped-def]
    shown_at(window, LANDSCAPE)
    scan(qtbot, window, scanner, DEMO.blocked_card)
    notice = window.idle.notice.text()
    assert notice.count("紛失") == 1, notice              # ours, not ours and the library's
    assert "lost" in notice                               # and still in every language


def test_a_refused_item_sends_the_patron_to_the_counter_once(qtbot, window, scanner) -> None:  # type: ignore[no-untyped-def]
    shown_at(window, LANDSCAPE)
    scan(qtbot, window, scanner, DEMO.good_card)
    for item in (DEMO.on_hold_item, DEMO.not_for_loan_item, DEMO.on_loan_item):
        scan(qtbot, window, scanner, item)
    refused = [row for row in rows(window) if row.row.loan is None]
    assert len(refused) == 3
    for row in refused:
        words = "\n".join(label.text() for label in row.findChildren(QLabel)
                          if label.isVisible())
        assert words.count("カウンター") == 1, words


# -- 13: the demo on a portrait screen --------------------------------------------------------
def test_the_demo_fits_a_portrait_screen(demo: KioskWindow) -> None:
    assert demo.minimumSizeHint().width() <= PORTRAIT[0]
    window = shown_at(demo, PORTRAIT)
    assert (window.width(), window.height()) == PORTRAIT
    assert not problems(window, *PORTRAIT, touch=False, skip=())


# -- 14: the idle screen teaches --------------------------------------------------------------
def test_the_idle_screen_shows_the_three_steps_and_where_the_scanner_is(window) -> None:  # type: ignore[no-untyped-def]
    from ui.pictograms import MachineGuide, Pictogram
    shown_at(window, LANDSCAPE)
    idle = window.idle
    pictures = [p for p in idle.findChildren(Pictogram) if p.isVisible()]
    assert [p.kind for p in pictures] == ["card", "items", "finish"]
    assert all(p.width() >= 100 and p.height() >= 75 for p in pictures)
    guide = next(g for g in idle.findChildren(MachineGuide) if g.isVisible())
    assert guide.width() >= 200
    assert guide.height() >= 150
    window.set_language("en")
    english = [label.text() for label in idle.step_texts]
    for lang in LANGUAGES:
        window.set_language(lang)
        texts = [label.text() for label in idle.step_texts]
        assert all(texts), lang
        if lang != "en":
            assert not set(texts) & set(english), f"{lang}: steps not translated"
    window.set_language("ja")
    assert not window.idle.mynumber.isVisible()
    window.idle.offer_mynumber(True)                       # where the branch takes them
    settle(50)
    assert window.idle.mynumber.isVisible()
    assert guide.card_reader


def test_every_button_on_the_idle_screen_is_finger_sized(window) -> None:  # type: ignore[no-untyped-def]
    shown_at(window, LANDSCAPE)
    window.idle.offer_mynumber(True)
    settle(50)
    panel = window.findChild(QWidget, "DemoPanel")          # the demo's stand-in scanner
    small = [(b.text(), b.width(), b.height()) for b in window.findChildren(QPushButton)
             if b.isVisible() and min(b.width(), b.height()) < FINGER
             and not (panel is not None and panel.isAncestorOf(b))]
    assert not small, small


def _png(path: Path) -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(path))
    return path


def test_a_branch_shows_its_own_picture_of_the_machine(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from drivers.scanners.fake import FakeScanner
    from kiosk.demo import bootstrap
    application()
    _png(tmp_path / "guide.png")
    branch = tmp_path / "branch.toml"
    branch.write_text('[display]\nguide_image = "guide.png"\n', encoding="utf-8")
    config = load_config(branch)
    assert config.guide_image == str(tmp_path / "guide.png")
    kiosk = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=guide")])
    window = build_window(kiosk, demo=False)
    qtbot.addWidget(window)
    try:
        assert window.idle.guide.photo is not None
        assert window.idle.guide.photo.width() == 64
    finally:
        window.shutdown()
        kiosk.close()


@pytest.mark.parametrize(("value", "words"), [
    ("missing.png", r"display\.guide_image: cannot read .*missing\.png"),
    ("guide.txt", r"display\.guide_image: .*'guide\.txt'")])
def test_the_guide_image_is_checked_with_the_config(tmp_path: Path, value: str,
                                                    words: str) -> None:
    (tmp_path / "guide.txt").write_text("not a picture", encoding="utf-8")
    branch = tmp_path / "branch.toml"
    branch.write_text(f'[display]\nguide_image = "{value}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        load_config(branch)
