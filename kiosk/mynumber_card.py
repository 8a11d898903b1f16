"""Reading a My Number card (ADR 0005): APDUs to the JPKI-AP only, the certificate chain
checked against the library's trust anchors and the dates, and the link key derived.

Without a PIN the kiosk reads the token (a smartphone's certificate is refused), the
user-authentication certificate and its CA certificate, and derives the *link key*: an HMAC
(per-library secret) of the certificate's issuer and serial. Nothing else is kept, and the
driver's guard (drivers.cards.pcsc.check_apdu) refuses any APDU aimed at the applications that
hold the 個人番号 or the card's face. In strong mode the patron's PIN unlocks a signature over a
fresh nonce, checked against the certificate: proof that the card is there, not a copy of its
certificate.

:class:`JpkiCards` is the desk's :class:`kiosk.mynumber.CardReading`; :func:`open_desk` puts a
desk together from the branch's settings.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from drivers.cards.pcsc import CardReader, CardRemoved, NoCard, ReaderUnavailable, Response
from kiosk.barcodes import BarcodeRules
from kiosk.mynumber import CardSlot, LinkStore, MyNumberDesk, MyNumberError, Problem
from kiosk.session import PatronSession

JPKI_AP = bytes.fromhex("D392F000260100000001")
EF_TOKEN, EF_AUTH_CERT, EF_AUTH_CA = b"\x00\x06", b"\x00\x0a", b"\x00\x0b"
EF_AUTH_KEY, EF_AUTH_PIN = b"\x00\x17", b"\x00\x18"
CARD_TOKEN, PHONE_TOKEN = b"JPKIAPICCTOKEN2", b"JPKIAPGPSETOKEN"
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
LOCKED = {(0x63, 0xC0), (0x69, 0x83), (0x69, 0x84)}


@dataclass(frozen=True)
class MyNumberSettings:
    enabled: bool = False
    reader: str = ""
    link_secret_file: str = ""
    trust_anchors: tuple[str, ...] = ()
    strong: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> MyNumberSettings:
        return cls(enabled=bool(data.get("enabled", False)), reader=str(data.get("reader", "")),
                   link_secret_file=str(data.get("link_secret_file", "")),
                   trust_anchors=tuple(data.get("trust_anchors", ())),
                   strong=bool(data.get("strong", False)))

    def reader_url(self) -> str:
        return self.reader or "pcsc://"

    def secret(self) -> bytes:
        key = Path(self.link_secret_file).read_bytes().strip()
        if len(key) < 16:
            raise ValueError("mynumber.link_secret_file: at least 16 bytes")
        return key

    def anchors(self) -> list[x509.Certificate]:
        return [x509.load_pem_x509_certificate(Path(p).read_bytes())
                for p in self.trust_anchors]


@dataclass(frozen=True)
class CardRead:
    link_key: str
    not_after: datetime
    card: x509.Certificate


def link_key(secret: bytes, cert: x509.Certificate) -> str:
    serial = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 7) // 8 or 1, "big")
    return hmac.new(secret, cert.issuer.public_bytes() + b"\x00" + serial,
                    hashlib.sha256).hexdigest()


def _apdu(header: str, data: bytes = b"", le: int | None = None) -> bytes:
    apdu = bytes.fromhex(header)
    if data:
        apdu += bytes([len(data)]) + data
    if le is not None:
        apdu += bytes([le & 0xFF])
    return apdu


def _check(response: Response, what: str) -> Response:
    if not response.ok:
        raise MyNumberError(Problem.READ_FAILED, f"{what}: {response.sw}")
    return response


def _read_file(reader: CardReader, ef: bytes, what: str) -> bytes:
    _check(reader.transmit(_apdu("00A4020C", ef)), f"select {what}")
    head = _check(reader.transmit(_apdu("00B00000", le=4)), f"read {what}").data
    if len(head) < 4 or head[0] != 0x30:
        raise MyNumberError(Problem.READ_FAILED, f"{what} is not DER")
    if head[1] == 0x82:
        total = 4 + int.from_bytes(head[2:4], "big")
    elif head[1] == 0x81:
        total = 3 + head[2]
    else:
        total = 2 + head[1]
    data = b""
    while len(data) < total:
        chunk = min(256, total - len(data))
        offset = len(data)
        got = _check(reader.transmit(_apdu(f"00B0{offset >> 8:02X}{offset & 0xFF:02X}",
                                           le=chunk % 256)), f"read {what}").data
        if not got:
            raise MyNumberError(Problem.READ_FAILED, f"{what}: short read")
        data += got
    return data[:total]


def read_card(reader: CardReader, settings: MyNumberSettings, *,
              now: datetime | None = None, secret: bytes | None = None,
              anchors: list[x509.Certificate] | None = None) -> CardRead:
    """Read and check a card on the reader; MyNumberError with the reason otherwise.
    ``secret`` and ``anchors``: already loaded from the settings' files (the kiosk loads
    them once); read from the files when not given."""
    now = now or datetime.now(UTC)
    try:
        reader.connect()
    except ReaderUnavailable as exc:
        problem = Problem.NO_CARD if isinstance(exc, NoCard) else Problem.READER_MISSING
        raise MyNumberError(problem, str(exc)) from exc
    try:
        if not reader.transmit(_apdu("00A4040C", JPKI_AP)).ok:
            raise MyNumberError(Problem.NOT_MYNUMBER, "no JPKI-AP")
        _check(reader.transmit(_apdu("00A4020C", EF_TOKEN)), "select token")
        token = _check(reader.transmit(_apdu("00B00000", le=0x20)), "read token").data
        if token.startswith(PHONE_TOKEN):
            raise MyNumberError(Problem.SMARTPHONE, "a smartphone's certificate")
        if not token.startswith(CARD_TOKEN):
            raise MyNumberError(Problem.NOT_MYNUMBER, "unknown JPKI token")
        cert = x509.load_der_x509_certificate(_read_file(reader, EF_AUTH_CERT, "certificate"))
        ca = x509.load_der_x509_certificate(_read_file(reader, EF_AUTH_CA, "CA certificate"))
    except CardRemoved as exc:
        raise MyNumberError(Problem.CARD_REMOVED, str(exc)) from exc
    except ValueError as exc:
        raise MyNumberError(Problem.READ_FAILED, f"certificate: {exc}") from exc
    _verify_chain(cert, ca, settings.anchors() if anchors is None else anchors)
    not_after = cert.not_valid_after_utc
    if not cert.not_valid_before_utc <= now <= not_after:
        raise MyNumberError(Problem.EXPIRED, f"valid until {not_after:%Y-%m-%d}")
    return CardRead(link_key(settings.secret() if secret is None else secret, cert),
                    not_after, cert)


def _verify_chain(cert: x509.Certificate, ca: x509.Certificate,
                  anchors: list[x509.Certificate]) -> None:
    presented = ca.fingerprint(_sha256())
    trusted = [a for a in anchors if a.fingerprint(_sha256()) == presented]
    if not trusted:
        raise MyNumberError(Problem.UNTRUSTED, "the card's CA is not a configured trust anchor")
    try:
        public = trusted[0].public_key()
        assert isinstance(public, rsa.RSAPublicKey)
        assert cert.signature_hash_algorithm is not None
        public.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(),
                      cert.signature_hash_algorithm)
    except (InvalidSignature, AssertionError) as exc:
        raise MyNumberError(Problem.UNTRUSTED, "the certificate's signature is not the CA's"
                            ) from exc


def _sha256() -> Any:
    from cryptography.hazmat.primitives import hashes
    return hashes.SHA256()


def prove_with_pin(reader: CardReader, read: CardRead, pin: str) -> None:
    """Strong mode: VERIFY the PIN, have the card sign a fresh nonce, check the signature.
    A locked PIN is never tried again."""
    try:
        _check(reader.transmit(_apdu("00A4040C", JPKI_AP)), "select JPKI-AP")
        _check(reader.transmit(_apdu("00A4020C", EF_AUTH_PIN)), "select PIN")
        left = reader.transmit(_apdu("00200080"))
        if (left.sw1, left.sw2) in LOCKED:
            raise MyNumberError(Problem.PIN_LOCKED, "the PIN is locked", tries_left=0)
        answer = reader.transmit(_apdu("00200080", pin.encode("ascii")))
        if not answer.ok:
            if (answer.sw1, answer.sw2) in LOCKED:
                raise MyNumberError(Problem.PIN_LOCKED, "the PIN is now locked", tries_left=0)
            tries = answer.sw2 & 0x0F if answer.sw1 == 0x63 else None
            raise MyNumberError(Problem.PIN_WRONG, answer.sw, tries_left=tries)
        nonce = secrets.token_bytes(32)
        digest = hashlib.sha256(nonce).digest()
        _check(reader.transmit(_apdu("00A4020C", EF_AUTH_KEY)), "select key")
        signature = _check(reader.transmit(_apdu("802A0080", SHA256_DIGEST_INFO + digest,
                                                 le=0)), "signature").data
    except CardRemoved as exc:
        raise MyNumberError(Problem.CARD_REMOVED, str(exc)) from exc
    public = read.card.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    try:
        public.verify(signature, nonce, padding.PKCS1v15(), _sha256())
    except InvalidSignature as exc:
        raise MyNumberError(Problem.SIGNATURE_BAD, "the signature does not match") from exc


class JpkiCards:
    """Cards on the branch's reader, read with its secret and trust anchors (loaded once: a
    problem with them shows at start, for staff, not at a patron's card)."""

    def __init__(self, settings: MyNumberSettings, *,
                 reader: Callable[[], CardReader] | None = None) -> None:
        self.settings = settings
        self._secret, self._anchors = settings.secret(), settings.anchors()
        self._reader = reader or (lambda: CardReader(settings.reader_url()))

    def reader(self) -> CardReader:
        return self._reader()

    def read(self, reader: CardSlot) -> CardRead:
        return read_card(_ours(reader), self.settings, secret=self._secret,
                         anchors=self._anchors)

    def prove(self, reader: CardSlot, read: object, pin: str) -> None:
        assert isinstance(read, CardRead), read
        prove_with_pin(_ours(reader), read, pin)


def _ours(reader: CardSlot) -> CardReader:
    assert isinstance(reader, CardReader), reader     # a reader this module opened
    return reader


def open_desk(settings: MyNumberSettings, links: LinkStore, session: PatronSession,
              rules: BarcodeRules, *, reader: Callable[[], CardReader] | None = None
              ) -> MyNumberDesk:
    """The branch's My Number desk: OSError or ValueError when its secret or trust anchors
    cannot be read."""
    return MyNumberDesk(JpkiCards(settings, reader=reader), links, session, rules,
                        strong=settings.strong)
