"""A virtual My Number card for tests and the benchmarks, speaking vpcd's protocol.

vpcd (Debian's ``vsmartcard-vpcd``) is a PC/SC reader driver that listens on TCP port 35963;
a card "inserted" in it is a client that connects there. Each message is a 2-byte
big-endian length and a payload: one byte is a control code (0 power off, 1 power on,
2 reset, 4 asks for the ATR), anything longer is a command APDU, answered with the response
APDU. So the kiosk talks to this card through the real stack: pyscard → pcscd → vpcd → here.

The card holds the JPKI-AP with the files the kiosk may read (token, the user-authentication
certificate and its CA certificate), a PIN with a try counter and an RSA key that signs a
DigestInfo after VERIFY. It also *answers* SELECTs of the 券面AP and 券面事項入力補助AP, as a
real card does, and records every APDU it receives, so a test can prove the kiosk never
sends one. Nothing here holds a 個人番号.

``python -m tests.rigs.virtual_mynumber`` inserts one demo card until interrupted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import socket
import struct
import threading
from dataclasses import dataclass, field
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

log = logging.getLogger(__name__)

VPCD_PORT = 35963
ATR = bytes.fromhex("3B E0 00 FF 81 31 FE 45 14".replace(" ", ""))
JPKI_AP = bytes.fromhex("D392F000260100000001")
KENMEN_HOJO_AP = bytes.fromhex("D3921000310001010408")     # 券面事項入力補助AP
KENMEN_AP = bytes.fromhex("D3921000310001010402")          # 券面AP
CARD_TOKEN = b"JPKIAPICCTOKEN2"
PHONE_TOKEN = b"JPKIAPGPSETOKEN"
OK = b"\x90\x00"


@dataclass
class CardKeys:
    """A test CA and one holder's user-authentication certificate (JPKI-like, not real)."""

    ca_key: rsa.RSAPrivateKey
    ca_cert: x509.Certificate
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @classmethod
    def generate(cls, *, serial: int = 0x1234567, not_after: dt.datetime | None = None,
                 ca: tuple[rsa.RSAPrivateKey, x509.Certificate] | None = None) -> CardKeys:
        now = dt.datetime.now(dt.UTC)
        ca_key, ca_cert = ca or _make_ca(now)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        not_after = not_after or now + dt.timedelta(days=365 * 5)
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP")]))
                .issuer_name(ca_cert.subject).public_key(key.public_key())
                .serial_number(serial)
                .not_valid_before(min(now - dt.timedelta(days=1), not_after - dt.timedelta(1)))
                .not_valid_after(not_after)
                .sign(ca_key, hashes.SHA256()))
        return cls(ca_key, ca_cert, key, cert)


def _make_ca(now: dt.datetime) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test JPKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Test User Authentication CA")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - dt.timedelta(days=30))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


@dataclass
class VirtualMyNumberCard:
    keys: CardKeys
    pin: str = "1234"
    tries_left: int = 3
    token: bytes = CARD_TOKEN
    pull_after: int | None = None          # vanish after this many APDUs (a card pulled)
    received: list[bytes] = field(default_factory=list)
    _selected_app: bytes = b""
    _selected_ef: bytes = b""
    _verified: bool = False

    def files(self) -> dict[bytes, bytes]:
        der = serialization.Encoding.DER
        return {b"\x00\x06": self.token.ljust(32, b" "),
                b"\x00\x0a": self.keys.cert.public_bytes(der),
                b"\x00\x0b": self.keys.ca_cert.public_bytes(der)}

    def answer(self, apdu: bytes) -> bytes:
        self.received.append(apdu)
        cla, ins, p1, p2 = apdu[:4]
        data = apdu[5:5 + apdu[4]] if len(apdu) > 5 else b""
        if ins == 0xA4 and p1 == 0x04:               # SELECT by DF name
            self._selected_app, self._selected_ef, self._verified = data, b"", False
            return OK if data in (JPKI_AP, KENMEN_AP, KENMEN_HOJO_AP) else b"\x6a\x82"
        if ins == 0xA4 and p1 == 0x02:               # SELECT EF
            if self._selected_app != JPKI_AP:
                return b"\x6a\x82"
            if data in self.files() or data in (b"\x00\x17", b"\x00\x18"):
                self._selected_ef = data
                return OK
            return b"\x6a\x82"
        if ins == 0xB0:                               # READ BINARY
            content = self.files().get(self._selected_ef)
            if content is None:
                return b"\x69\x86"
            offset, length = (p1 << 8) | p2, apdu[4] if len(apdu) > 4 else 0
            length = length or 256
            return content[offset:offset + length] + OK
        if ins == 0x20 and cla == 0x00:               # VERIFY
            if self._selected_ef != b"\x00\x18":
                return b"\x69\x86"
            if self.tries_left == 0:
                return b"\x69\x83"
            if not data:
                return bytes([0x63, 0xC0 | self.tries_left])
            if data.decode("ascii", "replace") == self.pin:
                self.tries_left, self._verified = 3, True
                return OK
            self.tries_left -= 1
            return b"\x69\x83" if self.tries_left == 0 else bytes([0x63, 0xC0 | self.tries_left])
        if ins == 0x2A and cla == 0x80:               # COMPUTE DIGITAL SIGNATURE
            if self._selected_ef != b"\x00\x17" or not self._verified:
                return b"\x69\x82"
            signature = _sign_digest_info(self.keys.key, data)
            return signature + OK
        return b"\x6d\x00"


def _sign_digest_info(key: rsa.RSAPrivateKey, digest_info: bytes) -> bytes:
    """PKCS#1 v1.5 over a DigestInfo the caller built (what the card's COMPUTE DIGITAL
    SIGNATURE does): pad by hand and do the raw RSA operation."""
    size = (key.key_size + 7) // 8
    block = b"\x00\x01" + b"\xff" * (size - len(digest_info) - 3) + b"\x00" + digest_info
    numbers = key.private_numbers()
    value = pow(int.from_bytes(block, "big"), numbers.d, numbers.public_numbers.n)
    return value.to_bytes(size, "big")


class VirtualCard(Protocol):
    """What vpcd's client needs of a virtual card or tag."""

    received: list[bytes]
    pull_after: int | None              # vanish after this many APDUs (pulled out mid-read)

    def answer(self, apdu: bytes) -> bytes: ...


class VpcdClient:
    """Inserts a virtual card into vpcd (its reader at ``port``); ``remove()`` takes it out
    (closes the connection). The My Number card by default; the RFID tag rig
    (tests/rigs/vpcd_tag.py) puts its ISO 15693 tag on the second reader the same way."""

    def __init__(self, card: VirtualCard, host: str = "127.0.0.1",
                 port: int = VPCD_PORT, *, atr: bytes = ATR,
                 name: str = "virtual-mynumber") -> None:
        self.card, self.address, self.atr, self.name = card, (host, port), atr, name
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.powered = threading.Event()

    @property
    def inserted(self) -> bool:
        return self._sock is not None

    def insert(self) -> None:
        self._sock = socket.create_connection(self.address, timeout=5)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._serve, args=(self._sock,),
                                        name=self.name, daemon=True)
        self._thread.start()

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self.powered.clear()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                header = _recv_exact(sock, 2)
                if header is None:
                    return
                payload = _recv_exact(sock, struct.unpack(">H", header)[0])
                if payload is None:
                    return
                if len(payload) == 1:
                    if payload[0] == 4:
                        _send(sock, self.atr)
                    elif payload[0] in (1, 2):
                        self.powered.set()
                    elif payload[0] == 0:
                        self.powered.clear()
                    continue
                card = self.card
                if card.pull_after is not None and len(card.received) >= card.pull_after:
                    sock.close()                      # pulled out in the middle of a read
                    return
                _send(sock, card.answer(payload))
        except OSError:
            return


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        try:
            chunk = sock.recv(n - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


if __name__ == "__main__":
    import time
    logging.basicConfig(level=logging.INFO)
    client = VpcdClient(VirtualMyNumberCard(CardKeys.generate()))
    client.insert()
    log.info("virtual My Number card inserted into vpcd; Ctrl+C removes it")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        client.remove()
