"""The ILS simulator: SIP2 over TCP for the demo and the tests.

One thread per client, each with its own :class:`Sip2Connection` (role "acs": the
conversation's rules, the same machine the kiosk's client runs as "sc"); the thread only
moves bytes and applies the faults; :class:`~sync.ils_sim.circulation.Circulation` decides
and records under one lock. Where SIP2 leaves a choice, this simulator does the following (tests
and the kiosk may rely on it):

* Login: when ``login`` is set, every request on a connection before a successful 93 is
  answered ``940`` (not a silent close, so a misconfigured kiosk gets a clear refusal rather
  than looking like a network fault). A refused login leaves the connection open for a retry.
  ``login=None`` accepts any credentials and does not require a login at all.
* A request that fails its checksum, or has no message code (or a line of 64 KiB without a
  terminator), is answered ``96``. With error
  detection off (``Framing(error_detection=False)``) answers carry no AY/AZ and requests
  need none; with it on, a request without AY/AZ is still accepted.
* 97 resends the last answer on that connection, byte for byte.
* Messages the simulator does not implement (15 hold, 65 renew all, ...) get no answer; it
  logs them. Its 98 BX flags say what it does implement; 98's online, checkin ok, checkout ok
  and renewal policy follow :meth:`IlsSimulator.set_acs_status`, and a circulation request
  the flags forbid is refused (``acs_unavailable``).
* 12: ``renewal_ok`` is Y when the checkout was a renewal; ``magnetic_media`` is N;
  ``desensitize`` is Y exactly when the loan was made. AJ and AH are always present (empty
  when unknown); AF carries the refusal in the patron's language. 30 answers 29 the same way.
* 18 carries **AA, the card of the patron the item is on loan to** (SIP2 2.00 has no field
  for this in 18; AA is the patron identifier everywhere else). With AH it lets an offline
  replayer see whether a checkout already reached the ILS. Circulation status: 03 available,
  04 charged, 08 waiting on the hold shelf, 01 for an unknown item.
* Checkout with no-block Y records the loan whatever the rules say (the patron already has
  the item), from the request's transaction date, due on its nb due date when one is given;
  an item on loan to another patron moves to this one. A repeat of a checkout is a renewal,
  as in Koha and Evergreen: replay is not idempotent here either.
* 37 fee paid is accepted from a known patron for a positive amount and recorded in the
  ledger; 38 echoes the transaction id (BK).
* Every checkout, renewal, checkin and fee payment, accepted or refused, is appended to the
  ledger with the change it makes, durably, before the answer is sent (see ``state.py``).
* Characters the configured encoding cannot carry are sent as ``?`` and logged (a real ILS
  would send mojibake; the kiosk itself never drops characters silently).
* ``strict=True`` (``kiosk ils-sim serve --strict``) holds every request to SIP2 2.00 as
  strict servers do (:func:`sync.sip2.validate.request_deviations`: fixed field lengths and
  forms, dates, required fields present and said) and, like them, closes the connection
  without an answer on the first deviation, logging the message and the field. Nothing of the
  request is carried out. A line too short for its fixed part is closed on too; a damaged
  checksum is still answered 96. :meth:`IlsSimulator.refused_requests` lists what was closed
  on. The default is lenient, as Koha and Evergreen are (18 blanks as a nb due date pass).

Faults for tests (all thread-safe, all undone by :meth:`IlsSimulator.clear_faults`):
:meth:`~IlsSimulator.set_offline` (a black hole: read, never processed, never answered),
:meth:`~IlsSimulator.slow` (every answer delayed, after processing),
:meth:`~IlsSimulator.drop_connection_before_processing` (closed; the request never happened),
:meth:`~IlsSimulator.drop_connection_after_processing` (closed; the request DID happen),
:meth:`~IlsSimulator.drop_next_answer`, :meth:`~IlsSimulator.corrupt_next_answer`,
:meth:`~IlsSimulator.garbage_next_answer` (processed; the answer is lost or spoilt, a 97
gets it intact), :meth:`~IlsSimulator.refuse_connections` (nothing listens; state is kept).
"""

from __future__ import annotations

import logging
import socket
import socketserver
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import cast

from sync.ils_sim.circulation import (
    LANGUAGE_CODES,
    LIBRARY_NAME,
    MEDIA_CODES,
    SUPPORTED_MESSAGES,
    UNKNOWN_PATRON_STATUS,
    AcsStatus,
    Circulation,
    patron_status_field,
)
from sync.ils_sim.collection import DEMO, TOKYO, Collection, Loan, demo_collection
from sync.ils_sim.faults import AnswerFault, Faults, FaultState, malformed, spoil_checksum
from sync.ils_sim.rules import TOYAMA_RULES, LendingRules
from sync.ils_sim.state import LedgerEntry, StateStore
from sync.privacy import mask_card
from sync.sip2.codec import MalformedMessage, Message, Sip2Error, Unencodable, make
from sync.sip2.connection import NEED_DATA, Framing, Refuse, Resend, Sip2Connection
from sync.sip2.validate import Deviation, explain, request_deviations

__all__ = [
    "DEFAULT_LOGIN", "LANGUAGE_CODES", "LIBRARY_NAME", "MEDIA_CODES", "SUPPORTED_MESSAGES",
    "UNKNOWN_PATRON_STATUS", "AcsStatus", "IlsSimulator", "mask_card", "patron_status_field",
]

log = logging.getLogger(__name__)

DEFAULT_LOGIN = (DEMO.sip_user, DEMO.sip_password)
_POLL_SECONDS = 0.2


@dataclass
class _Session:
    peer: str
    terminal: str


class _HangUp(Exception):
    """A fault: close this connection now."""


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = False
    block_on_close = True          # server_close() joins the client threads

    def __init__(self, address: tuple[str, int], sim: IlsSimulator) -> None:
        self.sim = sim
        super().__init__(address, _Handler)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server = cast(_Server, self.server)
        peer = cast(tuple[str, int], self.client_address)
        server.sim._serve(cast(socket.socket, self.request), f"{peer[0]}:{peer[1]}")


class IlsSimulator:
    """A small ILS answering SIP2 from a :class:`Collection` (the demo library by default).

    ``clock`` returns the simulator's "now" (tz-aware; naive is taken as Tokyo time).
    ``login`` is the (user, password) a kiosk must send in 93, or None for no login.
    ``state_path``: an SQLite file keeping loans, holds and the ledger across restarts; a
    fresh file is seeded from ``collection``, an existing one replaces its loans and holds.
    Without it the state lives in memory, for this object's life. ``strict``: close the
    connection on a request that departs from SIP2 2.00, as strict servers do (see the
    module's docstring).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0,  # noqa: PLR0917 (the documented order)
                 collection: Collection | None = None, framing: Framing | None = None,
                 clock: Callable[[], datetime] | None = None,
                 login: tuple[str, str] | None = DEFAULT_LOGIN, *,
                 rules: LendingRules = TOYAMA_RULES,
                 institution: str = DEMO.institution,
                 state_path: str | Path | None = None, strict: bool = False) -> None:
        self._host = host
        self.strict = strict
        self._port = port
        self.framing = framing or Framing()
        self._clock = clock or (lambda: datetime.now(TOKYO))
        self._login = login
        self._state_path = Path(state_path) if state_path is not None else None
        store = StateStore(self._state_path)
        coll = collection if collection is not None else demo_collection(self.now())
        if store.attach(coll, self.now()):
            log.info("state loaded from %s: %d loans", self._state_path, len(coll.loans))
        self._desk = Circulation(coll, rules, institution, store)
        self._faults = Faults()
        self._life = threading.RLock()          # start, stop, refuse
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._retired: list[_Server] = []       # stopped listening, clients maybe still served
        self._wanted = False                    # started and not stopped
        self._refusing = False
        self._stopping = threading.Event()
        self._clients: set[socket.socket] = set()
        self._state_lock = threading.Lock()     # clients, the request log
        self._requests: list[str] = []
        self._refused: list[tuple[str, tuple[Deviation, ...]]] = []

    # -- what it lends -------------------------------------------------------------------
    @property
    def collection(self) -> Collection:
        return self._desk.collection

    @property
    def rules(self) -> LendingRules:
        return self._desk.rules

    @property
    def institution(self) -> str:
        return self._desk.institution

    @property
    def state_path(self) -> Path | None:
        return self._state_path

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> int:
        """Listen and serve in the background; returns the port (a free one for port=0).

        After :meth:`stop`, starting again listens on the same port, as an ILS coming back.
        Starting also ends :meth:`refuse_connections`.
        """
        with self._life:
            self._wanted = True
            self._refusing = False
            if self._server is None:
                self._stopping.clear()
                self._listen()
            return self._port

    def _listen(self) -> None:
        server = _Server((self._host, self._port), self)
        self._server = server
        self._port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={
            "poll_interval": 0.05}, name=f"ils-sim:{self._port}", daemon=True)
        self._thread.start()

    def _stop_listening(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._server = self._thread = None
        server.shutdown()
        server.socket.close()
        if thread is not None:
            thread.join()
        self._retired.append(server)

    def _hang_up_clients(self) -> None:
        with self._state_lock:
            clients = list(self._clients)
        for sock in clients:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        """Stop listening, drop every client and join the threads. Safe to call twice.
        The state (and, with ``state_path``, the file) is kept."""
        with self._life:
            self._wanted = self._refusing = False
            self._stopping.set()
            self._stop_listening()
            self._hang_up_clients()
            retired, self._retired = self._retired, []
            for server in retired:
                server.server_close()

    def close(self) -> None:
        """Stop and close the state file; using the simulator again reopens it. An
        in-memory state stays with this object."""
        self.stop()
        with self._desk.lock:
            self._desk.store.close()

    def __enter__(self) -> IlsSimulator:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def port(self) -> int:
        return self._port

    @property
    def address(self) -> tuple[str, int]:
        return (self._host, self._port)

    @property
    def running(self) -> bool:
        """Listening for connections (False when stopped or refusing)."""
        return self._server is not None

    def now(self) -> datetime:
        when = self._clock()
        return when.replace(tzinfo=TOKYO) if when.tzinfo is None else when.astimezone(TOKYO)

    @contextmanager
    def locked(self) -> Iterator[Collection]:
        """The collection, for a test to read or change between requests; changes to loans
        and holds are saved to the state on exit."""
        with self._desk.locked() as coll:
            yield coll

    # -- what it remembers ---------------------------------------------------------------
    def ledger(self, since: int = 0) -> list[LedgerEntry]:
        """Every transaction after ``since`` (a ``seq``), oldest first."""
        return self._desk.ledger(since)

    def loans(self) -> list[Loan]:
        """The current loans, by due date."""
        with self._desk.lock:
            return sorted((Loan(**vars(loan)) for loan in self.collection.loans.values()),
                          key=lambda loan: (loan.due, loan.item))

    def set_acs_status(self, **flags: bool | str) -> AcsStatus:
        """Change what 98 says (``online``, ``checkin_ok``, ``checkout_ok``, ``renewal_ok``,
        ``status_update_ok``, ``offline_ok``, ``timeout_period``, ``retries_allowed``) and
        what the ILS then allows. Not a fault: :meth:`clear_faults` leaves it."""
        status = self._desk.set_acs_status(**flags)
        log.info("ACS status: %s", status)
        return status

    # -- fault switches ------------------------------------------------------------------
    def set_offline(self, offline: bool = True) -> None:
        """Offline: connections are still accepted and read, but requests are discarded
        unprocessed and nothing is answered, as behind a broken network. The kiosk sees
        time-outs."""
        self._faults.set_offline(offline)

    def slow(self, seconds: float) -> None:
        """Delay every answer by ``seconds`` (0 ends it). The request is processed (and
        recorded) first, as by an overloaded ILS: a kiosk that gives up early has still
        borrowed the item."""
        self._faults.set_slow(seconds)

    def drop_next_answer(self, count: int = 1) -> None:
        """Process the next ``count`` requests (their effects stay) but send no answer:
        "did my checkout reach the ILS?". A 97 still gets the answer."""
        self._faults.add_answer_fault(AnswerFault.DROP, count)

    def corrupt_next_answer(self, count: int = 1) -> None:
        """Send the next ``count`` answers with a wrong checksum digit (error detection must
        be on); a 97 gets the intact answer."""
        self._faults.add_answer_fault(AnswerFault.CORRUPT, count)

    def garbage_next_answer(self, count: int = 1, *, malformed: bool = False) -> None:
        """Process the next ``count`` requests, then send random bytes (``malformed=False``:
        no message code, no checksum) or a malformed line (the answer's code with a good
        checksum and no fixed fields) instead of the answer; a 97 gets the intact answer."""
        fault = AnswerFault.MALFORMED if malformed else AnswerFault.GARBAGE
        self._faults.add_answer_fault(fault, count)

    def drop_connection_before_processing(self, count: int = 1) -> None:
        """Close the connection on each of the next ``count`` requests WITHOUT processing
        them: nothing changes, nothing is recorded (the request is in requests_seen)."""
        self._faults.add_drop_before(count)

    def drop_connection_after_processing(self, count: int = 1) -> None:
        """Process the next ``count`` requests (recorded durably), then close the connection
        instead of answering: the transaction happened, the kiosk cannot know."""
        self._faults.add_drop_after(count)

    def refuse_connections(self, refuse: bool = True, *, drop_clients: bool = False) -> None:
        """Stop listening (new connections are refused) but keep the state; ``False``
        listens again on the same port if the simulator was started. Connections already
        open are still served unless ``drop_clients``."""
        with self._life:
            if refuse:
                self._refusing = True
                self._stop_listening()
                if drop_clients:
                    self._hang_up_clients()
                log.info("fault: refusing connections")
            elif self._refusing:
                self._refusing = False
                if self._wanted and self._server is None:
                    self._listen()
                log.info("fault: accepting connections again")

    def clear_faults(self) -> None:
        """No fault left: online, no delay, nothing dropped or spoilt, listening if started."""
        self._faults.clear()
        self.refuse_connections(False)

    def faults(self) -> FaultState:
        """The faults still pending (for a test's assertion or a log line)."""
        return self._faults.state()

    def requests_seen(self) -> list[str]:
        """The message codes received so far, in order (damaged ones as "??")."""
        with self._state_lock:
            return list(self._requests)

    def refused_requests(self) -> list[tuple[str, tuple[Deviation, ...]]]:
        """In strict mode, each request the connection was closed on (its code, "??" for a
        line that could not be read) and why, in order."""
        with self._state_lock:
            return list(self._refused)

    # -- one client ----------------------------------------------------------------------
    def _serve(self, sock: socket.socket, peer: str) -> None:
        conn = Sip2Connection(self.framing, role="acs", login=self._login is not None)
        session = _Session(peer, terminal=peer)
        sock.settimeout(_POLL_SECONDS)
        with self._state_lock:
            self._clients.add(sock)
        log.debug("%s connected", peer)
        try:
            while not self._stopping.is_set():
                try:
                    data = sock.recv(4096)
                except TimeoutError:
                    continue
                if not data:
                    break
                if self._faults.offline:
                    log.info("%s offline: %d bytes discarded", peer, len(data))
                    continue
                conn.receive_data(data)
                self._answer_all(sock, conn, session)
        except _HangUp:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        except (OSError, Sip2Error) as exc:
            log.info("%s connection ended: %s", peer, exc)
        except sqlite3.Error as exc:     # the state could not be written: nothing is answered
            log.error("%s state not written (%s): connection closed unanswered", peer, exc)
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        finally:
            with self._state_lock:
                self._clients.discard(sock)
            log.debug("%s disconnected", peer)

    def _answer_all(self, sock: socket.socket, conn: Sip2Connection,
                    session: _Session) -> None:
        while (event := conn.next_event()) is not NEED_DATA:
            if isinstance(event, Refuse) and event.message is None:
                # a line it could not read: a damaged checksum, no message code, a fixed
                # part cut short ("say it again")
                self._note("??")
                if self.strict and isinstance(event.error, MalformedMessage):
                    self._refuse(session, "??", (Deviation("??", "unknown", "line",
                                                           str(event.error)),))
                self._maybe_drop_before(session, "??")
                log.info("%s %s request (%s) -> 96", session.peer,
                         "malformed" if isinstance(event.error, MalformedMessage) else "damaged",
                         event.error)
                self._send(sock, event.data, "96", None)
                continue
            if isinstance(event, Message):
                msg = event
            elif isinstance(event, Resend | Refuse) and event.message is not None:
                msg = event.message
            else:                             # the client closed the stream
                return
            self._note(msg.code)
            self._maybe_drop_before(session, msg.code)
            if self.strict:
                deviations = request_deviations(msg)
                if deviations:
                    self._refuse(session, msg.code, deviations)
            answer = self._respond(conn, session, event, msg)
            if self._faults.take_drop_after():
                log.info("%s fault: %s processed, connection closed unanswered", session.peer,
                         msg.code)
                raise _HangUp
            if answer is not None:
                self._faults.delay(self._stopping)
                if self._stopping.is_set():
                    return
                self._send(sock, answer[0], answer[1], msg.sequence)

    def _refuse(self, session: _Session, code: str, deviations: tuple[Deviation, ...]) -> None:
        """Strict mode: close the connection on a request that departs from the
        specification, unanswered and not carried out, as strict servers do; the log says
        which message and which field (never a value that could be a secret)."""
        with self._state_lock:
            self._refused.append((code, deviations))
        name = deviations[0].name
        log.warning("%s strict: %s %s departs from SIP2 2.00 at %s; connection closed "
                    "unanswered", session.peer, code, name, explain(deviations))
        raise _HangUp

    def _maybe_drop_before(self, session: _Session, code: str) -> None:
        if self._faults.take_drop_before():
            log.info("%s fault: connection closed before processing %s", session.peer, code)
            raise _HangUp

    def _note(self, code: str) -> None:
        with self._state_lock:
            self._requests.append(code)

    def _send(self, sock: socket.socket, data: bytes, code: str, sequence: int | None) -> None:
        fault = self._faults.take_answer_fault()
        terminator = self.framing.terminator
        if fault is AnswerFault.DROP:
            log.info("fault: answer %s dropped", code)
            return
        if fault is AnswerFault.CORRUPT:
            log.info("fault: answer %s corrupted", code)
            data = spoil_checksum(data, terminator)
        elif fault is AnswerFault.GARBAGE:
            log.info("fault: garbage instead of answer %s", code)
            data = self._faults.garbage(terminator)
        elif fault is AnswerFault.MALFORMED:
            log.info("fault: malformed line instead of answer %s", code)
            seq = (sequence or 0) if self.framing.error_detection else None
            data = malformed(code, seq, terminator=terminator)
        sock.sendall(data)

    def _respond(self, conn: Sip2Connection, session: _Session,
                 event: Message | Resend | Refuse, msg: Message) -> tuple[bytes, str] | None:
        """The bytes answering ``msg`` and their message code; None: no answer. The
        connection answers a 97 and a request before the login itself (``event``)."""
        if isinstance(event, Resend):
            log.info("%s 97 resend -> last answer", session.peer)
            return event.data, event.data[:2].decode("ascii", "replace")
        if isinstance(event, Refuse):
            log.info("%s %s %s before login -> 940", session.peer, msg.code, msg.name)
            return event.data, "94"
        if msg.code == "93":
            ok = self._login is None or (msg.get("CN"), msg.get("CO")) == self._login
            if ok and msg.get("CP"):
                session.terminal = msg.get("CP") or session.peer
            log.info("%s 93 login %s", session.peer, "accepted" if ok else "refused")
            return self._encode(conn, make("94", {"ok": "1" if ok else "0"}))
        if not self._desk.handles(msg.code):
            log.warning("%s %s is not supported by the simulator; no answer", session.peer,
                        msg.code)
            conn.unanswered()
            return None
        answer, summary = self._desk.respond(msg, self.now(), session.terminal)
        log.info("%s %s %s %s -> %s", session.peer, msg.code, msg.name, summary, answer.code)
        return self._encode(conn, answer)

    def _encode(self, conn: Sip2Connection, answer: Message) -> tuple[bytes, str]:
        try:
            return conn.send(answer), answer.code
        except Unencodable as exc:
            enc = self.framing.encoding
            log.warning("answer %s: %s; those characters are sent as '?'", answer.code, exc)
            lossy = tuple((k, v.encode(enc, "replace").decode(enc)) for k, v in answer.fields)
            return conn.send(Message(answer.code, answer.fixed, lossy)), answer.code
