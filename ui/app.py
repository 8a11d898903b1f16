"""Starting the kiosk UI: ``kiosk demo`` and ``kiosk run``."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from drivers.rfid.fake import FakeRfidReader
from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.config import KioskConfig
from ui.style import apply_style
from ui.watchdog import Watchdog, arm_debug_hang
from ui.window import REAL_TIME, KioskWindow, Timings

log = logging.getLogger(__name__)


def build_window(kiosk: Kiosk, *, demo: bool, timings: Timings = REAL_TIME) -> KioskWindow:
    """The window for ``kiosk``; ``demo``: with the on-screen scanner panel, when the kiosk
    has a fake scanner for it to scan with."""
    panels: list[QWidget] = []
    fake = next((s for s in kiosk.scanners if isinstance(s, FakeScanner)), None)
    if demo and fake is not None:
        from kiosk.demo import demo_scans, demo_stacks
        from ui.demo_panel import DemoPanel
        pad = kiosk.rfid_reader if isinstance(kiosk.rfid_reader, FakeRfidReader) else None
        panels.append(DemoPanel(fake, demo_scans(), pad=pad, stacks=demo_stacks()))
    return KioskWindow(kiosk, timings=timings, panels=panels)


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
    options = options or DemoOptions()
    autopilot = options.autopilot
    visits = None
    if autopilot:
        from ui.autopilot import demo_visits
        visits = demo_visits(options.patrons, options.items_per_patron)
    app = application()
    kiosk: Kiosk
    if demo:                           # the only way to the ILS simulator (an import contract)
        from kiosk.demo import bootstrap as demo_bootstrap
        kiosk = demo_bootstrap(config, ils_down=options.ils_down,
                               ils_address=options.ils_address, pad=True)
    else:
        from kiosk.bootstrap import bootstrap
        kiosk = bootstrap(config)
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
        kiosk.close()                  # its scanners too
    if pilot is not None:
        return pilot.exit_code
    return code
