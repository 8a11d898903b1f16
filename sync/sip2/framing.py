"""How one ILS frames SIP2, and a byte stream cut into its messages.

Sans-I/O, and nothing of the conversation: :class:`LineReader` is handed bytes as they arrive
and gives back whole messages, whoever sent them and whenever. Logins, sequence numbers and
resends are :class:`~sync.sip2.connection.Sip2Connection`'s, which reads through one. Tools
that read SIP2 lines from any source use a reader alone (the codec's fuzzing benchmark, test
rigs that speak out of turn on purpose).
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
)


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


# An int, looked for as such: a bytes needle (b"\n" in buffer) is first tried as an int, and
# the TypeError that makes is raised and cleared before the search (a tenth of a checkout)
_LF = ord("\n")


class LineBuffer:
    """The bytes of one stream, cut into messages: the first of CR and LF ends a line, so
    CR, LF and CRLF all frame; empty lines are skipped. Nothing raises on receipt: a line
    that cannot be read raises when its turn comes, and is consumed, so the next one can be
    read. :class:`LineReader` reads its messages directly; a
    :class:`~sync.sip2.connection.Sip2Connection` reads them through its states."""

    MAX_BUFFER = 64 * 1024

    def __init__(self, framing: Framing | None = None) -> None:
        self.framing = f = framing or Framing()
        self._encoding, self._delimiter, self._verify = f.encoding, f.delimiter, \
            f.error_detection
        self._buffer = b""
        self._runaway = False
        self._ended = False                     # b"" received: the peer closed the stream

    @property
    def buffered(self) -> bool:
        """Received bytes not yet returned as messages are waiting."""
        return bool(self._buffer) or self._runaway

    def receive_data(self, data: bytes) -> None:
        """Bytes as received; ``b""`` when the peer closed the stream."""
        if not data:
            self._ended = True
            return
        self._buffer = buffer = self._buffer + data
        if len(buffer) > self.MAX_BUFFER and b"\r" not in buffer and b"\n" not in buffer:
            # over 64 KiB and no line ends anywhere in it (a peer gone wrong, or not a SIP2
            # peer): dropped rather than buffered without end, and read as one bad line
            self._buffer = b""
            self._runaway = True

    def _next_message(self) -> Message | None:
        """The next complete message, or None if more bytes are needed.

        Raises ChecksumError for a damaged message and MalformedMessage for one that cannot
        be parsed (or a runaway line); either way the line is consumed."""
        line = self._next_line()
        if line is None:
            return None
        return decode_line(line, self._encoding, self._delimiter, self._verify)

    def _next_line(self) -> bytes | None:
        """The next complete line, cut at its terminator and consumed, or None if more bytes
        are needed. MalformedMessage for a runaway line."""
        if self._runaway:                      # it came before what is buffered now
            self._runaway = False
            raise MalformedMessage(f"no terminator within {self.MAX_BUFFER // 1024} KiB")
        buffer = self._buffer
        while buffer:
            index = buffer.find(b"\r")
            if _LF in buffer:                  # the first of CR and LF ends the line
                lf = buffer.find(b"\n", 0, index if index >= 0 else len(buffer))
                if lf >= 0:
                    index = lf
            if index < 0:
                return None
            self._buffer = buffer[index + 1:]
            if index:
                return buffer[:index]
            buffer = self._buffer
        return None


class LineReader(LineBuffer):
    """Bytes in (:meth:`receive_data`), whole messages out (:meth:`next_message`), whoever
    sent them and whenever."""

    next_message = LineBuffer._next_message
