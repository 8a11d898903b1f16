"""Every screen of the demo renders (what docs/screenshots shows is produced by this path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui.screenshots import main

pytestmark = pytest.mark.ui

SCREENS = ("idle", "idle-unknown-card", "patron-welcome", "patron", "patron-isbn-notice",
           "patron-english", "patron-idle-warning", "goodbye", "offline-patron")


def distinct_colours(image: QImage) -> int:
    step = 16
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def test_every_screen_renders_something(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 0
    for name in SCREENS:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull(), name
        assert image.width() >= 1024
        assert distinct_colours(image) > 8, f"{name} looks blank"
