"""What every device thread does when it talks back: call listeners so that a bug in one
cannot kill the thread and silence the device, and report a state only when it changes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from drivers.ports import DeviceState, StatusCallback

log = logging.getLogger(__name__)


def call_safely(callback: Callable[..., None], *args: object) -> None:
    """A bug in a listener must not kill the reader thread and silence the device."""
    try:
        callback(*args)
    except Exception:
        log.exception("device callback %r failed", callback)


class StatusReporter:
    """``report(state, detail)``: passed on once per change, never after ``stopping``."""

    def __init__(self, on_status: StatusCallback, stopping: threading.Event) -> None:
        self._on_status, self._stopping = on_status, stopping
        self._last: tuple[DeviceState, str] | None = None

    def __call__(self, state: DeviceState, detail: str) -> None:
        if (state, detail) != self._last and not self._stopping.is_set():
            self._last = (state, detail)
            call_safely(self._on_status, state, detail)
