"""My Number cards at the kiosk, lawful by design (DESIGN §6, ADR 0005).

Without a PIN the kiosk reads, from the JPKI-AP only, the token (a smartphone's certificate
is refused), the user-authentication certificate and its CA certificate; checks the chain
against the library's trust anchors and the dates; and derives the *link key*: an HMAC
(per-library secret) of the certificate's issuer and serial. That key, looked up in the
link table made at the counter, gives the library card number. Nothing else is kept, and
the driver's guard (drivers.cards.pcsc.check_apdu) refuses any APDU aimed at the applications that
hold the 個人番号 or the card's face. In strong mode the patron's PIN unlocks a signature
over a fresh nonce, checked against the certificate: proof that the card is there, not a
copy of its certificate.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from sqlalchemy import select

from drivers.cards.pcsc import CardReader, CardRemoved, NoCard, ReaderUnavailable, Response
from kiosk.barcodes import BarcodeRules, Rejection, classify, mask
from kiosk.events import (
    CardLinked,
    CardPinRequested,
    CardProblem,
    CardRefused,
    Event,
    ScanProblem,
    ScanRejected,
)
from sync.cache.cache import Cache
from sync.cache.models import MyNumberLink

if TYPE_CHECKING:
    from kiosk.session import PatronSession

log = logging.getLogger(__name__)

JPKI_AP = bytes.fromhex("D392F000260100000001")
EF_TOKEN, EF_AUTH_CERT, EF_AUTH_CA = b"\x00\x06", b"\x00\x0a", b"\x00\x0b"
EF_AUTH_KEY, EF_AUTH_PIN = b"\x00\x17", b"\x00\x18"
CARD_TOKEN, PHONE_TOKEN = b"JPKIAPICCTOKEN2", b"JPKIAPGPSETOKEN"
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
LOCKED = {(0x63, 0xC0), (0x69, 0x83), (0x69, 0x84)}


Problem = CardProblem          # the reasons, shared with the UI through kiosk.events


class MyNumberError(Exception):
    def __init__(self, problem: Problem, detail: str = "", tries_left: int | None = None):
        super().__init__(f"{problem}: {detail}" if detail else str(problem))
        self.problem, self.detail, self.tries_left = problem, detail, tries_left


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


# -- the link table ------------------------------------------------------------------------
def link(cache: Cache, read: CardRead, card_number: str, *, source: str = "staff") -> None:
    with cache.sessions.begin() as session:
        session.merge(MyNumberLink(link_key=read.link_key, card_number=card_number,
                                   cert_not_after=read.not_after,
                                   linked_at=datetime.now(UTC), source=source))


def card_for(cache: Cache, read: CardRead) -> str:
    """The library card linked to this certificate, or MyNumberError(UNKNOWN_LINK)."""
    with cache.sessions() as session:
        row = session.scalar(select(MyNumberLink).where(
            MyNumberLink.link_key == read.link_key))
    if row is None:
        raise MyNumberError(Problem.UNKNOWN_LINK, "please register the card at the counter")
    return row.card_number


# -- at the kiosk -------------------------------------------------------------------------
class MyNumberDesk:
    """The kiosk's side of a My Number card, called from the session's worker thread like
    :class:`kiosk.session.PatronSession` (calls never overlap) and, like it, answering with
    events: a card placed is read, its link looked up and the linked library card signed in
    through ``session.card()``; in strong mode the card's PIN is asked for first. A problem
    with the card is an event with its reason, never an exception."""

    def __init__(self, settings: MyNumberSettings, cache: Cache, session: PatronSession,
                 rules: BarcodeRules, *,
                 reader: Callable[[], CardReader] | None = None) -> None:
        # loaded once: a problem shows at start, for staff, not at a patron's card
        self._secret, self._anchors = settings.secret(), settings.anchors()
        self.settings = settings
        self._cache, self._session, self._rules = cache, session, rules
        self._reader = reader or (lambda: CardReader(settings.reader_url()))
        self._pending: tuple[CardReader, CardRead, str] | None = None

    @property
    def awaiting_pin(self) -> bool:
        return self._pending is not None

    def card_placed(self) -> list[Event]:
        self.cancel()
        reader = self._reader()
        try:
            read = self.read(reader)
            card = card_for(self._cache, read)
        except MyNumberError as exc:
            reader.disconnect()
            log.info("My Number card not accepted: %s", exc.problem)
            return [CardRefused(exc.problem)]
        if self.settings.strong:
            self._pending = (reader, read, card)      # the card stays on the reader
            return [CardPinRequested(None)]
        reader.disconnect()
        log.info("My Number card: linked library card %s", mask(card))
        return self._session.card(card)

    def pin(self, digits: str) -> list[Event]:
        if self._pending is None:
            return []
        reader, read, card = self._pending
        try:
            prove_with_pin(reader, read, digits)
        except MyNumberError as exc:
            if exc.problem is Problem.PIN_WRONG and exc.tries_left != 0:
                return [CardPinRequested(exc.tries_left, wrong=True)]
            self.cancel()
            log.info("My Number card not accepted: %s", exc.problem)
            return [CardRefused(exc.problem, exc.tries_left)]
        self.cancel()
        log.info("My Number card with PIN: linked library card %s", mask(card))
        return self._session.card(card)

    def read(self, reader: CardReader) -> CardRead:
        """The card on ``reader``, checked with this kiosk's secret and trust anchors."""
        return read_card(reader, self.settings, secret=self._secret, anchors=self._anchors)

    def cancel(self) -> list[Event]:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending[0].disconnect()
        return []

    def link(self, raw_card: str) -> list[Event]:
        """Staff: link the My Number card on the reader to this library card."""
        scan = classify(raw_card, self._rules)
        if isinstance(scan, Rejection) or scan.kind != "card":
            return [ScanRejected(ScanProblem.UNRECOGNISED, mask(raw_card))]
        reader = self._reader()
        try:
            read = self.read(reader)
        except MyNumberError as exc:
            return [CardRefused(exc.problem)]
        finally:
            reader.disconnect()
        link(self._cache, read, scan.value)
        log.info("My Number card linked to library card %s by staff", mask(scan.value))
        return [CardLinked(mask(scan.value), read.not_after)]
