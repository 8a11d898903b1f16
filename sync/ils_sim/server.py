"""The ILS simulator: SIP2 over TCP for the demo and the tests.

One thread per client, each with its own :class:`Sip2Connection` (role "acs", echoing the
request's sequence number); one lock around the collection. Where SIP2 leaves a choice, this
simulator does the following (tests and the kiosk may rely on it):

* Login: when ``login`` is set, every request on a connection before a successful 93 is
  answered ``940`` (not a silent close, so a misconfigured kiosk gets a clear refusal rather
  than looking like a network fault). A refused login leaves the connection open for a retry.
  ``login=None`` accepts any credentials and does not require a login at all.
* A request that fails its checksum, or has no message code, is answered ``96``.
* 97 resends the last answer on that connection, byte for byte.
* Messages the simulator does not implement (29 renew, 37 fee paid, ...) get no answer; it
  logs them. Its 98 BX flags say what it does implement.
* 12: ``renewal_ok`` is Y when the checkout was a renewal; ``magnetic_media`` is N;
  ``desensitize`` is Y exactly when the loan was made. AJ and AH are always present (empty
  when unknown); AF carries the refusal in the patron's language.
* 18 carries **AA, the card of the patron the item is on loan to** (SIP2 2.00 has no field
  for this in 18; AA is the patron identifier everywhere else). With AH it lets an offline
  replayer see whether a checkout already reached the ILS. Circulation status: 03 available,
  04 charged, 08 waiting on the hold shelf, 01 for an unknown item.
* Checkout with no-block Y records the loan whatever the rules say (the patron already has
  the item), from the request's transaction date, due on its nb due date when one is given;
  an item on loan to another patron moves to this one. A repeat of a checkout is a renewal,
  as in Koha and Evergreen: replay is not idempotent here either.
* Characters the configured encoding cannot carry are sent as ``?`` and logged (a real ILS
  would send mojibake; the kiosk itself never drops characters silently).

Fault hooks for offline-mode tests: :meth:`IlsSimulator.set_offline`,
:meth:`IlsSimulator.drop_next_answer`, :meth:`IlsSimulator.corrupt_next_answer`.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import cast

from sync.ils_sim.collection import (
    DEMO,
    TOKYO,
    Block,
    Collection,
    Item,
    MediaType,
    Patron,
    demo_collection,
)
from sync.ils_sim.rules import (
    BOOKS,
    TOYAMA_RULES,
    CheckoutDecision,
    LendingRules,
    Reason,
    Standing,
    check_checkout,
    patron_standing,
    pin_matches,
    refusal,
)
from sync.sip2.codec import (
    Message,
    Sip2Error,
    Unencodable,
    format_date,
    make,
    parse_date,
    yn,
)
from sync.sip2.connection import Framing, Sip2Connection
from sync.sip2.spec import PATRON_STATUS_FLAGS

log = logging.getLogger(__name__)

DEFAULT_LOGIN = (DEMO.sip_user, DEMO.sip_password)
LIBRARY_NAME = "デモ市立図書館"
# BX, in spec order: patron status, checkout, checkin, block patron, SC/ACS status, resend,
# login, patron information, end session, fee paid, item information, item status update,
# patron enable, hold, renew, renew all
SUPPORTED_MESSAGES = "YYYNYYYYYNYNNNNN"
LANGUAGE_CODES = {"en": "001", "ja": "014"}     # SIP2 language codes; 000 is unknown
MEDIA_CODES = {                                  # SIP2 media types (CK)
    MediaType.BOOK: "001", MediaType.PICTURE_BOOK: "001", MediaType.LARGE_PICTURE_BOOK: "001",
    MediaType.MAGAZINE: "002", MediaType.KAMISHIBAI: "000", MediaType.AV: "006",
}
UNKNOWN_PATRON_STATUS = "YYYY" + " " * 10
_POLL_SECONDS = 0.2


def mask_card(card: str) -> str:
    """A card number fit for a log line: only its last four digits."""
    return "****" + card[-4:] if len(card) > 4 else "****"


def _flags(**true: bool) -> str:
    """The 14-character patron status: 'Y' where the condition is true, blank otherwise."""
    return "".join("Y" if true.get(name) else " " for name in PATRON_STATUS_FLAGS)


def patron_status_field(patron: Patron, standing: Standing) -> str:
    denied = not standing.may_borrow
    return _flags(charge_privileges_denied=denied, renewal_privileges_denied=denied,
                  hold_privileges_denied=denied or patron.wide_area,
                  card_reported_lost=Block.CARD_LOST in standing.blocks,
                  too_many_items_charged=bool(standing.full_groups),
                  too_many_items_overdue=Block.LONG_OVERDUE in standing.blocks)


@dataclass
class _Session:
    peer: str
    logged_in: bool


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
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0,  # noqa: PLR0917 (the documented order)
                 collection: Collection | None = None, framing: Framing | None = None,
                 clock: Callable[[], datetime] | None = None,
                 login: tuple[str, str] | None = DEFAULT_LOGIN, *,
                 rules: LendingRules = TOYAMA_RULES,
                 institution: str = DEMO.institution) -> None:
        self._host = host
        self._port = port
        self.framing = framing or Framing()
        self._clock = clock or (lambda: datetime.now(TOKYO))
        self._login = login
        self.rules = rules
        self.institution = institution
        self.collection = collection if collection is not None else demo_collection(self.now())
        self._lock = threading.RLock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._offline = threading.Event()
        self._clients: set[socket.socket] = set()
        self._state_lock = threading.Lock()     # clients, faults, the request log
        self._drop = 0
        self._corrupt = 0
        self._requests: list[str] = []
        self._handlers: dict[str, Callable[[Message, datetime], tuple[Message, str]]] = {
            "99": self._sc_status, "63": self._patron_information,
            "23": self._patron_status, "11": self._checkout, "09": self._checkin,
            "17": self._item_information, "35": self._end_session,
        }

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> int:
        """Listen and serve in the background; returns the port (a free one for port=0).

        After :meth:`stop`, starting again listens on the same port, as an ILS coming back.
        """
        if self._server is not None:
            return self.port
        self._stopping.clear()
        server = _Server((self._host, self._port), self)
        self._server = server
        self._port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, kwargs={
            "poll_interval": 0.05}, name=f"ils-sim:{self._port}", daemon=True)
        self._thread.start()
        return self._port

    def stop(self) -> None:
        """Stop listening, drop every client and join the threads. Safe to call twice."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._server = self._thread = None
        self._stopping.set()
        server.shutdown()
        with self._state_lock:
            clients = list(self._clients)
        for sock in clients:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        server.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> IlsSimulator:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def address(self) -> tuple[str, int]:
        return (self._host, self._port)

    @property
    def running(self) -> bool:
        return self._server is not None

    def now(self) -> datetime:
        when = self._clock()
        return when.replace(tzinfo=TOKYO) if when.tzinfo is None else when.astimezone(TOKYO)

    @contextmanager
    def locked(self) -> Iterator[Collection]:
        """The collection, for a test to read or change between requests."""
        with self._lock:
            yield self.collection

    # -- fault hooks ---------------------------------------------------------------------
    def set_offline(self, offline: bool = True) -> None:
        """Offline: connections are still accepted and read, but requests are discarded
        unprocessed and nothing is answered, as behind a broken network. The kiosk sees
        time-outs."""
        if offline:
            self._offline.set()
        else:
            self._offline.clear()

    def drop_next_answer(self, count: int = 1) -> None:
        """Process the next ``count`` requests (their effects stay) but send no answer:
        "did my checkout reach the ILS?". A 97 still gets the answer."""
        with self._state_lock:
            self._drop += count

    def corrupt_next_answer(self, count: int = 1) -> None:
        """Send the next ``count`` answers with a wrong checksum digit (error detection must
        be on); a 97 gets the intact answer."""
        with self._state_lock:
            self._corrupt += count

    def requests_seen(self) -> list[str]:
        """The message codes received so far, in order (damaged ones as "??")."""
        with self._state_lock:
            return list(self._requests)

    # -- one client ----------------------------------------------------------------------
    def _serve(self, sock: socket.socket, peer: str) -> None:
        conn = Sip2Connection(self.framing, role="acs")
        session = _Session(peer, logged_in=self._login is None)
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
                if self._offline.is_set():
                    log.info("%s offline: %d bytes discarded", peer, len(data))
                    continue
                conn.receive_data(data)
                self._answer_all(sock, conn, session)
        except (OSError, Sip2Error) as exc:
            log.info("%s connection ended: %s", peer, exc)
        finally:
            with self._state_lock:
                self._clients.discard(sock)
            log.debug("%s disconnected", peer)

    def _answer_all(self, sock: socket.socket, conn: Sip2Connection,
                    session: _Session) -> None:
        while True:
            try:
                msg = conn.next_message()
            except Sip2Error as exc:          # checksum or no message code
                self._note("??")
                log.info("%s damaged request (%s) -> 96", session.peer, exc)
                self._send(sock, conn.send(make("96")))
                continue
            if msg is None:
                return
            answer = self._respond(conn, session, msg)
            if answer is not None:
                self._send(sock, answer)

    def _note(self, code: str) -> None:
        with self._state_lock:
            self._requests.append(code)

    def _send(self, sock: socket.socket, data: bytes) -> None:
        with self._state_lock:
            drop = self._drop > 0
            corrupt = not drop and self._corrupt > 0
            if drop:
                self._drop -= 1
            elif corrupt:
                self._corrupt -= 1
        if drop:
            log.info("fault hook: answer dropped")
            return
        if corrupt:
            log.info("fault hook: answer corrupted")
            data = _spoil_checksum(data, self.framing.terminator)
        sock.sendall(data)

    def _respond(self, conn: Sip2Connection, session: _Session, msg: Message) -> bytes | None:
        self._note(msg.code)
        if msg.code == "97":
            log.info("%s 97 resend -> last answer", session.peer)
            return conn.last_sent if conn.last_sent is not None else conn.send(make("96"))
        if msg.code == "93":
            ok = self._login is None or (msg.get("CN"), msg.get("CO")) == self._login
            session.logged_in = ok
            log.info("%s 93 login %s", session.peer, "accepted" if ok else "refused")
            return self._encode(conn, make("94", {"ok": "1" if ok else "0"}), msg.sequence)
        if not session.logged_in:
            log.info("%s %s %s before login -> 940", session.peer, msg.code, msg.name)
            return self._encode(conn, make("94", {"ok": "0"}), msg.sequence)
        handler = self._handlers.get(msg.code)
        if handler is None:
            log.warning("%s %s is not supported by the simulator; no answer", session.peer,
                        msg.code)
            return None
        with self._lock:
            answer, summary = handler(msg, self.now())
        log.info("%s %s %s %s -> %s", session.peer, msg.code, msg.name, summary, answer.code)
        return self._encode(conn, answer, msg.sequence)

    def _encode(self, conn: Sip2Connection, answer: Message, sequence: int | None) -> bytes:
        try:
            return conn.send(answer, sequence=sequence)
        except Unencodable as exc:
            enc = self.framing.encoding
            log.warning("answer %s: %s; those characters are sent as '?'", answer.code, exc)
            lossy = tuple((k, v.encode(enc, "replace").decode(enc)) for k, v in answer.fields)
            return conn.send(Message(answer.code, answer.fixed, lossy), sequence=sequence)

    # -- the messages --------------------------------------------------------------------
    def _sc_status(self, msg: Message, now: datetime) -> tuple[Message, str]:
        answer = make("98", {
            "online_status": "Y", "checkin_ok": "Y", "checkout_ok": "Y",
            "acs_renewal_policy": "Y", "status_update_ok": "N", "offline_ok": "Y",
            "timeout_period": "050", "retries_allowed": "003",
            "date_time_sync": format_date(now), "protocol_version": "2.00"},
            [("AO", self.institution), ("AM", LIBRARY_NAME), ("BX", SUPPORTED_MESSAGES)])
        return answer, "online"

    def _patron_fields(self, msg: Message, now: datetime
                       ) -> tuple[Patron | None, Standing | None, list[tuple[str, str | None]]]:
        card = msg.get("AA") or ""
        pin = msg.get("AD")
        patron = self.collection.patrons.get(card)
        institution = msg.get("AO") or self.institution
        if patron is None:
            unknown = refusal(self.rules, Reason.UNKNOWN_PATRON)
            return None, None, [("AO", institution), ("AA", card), ("AE", ""), ("BL", "N"),
                                ("CQ", None if pin is None else "N"),
                                ("AF", unknown.message("ja"))]
        standing = patron_standing(self.rules, patron, self.collection.loans_of(card), now)
        pin_ok = None if pin is None else pin_matches(patron, pin)
        return patron, standing, [
            ("AO", institution), ("AA", card), ("AE", patron.name),
            ("BL", "Y"), ("CQ", None if pin_ok is None else yn(pin_ok)),
            ("AF", self._standing_message(patron, standing, pin_ok))]

    def _standing_message(self, patron: Patron, standing: Standing,
                          pin_ok: bool | None) -> str | None:
        if pin_ok is False:
            why = refusal(self.rules, Reason.WRONG_PIN)
        elif not standing.may_borrow:
            why = refusal(self.rules, Reason.PATRON_BLOCKED, standing.main_block.value)
        elif standing.full_groups:
            why = refusal(self.rules, Reason.LIMIT_REACHED, sorted(standing.full_groups)[0])
        else:
            return None
        return why.message(patron.language)

    def _patron_information(self, msg: Message, now: datetime) -> tuple[Message, str]:
        patron, standing, fields = self._patron_fields(msg, now)
        summary = f"patron={mask_card(msg.get('AA') or '')}"
        fixed = {"transaction_date": format_date(now)}
        if patron is None or standing is None:
            fixed |= {"patron_status": UNKNOWN_PATRON_STATUS, "language": "000"}
            fixed |= dict.fromkeys(_COUNTS, "0000")
            return make("64", fixed, fields), summary + " unknown"
        loans = self.collection.loans_of(patron.card)
        holds = self.collection.holds_for(patron.card)
        fixed |= {"patron_status": patron_status_field(patron, standing),
                  "language": LANGUAGE_CODES.get(patron.language, "000"),
                  "hold_items_count": f"{len(holds):04d}",
                  "overdue_items_count": f"{len(standing.overdue):04d}",
                  "charged_items_count": f"{len(loans):04d}",
                  "fine_items_count": "0000", "recall_items_count": "0000",
                  "unavailable_holds_count": "0000"}
        hold_limit = 0 if patron.wide_area else self.rules.hold_limit
        fields[3:3] = [("BZ", f"{hold_limit:04d}"),
                       ("CB", f"{self.rules.limits.get(BOOKS, 0):04d}")]
        wanted = msg.fx("summary").ljust(10)
        first, last = _item_range(msg)
        for position, field_id, barcodes in (
                (0, "AS", [i.barcode for i in holds]),
                (1, "AT", [loan.item for loan in standing.overdue]),
                (2, "AU", [loan.item for loan in loans])):
            if wanted[position].upper() == "Y":
                fields += [(field_id, b) for b in barcodes[first - 1:last]]
        status = "may borrow" if standing.may_borrow else "blocked " + ",".join(
            sorted(standing.blocks))
        return make("64", fixed, fields), f"{summary} {status} loans={len(loans)}"

    def _patron_status(self, msg: Message, now: datetime) -> tuple[Message, str]:
        patron, standing, fields = self._patron_fields(msg, now)
        summary = f"patron={mask_card(msg.get('AA') or '')}"
        fixed = {"transaction_date": format_date(now)}
        if patron is None or standing is None:
            fixed |= {"patron_status": UNKNOWN_PATRON_STATUS, "language": "000"}
            return make("24", fixed, fields), summary + " unknown"
        fixed |= {"patron_status": patron_status_field(patron, standing),
                  "language": LANGUAGE_CODES.get(patron.language, "000")}
        return make("24", fixed, fields), summary

    def _checkout(self, msg: Message, now: datetime) -> tuple[Message, str]:
        coll = self.collection
        card, barcode = msg.get("AA") or "", msg.get("AB") or ""
        patron, item = coll.patrons.get(card), coll.items.get(barcode)
        no_block = msg.yes("no_block")
        when = now
        if no_block:    # an offline transaction: it happened when the kiosk says it did
            when = _tokyo(parse_date(msg.fx("transaction_date"))) or now
        decision = check_checkout(
            self.rules, patron=patron, item=item,
            patron_loans=coll.loans_of(card) if patron else (), item_loan=coll.loans.get(barcode),
            now=when, pin=msg.get("AD"), no_block=no_block,
            nb_due_date=_tokyo(parse_date(msg.fx("nb_due_date"))))
        if decision.ok and patron is not None and item is not None:
            self._apply(decision, patron, item, when)
        answer = make("12", {
            "ok": "1" if decision.ok else "0", "renewal_ok": yn(decision.renewal),
            "magnetic_media": "N", "desensitize": yn(decision.ok),
            "transaction_date": format_date(now)}, [
            ("AO", msg.get("AO") or self.institution), ("AA", card), ("AB", barcode),
            ("AJ", item.title if item else ""),
            ("AH", format_date(decision.due) if decision.due else ""),
            ("CK", MEDIA_CODES[item.media] if item else None),
            ("AF", None if decision.ok else
             decision.message(patron.language if patron else "ja"))])
        summary = f"patron={mask_card(card)} item={barcode} "
        if decision.ok:
            kind = "renewal" if decision.renewal else (
                "hold pickup" if decision.hold_pickup else "loan")
            forced = " (no block)" if decision.forced else ""
            assert decision.due is not None
            summary += f"{kind}{forced} due {decision.due.date().isoformat()}"
        else:
            summary += f"refused {decision.reason} {decision.detail}".rstrip()
        return answer, summary

    def _apply(self, decision: CheckoutDecision, patron: Patron, item: Item,
               when: datetime) -> None:
        assert decision.due is not None
        loan = self.collection.loans.get(item.barcode)
        if decision.renewal and loan is not None:
            loan.due = decision.due
            loan.renewals += 1
            return
        self.collection.lend(item, patron.card, loaned_at=when, due=decision.due)
        if decision.hold_pickup:
            item.hold_for = None

    def _checkin(self, msg: Message, now: datetime) -> tuple[Message, str]:
        coll = self.collection
        barcode = msg.get("AB") or ""
        item = coll.items.get(barcode)
        loan = coll.loans.pop(barcode, None) if item else None
        ok = loan is not None
        alert = ok and item is not None and item.hold_for is not None
        screen: tuple[str | None, str]
        if item is None:
            screen = ("この資料は登録されていません。カウンターへお持ちください。", "unknown item")
        elif loan is None:
            screen = ("この資料は貸出中ではありません。", "not on loan")
        else:
            screen = ("予約資料です。カウンターへお持ちください。" if alert else None, "returned")
        answer = make("10", {
            "ok": "1" if ok else "0", "resensitize": yn(ok), "magnetic_media": "N",
            "alert": yn(alert), "transaction_date": format_date(now)}, [
            ("AO", msg.get("AO") or self.institution), ("AB", barcode),
            ("AQ", item.shelf if item else None), ("AJ", item.title if item else ""),
            ("AA", loan.card if loan else None),
            ("CK", MEDIA_CODES[item.media] if item else None),
            ("CV", "01" if alert else None), ("AF", screen[0])])
        who = f" from {mask_card(loan.card)}" if loan else ""
        return answer, f"item={barcode}{who} {screen[1]}{' to hold shelf' if alert else ''}"

    def _item_information(self, msg: Message, now: datetime) -> tuple[Message, str]:
        barcode = msg.get("AB") or ""
        item = self.collection.items.get(barcode)
        fixed = {"security_marker": "00", "fee_type": "01",
                 "transaction_date": format_date(now)}
        if item is None:
            fixed["circulation_status"] = "01"
            return make("18", fixed, [
                ("AB", barcode), ("AJ", ""),
                ("AF", "この資料は登録されていません。")]), f"item={barcode} unknown"
        loan = self.collection.loans.get(barcode)
        status = "04" if loan else ("08" if item.hold_for else "03")
        fixed["circulation_status"] = status
        note = "禁帯出" if item.not_for_loan else ("相互貸借資料" if item.ill else None)
        answer = make("18", fixed, [
            ("CF", "1" if item.hold_for else "0"),
            ("AH", format_date(loan.due) if loan else None),
            ("AB", barcode), ("AJ", item.title), ("CK", MEDIA_CODES[item.media]),
            ("AQ", item.shelf), ("AP", item.shelf),
            ("AA", loan.card if loan else None), ("AF", note)])
        holder = f" on loan to {mask_card(loan.card)}" if loan else ""
        return answer, f"item={barcode} status={status}{holder}"

    def _end_session(self, msg: Message, now: datetime) -> tuple[Message, str]:
        card = msg.get("AA") or ""
        answer = make("36", {"end_session": "Y", "transaction_date": format_date(now)},
                      [("AO", msg.get("AO") or self.institution), ("AA", card)])
        return answer, f"patron={mask_card(card)}"


_COUNTS = ("hold_items_count", "overdue_items_count", "charged_items_count",
           "fine_items_count", "recall_items_count", "unavailable_holds_count")


def _item_range(msg: Message) -> tuple[int, int]:
    """BP/BQ: the 1-based, inclusive range of list entries the SC asked for."""
    def number(field_id: str, default: int) -> int:
        value = (msg.get(field_id) or "").strip()
        return int(value) if value.isdigit() and int(value) > 0 else default
    return number("BP", 1), number("BQ", 10_000)


def _tokyo(when: datetime | None) -> datetime | None:
    """SIP2 dates are local time: a parsed (naive) date is the library's, Tokyo."""
    if when is None:
        return None
    return when.replace(tzinfo=TOKYO) if when.tzinfo is None else when.astimezone(TOKYO)


def _spoil_checksum(data: bytes, terminator: bytes) -> bytes:
    """Change the last checksum digit, so the answer arrives damaged."""
    body = data[: len(data) - len(terminator)] if data.endswith(terminator) else data
    if not body:
        return data
    last = body[-1:]
    spoilt = b"1" if last == b"0" else b"0"
    return body[:-1] + spoilt + data[len(body):]
