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
from collections.abc import Callable
from dataclasses import dataclass

from drivers.ports import DeviceState, StatusCallback
from drivers.reporting import StatusReporter, call_safely
from drivers.url import parse_url_of

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
        parsed = parse_url_of(url, "pcsc", {"reader"})
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


class CardMonitor:
    """Watches one reader on its own thread and reports cards placed and taken away.

    ``on_card(True)`` when a card arrives, ``on_card(False)`` when it leaves (or its reader
    does); ``on_status`` with the reader's state for staff, like the scanners'. A reader
    unplugged, or pcscd stopped and started again, is waited for and picked up again: the
    PC/SC context is made anew each time the service goes away. No callback once ``stop()``
    has returned.
    """

    def __init__(self, url: str = "pcsc://", *, poll_seconds: float = 0.5,
                 retry_seconds: float = 1.0) -> None:
        self.url = url
        self.reader_name = CardReader(url).reader_name      # validates the URL
        self._poll_ms = int(poll_seconds * 1000)
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: int | None = None
        self._lock = threading.Lock()
        self._on_card: Callable[[bool], None] = lambda present: None
        self._status = StatusReporter(lambda state, cause: None, self._stop)
        self.present = False

    def start(self, on_card: Callable[[bool], None], on_status: StatusCallback) -> None:
        self._on_card = on_card
        self._stop.clear()
        self._status = StatusReporter(on_status, self._stop)
        self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._lock:
            context = self._context
        if context is not None:
            from smartcard import scard
            scard.SCardCancel(context)
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    # ---------------------------------------------------------------------------------------
    def _card(self, present: bool) -> None:
        if present != self.present and not self._stop.is_set():
            self.present = present
            call_safely(self._on_card, present)

    def _run(self) -> None:
        from smartcard import scard
        while not self._stop.is_set():
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                self._card(False)
                self._status(DeviceState.DISCONNECTED, "PC/SC is not available "
                             f"({scard.SCardGetErrorMessage(hresult)}): is pcscd running?")
                self._stop.wait(self._retry)
                continue
            with self._lock:
                self._context = context
            try:
                self._watch(context)
            except Exception as exc:                # never let the thread die unseen
                log.exception("card monitor")
                self._status(DeviceState.DISCONNECTED, f"card monitor: {exc}")
            finally:
                with self._lock:
                    self._context = None
                scard.SCardReleaseContext(context)
            self._card(False)
            self._stop.wait(self._retry)

    def _watch(self, context: int) -> None:
        """Until the reader or the service goes away (then the caller starts afresh)."""
        from smartcard import scard
        hresult, names = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            names = []
        elif hresult != scard.SCARD_S_SUCCESS:
            self._status(DeviceState.DISCONNECTED, "PC/SC is not available "
                         f"({scard.SCardGetErrorMessage(hresult)}): is pcscd running?")
            return
        reader = next((n for n in names if n.startswith(self.reader_name)), None)
        if reader is None:
            self._status(DeviceState.DISCONNECTED,
                         f"no card reader {self.reader_name or '(any)'!r} "
                         f"(readers: {', '.join(names) or 'none'})")
            return
        self._status(DeviceState.CONNECTED, f"card reader {reader}")
        known = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            hresult, states = scard.SCardGetStatusChange(context, self._poll_ms,
                                                         [(reader, known)])
            if hresult == scard.SCARD_E_TIMEOUT:
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                if not self._stop.is_set():
                    self._status(DeviceState.DISCONNECTED,
                                 f"card reader {reader}: "
                                 f"{scard.SCardGetErrorMessage(hresult)}")
                return
            _name, event, _atr = states[0]
            if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                self._status(DeviceState.DISCONNECTED, f"card reader {reader} is gone")
                return
            self._card(bool(event & scard.SCARD_STATE_PRESENT)
                       and not event & scard.SCARD_STATE_MUTE)
            known = event & ~scard.SCARD_STATE_CHANGED
