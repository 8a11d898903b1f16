"""A FEIG ISC reader emulator speaking the host protocol on one end of a pty pair.

The driver opens the other end by a stable symlink (like /dev/serial/by-id/…), as it would a
USB-serial reader. The emulator holds ISO 15693 tags in memory (blocks, AFI, DSFID, EAS,
locked blocks and AFI) and answers inventory (with "more data" when the stack does not fit one
answer), read and write multiple blocks, write AFI, system information and NXP's EAS commands,
in standard or advanced frames as asked. Trouble on demand: lossy RF (a tag's presence
follows a pattern, one entry per inventory), RF errors, garbage, a reader that stops
answering (at once or after N more answers) and unplugging (the pty closed).

Written from the protocol description (DESIGN §13), not from drivers/rfid, on purpose.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.rigs import serial_pty

OK, NO_TAG, RF_ERROR, MORE_DATA, ISO_ERROR = 0x00, 0x01, 0x83, 0x94, 0x95
LOCKED, NOT_AVAILABLE = 0x12, 0x10


def crc(data: bytes) -> int:
    value = 0xFFFF
    for byte in data:
        value ^= byte
        for _ in range(8):
            value = (value >> 1) ^ 0x8408 if value & 1 else value >> 1
    return value


@dataclass
class EmulatedTag:
    uid: str                                      # 16 hex digits, MSB first
    memory: bytearray = field(default_factory=lambda: bytearray(28 * 4))
    block_size: int = 4
    afi: int = 0x07
    dsfid: int = 0x00
    eas: bool = True
    afi_locked: bool = False
    eas_locked: bool = False
    locked_blocks: set[int] = field(default_factory=set)
    presence: list[bool] | None = None            # per inventory, cycled; None: always there
    _round: int = 0

    def __post_init__(self) -> None:
        self.uid = self.uid.upper()
        if len(self.memory) % self.block_size:
            self.memory += bytes(-len(self.memory) % self.block_size)

    @property
    def blocks(self) -> int:
        return len(self.memory) // self.block_size

    def next_round(self) -> bool:
        if self.presence is None:
            return True
        seen = self.presence[self._round % len(self.presence)]
        self._round += 1
        return seen


class FeigEmulator:
    """``plug()`` makes the pty and starts answering; ``unplug()`` closes it."""

    def __init__(self, link: Path, *, per_answer: int = 8, address: int = 0xFF) -> None:
        self.link = link
        self.per_answer = per_answer
        self.address = address
        self.tags: dict[str, EmulatedTag] = {}
        self.requests: list[bytes] = []           # every request frame received
        self.master: int | None = None
        self.slave: int | None = None
        self._present: set[str] = set()
        self._pending: list[EmulatedTag] = []
        self._rf_errors = 0
        self._garbage = 0
        self._garbage_kind = "crc"
        self._answers_left: int | None = None     # None: answers for ever
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    # --- the bench ----------------------------------------------------------------------
    def plug(self) -> None:
        assert self.master is None, "already plugged"
        self.master, self.slave = serial_pty.plug(self.link)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, args=(self.master,),
                                        name="feig-emulator", daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        serial_pty.unplug(self.master, self.slave)
        self.master = self.slave = None

    def put(self, *tags: EmulatedTag) -> None:
        with self._lock:
            for tag in tags:
                self.tags[tag.uid] = tag
                self._present.add(tag.uid)

    def take(self, uid: str) -> None:
        with self._lock:
            self.tags.pop(uid.upper(), None)
            self._present.discard(uid.upper())

    def rf_errors(self, count: int = 1) -> None:
        """The next ``count`` requests get an RF communication error."""
        self._rf_errors += count

    def garbage(self, count: int = 1, kind: str = "crc") -> None:
        """The next ``count`` requests get bytes that are not a frame: one with a wrong CRC
        (``kind="crc"``) or line noise (``"noise"``)."""
        self._garbage += count
        self._garbage_kind = kind

    def go_silent(self, after: int = 0) -> None:
        """Answer ``after`` more requests, then nothing."""
        self._answers_left = after

    def speak(self) -> None:
        self._answers_left = None

    # --- the protocol -------------------------------------------------------------------
    def _serve(self, fd: int) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
                if not ready:
                    continue
                buffer += os.read(fd, 4096)
            except OSError:
                return
            while True:
                request = _cut(buffer)
                if request is None:
                    break
                self.requests.append(request)
                answer = self._answer(request)
                if answer:
                    with contextlib.suppress(OSError):
                        os.write(fd, answer)

    def _answer(self, raw: bytes) -> bytes:
        advanced = raw[0] == 0x02
        body = raw[3:-2] if advanced else raw[1:-2]
        if crc(raw[:-2]) != raw[-2] | raw[-1] << 8:
            return b""                                   # a reader ignores a broken request
        address, command, data = body[0], body[1], body[2:]
        if address not in (self.address, 0xFF):
            return b""
        if self._answers_left is not None:
            if self._answers_left <= 0:
                return b""
            self._answers_left -= 1
        if self._garbage:
            self._garbage -= 1
            if self._garbage_kind == "noise":
                return bytes([0x00]) + random.randbytes(12)  # no frame at all
            good = _frame(address, command, OK, b"\x00", advanced)
            return good[:-1] + bytes([good[-1] ^ 0x5A])  # a frame whose CRC is wrong
        if self._rf_errors:
            self._rf_errors -= 1
            return _frame(address, command, RF_ERROR, b"", advanced)
        with self._lock:
            status, reply = self._command(command, bytes(data))
        return _frame(address, command, status, reply, advanced)

    def _command(self, command: int, data: bytes) -> tuple[int, bytes]:
        if command == 0xB0 and data[:1] == b"\x01":
            return self._inventory(more=bool(data[1] & 0x80))
        if command not in (0xB0, 0xB1) or len(data) < 10:
            return 0x82, b""                             # command not available
        sub, uid = data[0], data[2:10].hex().upper()
        if command == 0xB1:
            uid = data[3:11].hex().upper()
        tag = self.tags.get(uid)
        if tag is None or uid not in self._present:
            return NO_TAG, b""
        rest = data[10:] if command == 0xB0 else data[11:]
        if command == 0xB1:
            return self._eas(sub, tag)
        if sub == 0x23:
            first, count = rest[0], rest[1]
            if first + count > tag.blocks:
                return ISO_ERROR, bytes([NOT_AVAILABLE])
            size = tag.block_size
            records = b"".join(bytes([1 if n in tag.locked_blocks else 0])
                               + tag.memory[n * size:(n + 1) * size]
                               for n in range(first, first + count))
            return OK, bytes([count, size]) + records
        if sub == 0x24:
            first, count, size = rest[0], rest[1], rest[2]
            payload = rest[3:]
            if size != tag.block_size or len(payload) != count * size or \
                    first + count > tag.blocks:
                return ISO_ERROR, bytes([NOT_AVAILABLE])
            if tag.locked_blocks & set(range(first, first + count)):
                return ISO_ERROR, bytes([LOCKED])
            tag.memory[first * size:(first + count) * size] = payload
            return OK, b""
        if sub == 0x27:
            if tag.afi_locked:
                return ISO_ERROR, bytes([LOCKED])
            tag.afi = rest[0]
            return OK, b""
        if sub == 0x2B:
            return OK, (bytes([tag.dsfid]) + bytes.fromhex(tag.uid)
                        + bytes([tag.afi, tag.block_size - 1, tag.blocks - 1, 0x01]))
        return 0x82, b""

    def _eas(self, sub: int, tag: EmulatedTag) -> tuple[int, bytes]:
        if sub in (0xA2, 0xA3):
            if tag.eas_locked:
                return ISO_ERROR, bytes([LOCKED])
            tag.eas = sub == 0xA2
            return OK, b""
        if sub == 0xA5:
            return (OK, bytes(range(32))) if tag.eas else (NO_TAG, b"")
        return 0x82, b""

    def _inventory(self, *, more: bool) -> tuple[int, bytes]:
        if not more:
            self._present = {uid for uid, tag in self.tags.items() if tag.next_round()}
            self._pending = [self.tags[uid] for uid in self.tags if uid in self._present]
        if not self._pending:
            return NO_TAG, b""
        chunk, self._pending = self._pending[:self.per_answer], self._pending[self.per_answer:]
        records = b"".join(bytes([0x03, tag.dsfid]) + bytes.fromhex(tag.uid) for tag in chunk)
        return (MORE_DATA if self._pending else OK), bytes([len(chunk)]) + records


def _frame(address: int, command: int, status: int, data: bytes, advanced: bool) -> bytes:
    body = bytes([address, command, status]) + data
    if advanced or len(body) + 3 > 255:
        head = bytes([0x02, (len(body) + 5) >> 8, (len(body) + 5) & 0xFF]) + body
    else:
        head = bytes([len(body) + 3]) + body
    value = crc(head)
    return head + bytes([value & 0xFF, value >> 8])


def _cut(buffer: bytearray) -> bytes | None:
    """The next request frame from ``buffer`` (removed from it), or None for not yet."""
    if not buffer:
        return None
    if buffer[0] == 0x02:
        if len(buffer) < 3:
            return None
        length = buffer[1] << 8 | buffer[2]
    else:
        length = buffer[0]
    if length < 5:
        buffer.clear()
        return None
    if len(buffer) < length:
        return None
    raw = bytes(buffer[:length])
    del buffer[:length]
    return raw


def stack(count: int, *, memory: Iterable[bytes] | None = None) -> list[EmulatedTag]:
    """``count`` tags with made-up NXP UIDs (E004…), with the given memories."""
    memories = list(memory) if memory is not None else [bytes(112)] * count
    return [EmulatedTag(f"E00401{n:010X}", bytearray(m.ljust(112, b"\0")))
            for n, m in zip(range(1, count + 1), memories, strict=True)]
