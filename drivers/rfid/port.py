"""The ISO 15693 reader port the kiosk sees, whatever the hardware.

Calls block, each bounded by the reader's timeout (no call ever waits for ever), and come from
one thread at a time; the caller keeps them off the GUI thread. A UID is 16 hex digits, most
significant byte first, as printed on tags (``E004…``). Failures are typed, each with words
for staff: :class:`NoTag` (the tag left the field), :class:`RfError` (RF noise or a collision:
try again), :class:`TagError` (the tag refused, with its ISO 15693 error code), :class:`ReaderGone`
(unplugged or silent; the next call tries to reopen it), :class:`Garbage` (the reader's answer
made no sense), :class:`Unsupported` (this reader cannot do that, e.g. AFI through PC/SC).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol

ISO_ERRORS = {0x01: "command not supported", 0x02: "command not recognised",
              0x03: "option not supported", 0x0F: "unknown error",
              0x10: "block not available", 0x11: "block already locked",
              0x12: "locked: its content cannot be changed",
              0x13: "not successfully programmed", 0x14: "not successfully locked"}


class RfidError(OSError):
    """A reader operation that failed; the message is for staff."""


class NoTag(RfidError):
    """No tag answered (it was taken off the pad, or was never there)."""


class RfError(RfidError):
    """The radio exchange failed (noise, a collision, a tag at the edge of the field)."""


class TagError(RfidError):
    """The tag answered with an ISO 15693 error (a locked block or AFI, a block it lacks)."""

    def __init__(self, message: str, iso_code: int | None = None) -> None:
        super().__init__(message)
        self.iso_code = iso_code


class ReaderGone(RfidError):
    """The reader is unplugged or its port failed."""


class ReaderSilent(ReaderGone):
    """The reader did not answer in time."""


class Garbage(RfidError):
    """The reader's answer was not a valid frame (a wrong CRC, a length that does not fit)."""


class Unsupported(RfidError):
    """This kind of reader cannot do that at all."""


def iso_error(code: int) -> str:
    return f"ISO 15693 error {code:02X} ({ISO_ERRORS.get(code, 'unknown to this kiosk')})"


class TagSeen(NamedTuple):
    uid: str
    dsfid: int | None


@dataclass(frozen=True)
class SystemInfo:
    uid: str
    dsfid: int | None = None
    afi: int | None = None
    block_size: int | None = None
    block_count: int | None = None
    ic_reference: int | None = None


class RfidReader(Protocol):
    url: str
    multi_tag: bool             # False: reads one tag at a time (no anti-collision)

    def open(self) -> None: ...

    def close(self) -> None: ...

    def inventory(self) -> list[TagSeen]: ...

    def read_blocks(self, uid: str, first: int, count: int) -> bytes: ...

    def write_blocks(self, uid: str, first: int, data: bytes) -> None: ...

    def write_afi(self, uid: str, afi: int) -> None: ...

    def eas_set(self, uid: str) -> None: ...

    def eas_reset(self, uid: str) -> None: ...

    def eas_alarm(self, uid: str) -> bool: ...

    def system_information(self, uid: str) -> SystemInfo: ...


def check_uid(uid: str) -> bytes:
    try:
        raw = bytes.fromhex(uid)
    except ValueError:
        raw = b""
    if len(raw) != 8:
        raise ValueError(f"not an ISO 15693 UID (16 hex digits): {uid!r}")
    return raw


def read_memory(reader: RfidReader, uid: str, *, max_blocks: int = 64, chunk: int = 28,
                block_count: int | None = None) -> bytes:
    """The tag's user memory: as many blocks as it has (system information), else blocks
    until the tag says there are no more, at most ``max_blocks``."""
    if block_count is None:
        try:
            block_count = reader.system_information(uid).block_count
        except (Unsupported, TagError):
            block_count = None
    limit = min(block_count or max_blocks, max_blocks)
    data = bytearray()
    first = 0
    while first < limit:
        count = min(chunk, limit - first)
        try:
            data += reader.read_blocks(uid, first, count)
        except TagError:
            if block_count is not None or count == 1:
                if data:
                    break
                raise
            chunk = 1                                   # find the end one block at a time
            continue
        first += count
    return bytes(data)
