"""A TCP server on a free loopback port for a device or service a test talks to (the network
printer of ``printer_emulator.py``): one thread accepts and serves one connection at a time;
a subclass says what a connection gets in :meth:`LoopbackServer.serve`. Its own state is set
up before ``super().__init__()``, which starts the thread."""

from __future__ import annotations

import contextlib
import socket
import threading


class LoopbackServer:
    name = "loopback-server"              # the thread's name

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port: int = self.server.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, name=self.name, daemon=True)
        self._thread.start()

    def serve(self, conn: socket.socket) -> None:
        """One connection, until it ends (the caller closes it)."""
        raise NotImplementedError

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self.serve(conn)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)      # wakes the accept() above
        self.server.close()
        self._thread.join(5)
