"""Receipt printers: the network and serial ESC/POS adapters against real sockets and ptys
that answer status like a printer, and the fake, all through the same contract."""

from __future__ import annotations

import os
import socket
import threading
import tty
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers.ports import DeviceState
from drivers.printers.fake import FakePrinter
from drivers.printers.port import Printer
from drivers.registry import open_printer
from tests.rigs.bad_urls import refused_urls
from tests.rigs.printer_emulator import NetPrinterRig, PrinterBrain


class SerialPrinterRig:
    def __init__(self, tmp: Path) -> None:
        self.brain = PrinterBrain()
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.url = f"escpos-serial://{os.ttyname(self.slave)}?baud=38400"
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            if answer := self.brain.feed(data):
                os.write(self.master, answer)

    def close(self) -> None:
        self._stop = True
        for fd in (self.master, self.slave):
            os.close(fd)


@dataclass
class Rig:
    printer: Printer
    brain: PrinterBrain | None
    fake: FakePrinter | None

    def printed(self) -> bytes:
        if self.fake is not None:
            return b"".join(self.fake.printed)
        assert self.brain is not None
        return bytes(self.brain.received)

    def set(self, paper_out: bool = False, cover_open: bool = False) -> None:
        target = self.fake if self.fake is not None else self.brain
        target.paper_out, target.cover_open = paper_out, cover_open  # type: ignore[union-attr]


@pytest.fixture(params=["fake", "net", "serial"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    if request.param == "fake":
        fake = FakePrinter()
        yield Rig(fake, None, fake)
    elif request.param == "net":
        net = NetPrinterRig()
        yield Rig(open_printer(net.url), net.brain, None)
        net.close()
    else:
        ser = SerialPrinterRig(tmp_path)
        yield Rig(open_printer(ser.url), ser.brain, None)
        ser.close()


def test_a_ready_printer_takes_bytes(rig: Rig) -> None:
    status = rig.printer.status()
    assert status.ready, status
    rig.printer.send(b"\x1b@receipt\n")
    assert b"receipt" in _wait_printed(rig)


def test_paper_out_and_cover_open_are_told_apart(rig: Rig) -> None:
    rig.set(paper_out=True)
    status = rig.printer.status()
    assert (status.ready, status.paper_out, status.cover_open) == (False, True, False)
    assert "out of paper" in status.cause
    rig.set(cover_open=True)
    status = rig.printer.status()
    assert (status.ready, status.cover_open) == (False, True)
    assert "cover open" in status.cause


def _wait_printed(rig: Rig) -> bytes:
    import time
    for _ in range(100):
        if rig.printed():
            return rig.printed()
        time.sleep(0.02)
    return rig.printed()


def test_an_unreachable_network_printer_is_disconnected_with_a_cause() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    status = open_printer(f"escpos-net://127.0.0.1:{port}").status()
    assert status.state is DeviceState.DISCONNECTED
    assert "not reachable" in status.cause


test_bad_printer_urls = refused_urls(open_printer, [
    ("escpos-net://printer", "HOST:PORT"), ("escpos-usb://epson", "VID:PID"),
    ("escpos-serial://", "device path"), ("lpr://x", "no printer driver"),
    ("escpos-net://h:1?speed=2", "unknown parameter")])


def test_a_usb_printer_that_is_not_plugged_in_says_so() -> None:
    status = open_printer("escpos-usb://04b8:0e28").status()
    assert status.state is DeviceState.DISCONNECTED
    assert "04b8:0e28" in status.cause
    assert "not found" in status.cause.lower()


class StubUsb:
    """python-escpos's ``Usb`` as far as its public API goes (``query_status``, ``device``,
    ``out_ep``, ``timeout``, ``close``); its private ``_raw`` and ``_read`` refuse."""

    def __init__(self, vendor: int, product: int, timeout: int = 0) -> None:
        self.ids, self.timeout, self.out_ep = (vendor, product), timeout, 0x01
        self.device = self                    # pyusb's Device: write(endpoint, data, timeout)
        self.written: list[tuple[int, bytes, int]] = []
        self.closed = False
        self.paper_out = True
        opened.append(self)

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        self.written.append((endpoint, bytes(data), timeout))
        return len(data)

    def query_status(self, mode: bytes) -> bytes:
        return bytes([0x12 | (0x60 if mode == b"\x10\x04\x04" and self.paper_out else 0)])

    def close(self) -> None:
        self.closed = True

    def _raw(self, msg: bytes) -> None:
        raise AssertionError("python-escpos's private _raw was called")

    def _read(self) -> bytes:
        raise AssertionError("python-escpos's private _read was called")


opened: list[StubUsb] = []


def test_a_usb_printer_through_python_escpos_public_api(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import escpos.printer
    monkeypatch.setattr(escpos.printer, "Usb", StubUsb)
    opened.clear()
    printer = open_printer("escpos-usb://04b8:0e28")
    status = printer.status()
    assert (status.ready, status.paper_out) == (False, True)
    assert "out of paper" in status.cause
    printer.send(b"\x1b@receipt\n")
    assert opened[-1].ids == (0x04B8, 0x0E28)
    assert opened[-1].written == [(0x01, b"\x1b@receipt\n", 3000)]
    assert all(usb.closed for usb in opened)
