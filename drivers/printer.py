"""ESC/POS receipt printers, over the network, a serial line or USB, and a fake.

``escpos-net://HOST:9100``, ``escpos-serial:///dev/ttyUSB0?baud=38400`` (also a USB printer's
``/dev/usb/lp0``), ``escpos-usb://04b8:0e28`` (through python-escpos and pyusb) and
``fake-printer://`` (records the bytes; its paper and cover can be set by a test).

Status is asked the ESC/POS way, ``DLE EOT n``: n=2 answers the offline cause (bit 2: cover
open), n=4 the paper roll sensor (bits 5–6: paper end). Staff get a DeviceState and a cause;
the caller (the receipt service) keeps lending whatever the printer says. Every transport
call has a short timeout: a printer never holds up a patron.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass
from typing import Protocol

import serial

from drivers.ports import DeviceState
from drivers.url import check_params, parse_device_url

DLE_EOT = b"\x10\x04"
TIMEOUT = 3.0


@dataclass(frozen=True)
class PrinterStatus:
    state: DeviceState
    cause: str
    paper_out: bool = False
    cover_open: bool = False

    @property
    def ready(self) -> bool:
        return self.state is DeviceState.CONNECTED and not (self.paper_out or self.cover_open)


def decode_status(offline_cause: int, paper: int, where: str) -> PrinterStatus:
    cover = bool(offline_cause & 0x04)
    paper_out = bool(paper & 0x60)
    if cover:
        return PrinterStatus(DeviceState.CONNECTED, f"printer at {where}: cover open",
                             paper_out=paper_out, cover_open=True)
    if paper_out:
        return PrinterStatus(DeviceState.CONNECTED, f"printer at {where}: out of paper",
                             paper_out=True)
    return PrinterStatus(DeviceState.CONNECTED, f"printer at {where}: ready")


class Printer(Protocol):
    url: str

    def status(self) -> PrinterStatus: ...

    def send(self, data: bytes) -> None:
        """Write bytes; raises OSError (with the cause) when the printer cannot take them."""
        ...


class _Stream:
    """Shared by the network and serial printers: write, then ask DLE EOT 2 and 4."""

    url: str
    where: str

    def _open(self) -> object:
        raise NotImplementedError

    def _write(self, conn: object, data: bytes) -> None:
        raise NotImplementedError

    def _read1(self, conn: object) -> int:
        raise NotImplementedError

    def _close(self, conn: object) -> None:
        raise NotImplementedError

    def status(self) -> PrinterStatus:
        try:
            conn = self._open()
        except OSError as exc:
            return PrinterStatus(DeviceState.DISCONNECTED,
                                 f"printer at {self.where} not reachable: {exc}")
        try:
            self._write(conn, DLE_EOT + b"\x02")
            cause = self._read1(conn)
            self._write(conn, DLE_EOT + b"\x04")
            paper = self._read1(conn)
        except OSError as exc:
            return PrinterStatus(DeviceState.DISCONNECTED,
                                 f"printer at {self.where} does not answer: {exc}")
        finally:
            self._close(conn)
        return decode_status(cause, paper, self.where)

    def send(self, data: bytes) -> None:
        conn = self._open()
        try:
            self._write(conn, data)
        finally:
            self._close(conn)


class NetworkPrinter(_Stream):
    def __init__(self, url: str) -> None:
        parsed = parse_device_url(url)
        check_params(parsed, url, set())
        host, _, port = parsed.path.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"escpos-net URL needs HOST:PORT, e.g. escpos-net://10.0.0.5:9100:"
                             f" {url!r}")
        self.url, self.address, self.where = url, (host, int(port)), parsed.path

    def _open(self) -> socket.socket:
        return socket.create_connection(self.address, timeout=TIMEOUT)

    def _write(self, conn: object, data: bytes) -> None:
        assert isinstance(conn, socket.socket)
        conn.sendall(data)

    def _read1(self, conn: object) -> int:
        assert isinstance(conn, socket.socket)
        got = conn.recv(1)
        if not got:
            raise OSError("the printer closed the connection")
        return got[0]

    def _close(self, conn: object) -> None:
        assert isinstance(conn, socket.socket)
        conn.close()


class SerialPrinter(_Stream):
    def __init__(self, url: str) -> None:
        parsed = parse_device_url(url)
        check_params(parsed, url, {"baud"})
        if not parsed.path:
            raise ValueError(f"escpos-serial URL needs a device path: {url!r}")
        try:
            self.baud = int(parsed.params.get("baud", "38400"))
        except ValueError as exc:
            raise ValueError(f"baud must be a number in {url!r}") from exc
        self.url, self.path, self.where = url, parsed.path, parsed.path

    def _open(self) -> serial.Serial:
        return serial.Serial(self.path, self.baud, timeout=TIMEOUT, write_timeout=TIMEOUT)

    def _write(self, conn: object, data: bytes) -> None:
        assert isinstance(conn, serial.Serial)
        conn.write(data)
        conn.flush()

    def _read1(self, conn: object) -> int:
        assert isinstance(conn, serial.Serial)
        got: bytes = conn.read(1)
        if not got:
            raise OSError("no status byte within the timeout")
        return got[0]

    def _close(self, conn: object) -> None:
        assert isinstance(conn, serial.Serial)
        with contextlib.suppress(OSError):
            conn.close()


class UsbPrinter:
    """Through python-escpos (pyusb). Status over USB is the printer's own business: it is
    asked the same DLE EOT way when the device answers reads."""

    def __init__(self, url: str) -> None:
        parsed = parse_device_url(url)
        check_params(parsed, url, set())
        vendor, _, product = parsed.path.partition(":")
        try:
            self.ids = (int(vendor, 16), int(product, 16))
        except ValueError as exc:
            raise ValueError(f"escpos-usb URL needs VID:PID in hex, e.g. "
                             f"escpos-usb://04b8:0e28: {url!r}") from exc
        self.url, self.where = url, parsed.path

    def _device(self) -> object:
        from escpos.printer import Usb
        try:
            return Usb(*self.ids, timeout=int(TIMEOUT * 1000))
        except Exception as exc:            # pyusb raises its own errors: name the cause
            raise OSError(f"USB printer {self.where}: {exc}") from exc

    def status(self) -> PrinterStatus:
        try:
            device = self._device()
            device._raw(DLE_EOT + b"\x02")  # type: ignore[attr-defined]
            cause = device._read()[0]  # type: ignore[attr-defined]
            device._raw(DLE_EOT + b"\x04")  # type: ignore[attr-defined]
            paper = device._read()[0]  # type: ignore[attr-defined]
        except Exception as exc:
            return PrinterStatus(DeviceState.DISCONNECTED, f"USB printer {self.where}: {exc}")
        return decode_status(cause, paper, self.where)

    def send(self, data: bytes) -> None:
        device = self._device()
        try:
            device._raw(data)  # type: ignore[attr-defined]
        except Exception as exc:
            raise OSError(f"USB printer {self.where}: {exc}") from exc


class FakePrinter:
    """``fake-printer://``: records what would be printed; a test sets paper and cover."""

    def __init__(self, url: str = "fake-printer://") -> None:
        check_params(parse_device_url(url), url, {"name"})
        self.url = url
        self.printed: list[bytes] = []
        self.paper_out = False
        self.cover_open = False
        self.unplugged = False
        self._lock = threading.Lock()

    def status(self) -> PrinterStatus:
        if self.unplugged:
            return PrinterStatus(DeviceState.DISCONNECTED, "fake printer unplugged")
        return decode_status(0x04 if self.cover_open else 0, 0x60 if self.paper_out else 0,
                             "fake")

    def send(self, data: bytes) -> None:
        if self.unplugged:
            raise OSError("fake printer unplugged")
        with self._lock:
            self.printed.append(data)


PRINTERS = {"escpos-net": NetworkPrinter, "escpos-serial": SerialPrinter,
            "escpos-usb": UsbPrinter, "fake-printer": FakePrinter}


def open_printer(url: str) -> Printer:
    scheme = parse_device_url(url).scheme
    factory: type | None = PRINTERS.get(scheme)
    if factory is None:
        raise ValueError(f"no printer driver for {url!r}; known schemes: "
                         f"{', '.join(sorted(PRINTERS))}")
    printer: Printer = factory(url)
    return printer
