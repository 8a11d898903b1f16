"""Blocking SIP2 client over TCP. Call it from a worker thread, never the GUI thread."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sync.sip2 import messages
from sync.sip2.codec import ChecksumError, Message, Sip2Error
from sync.sip2.connection import Framing, Sip2Connection

log = logging.getLogger(__name__)


class Sip2Unavailable(Sip2Error):
    """The ILS could not be reached or did not answer in time."""


class Sip2Refused(Sip2Error):
    """The ILS answered but refused (for example a failed login)."""


@dataclass(frozen=True)
class Sip2Settings:
    host: str
    port: int
    user: str = ""
    password: str = field(default="", repr=False)
    institution: str = ""
    location: str | None = None
    terminal_password: str | None = field(default=None, repr=False)
    framing: Framing = field(default_factory=Framing)
    timeout: float = 5.0
    resend_tries: int = 3


class Sip2Client:
    def __init__(self, settings: Sip2Settings,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        self.settings = settings
        self._clock = clock
        self._sock: socket.socket | None = None
        self._conn = Sip2Connection(settings.framing, role="sc")
        self._lock = threading.RLock()

    # -- transport -------------------------------------------------------------------------
    def connect(self) -> None:
        with self._lock:
            self.close()
            try:
                self._sock = socket.create_connection(
                    (self.settings.host, self.settings.port), timeout=self.settings.timeout)
            except OSError as exc:
                raise Sip2Unavailable(f"cannot connect to {self.settings.host}:"
                                      f"{self.settings.port}: {exc}") from exc
            self._conn = Sip2Connection(self.settings.framing, role="sc")
            if self.settings.user:
                self.login()

    def close(self) -> None:
        with self._lock:
            if self._sock is not None:
                try:
                    self._sock.close()
                finally:
                    self._sock = None

    @property
    def connected(self) -> bool:
        return self._sock is not None

    def _read_message(self) -> Message:
        assert self._sock is not None
        while True:
            msg = self._conn.next_message()
            if msg is not None:
                return msg
            try:
                data = self._sock.recv(4096)
            except OSError as exc:
                raise Sip2Unavailable(f"no answer from the ILS: {exc}") from exc
            if not data:
                raise Sip2Unavailable("the ILS closed the connection")
            self._conn.receive_data(data)

    def request(self, msg: Message) -> Message:
        """Send one request and return its answer; resend on a damaged answer."""
        with self._lock:
            if self._sock is None:
                self.connect()
            return self._exchange(msg)

    def _exchange(self, msg: Message) -> Message:
        """One request and its answer on the open connection; closes it on any failure."""
        assert self._sock is not None
        try:
            self._sock.sendall(self._conn.send(msg))
            for _ in range(self.settings.resend_tries):
                try:
                    answer = self._read_message()
                except ChecksumError as exc:
                    log.warning("damaged SIP2 answer (%s); asking for a resend", exc)
                    self._sock.sendall(self._conn.send(messages.request_resend()))
                    continue
                if answer.code == "96":  # the ILS asks us to resend
                    assert self._conn.last_sent is not None
                    self._sock.sendall(self._conn.last_sent)
                    continue
                return answer
            raise Sip2Unavailable("the ILS kept sending damaged answers")
        except (Sip2Unavailable, OSError) as exc:
            self.close()
            if isinstance(exc, Sip2Unavailable):
                raise
            raise Sip2Unavailable(str(exc)) from exc

    # -- messages --------------------------------------------------------------------------
    def login(self) -> None:
        s = self.settings
        with self._lock:
            if self._sock is None:
                raise Sip2Unavailable("not connected to the ILS")
            answer = self._exchange(messages.login(s.user, s.password, s.location))
            if answer.code != "94" or answer.fx("ok") != "1":
                self.close()
                raise Sip2Refused("the ILS refused the kiosk's SIP2 login "
                                  "(check user and password)")

    def sc_status(self) -> messages.AcsStatus:
        return messages.AcsStatus.from_message(self._expect(messages.sc_status(), "98"))

    def patron_information(self, patron: str, pin: str | None = None
                           ) -> messages.PatronInformation:
        s = self.settings
        msg = messages.patron_information(s.institution, patron, pin=pin, when=self._clock(),
                                          terminal_password=s.terminal_password)
        return messages.PatronInformation.from_message(self._expect(msg, "64"))

    def checkout(self, patron: str, item: str, *, pin: str | None = None,
                 no_block: bool = False, when: datetime | None = None,
                 nb_due_date: datetime | None = None) -> messages.CheckoutResponse:
        s = self.settings
        msg = messages.checkout(s.institution, patron, item, when=when or self._clock(),
                                no_block=no_block, nb_due_date=nb_due_date, pin=pin,
                                terminal_password=s.terminal_password)
        return messages.CheckoutResponse.from_message(self._expect(msg, "12"))

    def end_patron_session(self, patron: str, pin: str | None = None) -> bool:
        s = self.settings
        answer = self._expect(messages.end_patron_session(s.institution, patron,
                                                          when=self._clock(), pin=pin), "36")
        return answer.yes("end_session")

    def _expect(self, msg: Message, code: str) -> Message:
        answer = self.request(msg)
        if answer.code == "94" and code != "94":
            # The ILS no longer knows our login (it restarted, or dropped the session):
            # start afresh on the next request.
            self.close()
            raise Sip2Refused(f"the ILS refused {msg.code} with a login refusal (940)")
        if answer.code != code:
            raise Sip2Error(f"expected a {code} answer to {msg.code}, got {answer.code}")
        return answer
