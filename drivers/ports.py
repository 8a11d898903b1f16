"""The small interfaces the kiosk core sees instead of hardware.

Callbacks may be called from a driver's own thread (the serial reader, for one),
never from the caller's event loop. Whoever wires a scanner into the UI must hop
threads there (a Qt signal); drivers stay free of Qt so they test without it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True)
class Scan:
    """One code exactly as the device sent it.

    The terminator is stripped and bytes are decoded as latin-1 so that nothing
    is lost: normalising (NW-7 start/stop, AIM identifiers) and rejecting junk is
    the kiosk core's job, where the library's rules live.
    """

    text: str
    source: str  # the device URL it came from
    # Other codes read at the same moment (a camera seeing a book's ISBN and its price code, or
    # a card beside a QR code), in reading order: the core picks the card or item by pattern.
    alternatives: tuple[str, ...] = ()


class DeviceState(StrEnum):
    """What staff need to know about a device.

    DISCONNECTED: gone or not yet there; the driver keeps retrying by itself.
    FAILED: will not recover without someone acting (bad configuration).
    """

    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    FAILED = "failed"


ScanCallback = Callable[[Scan], None]
StatusCallback = Callable[[DeviceState, str], None]  # state, cause in words for staff


class Scanner(Protocol):
    """A barcode scanner. No callback is made once stop() has returned."""

    url: str

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None: ...

    def stop(self) -> None: ...
