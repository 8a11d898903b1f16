"""Sans-I/O SIP2 connection: frames bytes, numbers requests, checks answers.

The transport hands received bytes to :meth:`receive_data` and sends whatever
:meth:`send` returns. Tests push bytes between a client and a server connection without any
socket.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.sip2.codec import MalformedMessage, Message, decode, encode


@dataclass(frozen=True)
class Framing:
    encoding: str = "utf-8"
    terminator: bytes = b"\r"
    delimiter: str = "|"
    error_detection: bool = True


class Sip2Connection:
    """One side of a SIP2 conversation. ``role`` is "sc" (kiosk) or "acs" (ILS)."""

    MAX_BUFFER = 64 * 1024

    def __init__(self, framing: Framing | None = None, role: str = "sc") -> None:
        self.framing = framing or Framing()
        self.role = role
        self._buffer = b""
        self._next_sequence = 0
        self.last_sent: bytes | None = None

    def send(self, msg: Message, *, sequence: int | None = None) -> bytes:
        """Bytes for ``msg``. The SC numbers its requests; the ACS echoes the request's number."""
        seq = None
        if self.framing.error_detection:
            if self.role == "sc":
                seq = self._next_sequence
                self._next_sequence = (self._next_sequence + 1) % 10
            else:
                seq = sequence if sequence is not None else 0
        data = encode(msg, sequence=seq, encoding=self.framing.encoding,
                      terminator=self.framing.terminator, delimiter=self.framing.delimiter)
        if msg.code not in ("97", "96"):
            self.last_sent = data
        return data

    def receive_data(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > self.MAX_BUFFER and b"\r" not in self._buffer:
            self._buffer = b""
            raise MalformedMessage("no terminator within 64 KiB")

    def next_message(self) -> Message | None:
        """The next complete message, or None if more bytes are needed.

        Raises ChecksumError for a damaged message (the caller asks for a resend)."""
        # CR ends a message whichever terminator is configured; a following LF is dropped.
        index = self._buffer.find(b"\r")
        if index < 0:
            return None
        line = self._buffer[:index]
        rest = self._buffer[index + 1:]
        if rest.startswith(b"\n"):
            rest = rest[1:]
        self._buffer = rest
        line = line.lstrip(b"\n")
        if not line:
            return self.next_message()
        return decode(line, encoding=self.framing.encoding, delimiter=self.framing.delimiter,
                      verify=self.framing.error_detection)
