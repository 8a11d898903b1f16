"""FEIG ID ISC readers (pads and gates) over serial or USB-serial: ``feig://DEVICE?baud=38400``.

Parameters: ``baud`` (38400), ``parity`` (``E``, ``N`` or ``O``; 8 data bits, 1 stop bit),
``frame`` (``standard`` or ``advanced``), ``address`` (the bus address, 255 = any reader),
``timeout`` (seconds to wait for an answer, 1.0). ``DEVICE`` is anything pyserial's
``serial_for_url`` opens: a path (prefer /dev/serial/by-id/…, which survives replugging), or
``rfc2217://host:port`` for a reader behind a serial server.

The port is opened on first use. A port that fails (unplugged) is closed and reported as
ReaderGone; the next call opens it again, so a reader plugged back in works without a
restart. Every exchange is bounded by ``timeout``; stale bytes from an exchange that timed out
are discarded before the next request, so a late answer is never taken for another's.
"""

from __future__ import annotations

import contextlib
import termios
import threading
import time
from collections.abc import Callable
from typing import Any

import serial

from drivers.rfid import feig_protocol as proto
from drivers.rfid.port import (
    Garbage,
    NoTag,
    ReaderGone,
    ReaderSilent,
    RfidError,
    SystemInfo,
    TagSeen,
)
from drivers.url import check_params, parse_device_url

PARITIES = {"E": serial.PARITY_EVEN, "N": serial.PARITY_NONE, "O": serial.PARITY_ODD}
MAX_ROUNDS = 64          # "more data" continuations of one inventory (64 × a reply's tags)
POLL = 0.05              # the port's read timeout: how often a wait checks its deadline


class FeigReader:
    multi_tag = True

    def __init__(self, url: str, *, opener: Callable[..., Any] = serial.serial_for_url) -> None:
        parsed = parse_device_url(url)
        if parsed.scheme != "feig":
            raise ValueError(f"not a feig:// URL: {url!r}")
        check_params(parsed, url, {"baud", "parity", "frame", "address", "timeout"})
        if not parsed.path:
            raise ValueError(f"feig URL needs a device, e.g. feig:///dev/ttyUSB0: {url!r}")
        params = parsed.params
        try:
            self.baud = int(params.get("baud", "38400"))
            self.address = int(params.get("address", "255"), 0)
            self.timeout = float(params.get("timeout", "1.0"))
        except ValueError as exc:
            raise ValueError(f"baud, address and timeout must be numbers in {url!r}") from exc
        parity = params.get("parity", "E").upper()
        if parity not in PARITIES:
            raise ValueError(f"parity must be E, N or O in {url!r}, not {parity!r}")
        framing = params.get("frame", "standard")
        if framing not in ("standard", "advanced"):
            raise ValueError(f"frame must be standard or advanced in {url!r}")
        if self.baud <= 0 or not 0 <= self.address <= 255 or not 0 < self.timeout <= 30:
            raise ValueError(f"baud > 0, address 0-255 and timeout 0-30 s in {url!r}")
        self.url, self.path = url, parsed.path
        self.parity = PARITIES[parity]
        self.advanced = framing == "advanced"
        self._opener = opener
        self._port: Any = None
        self._lock = threading.Lock()
        self._block_sizes: dict[str, int] = {}
        self._stale = False
        self.exchanges = 0                    # requests answered (for tests and the bench)

    # --- the port ----------------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            self._open()

    def _open(self) -> Any:
        if self._port is None:
            try:
                # No write timeout: a request is a few bytes and there is no flow control,
                # so a write never waits (and pyserial would add a select to every write).
                self._port = self._opener(self.path, baudrate=self.baud, bytesize=8,
                                          parity=self.parity, stopbits=1, timeout=POLL)
            except (ValueError, termios.error) as exc:
                raise ReaderGone(f"reader at {self.path} refused the settings: {exc}") from exc
            except OSError as exc:
                raise ReaderGone(f"no reader at {self.path}: {exc}") from exc
        return self._port

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(OSError):
                port.close()

    def __enter__(self) -> FeigReader:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one request, one answer ----------------------------------------------------------
    def _exchange(self, request: tuple[int, bytes], what: str) -> proto.Frame:
        command, data = request
        with self._lock:
            port = self._open()
            try:
                if self._stale:                     # the rest of an answer given up on
                    port.reset_input_buffer()
                    self._stale = False
                port.write(proto.frame(command, data, address=self.address,
                                       advanced=self.advanced))
                reply = self._answer(port, what)
            except RfidError:
                self._stale = True
                raise
            except (serial.SerialException, OSError) as exc:
                self._drop()
                raise ReaderGone(f"{what}: the reader at {self.path} is gone ({exc})") from exc
        if reply.command != command or self.address not in (reply.address, proto.BROADCAST):
            raise Garbage(f"{what}: an answer to command {reply.command:02X} from address "
                          f"{reply.address}, not to {command:02X}")
        self.exchanges += 1
        proto.raise_for_status(reply, what)
        return reply

    def _answer(self, port: Any, what: str) -> proto.Frame:
        """Read the frame's length, then the rest of it, all before the deadline."""
        deadline = time.monotonic() + self.timeout
        raw = port.read(1) or self._more(port, 1, deadline, what, b"")
        if raw[0] == proto.STX:
            raw = self._more(port, 3, deadline, what, raw)
            length = raw[1] << 8 | raw[2]
        else:
            length = raw[0]
        if not proto.MIN_REPLY <= length <= proto.MAX_FRAME:
            self._drain(port)
            raise Garbage(f"{what}: the reader answered garbage (a frame length of {length} "
                          f"bytes: {raw.hex(' ')})")
        raw += port.read(length - len(raw))
        if len(raw) < length:
            raw = self._more(port, length, deadline, what, raw)
        try:
            return proto.parse_frame(raw)
        except proto.FrameError as exc:
            self._drain(port)
            raise Garbage(f"{what}: the reader answered garbage ({exc})") from exc

    def _more(self, port: Any, size: int, deadline: float, what: str, have: bytes) -> bytes:
        """``have`` read on until it is ``size`` bytes long; ReaderSilent at the deadline."""
        data = bytearray(have)
        while len(data) < size:
            data += port.read(size - len(data))
            if len(data) < size and time.monotonic() > deadline:
                got = f" ({len(data)} bytes of a frame)" if data else ""
                raise ReaderSilent(f"{what}: the reader at {self.path} did not answer within "
                                   f"{self.timeout:g} s{got}")
        return bytes(data)

    def _drain(self, port: Any) -> None:
        """Let the rest of a garbled answer arrive and throw it away."""
        end = time.monotonic() + min(self.timeout, 0.2)
        while time.monotonic() < end and port.read(port.in_waiting or 1):
            pass

    # --- the port's operations ------------------------------------------------------------
    def inventory(self) -> list[TagSeen]:
        tags: list[TagSeen] = []
        more = False
        for _ in range(MAX_ROUNDS):
            try:
                reply = self._exchange(proto.inventory_request(more=more), "inventory")
            except NoTag:
                return tags
            try:
                tags += proto.parse_inventory(reply)
            except proto.FrameError as exc:
                raise Garbage(f"inventory: {exc}") from exc
            if reply.status != proto.MORE_DATA:
                return list(dict.fromkeys(tags))
            more = True
        raise Garbage(f"inventory: the reader still had more after {MAX_ROUNDS} answers")

    def read_blocks(self, uid: str, first: int, count: int) -> bytes:
        what = f"read blocks {first}-{first + count - 1} of {uid}"
        reply = self._exchange(proto.read_request(uid, first, count), what)
        try:
            size, data, _security = proto.parse_blocks(reply, count)
        except proto.FrameError as exc:
            raise Garbage(f"{what}: {exc}") from exc
        self._block_sizes[uid] = size
        return data

    def write_blocks(self, uid: str, first: int, data: bytes) -> None:
        size = self._block_sizes.get(uid) or self.system_information(uid).block_size or 4
        self._exchange(proto.write_request(uid, first, size, data),
                       f"write {len(data) // size} blocks from {first} of {uid}")

    def write_afi(self, uid: str, afi: int) -> None:
        self._exchange(proto.afi_request(uid, afi), f"write AFI {afi:02X} to {uid}")

    def eas_set(self, uid: str) -> None:
        self._exchange(proto.eas_request(uid, proto.EAS_SET), f"set EAS on {uid}")

    def eas_reset(self, uid: str) -> None:
        self._exchange(proto.eas_request(uid, proto.EAS_RESET), f"reset EAS on {uid}")

    def eas_alarm(self, uid: str) -> bool:
        """Whether the tag's EAS is on. A tag with EAS off stays silent, as a missing tag
        does: the two are told apart by asking the tag for its system information."""
        try:
            self._exchange(proto.eas_request(uid, proto.EAS_ALARM), f"EAS alarm of {uid}")
        except NoTag:
            self.system_information(uid)                 # NoTag again: the tag is gone
            return False
        return True

    def system_information(self, uid: str) -> SystemInfo:
        what = f"system information of {uid}"
        reply = self._exchange(proto.system_info_request(uid), what)
        try:
            info = proto.parse_system_info(reply)
        except proto.FrameError as exc:
            raise Garbage(f"{what}: {exc}") from exc
        if info.block_size:
            self._block_sizes[uid] = info.block_size
        return info
