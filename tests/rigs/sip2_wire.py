"""A bare SIP2 client for tests of the ILS simulator: one socket, the codec and a
``LineReader``, independent of ``Sip2Client``, so a test sees exactly what a kiosk would
receive. Requests are numbered by hand, answers read line by line as they come (damaged ones
raise), nothing is retried: it is free to speak out of turn.

``location``: the CP a login names (none by default). Timeouts only bound waits.
"""

from __future__ import annotations

import socket

from sync.ils_sim.collection import DEMO
from sync.sip2.codec import Message, encode, make
from sync.sip2.framing import Framing, LineReader


class Wire:
    def __init__(self, address: tuple[str, int], framing: Framing | None = None, *,
                 timeout: float = 10.0, location: str | None = None) -> None:
        self.sock = socket.create_connection(address, timeout=timeout)
        self.timeout = timeout
        self.location = location
        self.framing = framing or Framing()
        self.reader = LineReader(self.framing)
        self.sequence = 0

    def frame(self, msg: Message) -> bytes:
        """``msg`` as a self-check sends it: numbered 0-9 in turn (a 97 takes no number)."""
        f = self.framing
        data = encode(msg, sequence=self.sequence if f.error_detection else None,
                      encoding=f.encoding, terminator=f.terminator, delimiter=f.delimiter)
        if msg.code != "97":
            self.sequence = (self.sequence + 1) % 10
        return data

    def send(self, msg: Message) -> None:
        self.sock.sendall(self.frame(msg))

    def request(self, msg: Message) -> Message:
        self.send(msg)
        return self.receive()

    def receive(self) -> Message:
        while True:
            msg = self.reader.next_message()
            if msg is not None:
                return msg
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed by the ILS")
            self.reader.receive_data(chunk)

    def raw_line(self) -> bytes:
        """One line as it arrived (b"" when the ILS closed the connection)."""
        data = b""
        while not data.endswith(b"\r"):
            chunk = self.sock.recv(1)
            if not chunk:
                return data
            data += chunk
        return data

    def login(self) -> Wire:
        answer = self.request(make("93", {"uid_algorithm": "0", "pwd_algorithm": "0"},
                                   [("CN", DEMO.sip_user), ("CO", DEMO.sip_password),
                                    ("CP", self.location)]))
        assert answer.fx("ok") == "1"
        return self

    def closed_by_peer(self) -> bool:
        return self.sock.recv(1) == b""

    def nothing_within(self, seconds: float) -> bool:
        """No byte arrives within ``seconds`` (the answer is held back, not lost)."""
        self.sock.settimeout(seconds)
        try:
            self.sock.recv(1, socket.MSG_PEEK)
        except TimeoutError:
            return True
        finally:
            self.sock.settimeout(self.timeout)
        return False

    def close(self) -> None:
        self.sock.close()
