"""Every patron screen renders, in both orientations (docs/screenshots comes from this path:
``make screenshots``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui.screenshots import SCALE, SIZES, tour

pytestmark = pytest.mark.ui

SCREENS = ("idle", "idle-large-text", "idle-unknown-card", "pin-pad", "patron-welcome",
           "patron", "patron-isbn-notice", "patron-long-list", "patron-large-text",
           "patron-high-contrast", "loans", "loans-renewed", "idle-warning",
           "idle-warning-large-text", "receipt", "goodbye", "offline-patron",
           "idle-mynumber", "mynumber-place", "mynumber-not-registered", "mynumber-pin",
           "staff-pin", "staff-pin-locked", "staff-home", "staff-setup", "staff-link",
           "out-of-service",
           # the lending journey (issue 18): a patron with an older loan
           "patron-already-have", "finished-question", "loans-renew-date",
           "loans-renewal-refused", "goodbye-renewed")


def distinct_colours(image: QImage) -> int:
    step = 16
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


@pytest.mark.parametrize(("lang", "orientation"), [("ja", "landscape"), ("en", "portrait")])
def test_every_screen_renders_something(tmp_path: Path, lang: str, orientation: str) -> None:
    written = tour(tmp_path, lang, SIZES[orientation])
    assert sorted(p.stem for p in written) == sorted(SCREENS)
    width, height = SIZES[orientation]
    for name in SCREENS:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull(), name
        assert image.width() == int(width * SCALE)
        assert abs(image.height() - int(height * SCALE)) <= 2
        assert distinct_colours(image) > 8, f"{name} looks blank"
