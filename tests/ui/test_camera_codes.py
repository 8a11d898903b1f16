"""A camera that sees two codes at once (a phone's app QR code beside the library card's
barcode, a book's ISBN above its price code): the kiosk picks the card or item by the
library's patterns, through the real camera driver reading a video file."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from bench.hard_pictures import render
from drivers.cameras.camera_scanner import CameraScanner
from kiosk.barcodes import BarcodeRules, Rejection, RejectReason, Scan, classify_any
from kiosk.config import load_config
from kiosk.demo import bootstrap
from kiosk.events import PatronIdentified
from sync.ils_sim.collection import DEMO
from tests.rigs.phone_frames import write_video
from tests.ui.windows import show_window

pytestmark = pytest.mark.ui
WAIT = 20_000


def _two_codes_video(path: Path, first: tuple[str, str], second: tuple[str, str]) -> Path:
    rng = np.random.default_rng(5)
    left = render(*first, 4)
    right = render(*second, 3)
    frames = []
    for n in range(16):
        canvas = np.full((720, 1280), 170, np.uint8)
        dx = n % 3
        canvas[100:100 + left.shape[0], 40 + dx:40 + dx + left.shape[1]] = left
        canvas[200:200 + right.shape[0], 640 + dx:640 + dx + right.shape[1]] = right
        noisy = (canvas + rng.normal(0, 3, canvas.shape)).clip(0, 255).astype(np.uint8)
        frames.append(cv2.cvtColor(noisy, cv2.COLOR_GRAY2BGR))
    return write_video(path, frames)


def test_the_card_is_chosen_among_codes_read_at_once() -> None:
    rules = BarcodeRules()
    card = classify_any(("https://lib.example.jp/app", "21045877"), rules)
    assert isinstance(card, Scan)
    assert card.kind == "card"
    item = classify_any(("1920093012003", "115538407"), rules)
    assert isinstance(item, Scan)
    assert item.kind == "item"
    nothing = classify_any(("https://lib.example.jp/app", "1920093012003"), rules)
    assert isinstance(nothing, Rejection)
    assert nothing.reason is RejectReason.NOT_LIBRARY_CODE


def test_a_phone_qr_beside_the_card_signs_the_patron_in(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = DEMO.codabar(DEMO.good_card)
    video = _two_codes_video(tmp_path / "two.avi", ("qr", "https://lib.example.jp/app"),
                             ("codabar", card))
    camera = CameraScanner(f"camera://{video}")
    kiosk = bootstrap(load_config(None), scanners=[camera])
    window = show_window(qtbot, kiosk)
    seen: list[object] = []
    window.event_applied.connect(seen.append)
    try:
        qtbot.waitUntil(lambda: any(isinstance(e, PatronIdentified) for e in seen),
                        timeout=WAIT)
        assert not any(getattr(e, "problem", None) is not None for e in seen
                       if type(e).__name__ == "ScanRejected"), seen
    finally:
        window.shutdown()
        kiosk.close()
