"""FEIG's ISC host protocol, sans I/O: frames in, frames out, replies parsed into values or
typed errors. Nothing here reads or writes a port, so it is tested with literal bytes.

Standard frame: ``[LEN][ADR][CMD][data][CRC LSB][CRC MSB]``, LEN counting every byte. Advanced
frame: ``[0x02][LEN MSB][LEN LSB][ADR][CMD][data][CRC]``. A reply carries a STATUS byte after
CMD. CRC-16 with init 0xFFFF and the reflected polynomial 0x8408 over everything before it.
ISO host commands are CMD 0xB0 with a sub-command (0x01 inventory, 0x23 read multiple blocks,
0x24 write multiple blocks, 0x27 write AFI, 0x2B system information); NXP's EAS commands are
CMD 0xB1 (0xA2 set, 0xA3 reset, 0xA5 alarm) with the manufacturer code 0x04.
"""

from __future__ import annotations

import binascii
from typing import NamedTuple

from drivers.rfid.port import (
    NoTag,
    RfError,
    RfidError,
    SystemInfo,
    TagError,
    TagSeen,
    check_uid,
    iso_error,
)

STX = 0x02
BROADCAST = 0xFF
ISO_HOST, NXP_CUSTOM = 0xB0, 0xB1
INVENTORY, READ_MULTIPLE, WRITE_MULTIPLE, WRITE_AFI, SYSTEM_INFO = 0x01, 0x23, 0x24, 0x27, 0x2B
EAS_SET, EAS_RESET, EAS_ALARM = 0xA2, 0xA3, 0xA5
ADDRESSED, MORE = 0x01, 0x80
NXP = 0x04
OK, NO_TAG, MORE_DATA, RF_ERROR, ISO_ERROR = 0x00, 0x01, 0x94, 0x83, 0x95
STATUS_WORDS = {0x00: "OK", 0x01: "no transponder", 0x02: "data false (CRC from the tag)",
                0x03: "write error", 0x04: "address error", 0x05: "wrong transponder type",
                0x80: "unknown parameter", 0x81: "length error",
                0x82: "command not available", 0x83: "RF communication error",
                0x84: "RF warning", 0x93: "data buffer overflow", 0x94: "more data",
                0x95: "ISO 15693 error"}
MAX_FRAME = 4096
MIN_REPLY = 6            # LEN ADR CMD STATUS CRC CRC
STANDARD_MAX = 255


class FrameError(ValueError):
    """Bytes that are not a frame: a wrong CRC or a length that cannot be."""


# FEIG's CRC is CRC-CCITT reflected (CRC-16/MCRF4XX). binascii's crc_hqx is the unreflected
# one in C: a reflected CRC is the unreflected CRC of the bit-reversed bytes, bit-reversed.
_REVERSE = bytes(int(f"{b:08b}"[::-1], 2) for b in range(256))


def crc16(data: bytes) -> int:
    """CRC-16, init 0xFFFF, reflected polynomial 0x8408."""
    value = binascii.crc_hqx(data.translate(_REVERSE), 0xFFFF)
    return _REVERSE[value & 0xFF] << 8 | _REVERSE[value >> 8]


def _seal(body: bytes) -> bytes:
    value = crc16(body)
    return body + bytes((value & 0xFF, value >> 8))


def frame(command: int, data: bytes = b"", *, address: int = BROADCAST,
          advanced: bool = False, status: int | None = None) -> bytes:
    """A request (``status`` None) or a reply, standard or advanced."""
    if status is None and not advanced and len(data) + 5 <= STANDARD_MAX:   # every request
        return _seal(bytes((len(data) + 5, address, command)) + data)
    payload = bytes([address, command]) + (b"" if status is None else bytes([status])) + data
    if advanced or len(payload) + 3 > STANDARD_MAX:
        length = len(payload) + 5
        return _seal(bytes([STX, length >> 8, length & 0xFF]) + payload)
    return _seal(bytes([len(payload) + 3]) + payload)


class Frame(NamedTuple):
    address: int
    command: int
    status: int | None           # None in a request
    data: bytes
    advanced: bool = False


class FrameReader:
    """Cuts frames out of a byte stream fed in any chunks. ``replies``: frames carry STATUS."""

    def __init__(self, *, replies: bool = True) -> None:
        self._buffer = bytearray()
        self._replies = replies

    def feed(self, data: bytes) -> None:
        self._buffer += data

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def next_frame(self) -> Frame | None:
        """The next whole frame, None until one is complete; FrameError (and the buffer
        emptied) for bytes that cannot be one."""
        buf = self._buffer
        if not buf:
            return None
        advanced = buf[0] == STX
        header = 3 if advanced else 1
        if len(buf) < header:
            return None
        length = (buf[1] << 8 | buf[2]) if advanced else buf[0]
        least = header + 2 + (1 if self._replies else 0) + 2
        if not least <= length <= MAX_FRAME:
            return self._bad(f"a frame length of {length} bytes")
        if len(buf) < length:
            return None
        raw = bytes(buf[:length])
        del buf[:length]
        try:
            return parse_frame(raw, reply=self._replies)
        except FrameError:
            self._buffer.clear()
            raise

    def _bad(self, what: str) -> Frame | None:
        shown = bytes(self._buffer[:32]).hex(" ")
        self._buffer.clear()
        raise FrameError(f"{what}: {shown}")


def parse_frame(raw: bytes, *, reply: bool = True) -> Frame:
    """One whole frame (its length already known to fit); FrameError for a wrong CRC."""
    # A CRC without a final XOR, run on past its own value (LSB first), leaves zero: the
    # whole frame summed once in C, with no copy of it without its CRC
    if binascii.crc_hqx(raw.translate(_REVERSE), 0xFFFF):
        raise FrameError(f"a frame with a wrong CRC: {raw.hex(' ')}")
    advanced = raw[0] == STX
    at = 3 if advanced else 1
    # the tuple made directly (as Frame() does, without its Python-level __new__): every
    # answer is parsed here
    if reply:
        return _new_frame(Frame, (raw[at], raw[at + 1], raw[at + 2], raw[at + 3:-2], advanced))
    return _new_frame(Frame, (raw[at], raw[at + 1], None, raw[at + 2:-2], advanced))


_new_frame = tuple.__new__


# --- requests ------------------------------------------------------------------------------
def inventory_request(*, more: bool = False) -> tuple[int, bytes]:
    return ISO_HOST, bytes([INVENTORY, MORE if more else 0x00])


def read_request(uid: str, first: int, count: int) -> tuple[int, bytes]:
    if not (0 <= first <= 255 and 1 <= count <= 256 - first):
        raise ValueError(f"blocks {first}..{first + count - 1} are out of range")
    return ISO_HOST, bytes([READ_MULTIPLE, ADDRESSED]) + check_uid(uid) + bytes([first, count])


def write_request(uid: str, first: int, block_size: int, data: bytes) -> tuple[int, bytes]:
    if not data or len(data) % block_size:
        raise ValueError(f"{len(data)} bytes are not whole blocks of {block_size}")
    count = len(data) // block_size
    if not (0 <= first <= 255 and count <= 256 - first):
        raise ValueError(f"blocks {first}..{first + count - 1} are out of range")
    return ISO_HOST, (bytes([WRITE_MULTIPLE, ADDRESSED]) + check_uid(uid)
                      + bytes([first, count, block_size]) + data)


def afi_request(uid: str, afi: int) -> tuple[int, bytes]:
    if not 0 <= afi <= 255:
        raise ValueError(f"an AFI is one byte, not {afi}")
    return ISO_HOST, bytes([WRITE_AFI, ADDRESSED]) + check_uid(uid) + bytes([afi])


def system_info_request(uid: str) -> tuple[int, bytes]:
    return ISO_HOST, bytes([SYSTEM_INFO, ADDRESSED]) + check_uid(uid)


def eas_request(uid: str, sub: int) -> tuple[int, bytes]:
    return NXP_CUSTOM, bytes([sub, ADDRESSED, NXP]) + check_uid(uid)


# --- replies -------------------------------------------------------------------------------
def raise_for_status(reply: Frame, what: str) -> None:
    """Nothing for OK and "more data"; a typed error with words otherwise."""
    status = reply.status
    if status in (OK, MORE_DATA):
        return
    words = STATUS_WORDS.get(status if status is not None else -1, "unknown to this kiosk")
    if status == NO_TAG:
        raise NoTag(f"{what}: no tag answered")
    if status in (0x02, RF_ERROR, 0x84):
        raise RfError(f"{what}: RF error (reader status {status:02X}, {words}); "
                      "try again, or move the book")
    if status == ISO_ERROR:
        code = reply.data[0] if reply.data else None
        detail = iso_error(code) if code is not None else "an ISO 15693 error"
        raise TagError(f"{what}: the tag refused: {detail}", code)
    if status in (0x03, 0x04, 0x05):
        raise TagError(f"{what}: the tag refused (reader status {status:02X}, {words})")
    raise RfidError(f"{what}: the reader answered status {status:02X} ({words})")


def parse_inventory(reply: Frame) -> list[TagSeen]:
    data = reply.data
    if not data or len(data) != 1 + 10 * data[0]:
        raise FrameError(f"an inventory reply of {len(data)} bytes for "
                         f"{data[0] if data else 0} tags: {data.hex(' ')}")
    return [TagSeen(data[at + 2:at + 10].hex().upper(), data[at + 1])
            for at in range(1, len(data), 10)]


def parse_blocks(reply: Frame, count: int) -> tuple[int, bytes, bytes]:
    """(block size, the blocks' bytes, each block's security status byte)."""
    data = reply.data
    if len(data) < 2 or data[0] != count or len(data) != 2 + count * (1 + data[1]) \
            or data[1] == 0:
        raise FrameError(f"a read reply that does not hold {count} blocks: {data.hex(' ')}")
    size = data[1]
    # each record is a security status byte, then the block: the status bytes are every
    # (1 + size)th byte, and what is left, in order, the blocks (sliced in C, 28 at a time)
    records = bytearray(data[2:])
    security = bytes(records[::1 + size])
    del records[::1 + size]
    return size, bytes(records), security


def parse_system_info(reply: Frame) -> SystemInfo:
    data = reply.data
    if len(data) != 13:
        raise FrameError(f"a system information reply of {len(data)} bytes: {data.hex(' ')}")
    return SystemInfo(uid=data[1:9].hex().upper(), dsfid=data[0], afi=data[9],
                      block_size=(data[10] & 0x1F) + 1, block_count=data[11] + 1,
                      ic_reference=data[12])
