"""Blocking SIP2 client over TCP or TLS. Call it from a worker thread, never the GUI thread.

The conversation itself (login first, sequence numbers, 97 for a damaged answer, a 96
answered, answers out of turn skipped, 940, what a close after a request means) is the
sans-I/O :class:`~sync.sip2.connection.Sip2Connection`'s, one per stream; this client only
moves bytes: it opens the stream (TCP or TLS), writes what the connection gives it, reads
with a time-out, and reconnects.

One connection, one lock: a request and its answer are one step under the lock, so threads
sharing a client take turns. The client owns no thread; whoever owns it calls
:meth:`Sip2Client.keep_alive` every few minutes.

What happens when the connection breaks, because a kiosk cannot ask the patron:

* A stream the ILS has already closed (or that holds bytes nobody asked for) is noticed
  before a request is written, and replaced: the request goes out on a fresh, logged-in
  connection.
* A connection that breaks *after* a request was written: an idempotent request (login,
  SC status, patron information and status, item information, end session) is sent once
  more on a fresh connection. Anything that changes the ILS (checkout, checkin, renew, fee
  paid) is never sent twice: :class:`Sip2Unavailable` says ``maybe_delivered=True``, and the
  offline journal asks Item Information later.
* A damaged answer is asked for again with 97 (never by redoing the request); a 96 (the ILS
  could not read us) gets the same bytes again. An answer carrying another request's sequence
  number is ignored.
* Before a checkout on a connection idle for ``keepalive_seconds``, an SC status tries the
  connection first, so a link a firewall silently forgot fails on a question, not on a loan.
* No answer in time is not retried: the ILS is slow or gone, and the kiosk should go offline
  now rather than after twice the wait. The connection is closed, so a late answer can never
  be taken for the next request's.
* The ILS closing the connection after a request instead of answering it is what a strict
  server does with a request it refuses. The log names the message, and the fields where
  the kiosk's own check (:mod:`sync.sip2.validate`) finds the request departs from SIP2 2.00:
  such a request is never sent again (:class:`Sip2Rejected`; the same bytes would meet the
  same close). Otherwise the close cannot be told from a network fault and is treated as
  one (an idempotent request is asked once more on a fresh connection), except that an
  idempotent request closed on right after the ILS took the kiosk's login on a fresh
  connection is :class:`Sip2Rejected` too, and not asked again.

The ACS's 98 (asked at every connect) can only tighten the settings: its timeout shortens the
wait (never below :data:`MIN_ACS_TIMEOUT`), its "retries allowed" caps ``retries``.
"""

from __future__ import annotations

import logging
import os
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar, overload

from sync.sip2 import messages
from sync.sip2.codec import Message, Sip2Error
from sync.sip2.connection import (
    IDEMPOTENT,
    NEED_DATA,
    Closed,
    Framing,
    GaveUp,
    LoginLost,
    Resend,
    Sip2Connection,
)
from sync.sip2.messages import CheckoutResponse, RenewResponse
from sync.sip2.transport import (
    TlsOptions,
    TlsSetupError,
    TransportError,
    describe,
    open_stream,
    set_io_timeout,
    tls_context,
)
from sync.sip2.validate import Deviation, explain

__all__ = [
    "CREDENTIAL_NAME", "IDEMPOTENT", "MIN_ACS_TIMEOUT", "Exchange", "Observer", "Sip2Client",
    "Sip2Refused", "Sip2Rejected", "Sip2Settings", "Sip2SetupError", "Sip2Unavailable",
    "read_password",
]

log = logging.getLogger(__name__)

_Loan = TypeVar("_Loan", bound=messages.LoanAnswer)
CREDENTIAL_NAME = "sip2-password"     # the systemd credential (LoadCredential=sip2-password:…)
MIN_ACS_TIMEOUT = 1.0                  # an ACS asking for less is not taken at its word


class Sip2Unavailable(Sip2Error):
    """The ILS could not be reached or did not answer in time.

    ``maybe_delivered`` is True when a request that changes the ILS had been written before
    the failure: it may have been carried out. Ask Item Information before sending it again."""

    def __init__(self, message: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class _ConnectionLost(Sip2Unavailable):
    """The stream broke under a request (closed, reset): a fresh one may do better."""


class _ClosedAfter(_ConnectionLost):
    """The ILS closed the stream (an orderly end, not a reset) while the answer to a request
    was awaited, and nothing in the request says why (see Sip2Client._closed_after)."""


class Sip2Rejected(Sip2Unavailable):
    """The ILS closed the connection on a request instead of answering it, and the request
    is why: the kiosk's own check finds where it departs from SIP2 2.00 (``deviations``), or
    (an idempotent request) the ILS closed on it right after taking the kiosk's login on a
    fresh connection. Strict servers do this with a request they refuse. It is not sent
    again: the same bytes would meet the same close. Like any failure after a request that
    changes the ILS, such a request is in doubt (``maybe_delivered``): nothing says the
    server did not act on it first.

    It is a :class:`Sip2Unavailable` for callers that only know that one (an offline replay
    stops in doubt on it); those that know it tell the patron to ask staff instead of
    going offline, since the ILS itself is there."""

    def __init__(self, message: str, *, code: str, deviations: tuple[Deviation, ...] = (),
                 maybe_delivered: bool = False) -> None:
        super().__init__(message, maybe_delivered=maybe_delivered)
        self.code = code
        self.deviations = deviations


class Sip2Refused(Sip2Error):
    """The ILS answered but refused (for example a failed login)."""


class Sip2SetupError(Sip2Error):
    """The kiosk's own SIP2 setup cannot be used: an unreadable password file, a bad CA file."""


@dataclass(frozen=True)
class Sip2Settings:
    """How to reach and log in to the ILS.

    The password is ``password`` when given, else the contents of ``password_file``, else the
    systemd credential ``sip2-password`` (``$CREDENTIALS_DIRECTORY/sip2-password``); it is
    read at each login, so a rotated password needs no restart. ``timeout`` bounds each wait
    for an answer; the ACS's own timeout (from 98) can only shorten it. ``retries``: how often
    an idempotent request is sent again after the connection broke under it (the ACS's
    "retries allowed" can only lower it). ``resend_tries``: answers read per request when they
    arrive damaged (each further one asked for with 97). ``keepalive_seconds``: the idle time
    after which :meth:`Sip2Client.keep_alive` sends an SC status, and after which a
    checkout is preceded by one (so a connection a firewall forgot is found before, not
    during, a loan).
    """

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
    retries: int = 1
    keepalive_seconds: float = 120.0
    password_file: str | None = None
    tls: bool = False
    cafile: str | None = None
    certfile: str | None = None
    keyfile: str | None = None
    server_hostname: str | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def tls_options(self) -> TlsOptions | None:
        if not self.tls:
            return None
        return TlsOptions(cafile=self.cafile, certfile=self.certfile, keyfile=self.keyfile,
                          server_hostname=self.server_hostname)


def read_password(password_file: str | None = None, *,
                  environ: dict[str, str] | None = None) -> str:
    """The SIP2 password from ``password_file``, else from the systemd credential, else ""
    (trailing newline removed). Raises :class:`Sip2SetupError` naming the file, never its
    contents."""
    env = os.environ if environ is None else environ
    path = password_file
    if not path and env.get("CREDENTIALS_DIRECTORY"):
        candidate = Path(env["CREDENTIALS_DIRECTORY"]) / CREDENTIAL_NAME
        path = str(candidate) if candidate.exists() else None
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Sip2SetupError(f"cannot read the SIP2 password file {path}: {why}") from exc


@dataclass(frozen=True)
class Exchange:
    """One request and what came back, as bytes on the wire: for a staff probe or a trace.
    ``sent`` holds every secret of the request (password, PIN): redact before showing it."""

    request: Message
    sent: bytes
    received: bytes
    reply: Message | None              # the answer, as read (None when nothing usable came)
    error: str | None
    seconds: float

    @property
    def answer(self) -> Message | None:
        """What came back (``reply``)."""
        return self.reply


Observer = Callable[[Exchange], None]


class Sip2Client:
    """A SIP2 self-check talking to one ILS. ``observer`` (if any) is called with every
    :class:`Exchange` (the bytes and the message: a staff probe, a trace); ``timing`` (if
    any) with each request's name and seconds (the kiosk's metrics), which keeps the typed
    reading of checkout and renewal answers that an observer turns off. Both under the
    client's lock, from the calling thread."""

    def __init__(self, settings: Sip2Settings,
                 clock: Callable[[], datetime] = datetime.now, *,
                 observer: Observer | None = None,
                 timing: Callable[[str, float], None] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._observer = observer
        self._timing = timing
        self._monotonic = monotonic
        self._lock = threading.RLock()
        self._sock: socket.socket | None = None
        self._poll: select.poll | None = None
        self._tls_stream = False
        self._conn = Sip2Connection(settings.framing, role="sc")
        self._tls: ssl.SSLContext | None = None
        self._acs: messages.AcsStatus | None = None
        self._timeout = settings.timeout
        self._retries = settings.retries
        self._resend_tries = max(1, settings.resend_tries)
        self._last_io = 0.0
        self._received: list[bytes] | None = None      # raw chunks, while observed

    # -- state -----------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._sock is not None

    @property
    def acs_status(self) -> messages.AcsStatus | None:
        """What the ILS said in its last 98 (asked at every connect), or None before any."""
        return self._acs

    @property
    def timeout(self) -> float:
        """The wait for an answer now in force: the settings', shortened by the ACS's."""
        return self._timeout

    @property
    def retries(self) -> int:
        """Resends of an idempotent request after a broken connection now in force."""
        return self._retries

    def idle_seconds(self) -> float | None:
        """Time since the last answer on the open connection; None when not connected."""
        with self._lock:
            return None if self._sock is None else self._monotonic() - self._last_io

    # -- connection ------------------------------------------------------------------------
    def connect(self) -> None:
        """(Re)connect, log in when a user is set, and ask SC status."""
        with self._lock:
            self.close()
            self._open()

    def close(self) -> None:
        with self._lock:
            sock, self._sock, self._poll = self._sock, None, None
            if sock is not None:
                with suppress(OSError):
                    sock.close()

    def _open(self) -> None:
        s = self.settings
        options = s.tls_options()
        try:
            if options is not None and self._tls is None:
                self._tls = tls_context(options)
            sock = open_stream(s.host, s.port, timeout=self._timeout,
                               tls=self._tls if options is not None else None,
                               server_hostname=s.server_hostname)
        except TlsSetupError as exc:
            raise Sip2SetupError(str(exc)) from exc
        except TransportError as exc:
            raise Sip2Unavailable(str(exc)) from exc
        self._sock = sock
        self._poll = select.poll()
        self._poll.register(sock, select.POLLIN)
        self._tls_stream = isinstance(sock, ssl.SSLSocket)
        self._conn = Sip2Connection(s.framing, role="sc", login=bool(s.user),
                                    resend_tries=self._resend_tries)
        self._last_io = self._monotonic()
        try:
            if s.user:
                self.login()
            self._apply(messages.AcsStatus.from_message(
                self._exchange(messages.sc_status(), "98")))
        except BaseException:
            self.close()
            raise
        log.info("connected to the ILS at %s%s", s.address, " (TLS)" if s.tls else "")

    def _apply(self, status: messages.AcsStatus) -> None:
        """The ACS's timeout and retries, where they are stricter than the settings."""
        self._acs = status
        s = self.settings
        timeout = s.timeout
        if status.timeout_seconds is not None:
            timeout = min(s.timeout, max(status.timeout_seconds, MIN_ACS_TIMEOUT))
        self._retries = s.retries if status.retries is None else min(s.retries, status.retries)
        if timeout != self._timeout:
            self._timeout = timeout
            if self._sock is not None:
                set_io_timeout(self._sock, timeout)

    def _stale(self) -> bool:
        """The ILS has closed the stream, reset it, or sent bytes nobody asked for: in each
        case a request written now would be lost or answered out of turn. The caller asks
        when a poll without wait found the stream readable, and always on TLS, where bytes
        may wait inside the ``ssl`` object; a read only when something is there (on TLS it
        may be just a session ticket)."""
        sock, poll = self._sock, self._poll
        assert sock is not None
        assert poll is not None
        if self._tls_stream and sock.pending() == 0 and not poll.poll(0):  # type: ignore[attr-defined]
            return False
        try:
            if isinstance(sock, ssl.SSLSocket):      # no recv flags on TLS: non-blocking
                sock.settimeout(0.0)
                try:
                    data = sock.recv(4096)
                finally:
                    sock.settimeout(self._timeout)
            else:
                data = sock.recv(4096, socket.MSG_DONTWAIT)
        except (ssl.SSLWantReadError, BlockingIOError):
            return False
        except OSError:
            return True
        if data:
            log.warning("%d bytes from the ILS that nobody asked for; reconnecting", len(data))
        return True

    # -- one request -----------------------------------------------------------------------
    def request(self, msg: Message) -> Message:
        """Send one request and return its answer, whatever its code; connects when needed.
        Only idempotent requests are ever sent twice (see the module's docstring)."""
        return self._call(msg, None)

    @overload
    def _call(self, msg: Message, expect: str | None) -> Message: ...

    @overload
    def _call(self, msg: Message, expect: str | None, typed: type[_Loan]) -> Message | _Loan: ...

    def _call(self, msg: Message, expect: str | None,
              typed: type[_Loan] | None = None) -> Message | _Loan:
        """One request, reconnecting and asking again as the module's docstring says; the
        answer typed when ``typed`` is given and the connection reads it so (see
        :meth:`checkout`), else its message."""
        idempotent = msg.code in IDEMPOTENT
        with self._lock:
            if (self._sock is not None and not idempotent and self._monotonic() - self._last_io
                    >= self.settings.keepalive_seconds):
                self._make_sure_alive()
            retries_left = self._retries if idempotent else 0
            closed_on = False           # the ILS closed the connection on this request once
            while True:
                reused = self._sock is not None
                if self._sock is None:
                    self._open()
                # one poll without wait, the usual answer "nothing there" (see _stale)
                elif (self._tls_stream or self._poll.poll(0)) and self._stale():  # type: ignore[union-attr]
                    log.info("the ILS closed the connection while idle; reconnecting")
                    self.close()
                    self._open()
                    reused = False
                try:
                    return self._exchange(msg, expect, typed)
                except _ConnectionLost as exc:
                    if idempotent and isinstance(exc, _ClosedAfter) and not reused:
                        # closed on right after the ILS logged us in on a fresh connection
                        raise self._closed_on_fresh(msg, twice=closed_on) from exc
                    if not reused or retries_left <= 0:
                        raise
                    closed_on = isinstance(exc, _ClosedAfter)
                    retries_left -= 1
                    log.info("connection to the ILS lost under %s (%s); reconnecting and "
                             "asking again", msg.code, exc)
                except Sip2Refused:
                    # 940 on a connection that was logged in: the ILS forgot the session
                    # (restarted behind a proxy). Logging in again may help; once.
                    if not (reused and idempotent and self.settings.user
                            and retries_left > 0):
                        raise
                    retries_left -= 1
                    log.info("the ILS no longer knows the kiosk's login; logging in again")

    def _make_sure_alive(self) -> None:
        """Before a request that must not be sent twice, on a connection idle longer than the
        keep-alive interval (the caller looks): an SC status tries it first (which may
        reconnect)."""
        assert self._sock is not None
        try:
            self.sc_status()
        except _ConnectionLost:
            self.close()

    @overload
    def _exchange(self, msg: Message, expect: str | None) -> Message: ...

    @overload
    def _exchange(self, msg: Message, expect: str | None,
                  typed: type[_Loan] | None) -> Message | _Loan: ...

    def _exchange(self, msg: Message, expect: str | None,
                  typed: type[_Loan] | None = None) -> Message | _Loan:
        """Write one request and read its answer (of the code ``expect`` when given), moving
        bytes until the connection has it: what it asks to write, written; what arrives,
        handed over. ``typed``: the connection may hand the answer over typed (never while
        an observer watches, which sees messages). Closes the connection on any failure; the
        observer, if any, sees the exchange either way."""
        sock, conn = self._sock, self._conn
        assert sock is not None
        observer, timing = self._observer, self._timing
        chunks: list[bytes] | None = None       # what arrived, for the observer
        if observer is None:
            data = conn.send(msg, typed)
        else:
            data = conn.send(msg)
            self._received = chunks = []
        started = self._monotonic() if observer is not None or timing is not None else 0.0
        answer: Message | _Loan | None = None
        error: str | None = None
        try:
            try:
                sock.sendall(data)
            except OSError as exc:
                self.close()
                # a failed write may still have carried part of it, or all of it, to the ILS
                raise _ConnectionLost(f"cannot send to the ILS at {self.settings.address}: "
                                      f"{describe(exc)}", maybe_delivered=conn.in_doubt
                                      ) from exc
            while True:
                event = conn.next_event()
                if event is NEED_DATA:
                    try:
                        received = sock.recv(4096)       # b"": the ILS closed the stream
                    except OSError as exc:
                        raise self._unreadable(exc) from exc
                    if chunks is not None:
                        chunks.append(received)
                    conn.receive_data(received)
                elif type(event) is Message or type(event) is typed:
                    answer = event
                    break
                elif isinstance(event, Resend):
                    try:
                        sock.sendall(event.data)
                    except OSError as exc:
                        self.close()
                        raise _ConnectionLost(f"the ILS at {self.settings.address} went away: "
                                              f"{describe(exc)}",
                                              maybe_delivered=conn.in_doubt) from exc
                else:
                    self.close()
                    raise self._failure(event)
        except Sip2Error as exc:
            error = str(exc)
            raise
        finally:
            self._last_io = self._monotonic()
            if observer is not None:
                chunks, self._received = self._received or [], None
                observer(Exchange(msg, data, b"".join(chunks),
                                  answer if isinstance(answer, Message) else None, error,
                                  self._last_io - started))
            if timing is not None:
                timing(msg.name, self._last_io - started)
        if type(answer) is Message and answer.code != expect and expect is not None:
            raise Sip2Error(f"expected a {expect} answer to {msg.code}, got {answer.code}")
        return answer

    def _failure(self, event: object) -> Sip2Error:
        """What to raise for the connection's giving up on the request."""
        if isinstance(event, LoginLost):
            # The ILS does not know our login (it restarted, or none was configured): start
            # afresh on the next request.
            return Sip2Refused(f"the ILS refused {event.request.code} with a login refusal "
                               "(940)")
        if isinstance(event, GaveUp):
            return Sip2Unavailable(f"no usable answer to {event.request.code} from the ILS at "
                                   f"{self.settings.address}",
                                   maybe_delivered=event.maybe_delivered)
        if isinstance(event, Closed) and event.request is not None:
            return self._closed_after(event.request, event)
        return Sip2Error(f"unexpected from the connection: {event!r}")  # pragma: no cover

    def _unreadable(self, exc: OSError) -> Sip2Unavailable:
        """What to raise when the stream cannot be read; closes the connection."""
        self.close()
        if isinstance(exc, TimeoutError | BlockingIOError):      # see set_io_timeout
            return Sip2Unavailable(f"no answer from the ILS at {self.settings.address} "
                                   f"within {self._timeout:g} s",
                                   maybe_delivered=self._conn.in_doubt)
        return _ConnectionLost(f"connection to the ILS at {self.settings.address} broke: "
                               f"{describe(exc)}", maybe_delivered=self._conn.in_doubt)

    def _closed_after(self, msg: Message, closed: Closed) -> Sip2Unavailable:
        """The ILS closed the connection after ``msg`` instead of answering: what to raise,
        logged for staff with the message and, where the kiosk's own check finds them, the
        fields a strict server would refuse."""
        changes = closed.maybe_delivered
        what = (f"the ILS at {self.settings.address} closed the connection after "
                f"{msg.code} ({msg.name}) without answering")
        doubt = "; it may have been carried out: check before sending it again" if changes else ""
        if closed.rejected:
            text = (f"{what}: the request departs from SIP2 2.00 at "
                    f"{explain(closed.deviations)}{doubt}")
            log.error("%s", text)
            return Sip2Rejected(text, code=msg.code, deviations=closed.deviations,
                                maybe_delivered=changes)
        text = (f"{what} (strict servers do this with a field they refuse; `kiosk sip2 "
                f"probe` shows the request){doubt}")
        log.warning("%s", text)
        return _ClosedAfter(text, maybe_delivered=changes)

    def _closed_on_fresh(self, msg: Message, *, twice: bool) -> Sip2Rejected:
        """An idempotent request the ILS closed the connection on right after taking the
        kiosk's login and SC status on a fresh connection (the second time, when the first
        close was on one in use): the ILS is there and refuses this request."""
        when = "twice, the second time" if twice else "at once"
        text = (f"the ILS at {self.settings.address} closed the connection after "
                f"{msg.code} ({msg.name}) {when} on a fresh connection it had just accepted: "
                "it refuses this request, though the kiosk finds nothing in it that departs "
                "from SIP2 2.00")
        log.error("%s", text)
        return Sip2Rejected(text, code=msg.code)

    # -- messages --------------------------------------------------------------------------
    def login(self) -> messages.LoginResponse:
        """93 on the open connection. A refusal closes it and raises :class:`Sip2Refused`."""
        s = self.settings
        with self._lock:
            if self._sock is None:
                raise Sip2Unavailable("not connected to the ILS")
            password = s.password or read_password(s.password_file)
            answer = self._exchange(messages.login(s.user, password, s.location), None)
            if answer.code != "94" or answer.fx("ok") != "1":
                self.close()
                raise Sip2Refused("the ILS refused the kiosk's SIP2 login "
                                  "(check user and password)")
            return messages.LoginResponse.from_message(answer)

    def sc_status(self) -> messages.AcsStatus:
        """98, asked now (a fresh connection has just asked it: that answer is returned)."""
        with self._lock:
            if self._sock is None:
                self._open()
                assert self._acs is not None
                return self._acs
            status = messages.AcsStatus.from_message(self._call(messages.sc_status(), "98"))
            self._apply(status)
            return status

    def keep_alive(self) -> messages.AcsStatus | None:
        """SC status if the connection has been idle ``keepalive_seconds`` or more; None when
        there was nothing to do (not connected, or used recently). Raises like any request."""
        with self._lock:
            if self._sock is None:
                return None
            if self._monotonic() - self._last_io < self.settings.keepalive_seconds:
                return None
            return self.sc_status()

    def patron_information(self, patron: str, pin: str | None = None, *,
                           summary: tuple[str, ...] = ()) -> messages.PatronInformation:
        """63. ``summary`` names the lists to ask for (``hold_items``, ``charged_items``…,
        see :data:`messages.SUMMARY_POSITIONS`)."""
        s = self.settings
        msg = messages.patron_information(s.institution, patron, pin=pin, when=self._clock(),
                                          terminal_password=s.terminal_password,
                                          summary=messages.summary_field(*summary))
        return messages.PatronInformation.from_message(self._call(msg, "64"))

    def patron_status(self, patron: str, pin: str | None = None) -> messages.PatronStatus:
        s = self.settings
        msg = messages.patron_status(s.institution, patron, pin=pin, when=self._clock(),
                                     terminal_password=s.terminal_password)
        return messages.PatronStatus.from_message(self._call(msg, "24"))

    def item_information(self, item: str) -> messages.ItemInformation:
        s = self.settings
        msg = messages.item_information(s.institution, item, when=self._clock(),
                                        terminal_password=s.terminal_password)
        return messages.ItemInformation.from_message(self._call(msg, "18"))

    def checkout(self, patron: str, item: str, *, pin: str | None = None,
                 no_block: bool = False, when: datetime | None = None,
                 nb_due_date: datetime | None = None) -> messages.CheckoutResponse:
        """11, sent at most once: see :class:`Sip2Unavailable` ``maybe_delivered``."""
        s = self.settings
        msg = messages.checkout(s.institution, patron, item, when=when or self._clock(),
                                no_block=no_block, nb_due_date=nb_due_date, pin=pin,
                                terminal_password=s.terminal_password)
        # read typed as it arrives (see LoanAnswer.from_line), else typed from its message
        answer = self._call(msg, "12", CheckoutResponse)
        return (answer if isinstance(answer, CheckoutResponse)
                else CheckoutResponse.from_message(answer))

    def checkin(self, item: str, *, when: datetime | None = None,
                return_date: datetime | None = None, no_block: bool = False
                ) -> messages.CheckinResponse:
        """09, sent at most once. Never use it to undo a checkout (it is a real return)."""
        s = self.settings
        msg = messages.checkin(s.institution, item, when=when or self._clock(),
                               return_date=return_date, location=s.location or "",
                               no_block=no_block, terminal_password=s.terminal_password)
        return messages.CheckinResponse.from_message(self._call(msg, "10"))

    def renew(self, patron: str, item: str, *, pin: str | None = None,
              no_block: bool = False, when: datetime | None = None,
              nb_due_date: datetime | None = None) -> messages.RenewResponse:
        """29, sent at most once."""
        s = self.settings
        msg = messages.renew(s.institution, patron, item, when=when or self._clock(),
                             no_block=no_block, nb_due_date=nb_due_date, pin=pin,
                             terminal_password=s.terminal_password)
        answer = self._call(msg, "30", RenewResponse)
        return (answer if isinstance(answer, RenewResponse)
                else RenewResponse.from_message(answer))

    def fee_paid(self, patron: str, amount: str, *, fee_type: str = "01",
                 payment_type: str = "00", currency: str = "JPY", fee_id: str | None = None,
                 transaction_id: str | None = None, pin: str | None = None
                 ) -> messages.FeePaidResponse:
        """37, sent at most once (a payment counted twice is worse than one in doubt)."""
        s = self.settings
        msg = messages.fee_paid(s.institution, patron, amount, when=self._clock(),
                                fee_type=fee_type, payment_type=payment_type,
                                currency=currency, fee_id=fee_id,
                                transaction_id=transaction_id, pin=pin,
                                terminal_password=s.terminal_password)
        return messages.FeePaidResponse.from_message(self._call(msg, "38"))

    def end_patron_session(self, patron: str, pin: str | None = None) -> bool:
        s = self.settings
        answer = self._call(messages.end_patron_session(s.institution, patron,
                                                        when=self._clock(), pin=pin), "36")
        return answer.yes("end_session")
