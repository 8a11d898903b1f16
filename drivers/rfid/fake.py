"""A pad for the demo and tests: ``fake-rfid://?tags=UID:HEX,UID:HEX&name=demo``.

``tags`` puts tags on the pad at start, each a UID and its memory in hex (``UID`` alone: a
blank tag). Everything is in memory and synchronous, and the fake records what it was asked
(``writes``), in the spirit of the scanners' fake. The demo panel's controls are
:meth:`put` ("put 3 books on the pad") and :meth:`take` ("take one off"); tests inject
trouble with :meth:`fail_next`. Its scheme follows the one naming rule for fakes,
``fake-<family>://`` (``fake-scanner://``, ``fake-printer://``, ``fake-rfid://``; ADR 0001).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from drivers.rfid.port import (
    NoTag,
    ReaderGone,
    RfidError,
    SystemInfo,
    TagError,
    TagSeen,
    check_uid,
    iso_error,
)
from drivers.url import parse_url_of

BLOCK = 4
BLOCKS = 28                # an ICODE SLIX: 28 blocks of 4 bytes


def _refused(what: str, code: int) -> TagError:
    """A tag's ISO 15693 error, in the words the FEIG driver gives it."""
    return TagError(f"{what}: the tag refused: {iso_error(code)}", code)


@dataclass
class FakeTag:
    uid: str
    memory: bytearray = field(default_factory=lambda: bytearray(BLOCK * BLOCKS))
    afi: int = 0x07
    dsfid: int = 0x00
    eas: bool = True
    afi_locked: bool = False
    locked_blocks: set[int] = field(default_factory=set)


class FakeRfidReader:
    multi_tag = True

    def __init__(self, url: str = "fake-rfid://") -> None:
        parsed = parse_url_of(url, "fake-rfid", {"tags", "name"})
        self.url = url
        self.name = parsed.params.get("name", "fake RFID pad")
        self.tags: dict[str, FakeTag] = {}
        self.writes: list[tuple[str, str, object]] = []      # (operation, uid, value)
        self.plugged = True
        self._failures: list[RfidError] = []
        self._made = 0
        self._lock = threading.Lock()
        for entry in filter(None, parsed.params.get("tags", "").split(",")):
            uid, _, memory = entry.partition(":")
            try:
                self.put(uid.strip(), bytes.fromhex(memory))
            except ValueError as exc:
                raise ValueError(f"tags= in {url!r}: {exc}") from exc

    # --- the demo panel's controls and the tests' -------------------------------------------
    def put(self, uid: str | None = None, memory: bytes = b"", **state: object) -> FakeTag:
        """Put a tag on the pad (its memory padded to a SLIX's 112 bytes); without a UID, one
        is made up (the demo's "put 3 books on the pad" calls this three times)."""
        if uid is None:
            self._made += 1
            uid = f"E00401FA{self._made:08X}"
        check_uid(uid)
        uid = uid.upper()
        tag = FakeTag(uid, bytearray(memory.ljust(BLOCK * BLOCKS, b"\0")), **state)  # type: ignore[arg-type]
        with self._lock:
            self.tags[uid] = tag
        return tag

    def take(self, uid: str | None = None) -> str | None:
        """Take a tag off the pad (the last one put there by default); its UID, or None."""
        with self._lock:
            if not self.tags:
                return None
            uid = uid.upper() if uid else list(self.tags)[-1]
            self.tags.pop(uid, None)
            return uid

    def clear(self) -> None:
        with self._lock:
            self.tags.clear()

    def fail_next(self, error: RfidError, times: int = 1) -> None:
        """The next ``times`` operations raise ``error`` (RF noise, a reader gone, ...)."""
        self._failures += [error] * times

    def unplug(self) -> None:
        self.plugged = False

    def replug(self) -> None:
        self.plugged = True

    # --- the port -------------------------------------------------------------------------
    def open(self) -> None:
        self._check()

    def close(self) -> None:
        pass

    def _check(self) -> None:
        if not self.plugged:
            raise ReaderGone(f"{self.name} is unplugged")
        if self._failures:
            raise self._failures.pop(0)

    def _tag(self, uid: str, what: str) -> FakeTag:
        self._check()
        tag = self.tags.get(uid.upper())
        if tag is None:
            raise NoTag(f"{what}: no tag answered")
        return tag

    def inventory(self) -> list[TagSeen]:
        self._check()
        with self._lock:
            return [TagSeen(t.uid, t.dsfid) for t in self.tags.values()]

    def read_blocks(self, uid: str, first: int, count: int) -> bytes:
        what = f"read blocks {first}-{first + count - 1} of {uid}"
        tag = self._tag(uid, what)
        if first < 0 or count < 1 or (first + count) * BLOCK > len(tag.memory):
            raise _refused(what, 0x10)
        return bytes(tag.memory[first * BLOCK:(first + count) * BLOCK])

    def write_blocks(self, uid: str, first: int, data: bytes) -> None:
        what = f"write blocks from {first} of {uid}"
        tag = self._tag(uid, what)
        count = len(data) // BLOCK
        if len(data) % BLOCK or (first + count) * BLOCK > len(tag.memory):
            raise _refused(what, 0x10)
        if tag.locked_blocks & set(range(first, first + count)):
            raise _refused(what, 0x12)
        tag.memory[first * BLOCK:first * BLOCK + len(data)] = data
        self.writes.append(("blocks", tag.uid, (first, bytes(data))))

    def write_afi(self, uid: str, afi: int) -> None:
        what = f"write AFI {afi:02X} to {uid}"
        tag = self._tag(uid, what)
        if tag.afi_locked:
            raise _refused(what, 0x12)
        tag.afi = afi
        self.writes.append(("afi", tag.uid, afi))

    def eas_set(self, uid: str) -> None:
        self._tag(uid, f"set EAS on {uid}").eas = True
        self.writes.append(("eas", uid.upper(), True))

    def eas_reset(self, uid: str) -> None:
        self._tag(uid, f"reset EAS on {uid}").eas = False
        self.writes.append(("eas", uid.upper(), False))

    def eas_alarm(self, uid: str) -> bool:
        return self._tag(uid, f"EAS alarm of {uid}").eas

    def system_information(self, uid: str) -> SystemInfo:
        tag = self._tag(uid, f"system information of {uid}")
        return SystemInfo(tag.uid, tag.dsfid, tag.afi, BLOCK, len(tag.memory) // BLOCK, 0x01)
