"""An ISO 15693 tag on vpcd's second virtual reader ("Virtual PCD 00 01"), answering PC/SC
part 3 storage-card commands as a contactless reader does for the tag on it: GET DATA (the
UID, least significant byte first, as most readers give it), READ BINARY and UPDATE BINARY of
4-byte blocks. The My Number tests use the first reader (port 35963); this one listens on
35964, so both can hold a card at once.

vpcd's protocol (see tests/rigs/virtual_mynumber.py): a 2-byte big-endian length and a payload;
one byte is a control code (0 off, 1 on, 2 reset, 4 ATR?), anything longer an APDU.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from tests.rigs.virtual_mynumber import VPCD_PORT, VirtualCard, VpcdClient

PORT = VPCD_PORT + 1
READER = "Virtual PCD 00 01"
# PC/SC part 3 ATR of a contactless storage card: RID A0 00 00 03 06, standard 0B (ISO 15693)
_BODY = bytes.fromhex("8F 80 01 80 4F 0C A0 00 00 03 06 0B 00 14 00 00 00 00")
def _atr() -> bytes:
    check = 0
    for byte in _BODY:
        check ^= byte
    return b"\x3b" + _BODY + bytes([check])


ATR = _atr()
OK = b"\x90\x00"


@dataclass
class VirtualTag:
    uid: str                                          # MSB first, E0…
    memory: bytearray = field(default_factory=lambda: bytearray(28 * 4))
    locked_blocks: set[int] = field(default_factory=set)
    received: list[bytes] = field(default_factory=list)
    pull_after: int | None = None                     # vanish after this many APDUs

    def answer(self, apdu: bytes) -> bytes:
        self.received.append(apdu)
        if len(apdu) < 5 or apdu[0] != 0xFF:
            return b"\x6e\x00"
        ins, block = apdu[1], apdu[2] << 8 | apdu[3]
        blocks = len(self.memory) // 4
        if ins == 0xCA and apdu[2:4] == b"\0\0":
            return bytes.fromhex(self.uid)[::-1] + OK
        if ins == 0xB0:
            if block >= blocks:
                return b"\x6a\x82"
            return bytes(self.memory[block * 4:block * 4 + 4]) + OK
        if ins == 0xD6:
            if block >= blocks or apdu[4] != 4 or len(apdu) != 9:
                return b"\x6a\x82" if block >= blocks else b"\x67\x00"
            if block in self.locked_blocks:
                return b"\x69\x82"
            self.memory[block * 4:block * 4 + 4] = apdu[5:9]
            return OK
        return b"\x6d\x00"


class TagSlot(VpcdClient):
    """Puts a :class:`VirtualTag` on the reader; ``remove()`` takes it off (vpcd's client
    of the My Number rig, on the second reader, with the tag's ATR)."""

    def __init__(self, tag: VirtualCard, port: int = PORT) -> None:
        super().__init__(tag, port=port, atr=ATR, name="vpcd-tag")

    @property
    def tag(self) -> VirtualCard:
        return self.card


def wait_for(present: bool, seconds: float = 10.0) -> None:
    """Until pcscd sees a card on the reader (or none)."""
    from smartcard import scard
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult == scard.SCARD_S_SUCCESS:
            try:
                hresult, states = scard.SCardGetStatusChange(
                    context, 200, [(READER, scard.SCARD_STATE_UNAWARE)])
                if hresult == scard.SCARD_S_SUCCESS:
                    there = bool(states[0][1] & scard.SCARD_STATE_PRESENT)
                    if there == present:
                        return
            finally:
                scard.SCardReleaseContext(context)
        time.sleep(0.05)
    raise AssertionError(f"pcscd never saw the tag {'placed' if present else 'removed'}")
