"""PC/SC card readers through pyscard, with a guard that keeps the kiosk lawful.

``pcsc://`` (the first reader) or ``pcsc://?reader=NAME`` (a reader whose name starts with
NAME). :class:`CardReader` opens a connection to the card on the reader and sends APDUs;
every APDU goes through :func:`check_apdu` first, which refuses — before anything reaches
the card — a SELECT of the 券面事項入力補助AP or the 券面AP (the applications that hold the
12-digit 個人番号 and the card's face), and any read while one of them is selected. The
番号法 forbids a library to read or keep the 個人番号; this makes it impossible by code.

pcscd not running is not a pyscard ``SmartcardException`` (EstablishContextException): it
is turned into :class:`ReaderUnavailable` with words for staff, like a missing reader.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from drivers.url import check_params, parse_device_url

log = logging.getLogger(__name__)

KENMEN_HOJO_AP = bytes.fromhex("D3921000310001010408")     # 券面事項入力補助AP
KENMEN_AP = bytes.fromhex("D3921000310001010402")          # 券面AP
FORBIDDEN_APPS = {KENMEN_HOJO_AP: "券面事項入力補助AP", KENMEN_AP: "券面AP"}


class ForbiddenApdu(PermissionError):
    """An APDU the kiosk must never send (it would reach the 個人番号 or the card's face)."""


class ReaderUnavailable(OSError):
    """No PC/SC service, no such reader, or no card: the cause in words for staff."""


class NoCard(ReaderUnavailable):
    """The reader is there, the card is not."""


class CardRemoved(OSError):
    """The card left the reader during an exchange: ask the patron to place it again."""


def check_apdu(apdu: bytes, selected_app: bytes) -> None:
    """Raise ForbiddenApdu for anything aimed at the forbidden applications."""
    if len(apdu) >= 5 and apdu[1] == 0xA4 and apdu[2] == 0x04:
        aid = apdu[5:5 + apdu[4]]
        for forbidden, name in FORBIDDEN_APPS.items():
            if aid.startswith(forbidden[:len(aid)]) and len(aid) >= 5:
                raise ForbiddenApdu(f"refused: SELECT of the {name} (the kiosk never reads "
                                    "the My Number or the card's face)")
    if selected_app in FORBIDDEN_APPS:
        raise ForbiddenApdu(f"refused: no APDU while the {FORBIDDEN_APPS[selected_app]} is "
                            "selected")


@dataclass(frozen=True)
class Response:
    data: bytes
    sw1: int
    sw2: int

    @property
    def ok(self) -> bool:
        return (self.sw1, self.sw2) == (0x90, 0x00)

    @property
    def sw(self) -> str:
        return f"{self.sw1:02X} {self.sw2:02X}"


class CardReader:
    def __init__(self, url: str = "pcsc://") -> None:
        parsed = parse_device_url(url)
        if parsed.scheme != "pcsc":
            raise ValueError(f"not a pcsc:// URL: {url!r}")
        check_params(parsed, url, {"reader"})
        self.url = url
        self.reader_name = parsed.params.get("reader", "")
        self._connection: object | None = None
        self._selected_app = b""
        self._lock = threading.Lock()
        self.sent: list[bytes] = []               # every APDU actually sent (for tests)

    def readers(self) -> list[str]:
        try:
            from smartcard.System import readers
            return [str(r) for r in readers()]
        except Exception as exc:                  # EstablishContextException is not OSError
            raise ReaderUnavailable(f"PC/SC is not available ({exc}): is pcscd running?"
                                    ) from exc

    def _reader(self) -> object:
        from smartcard.System import readers
        try:
            found = list(readers())
        except Exception as exc:
            raise ReaderUnavailable(f"PC/SC is not available ({exc}): is pcscd running?"
                                    ) from exc
        for reader in found:
            if str(reader).startswith(self.reader_name):
                return reader
        names = ", ".join(str(r) for r in found) or "none"
        raise ReaderUnavailable(f"no card reader {self.reader_name or '(any)'!r} "
                                f"(readers: {names})")

    def connect(self) -> None:
        """Connect to the card on the reader; ReaderUnavailable when there is none."""
        reader = self._reader()
        from smartcard.Exceptions import NoCardException, SmartcardException
        from smartcard.scard import SCARD_LEAVE_CARD
        connection = reader.createConnection()  # type: ignore[attr-defined]
        try:
            # Leave the card powered when this connection ends (pyscard's default unpowers
            # it, which resets every other connection to the card: "Card was reset").
            connection.connect(disposition=SCARD_LEAVE_CARD)
        except NoCardException as exc:
            raise NoCard("no card on the reader") from exc
        except SmartcardException as exc:      # the reader is there; the card is not (yet)
            raise NoCard(f"cannot talk to a card on the reader: {exc}") from exc
        with self._lock:
            self._connection, self._selected_app = connection, b""

    def disconnect(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.disconnect()  # type: ignore[attr-defined]
            except Exception:
                log.debug("disconnect failed", exc_info=True)

    def transmit(self, apdu: bytes) -> Response:
        with self._lock:
            check_apdu(apdu, self._selected_app)
            if self._connection is None:
                raise ReaderUnavailable("not connected to a card")
            from smartcard.Exceptions import SmartcardException
            try:
                data, sw1, sw2 = self._connection.transmit(list(apdu))  # type: ignore[attr-defined]
            except SmartcardException as exc:
                self._connection = None
                raise CardRemoved(f"the card left the reader: {exc}") from exc
            self.sent.append(apdu)
            response = Response(bytes(data), sw1, sw2)
            if apdu[1] == 0xA4 and apdu[2] == 0x04 and response.ok:
                self._selected_app = apdu[5:5 + apdu[4]]
            return response
