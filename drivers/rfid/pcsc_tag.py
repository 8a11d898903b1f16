"""PC/SC readers that read one ISO 15693 tag at a time: ``pcsc-tag://?reader=NAME``.

For branches with a one-book pad on an ordinary contactless reader (ACS, Identiv, Sony
PaSoRi in PC/SC mode…). The tag is reached through PC/SC part 3's storage-card commands:
GET DATA (``FF CA 00 00 00``) for the UID, READ BINARY (``FF B0 00 <block> 04``) and UPDATE
BINARY (``FF D6 00 <block> 04 <data>``) for 4-byte blocks. Those commands have no AFI and no
EAS, so a branch with this reader keeps security in the library database
(``[rfid] security = "database"``); asking for AFI or EAS raises Unsupported saying so.
There is no anti-collision either: the reader sees one tag (``multi_tag`` is False).

Many readers give the UID least significant byte first, as it travels over the air; an
ISO 15693 UID always begins with E0, so one ending in E0 is turned round.
"""

from __future__ import annotations

from urllib.parse import quote

from drivers.cards.pcsc import CardReader, CardRemoved, NoCard, ReaderUnavailable, Response
from drivers.rfid.port import (
    NoTag,
    ReaderGone,
    SystemInfo,
    TagError,
    TagSeen,
    Unsupported,
    check_uid,
)
from drivers.url import parse_url_of

BLOCK = 4
GET_UID = bytes.fromhex("FFCA000000")
MISSING = {(0x6A, 0x82), (0x6B, 0x00), (0x62, 0x82), (0x6A, 0x86)}
REFUSED = {(0x69, 0x82), (0x69, 0x86), (0x69, 0x81), (0x65, 0x81)}


class PcscTagReader:
    multi_tag = False

    def __init__(self, url: str = "pcsc-tag://") -> None:
        parsed = parse_url_of(url, "pcsc-tag", {"reader"})
        self.url = url
        self.reader_name = parsed.params.get("reader", "")
        self._card = CardReader(f"pcsc://?reader={quote(self.reader_name)}")
        self._connected = False
        self._uid = ""

    def open(self) -> None:
        """Check that the reader is there (a tag need not be)."""
        try:
            self._card._reader()
        except ReaderUnavailable as exc:
            raise ReaderGone(str(exc)) from exc

    def close(self) -> None:
        self._card.disconnect()
        self._connected, self._uid = False, ""

    # --- one APDU ---------------------------------------------------------------------------
    def _connect(self) -> bool:
        """Connected to a tag: True; no tag on the reader: False."""
        if self._connected:
            return True
        try:
            self._card.connect()
        except NoCard:
            return False
        except ReaderUnavailable as exc:
            raise ReaderGone(str(exc)) from exc
        self._connected = True
        return True

    def _send(self, apdu: bytes, what: str) -> Response:
        if not self._connect():
            raise NoTag(f"{what}: no tag on the reader")
        try:
            return self._card.transmit(apdu)
        except CardRemoved as exc:
            self.close()
            raise NoTag(f"{what}: the tag left the reader") from exc
        except ReaderUnavailable as exc:
            self.close()
            raise ReaderGone(f"{what}: {exc}") from exc

    def _uid_now(self, what: str) -> str:
        response = self._send(GET_UID, what)
        if not response.ok:
            raise TagError(f"{what}: the card on the reader is not an ISO 15693 tag "
                           f"(GET DATA answered {response.sw})")
        raw = response.data
        if len(raw) == 8 and raw[-1] == 0xE0 and raw[0] != 0xE0:
            raw = raw[::-1]
        if len(raw) != 8 or raw[0] != 0xE0:
            raise TagError(f"{what}: the card on the reader is not an ISO 15693 tag "
                           f"(UID {raw.hex().upper() or 'empty'})")
        return raw.hex().upper()

    def _check(self, uid: str, what: str) -> None:
        check_uid(uid)
        if not self._uid:
            self._uid = self._uid_now(what)
        if self._uid != uid.upper():
            raise NoTag(f"{what}: tag {uid} is not on the reader")

    # --- the port -----------------------------------------------------------------------
    def inventory(self) -> list[TagSeen]:
        for _ in range(2):
            if not self._connect():
                self._uid = ""
                return []
            try:
                self._uid = self._uid_now("inventory")
            except NoTag:
                continue                          # a new tag in place of the old: again
            return [TagSeen(self._uid, None)]
        return []

    def read_blocks(self, uid: str, first: int, count: int) -> bytes:
        what = f"read blocks {first}-{first + count - 1} of {uid}"
        self._check(uid, what)
        data = bytearray()
        for block in range(first, first + count):
            response = self._send(bytes([0xFF, 0xB0, block >> 8, block & 0xFF, BLOCK]), what)
            if not response.ok or len(response.data) != BLOCK:
                raise self._refused(response, f"{what}: block {block}")
            data += response.data
        return bytes(data)

    def write_blocks(self, uid: str, first: int, data: bytes) -> None:
        what = f"write blocks from {first} of {uid}"
        if not data or len(data) % BLOCK:
            raise ValueError(f"{len(data)} bytes are not whole blocks of {BLOCK}")
        self._check(uid, what)
        for n in range(len(data) // BLOCK):
            block = first + n
            apdu = bytes([0xFF, 0xD6, block >> 8, block & 0xFF, BLOCK]) + \
                data[n * BLOCK:(n + 1) * BLOCK]
            response = self._send(apdu, what)
            if not response.ok:
                raise self._refused(response, f"{what}: block {block}")

    @staticmethod
    def _refused(response: Response, what: str) -> TagError:
        sw = (response.sw1, response.sw2)
        if sw in MISSING:
            return TagError(f"{what}: the tag has no such block (SW {response.sw})", 0x10)
        if sw in REFUSED:
            return TagError(f"{what}: the tag refused: locked (SW {response.sw})", 0x12)
        return TagError(f"{what}: the reader answered SW {response.sw}")

    def _unsupported(self, what: str) -> Unsupported:
        return Unsupported(f"{what}: {self.url} reads tags through PC/SC storage-card "
                           "commands, which cannot read or write AFI or EAS; a branch with "
                           "this reader uses [rfid] security = \"database\"")

    def write_afi(self, uid: str, afi: int) -> None:
        raise self._unsupported(f"write AFI {afi:02X} to {uid}")

    def eas_set(self, uid: str) -> None:
        raise self._unsupported(f"set EAS on {uid}")

    def eas_reset(self, uid: str) -> None:
        raise self._unsupported(f"reset EAS on {uid}")

    def eas_alarm(self, uid: str) -> bool:
        raise self._unsupported(f"EAS alarm of {uid}")

    def system_information(self, uid: str) -> SystemInfo:
        """Only the UID and the block size: PC/SC storage commands tell nothing more."""
        self._check(uid, f"system information of {uid}")
        return SystemInfo(uid=self._uid, block_size=BLOCK)
