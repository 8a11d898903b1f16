"""Sans-I/O SIP2 connection: frames bytes, numbers requests, checks answers.

The transport hands received bytes to :meth:`receive_data` and sends whatever
:meth:`send` returns. Tests push bytes between a client and a server connection without any
socket.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.sip2.codec import (
    MAX_FIELD_LENGTH,
    MalformedMessage,
    Message,
    Sip2Error,
    check_encoding,
    decode_line,
    encode,
    frame_rendered,
)

_RESEND_CODES = ("96", "97")


@dataclass(frozen=True)
class Framing:
    """How one ILS frames SIP2. ``terminator`` is what we send; on receipt CR, LF and CRLF
    all end a message, whichever is configured."""

    encoding: str = "utf-8"
    terminator: bytes = b"\r"
    delimiter: str = "|"
    error_detection: bool = True
    max_field_length: int = MAX_FIELD_LENGTH

    def __post_init__(self) -> None:
        try:                               # a typo in the config fails here, not mid-loan
            check_encoding(self.encoding)
        except Sip2Error as exc:
            raise ValueError(str(exc)) from exc
        if self.terminator not in (b"\r", b"\r\n", b"\n"):
            raise ValueError(f"terminator must be CR, CRLF or LF, got {self.terminator!r}")
        if len(self.delimiter) != 1 or self.delimiter in "\r\n":
            raise ValueError(f"delimiter must be one character, got {self.delimiter!r}")


class Sip2Connection:
    """One side of a SIP2 conversation. ``role`` is "sc" (kiosk) or "acs" (ILS)."""

    MAX_BUFFER = 64 * 1024

    def __init__(self, framing: Framing | None = None, role: str = "sc") -> None:
        if role not in ("sc", "acs"):
            raise ValueError(f"role must be 'sc' or 'acs', got {role!r}")
        self.framing = framing or Framing()
        self.role = role
        self._buffer = b""
        self._next_sequence = 0
        self.last_sent: bytes | None = None
        # the sequence number of the last request sent (SC) or answered (ACS)
        self.last_sequence: int | None = None
        # the self-check numbering its requests under the usual "|": rendered requests
        # (see codec.rendered) are framed straight from their text
        f = self.framing
        self._numbered = role == "sc" and f.error_detection and f.delimiter == "|"

    def send(self, msg: Message, *, sequence: int | None = None) -> bytes:
        """Bytes for ``msg``. The SC numbers its requests; the ACS echoes the request's number.

        A resend request (96/97) takes no sequence number and is not remembered as the last
        message, so answering a 97 repeats the real answer."""
        f = self.framing
        if self._numbered:
            text = msg.text
            if text is not None and len(text) <= f.max_field_length:
                number = self._next_sequence
                data = frame_rendered(msg, text, number, f.encoding, f.terminator)
                self.last_sent = data
                self.last_sequence = number
                self._next_sequence = (number + 1) % 10
                return data
        seq = None
        if f.error_detection:
            if msg.code in _RESEND_CODES:
                seq = 0                                  # encode() writes only AZ for these
            elif self.role == "sc":
                seq = self._next_sequence
            else:
                seq = sequence if sequence is not None else 0
        data = encode(msg, sequence=seq, encoding=f.encoding, terminator=f.terminator,
                      delimiter=f.delimiter, max_field_length=f.max_field_length)
        if msg.code not in _RESEND_CODES:
            self.last_sent = data
            self.last_sequence = seq
            if f.error_detection and self.role == "sc":
                self._next_sequence = (self._next_sequence + 1) % 10
        return data

    def resend(self) -> bytes | None:
        """The last message again, byte for byte (the answer to a 96 or a 97)."""
        return self.last_sent

    def is_stale(self, msg: Message) -> bool:
        """True for an answer that carries another request's sequence number: a late reply
        to an earlier request (one that timed out, say), which must not be taken as the
        answer to the current one. Without error detection nothing can be told apart."""
        return (self.role == "sc" and self.framing.error_detection
                and msg.sequence is not None and self.last_sequence is not None
                and msg.sequence != self.last_sequence)

    @property
    def buffered(self) -> bool:
        """Received bytes not yet returned as messages are waiting."""
        return bool(self._buffer)

    def feed(self, data: bytes) -> Message | None:
        """:meth:`receive_data`, then :meth:`next_message`: what a reader does with each
        chunk it receives, in one call."""
        self._buffer += data                   # receive_data(), inline: once per answer
        if len(self._buffer) > self.MAX_BUFFER:
            self._refuse_endless_line()
        return self.next_message()

    def receive_data(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > self.MAX_BUFFER:
            self._refuse_endless_line()

    def _refuse_endless_line(self) -> None:
        """Over 64 KiB buffered: drop it if no line ends anywhere in it (an ILS gone wrong, or
        not an ILS), rather than buffer without end."""
        if b"\r" not in self._buffer and b"\n" not in self._buffer:
            self._buffer = b""
            raise MalformedMessage("no terminator within 64 KiB")

    def next_message(self) -> Message | None:
        """The next complete message, or None if more bytes are needed.

        Raises ChecksumError for a damaged message (the caller asks for a resend) and
        MalformedMessage for one that cannot be parsed; either way the line is consumed."""
        while self._buffer:
            buffer = self._buffer
            cr = buffer.find(b"\r")
            lf = buffer.find(b"\n", 0, cr if cr >= 0 else len(buffer))
            index = lf if lf >= 0 else cr      # the first of CR and LF ends the line
            if index < 0:
                return None
            line = buffer[:index]
            self._buffer = self._buffer[index + 1:]
            if line:
                f = self.framing
                return decode_line(line, f.encoding, f.delimiter, f.error_detection)
        return None
