"""The Qt binding itself: a kiosk runs for weeks, so a slow leak in PySide6 is a crash later.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``; after a few thousand
emits the interpreter aborts (``bool_dealloc``). pyproject.toml excludes that version; this
test catches any other release with the same fault before it reaches a kiosk.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

pytestmark = pytest.mark.ui


class _Emitter(QObject):
    text = Signal(str)
    flag = Signal(bool)


def test_emit_keeps_the_reference_counts_of_true_and_false(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    got: list[object] = []
    emitter.text.connect(got.append)
    emitter.flag.connect(got.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(50):
        emitter.text.emit("scan")
        emitter.flag.emit(False)
    after = sys.getrefcount(True), sys.getrefcount(False) - got.count(False)
    assert after == before
