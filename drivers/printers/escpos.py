"""ESC/POS receipt printers over the network, a serial line or USB.

``escpos-net://HOST:9100``, ``escpos-serial:///dev/ttyUSB0?baud=38400`` (also a USB printer's
``/dev/usb/lp0``) and ``escpos-usb://04b8:0e28`` (through python-escpos and pyusb). Status is
asked with ``DLE EOT`` (drivers/printers/port.py). Every transport call has a short timeout: a
printer never holds up a patron.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

import serial

from drivers.ports import DeviceState
from drivers.printers.port import DLE_EOT, PrinterStatus, decode_status
from drivers.url import check_params, parse_device_url

TIMEOUT = 3.0


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
    """Through python-escpos (pyusb), by its public API only.

    Status: ``Escpos.query_status`` sends a real-time request and reads the answer (the same
    DLE EOT 2 and 4 as the other printers). Bytes: python-escpos 3 has no public call that sends
    bytes already in ESC/POS (its own ``_raw`` is private), so they are written to the USB
    device it opened (``Usb.device``, its ``out_ep`` and ``timeout``) through pyusb's public
    ``Device.write``, which is all its ``_raw`` does.
    """

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

    def _printer(self) -> Any:
        """Opened on first use (``Usb.device``), closed by the caller."""
        from escpos.printer import Usb
        return Usb(*self.ids, timeout=int(TIMEOUT * 1000))

    def status(self) -> PrinterStatus:
        printer = None
        try:
            printer = self._printer()
            cause = bytes(printer.query_status(DLE_EOT + b"\x02"))
            paper = bytes(printer.query_status(DLE_EOT + b"\x04"))
        except Exception as exc:            # pyusb raises its own errors: name the cause
            return PrinterStatus(DeviceState.DISCONNECTED, f"USB printer {self.where}: {exc}")
        finally:
            _close(printer)
        if not (cause and paper):
            return PrinterStatus(DeviceState.DISCONNECTED,
                                 f"USB printer {self.where}: no status answer")
        return decode_status(cause[0], paper[0], self.where)

    def send(self, data: bytes) -> None:
        printer = None
        try:
            printer = self._printer()
            printer.device.write(printer.out_ep, data, printer.timeout)
        except Exception as exc:
            raise OSError(f"USB printer {self.where}: {exc}") from exc
        finally:
            _close(printer)


def _close(printer: Any) -> None:
    if printer is not None:
        with contextlib.suppress(Exception):
            printer.close()
