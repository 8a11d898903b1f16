"""An ESC/POS printer that answers like one, for tests: it keeps what it was sent and answers
the real-time status requests (DLE EOT 2 and 4) with paper and cover as set. The fake at the
hardware edge for the network and serial ESC/POS printers, written from the ESC/POS command
reference, not from the driver."""

from __future__ import annotations

import contextlib
import socket
import threading

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


class NetPrinterRig:
    """A network ESC/POS printer on a free local port (``url``), answering status."""

    def __init__(self) -> None:
        self.brain = PrinterBrain()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.url = f"escpos-net://127.0.0.1:{self.server.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, name="net-printer-rig",
                                        daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                while data := conn.recv(4096):
                    if answer := self.brain.feed(data):
                        conn.sendall(answer)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)      # wakes the accept() below
        self.server.close()
        self._thread.join(5)
