"""Sans-I/O SIP2 codec: bytes <-> :class:`Message`, checksums and sequence numbers.

Nothing here touches a socket (see h11). The checksum is computed over the *encoded bytes*,
so the configured encoding matters: UTF-8 and cp932 give different checksums for a Japanese
title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sync.sip2.spec import SPECS

MAX_FIELD_LENGTH = 255
_TRAILER = re.compile(r"AY(\d)AZ([0-9A-Fa-f]{4})$")
_FIELD_ID = re.compile(r"^[A-Z][A-Z0-9]")


class Sip2Error(Exception):
    """A SIP2 message could not be built or understood."""


class MalformedMessage(Sip2Error):
    pass


class ChecksumError(Sip2Error):
    pass


class FieldTooLong(Sip2Error):
    pass


class Unencodable(Sip2Error):
    """A value holds characters the ILS's configured encoding cannot carry."""


@dataclass(frozen=True)
class Message:
    code: str
    fixed: tuple[tuple[str, str], ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    sequence: int | None = None
    extra: str = field(default="", compare=False)  # fixed-part bytes we did not expect

    @property
    def name(self) -> str:
        spec = SPECS.get(self.code)
        return spec.name if spec else f"unknown_{self.code}"

    def fx(self, name: str) -> str:
        for key, value in self.fixed:
            if key == name:
                return value
        raise KeyError(name)

    def get(self, field_id: str, default: str | None = None) -> str | None:
        for key, value in self.fields:
            if key == field_id:
                return value
        return default

    def get_all(self, field_id: str) -> list[str]:
        return [value for key, value in self.fields if key == field_id]

    def yes(self, name: str) -> bool:
        return self.fx(name).upper() == "Y"


def make(code: str, fixed: Mapping[str, str] | None = None,
         fields: Iterable[tuple[str, str | None]] = ()) -> Message:
    """Build a message, checking fixed fields against the spec table; None fields are left out."""
    spec = SPECS.get(code)
    if spec is None:
        raise Sip2Error(f"unknown message code {code!r}")
    fixed = dict(fixed or {})
    ordered = []
    for name, length in spec.fixed:
        if name not in fixed:
            raise Sip2Error(f"{spec.name}: fixed field {name} missing")
        value = fixed.pop(name)
        if len(value) != length:
            raise Sip2Error(f"{spec.name}: fixed field {name} must be {length} chars, "
                            f"got {value!r}")
        ordered.append((name, value))
    if fixed:
        raise Sip2Error(f"{spec.name}: unknown fixed fields {sorted(fixed)}")
    return Message(code, tuple(ordered), tuple((k, v) for k, v in fields if v is not None))


def checksum(data: bytes) -> str:
    """16-bit two's complement of the byte sum, as 4 upper-case hex digits."""
    return f"{(-sum(data)) & 0xFFFF:04X}"


def yn(flag: bool) -> str:
    return "Y" if flag else "N"


def format_date(when: datetime) -> str:
    """SIP2 18-character date, local time (four blanks for the zone)."""
    return when.strftime("%Y%m%d    %H%M%S")


def parse_date(text: str | None) -> datetime | None:
    """Parse a SIP2 date defensively: zone blank, '0000', 'UTC ', or just a date; else None."""
    if not text:
        return None
    text = text.strip()
    match = re.match(r"^(\d{8})(?:\s*(?:UTC|Z|0000|[+-]\d{4})?\s*(\d{6}))?", text)
    if match:
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d")
            if match.group(2):
                t = datetime.strptime(match.group(2), "%H%M%S")
                day = day.replace(hour=t.hour, minute=t.minute, second=t.second)
            return day
        except ValueError:
            return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text[: len(datetime(2000, 1, 1).strftime(fmt))], fmt)
        except ValueError:
            continue
    return None


def encode(msg: Message, *, sequence: int | None, encoding: str = "utf-8",
           terminator: bytes = b"\r", delimiter: str = "|") -> bytes:
    """Serialise a message; with a sequence number the AY/AZ error-detection trailer is added."""
    parts = [msg.code]
    parts.extend(value for _, value in msg.fixed)
    for field_id, value in msg.fields:
        if len(value) > MAX_FIELD_LENGTH:
            raise FieldTooLong(f"field {field_id} is {len(value)} chars (max {MAX_FIELD_LENGTH})")
        if delimiter in value:
            raise Sip2Error(f"field {field_id} contains the delimiter {delimiter!r}")
        parts.append(f"{field_id}{value}{delimiter}")
    text = "".join(parts)
    if sequence is not None:
        text += f"AY{sequence % 10}AZ"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        raise Unencodable(f"{bad!r} cannot be sent in {encoding}") from exc
    if sequence is not None:
        data += checksum(data).encode("ascii")
    return data + terminator


def decode(line: bytes, *, encoding: str = "utf-8", delimiter: str = "|",
           verify: bool = True) -> Message:
    """Parse one message (terminator already removed). Unknown fields are kept."""
    line = line.rstrip(b"\r\n")
    try:
        text = line.decode(encoding)
    except UnicodeDecodeError:
        text = line.decode(encoding, errors="replace")
    sequence = None
    trailer = _TRAILER.search(text)
    if trailer:
        sequence = int(trailer.group(1))
        if verify:
            head = line[: len(line) - 4]
            if checksum(head) != trailer.group(2).upper():
                raise ChecksumError(f"checksum {trailer.group(2)} != {checksum(head)}")
        text = text[: trailer.start()]
    if len(text) < 2 or not text[:2].isdigit():
        raise MalformedMessage(f"no message code in {text[:20]!r}")
    code = text[:2]
    spec = SPECS.get(code)
    pos = 2
    fixed: list[tuple[str, str]] = []
    if spec is not None:
        for name, length in spec.fixed:
            value = text[pos: pos + length]
            if len(value) < length:
                raise MalformedMessage(f"{spec.name}: fixed field {name} truncated")
            fixed.append((name, value))
            pos += length
    rest = text[pos:]
    fields: list[tuple[str, str]] = []
    if rest:
        for segment in rest.split(delimiter):
            if not segment:
                continue
            if _FIELD_ID.match(segment) or not fields:
                fields.append((segment[:2], segment[2:]))
            else:  # a delimiter inside a value, as some ILSes send
                key, value = fields[-1]
                fields[-1] = (key, value + delimiter + segment)
    return Message(code, tuple(fixed), tuple(fields), sequence)
