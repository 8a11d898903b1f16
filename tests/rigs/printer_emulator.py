"""An ESC/POS printer that answers like one, for tests: it keeps what it was sent and answers
the real-time status requests (DLE EOT 2 and 4) with paper and cover as set. The fake at the
hardware edge for the network and serial ESC/POS printers, written from the ESC/POS command
reference, not from the driver."""

from __future__ import annotations

import socket

from tests.rigs.loopback_server import LoopbackServer

DLE_EOT = b"\x10\x04"            # real-time status transmission


class PrinterBrain:
    """What a printer answers: DLE EOT 2 -> offline cause, DLE EOT 4 -> paper sensor."""

    def __init__(self) -> None:
        self.received = bytearray()
        self.paper_out = False
        self.cover_open = False

    def feed(self, data: bytes) -> bytes:
        self.received += data
        answers = b""
        for n in (2, 4):
            while (DLE_EOT + bytes([n])) in self.received:
                i = self.received.index(DLE_EOT + bytes([n]))
                del self.received[i:i + 3]
                answers += bytes([0x12 | (0x04 if n == 2 and self.cover_open else 0)
                                  | (0x60 if n == 4 and self.paper_out else 0)])
        return answers


class NetPrinterRig(LoopbackServer):
    """A network ESC/POS printer on a free local port (``url``), answering status."""

    name = "net-printer-rig"

    def __init__(self) -> None:
        self.brain = PrinterBrain()
        super().__init__()
        self.url = f"escpos-net://127.0.0.1:{self.port}"

    def serve(self, conn: socket.socket) -> None:
        while data := conn.recv(4096):
            if answer := self.brain.feed(data):
                conn.sendall(answer)
