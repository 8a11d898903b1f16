"""Turns a scanner's byte stream into codes, with no I/O so it is tested with literal bytes.

Scanners end each code with a suffix (usually CR, sometimes LF or CRLF) and the
bytes arrive in arbitrary chunks: a code split over reads, several in one read.
"""

import re

SUFFIXES: dict[str, bytes | None] = {"auto": None, "cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}

_ANY_LINE_END = re.compile(rb"\r\n|\r|\n")


class LineFramer:
    """Splits bytes into codes on a terminator and decodes them as latin-1.

    With ``suffix=None`` any of CR, LF or CRLF ends a code; a CR is acted on at
    once (no waiting for a possible LF), and an LF that follows it in the next
    read is swallowed. With an explicit suffix only that byte sequence counts.

    A line longer than ``max_length`` is noise (a scanner misconfigured, a cable
    glitch): it is discarded up to the next terminator and counted in ``dropped``,
    so one bad burst neither grows memory nor fuses with the next good code.
    """

    def __init__(self, suffix: bytes | None = None, max_length: int = 128) -> None:
        if suffix == b"":
            raise ValueError("suffix must not be empty")
        if max_length < 1:
            raise ValueError("max_length must be positive")
        self.max_length = max_length
        self.dropped = 0
        self._suffix = suffix
        self._end = _ANY_LINE_END if suffix is None else re.compile(re.escape(suffix))
        self._buffer = bytearray()
        self._discarding = False
        self._swallow_lf = False

    def feed(self, data: bytes) -> list[str]:
        if not data:
            return []
        if self._swallow_lf and data.startswith(b"\n"):
            data = data[1:]
        self._swallow_lf = False
        self._buffer += data

        codes: list[str] = []
        start = 0
        for match in self._end.finditer(self._buffer):
            line = bytes(self._buffer[start : match.start()])
            start = match.end()
            if self._discarding:
                self._discarding = False
            elif len(line) > self.max_length:
                self.dropped += 1
            elif line:
                codes.append(line.decode("latin-1"))
            self._swallow_lf = (
                self._suffix is None and match.group() == b"\r" and start == len(self._buffer)
            )
        del self._buffer[:start]

        if len(self._buffer) > self.max_length:
            if not self._discarding:
                self._discarding = True
                self.dropped += 1
            # Keep only what could be the start of a multi-byte suffix.
            keep = len(self._suffix) - 1 if self._suffix else 0
            del self._buffer[: len(self._buffer) - keep]
        return codes
