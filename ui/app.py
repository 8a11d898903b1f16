"""Starting the kiosk UI: ``kiosk demo`` and ``kiosk run``."""

from __future__ import annotations

import logging
import signal
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.config import KioskConfig
from ui.i18n import Languages
from ui.style import apply_style
from ui.watchdog import Watchdog, arm_debug_hang
from ui.window import KioskWindow

log = logging.getLogger(__name__)


def demo_scans() -> list[tuple[str, str]]:
    """What the demo panel's buttons scan: the simulator's well-known cards and items."""
    from sync.ils_sim.collection import DEMO
    scans = [("Card", DEMO.codabar(DEMO.good_card))]
    scans += [(f"Book {i + 1}", item) for i, item in enumerate(DEMO.lendable_items[:3])]
    scans += [("AV", DEMO.av_item), ("On hold", DEMO.on_hold_item),
              ("Reference", DEMO.not_for_loan_item), ("Blocked", DEMO.blocked_card),
              ("Unknown", DEMO.unknown_card), ("Garbage", "~!#%?")]
    return scans


def build_window(kiosk: Kiosk, *, demo: bool) -> KioskWindow:
    config = kiosk.config
    window = KioskWindow(kiosk.session, Languages(config.languages), config.session,
                         config.branch_name)
    window.idle.guide.set_image(config.guide_image)
    if demo:
        fake = next((s for s in kiosk.scanners if isinstance(s, FakeScanner)), None)
        if fake is not None:
            from ui.demo_panel import DemoPanel
            window.bottom.addWidget(DemoPanel(fake, demo_scans()))
    for scanner in kiosk.scanners:
        window.attach_scanner(scanner)
    kiosk.circulation.on_mode_change(window.mode_changed.emit)
    window.event_applied.connect(lambda event: kiosk.metrics.observe_events([event]))
    window.bridge.status.connect(lambda url, state, _cause: kiosk.metrics.device(url, state))
    if kiosk.alerts is not None:
        devices = kiosk.alerts.state.devices
        window.bridge.status.connect(lambda url, state, _c: devices.__setitem__(url, state))
    window.receipt_policy = config.receipts_policy
    from ui.staff import make_staff_mode
    state_dir = Path(config.cache_path).parent if config.cache_path else Path(
        tempfile.mkdtemp(prefix="kiosk-staff-"))
    window.staff = make_staff_mode(window, kiosk, state_dir)
    if config.voice or config.sounds:
        from ui.voice.guide import VoiceGuide
        from ui.voice.player import AplayPlayer
        guide = VoiceGuide(AplayPlayer(), voice=config.voice, sounds=config.sounds)
        window.voice = guide
        window.event_applied.connect(lambda event: guide.on_event(
            event, window.languages.current,
            receipt=window.receipt_policy == "always" and window.print_receipt is not None))
    if kiosk.mynumber is not None:
        from drivers.cards.pcsc import CardMonitor
        window.attach_mynumber(kiosk.mynumber,
                               CardMonitor(kiosk.mynumber.settings.reader_url()))
    elif kiosk.mynumber_problem:
        window.bridge.status.emit("pcsc://", "failed", kiosk.mynumber_problem)
    if config.printer_url and config.receipts_policy != "never":
        _attach_printer(window, kiosk)
    if kiosk.circulation.mode != "online":
        window.mode_changed.emit(str(kiosk.circulation.mode), "started offline")
    return window


def _attach_printer(window: KioskWindow, kiosk: Kiosk) -> None:
    """Receipts through the configured printer; its state goes to staff (status, metrics,
    alerts), never in the way of lending."""
    from drivers.printers.port import PrinterStatus
    from drivers.registry import open_printer
    from kiosk.receipt import ReceiptService
    url = kiosk.config.printer_url

    def on_status(status: PrinterStatus) -> None:
        window.bridge.status.emit(url, str(status.state) if status.ready else "failed",
                                  status.cause)
        kiosk.metrics.printer(paper_out=status.paper_out, cover_open=status.cover_open)
        if kiosk.alerts is not None:
            kiosk.alerts.state.printer = ("paper_out" if status.paper_out else
                                          "cover_open" if status.cover_open else "")

    from kiosk.receipt import ReceiptPolicy
    service = ReceiptService(open_printer(url), kiosk.config.branch_name, on_status=on_status,
                             policy=ReceiptPolicy(titles=kiosk.config.receipt_titles))
    window.print_receipt = service.print_async
    window.printer_ready = lambda: service.last_status is None or service.last_status.ready


def application(argv: Sequence[str] = ()) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("library-kiosk")
    apply_style(app)
    return app


def show_full_screen(window: KioskWindow, app: QApplication) -> None:
    screen = app.primaryScreen()
    if screen is not None:
        # without a window manager (Xvfb, kiosk X session) full screen alone does not fill it;
        # and never larger than the screen, whatever a screen's layout asks for
        window.setMaximumSize(screen.geometry().size())
        window.setGeometry(screen.geometry())
    window.showFullScreen()


@dataclass(frozen=True)
class DemoOptions:
    autopilot: bool = False
    ils_down: bool = False                       # --offline: the ILS is down from the start
    ils_address: tuple[str, int] | None = None   # --ils HOST:PORT instead of the embedded one
    patrons: int = 1
    items_per_patron: int = 3


def run(config: KioskConfig, *, demo: bool, options: DemoOptions | None = None) -> int:
    from kiosk.bootstrap import bootstrap
    options = options or DemoOptions()
    autopilot = options.autopilot
    visits = None
    if autopilot:
        from ui.autopilot import demo_visits
        visits = demo_visits(options.patrons, options.items_per_patron)
    app = application()
    kiosk = bootstrap(config, ils_down=options.ils_down, ils_address=options.ils_address)
    window = build_window(kiosk, demo=demo)
    kiosk.start()
    # Ctrl+C and systemd's SIGTERM quit cleanly; the timer lets Python see the signal.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: app.quit())
    wake = QTimer()
    wake.start(250)
    wake.timeout.connect(lambda: None)
    pilot = None
    if autopilot:
        from ui.autopilot import Autopilot
        assert visits is not None
        pilot = Autopilot(window, kiosk, visits)
        window.resize(1280, 800)
        window.show()
        QTimer.singleShot(0, pilot.start)
    else:
        show_full_screen(window, app)
    watchdog = Watchdog(parent=window)       # READY=1, then pings from the event loop
    QTimer.singleShot(0, lambda: watchdog.start(f"lending at {config.branch_name}"))
    arm_debug_hang(demo)
    try:
        code = app.exec()
    finally:
        watchdog.stop()
        window.shutdown()
        for scanner in kiosk.scanners:
            scanner.stop()
        kiosk.close()
    if pilot is not None:
        return pilot.exit_code
    return code
