"""Keyboard-wedge scanners read from their evdev node, grabbed so scans never reach the UI.

``evdev:///dev/input/by-id/usb-XYZ-event-kbd?layout=us`` — ``layout`` is the keyboard layout
the *scanner* is set to (``us``, ``jis`` or ``de``); the host's layout plays no part, because key
codes are read before any layout is applied (see :mod:`drivers.scanners.evdev_stream`).

The device is opened with ``EVIOCGRAB``: while grabbed, its key presses go to this reader
only, never to the focused window (a scan must not land in a staff text box or the
compositor). A node that cannot be grabbed still works and staff are told why scans may also
reach the screen. Unplug and replug are handled like the serial scanner: the by-id path is
retried until it comes back.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import select
import threading

from drivers.device_thread import ReaderThreadScanner
from drivers.ports import DeviceState, Scan, ScanCallback, StatusCallback
from drivers.reporting import StatusReporter, call_safely
from drivers.scanners.evdev_stream import RECORD_SIZE, KeyDecoder, parse_binary
from drivers.scanners.keymaps import layout_name
from drivers.url import parse_url_of

log = logging.getLogger(__name__)

EVIOCGRAB = 0x40044590                 # _IOW('E', 0x90, int)
KEY_BITS = 0x300 // 8                  # KEY_MAX + 1 bits
EVIOCGKEY = 0x80004518 | KEY_BITS << 16   # _IOR('E', 0x18, KEY_BITS bytes): keys held now
RETRY_INTERVAL = 0.5
READ_TIMEOUT = 0.2


class EvdevScanner(ReaderThreadScanner):
    """``evdev://PATH?layout=us|jis|de&grab=1|0``."""

    thread_label = "evdev"

    def __init__(self, url: str) -> None:
        super().__init__()
        parsed = parse_url_of(
            url, "evdev", {"layout", "grab"},
            path="a device path, e.g. evdev:///dev/input/by-id/usb-Scanner-event-kbd")
        self.layout = layout_name(parsed.params.get("layout", "us"))
        grab = parsed.params.get("grab", "1")
        if grab not in ("0", "1"):
            raise ValueError(f"grab must be 1 or 0 in {url!r}, not {grab!r}")
        self.grab = grab == "1"
        self.url = url
        self.path = parsed.path

    def _run(self, stopping: threading.Event, on_scan: ScanCallback,
             on_status: StatusCallback) -> None:
        report = StatusReporter(on_status, stopping)

        while not stopping.is_set():
            try:
                fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            except PermissionError as exc:
                report(DeviceState.FAILED, f"no permission to read {self.path} ({exc.strerror});"
                       " add the kiosk user to the 'input' group or a udev rule")
                stopping.wait(RETRY_INTERVAL * 4)
                continue
            except OSError as exc:
                report(DeviceState.DISCONNECTED, f"scanner not reachable at {self.path}: "
                       f"{exc.strerror}")
                stopping.wait(RETRY_INTERVAL)
                continue
            try:
                report(DeviceState.CONNECTED, self._grab(fd))
                self._pump(fd, stopping, on_scan)
                report(DeviceState.DISCONNECTED, f"scanner at {self.path} went away")
            except OSError as exc:
                report(DeviceState.DISCONNECTED, f"scanner lost at {self.path}: {exc.strerror}")
            finally:
                with contextlib.suppress(OSError):
                    os.close(fd)                        # closing also releases the grab
            stopping.wait(RETRY_INTERVAL)

    def _grab(self, fd: int) -> str:
        """The status line for staff: grabbed, or why not."""
        if not self.grab:
            return (f"scanner connected at {self.path} (not grabbed by configuration: scans "
                    "also reach the screen)")
        try:
            fcntl.ioctl(fd, EVIOCGRAB, 1)
        except OSError as exc:
            why = ("another program holds it" if exc.errno == errno.EBUSY
                   else exc.strerror or str(exc))
            log.warning("cannot grab %s: %s", self.path, why)
            return f"scanner connected at {self.path} but not grabbed ({why}): scans may " \
                   "also reach the screen"
        return f"scanner connected at {self.path} (grabbed, layout {self.layout})"

    def _pump(self, fd: int, stopping: threading.Event, on_scan: ScanCallback) -> None:
        decoder = KeyDecoder(self.layout, key_state=lambda: keys_held(fd))
        rest = b""
        while not stopping.is_set():
            ready, _, _ = select.select([fd], [], [], READ_TIMEOUT)
            if not ready:
                continue
            try:
                data = os.read(fd, RECORD_SIZE * 64)
            except BlockingIOError:
                continue
            if not data:                       # end of file: the node is gone
                return
            events, rest = parse_binary(rest + data)
            for text in decoder.feed(events):
                if stopping.is_set():
                    return
                call_safely(on_scan, Scan(text, self.url))


def keys_held(fd: int) -> list[int]:
    """The key codes the device holds down now (EVIOCGKEY): after the kernel dropped events,
    the decoder learns from it whether Shift is still held. OSError where the node is no
    input device."""
    bits = bytearray(KEY_BITS)
    fcntl.ioctl(fd, EVIOCGKEY, bits)
    return [byte * 8 + bit for byte, value in enumerate(bits) if value
            for bit in range(8) if value >> bit & 1]
