"""SIP2 that strict servers accept, and what happens when one closes the connection anyway.

A strict SIP2 server refused every checkout of the kiosk and closed the connection, because
the kiosk sent 18 blanks as the nb due date; the 3M guide's example fills it with the
transaction date. Here: every request the kiosk builds held to the specification
(sync.sip2.validate), the validator itself, the simulator's strict mode, and the client and
the checkout service when a server closes the connection after a request.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime

import pytest

from kiosk.circulation import OnlineCirculation
from kiosk.events import ItemProblem, PatronProblem
from sync.ils_sim.collection import DEMO, TOKYO
from sync.ils_sim.server import IlsSimulator
from sync.sip2 import messages
from sync.sip2.client import Sip2Client, Sip2Rejected, Sip2Unavailable
from sync.sip2.codec import Message, Sip2Error, decode, encode, format_date, make
from sync.sip2.connection import NEED_DATA, Sip2Connection
from sync.sip2.spec import MAY_BE_EMPTY, SPECS
from sync.sip2.validate import line_deviations, request_deviations

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
WHEN = datetime(2025, 4, 1, 10, 0)
DUE = datetime(2025, 4, 15, 23, 59, 59)
USER, PASSWORD = DEMO.sip_user, DEMO.sip_password
BOOK = DEMO.lendable_items[0]
BLANK = " " * 18

# Every request the kiosk builds, in every variant it sends.
KIOSK_REQUESTS: dict[str, Callable[[], Message]] = {
    "login": lambda: messages.login("kiosk", "secret"),
    "login at a location": lambda: messages.login("kiosk", "secret", "KIOSK-1"),
    "sc status": messages.sc_status,
    "patron information": lambda: messages.patron_information("DEMO", "21045877", when=WHEN),
    "patron information, holds": lambda: messages.patron_information(
        "DEMO", "21045877", when=WHEN, summary=messages.summary_field("hold_items")),
    "patron information, loans, PIN, terminal": lambda: messages.patron_information(
        "DEMO", "21045877", when=WHEN, pin="1234", terminal_password="tp",
        summary=messages.summary_field("charged_items")),
    "patron status": lambda: messages.patron_status("DEMO", "21045877", when=WHEN),
    "patron status with PIN": lambda: messages.patron_status(
        "DEMO", "21045877", when=WHEN, pin="1234", terminal_password="tp"),
    "checkout": lambda: messages.checkout("DEMO", "21045877", "115538407", when=WHEN),
    "checkout with PIN and terminal password": lambda: messages.checkout(
        "DEMO", "21045877", "115538407", when=WHEN, pin="1234", terminal_password="tp"),
    "no-block checkout (offline replay)": lambda: messages.checkout(
        "DEMO", "21045877", "115538407", when=WHEN, no_block=True, nb_due_date=DUE),
    "checkin": lambda: messages.checkin("DEMO", "115538407", when=WHEN),
    "checkin at a location, offline return": lambda: messages.checkin(
        "DEMO", "115538407", when=WHEN, return_date=DUE, location="KIOSK-1", no_block=True,
        terminal_password="tp"),
    "renew": lambda: messages.renew("DEMO", "21045877", "115538407", when=WHEN),
    "renew with PIN and terminal password": lambda: messages.renew(
        "DEMO", "21045877", "115538407", when=WHEN, pin="1234", terminal_password="tp"),
    "no-block renew": lambda: messages.renew("DEMO", "21045877", "115538407", when=WHEN,
                                             no_block=True, nb_due_date=DUE),
    "item information": lambda: messages.item_information("DEMO", "115538407", when=WHEN),
    "item information, terminal": lambda: messages.item_information(
        "DEMO", "115538407", when=WHEN, terminal_password="tp"),
    "end patron session": lambda: messages.end_patron_session("DEMO", "21045877", when=WHEN),
    "end patron session with PIN": lambda: messages.end_patron_session(
        "DEMO", "21045877", when=WHEN, pin="1234"),
    "fee paid": lambda: messages.fee_paid("DEMO", "21045877", "300", when=WHEN,
                                          fee_id="F1", transaction_id="T1"),
    "request ACS resend": messages.request_resend,
}


def blank_nb_due_date(msg: Message) -> Message:
    """``msg`` as the kiosk built a checkout or a renewal before this fix: 18 blanks."""
    fixed = dict(msg.fixed)
    fixed["nb_due_date"] = BLANK
    return make(msg.code, fixed, msg.fields)


# -- the requests the kiosk builds ------------------------------------------------------------
def test_a_checkout_carries_its_transaction_date_as_the_nb_due_date() -> None:
    msg = messages.checkout("DEMO", "21045877", "115538407", when=WHEN)
    assert msg.fx("no_block") == "N"
    assert msg.fx("nb_due_date") == format_date(WHEN) == msg.fx("transaction_date")
    wire = encode(msg, sequence=1)
    assert wire.startswith(b"11NN20250401    10000020250401    100000AODEMO|")


def test_a_renewal_carries_its_transaction_date_as_the_nb_due_date() -> None:
    msg = messages.renew("DEMO", "21045877", "115538407", when=WHEN, pin="1234")
    assert msg.fx("nb_due_date") == format_date(WHEN) == msg.fx("transaction_date")
    assert encode(msg, sequence=None).startswith(
        b"29NN20250401    10000020250401    100000AODEMO|")


def test_a_no_block_request_carries_the_offline_due_date_and_never_a_made_up_one() -> None:
    assert messages.checkout("DEMO", "1", "2", when=WHEN, no_block=True,
                             nb_due_date=DUE).fx("nb_due_date") == "20250415    235959"
    for build in (messages.checkout, messages.renew):
        with pytest.raises(Sip2Error, match="nb_due_date"):
            build("DEMO", "1", "2", when=WHEN, no_block=True)


@pytest.mark.parametrize("what", sorted(KIOSK_REQUESTS))
def test_every_request_the_kiosk_builds_passes_the_strict_validator(what: str) -> None:
    msg = KIOSK_REQUESTS[what]()
    assert request_deviations(msg) == (), [str(d) for d in request_deviations(msg)]
    # as sent: the text the per-item builders write out themselves, framed both ways
    assert line_deviations(encode(msg, sequence=4)) == ()
    assert line_deviations(encode(msg, sequence=None, encoding="cp932",
                                  terminator=b"\r\n")) == ()
    spec = SPECS[msg.code]
    assert tuple(len(value) for _, value in msg.fixed) == spec.lengths


@pytest.mark.parametrize("what", sorted(KIOSK_REQUESTS))
def test_no_required_field_is_left_empty_but_a_password_the_kiosk_does_not_have(
        what: str) -> None:
    msg = KIOSK_REQUESTS[what]()
    present = dict(msg.fields)
    for field_id in SPECS[msg.code].required:
        assert field_id in present, field_id
        if not present[field_id]:
            assert field_id in MAY_BE_EMPTY - {"AO"}, field_id    # AC or AD: none configured


def test_a_checkin_without_a_location_names_the_institution_as_its_current_location() -> None:
    msg = messages.checkin("DEMO", "115538407", when=WHEN)
    assert msg.get("AP") == "DEMO"
    assert messages.checkin("DEMO", "1", when=WHEN, location="KIOSK-1").get("AP") == "KIOSK-1"


# -- the validator --------------------------------------------------------------------------
def fields_of(msg: Message) -> list[str]:
    return [d.field for d in request_deviations(msg)]


def test_18_blanks_as_a_nb_due_date_are_refused_in_a_checkout_and_a_renewal() -> None:
    for msg in (messages.checkout("DEMO", "1", "2", when=WHEN),
                messages.renew("DEMO", "1", "2", when=WHEN)):
        found = request_deviations(blank_nb_due_date(msg))
        assert [d.field for d in found] == ["nb_due_date"]
        assert "18 blanks" in str(found[0])
        assert str(found[0]).startswith(f"{msg.code} {SPECS[msg.code].name}: nb_due_date")


def test_a_blank_return_date_is_taken_as_the_guide_itself_sends_one() -> None:
    msg = messages.checkin("DEMO", "1", when=WHEN)
    fixed = dict(msg.fixed) | {"return_date": BLANK}
    assert fields_of(make("09", fixed, msg.fields)) == []
    fixed["transaction_date"] = BLANK
    assert fields_of(make("09", fixed, msg.fields)) == ["transaction_date"]


@pytest.mark.parametrize(("name", "value"), [
    ("transaction_date", "20250231    100000"),        # no 31 February
    ("transaction_date", "20250401UTC 100000"),        # the zone is blanks or "   Z"
    ("transaction_date", "2025-04-01T10:00:0"),
    ("transaction_date", "20250401    250000"),
    ("no_block", "y"),
    ("sc_renewal_policy", " "),
])
def test_a_malformed_fixed_field_is_refused(name: str, value: str) -> None:
    msg = messages.checkout("DEMO", "1", "2", when=WHEN)
    fixed = dict(msg.fixed) | {name: value}
    assert fields_of(make("11", fixed, msg.fields)) == [name]


def test_utc_is_a_date_zone_too() -> None:
    msg = messages.checkout("DEMO", "1", "2", when=WHEN)
    fixed = dict(msg.fixed) | {"transaction_date": "20250401   Z010000"}
    assert fields_of(make("11", fixed, msg.fields)) == []


def test_required_fields_present_and_said() -> None:
    msg = messages.checkout("DEMO", "21045877", "115538407", when=WHEN)
    without_item = replace(msg, fields=tuple(f for f in msg.fields if f[0] != "AB"))
    assert fields_of(without_item) == ["AB"]
    no_patron = replace(msg, fields=tuple((k, "" if k == "AA" else v) for k, v in msg.fields))
    assert fields_of(no_patron) == ["AA"]
    # the guide's own checkout sends an empty institution and terminal password
    empty = replace(msg, fields=tuple((k, "" if k in ("AO", "AC") else v)
                                      for k, v in msg.fields))
    assert fields_of(empty) == []
    renew = messages.renew("DEMO", "1", "2", when=WHEN)
    no_item = replace(renew, fields=tuple(f for f in renew.fields if f[0] != "AB"))
    assert fields_of(no_item) == ["AB/AJ"]
    assert fields_of(replace(no_item, fields=(*no_item.fields, ("AJ", "A title")))) == []


def test_one_summary_list_at_a_time() -> None:
    both = messages.patron_information("DEMO", "1", when=WHEN, summary=messages.summary_field(
        "hold_items", "charged_items"))
    assert fields_of(both) == ["summary"]


def test_a_deviation_never_quotes_a_secret() -> None:
    login = messages.login("kiosk", "p" * 300)
    found = request_deviations(login)
    assert [d.field for d in found] == ["CO"]
    assert "ppp" not in str(found[0])
    status = replace(messages.patron_status("DEMO", "1", when=WHEN, pin="9876"),
                     fields=(("AO", "DEMO"), ("AA", ""), ("AD", "9876")))
    assert "9876" not in " ".join(str(d) for d in request_deviations(status))


def test_what_is_not_a_request_or_not_whole() -> None:
    assert fields_of(make("12", {"ok": "1", "renewal_ok": "N", "magnetic_media": "N",
                                 "desensitize": "Y", "transaction_date": format_date(WHEN)},
                          [("AO", "D"), ("AA", "1"), ("AB", "2"), ("AJ", ""), ("AH", "")])
                     ) == ["message code"]
    [short] = line_deviations(b"11NN20250401    100000AODEMO|")
    assert (short.code, short.field) == ("11", "fixed part")
    # one character too many after the dates: the institution is lost in it
    assert [d.field for d in line_deviations(
        b"11NN20250401    10000020250401    100000xAODEMO|AA1|AB2|AC|")] == ["fixed part",
                                                                          "AO"]


# -- the simulator's strict mode -------------------------------------------------------------
@pytest.fixture
def strict_sim() -> Iterator[IlsSimulator]:
    with IlsSimulator(clock=lambda: NOW, strict=True) as simulator:
        yield simulator


def read_line(sock: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\r"):
        chunk = sock.recv(1)
        if not chunk:
            return data
        data += chunk
    return data


def logged_in(sim: IlsSimulator) -> socket.socket:
    sock = socket.create_connection(sim.address, timeout=2)
    sock.sendall(encode(messages.login(USER, PASSWORD), sequence=0))
    assert read_line(sock).startswith(b"941")
    return sock


def test_the_strict_simulator_closes_on_a_blank_nb_due_date_and_says_where(
        strict_sim: IlsSimulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sync.ils_sim")
    old = blank_nb_due_date(messages.checkout(DEMO.institution, DEMO.good_card, BOOK,
                                              when=WHEN))
    with logged_in(strict_sim) as sock:
        sock.sendall(encode(old, sequence=1))
        assert read_line(sock) == b""                   # closed, unanswered
    [(code, deviations)] = strict_sim.refused_requests()
    assert code == "11"
    assert [d.field for d in deviations] == ["nb_due_date"]
    assert strict_sim.ledger() == []                    # nothing was carried out
    assert not [loan for loan in strict_sim.loans() if loan.item == BOOK]
    logged = caplog.text
    assert "strict: 11 checkout departs from SIP2 2.00 at nb_due_date is 18 blanks" in logged


def test_the_lenient_simulator_takes_the_same_line(connect: Callable[..., Sip2Client]) -> None:
    with IlsSimulator(clock=lambda: NOW) as lenient, logged_in(lenient) as sock:
        old = blank_nb_due_date(messages.checkout(DEMO.institution, DEMO.good_card, BOOK,
                                                  when=WHEN))
        sock.sendall(encode(old, sequence=1))
        assert decode(read_line(sock)).fx("ok") == "1"


def test_the_strict_simulator_still_asks_again_for_a_damaged_line(
        strict_sim: IlsSimulator) -> None:
    good = encode(messages.sc_status(), sequence=1)
    with logged_in(strict_sim) as sock:
        sock.sendall(good[:-2] + (b"0" if good[-2:-1] != b"0" else b"1") + b"\r")
        assert read_line(sock).startswith(b"96")
        sock.sendall(good)
        assert read_line(sock).startswith(b"98")
    assert strict_sim.refused_requests() == []


def test_the_strict_simulator_closes_on_a_fixed_part_cut_short(
        strict_sim: IlsSimulator) -> None:
    with logged_in(strict_sim) as sock:
        sock.sendall(b"11NN20250401    100000AODEMO|AA1|\r")   # one date only, no trailer
        assert read_line(sock) == b""
    [(code, [deviation])] = strict_sim.refused_requests()
    assert code == "??"
    assert "fixed part" in deviation.problem


# -- the client when a strict server closes the connection ------------------------------------
@pytest.fixture
def connect(clients: Callable[..., Sip2Client]) -> Callable[..., Sip2Client]:
    """``connect(address, **settings)``: tests/sip2/conftest.py's clients."""
    return clients


@pytest.fixture
def old_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk's checkout and renewal as they were built before this fix."""
    checkout, renew = messages.checkout, messages.renew
    monkeypatch.setattr(messages, "checkout",
                        lambda *a, **k: blank_nb_due_date(checkout(*a, **k)))
    monkeypatch.setattr(messages, "renew", lambda *a, **k: blank_nb_due_date(renew(*a, **k)))


def test_the_kiosks_checkout_and_renewal_are_taken_by_a_strict_server(
        strict_sim: IlsSimulator, connect: Callable[..., Sip2Client]) -> None:
    client = connect(strict_sim.address)
    assert client.checkout(DEMO.good_card, BOOK).ok
    renewed = client.renew(DEMO.other_good_card, DEMO.on_loan_item)
    assert renewed.ok, renewed.screen_message
    assert client.checkin(BOOK).ok
    assert strict_sim.refused_requests() == []


def talking(connect: Callable[..., Sip2Client], address: tuple[str, int],
            caplog: pytest.LogCaptureFixture) -> Sip2Client:
    """A client that has logged in and had its first answer (93, 99), its warnings caught."""
    caplog.set_level(logging.WARNING)
    client = connect(address)
    client.sc_status()
    return client


def closed_checkout(client: Sip2Client, caplog: pytest.LogCaptureFixture) -> Sip2Unavailable:
    """What a checkout the ILS closes the connection on raises (a Sip2Unavailable, what
    callers that know less expect): in doubt, and logged."""
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    assert caught.value.maybe_delivered                 # in doubt: never sent blindly again
    assert "closed the connection after 11 (checkout)" in caplog.text
    return caught.value


@pytest.mark.usefixtures("old_checkout")
def test_a_checkout_a_strict_server_closes_on_is_named_in_doubt_and_never_sent_again(
        strict_sim: IlsSimulator, connect: Callable[..., Sip2Client],
        caplog: pytest.LogCaptureFixture) -> None:
    client = talking(connect, strict_sim.address, caplog)
    rejected = closed_checkout(client, caplog)
    assert isinstance(rejected, Sip2Rejected)
    assert rejected.code == "11"
    assert [d.field for d in rejected.deviations] == ["nb_due_date"]
    assert strict_sim.requests_seen().count("11") == 1
    assert not client.connected
    errors = [r.getMessage() for r in caplog.records if r.name == "sync.sip2.client"]
    assert any("closed the connection after 11 (checkout)" in m and "nb_due_date" in m
               for m in errors), errors
    assert DEMO.good_card not in caplog.text
    with pytest.raises(Sip2Rejected) as renewal:
        client.renew(DEMO.other_good_card, DEMO.on_loan_item)
    assert renewal.value.code == "29"
    assert strict_sim.requests_seen().count("29") == 1
    # the ILS is there: the next request goes out on a fresh connection and is answered
    assert client.item_information(BOOK).circulation_status == "03"


def test_an_idempotent_request_a_strict_server_closes_on_is_not_sent_again(
        strict_sim: IlsSimulator, connect: Callable[..., Sip2Client]) -> None:
    client = connect(strict_sim.address)
    client.sc_status()
    with pytest.raises(Sip2Rejected) as caught:
        client.patron_information(DEMO.good_card, summary=("hold_items", "charged_items"))
    assert not caught.value.maybe_delivered
    assert [d.field for d in caught.value.deviations] == ["summary"]
    assert strict_sim.requests_seen().count("63") == 1


class ClosingAcs:
    """An ACS that logs the kiosk in and answers SC status, and closes the connection on
    the request codes in ``close_on`` without a word: a strict server whose reason the
    kiosk's own check cannot see."""

    def __init__(self, close_on: set[str]) -> None:
        self.seen: list[str] = []
        outer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                outer._serve(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.close_on = close_on
        self.address: tuple[str, int] = self._server.server_address[:2]  # type: ignore[assignment]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        conn = Sip2Connection(role="acs")            # the simulator's connection, alone
        while data := sock.recv(4096):
            conn.receive_data(data)
            while (msg := conn.next_event()) is not NEED_DATA:
                assert isinstance(msg, Message)      # the kiosk logs in and says it well
                self.seen.append(msg.code)
                if msg.code in self.close_on:
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                    return
                if msg.code == "93":
                    answer = make("94", {"ok": "1"})
                else:
                    answer = make("98", {
                        "online_status": "Y", "checkin_ok": "Y", "checkout_ok": "Y",
                        "acs_renewal_policy": "Y", "status_update_ok": "N", "offline_ok": "N",
                        "timeout_period": "050", "retries_allowed": "003",
                        "date_time_sync": format_date(WHEN), "protocol_version": "2.00"},
                        [("AO", "DEMO"), ("BX", "Y" * 16)])
                sock.sendall(conn.send(answer))

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def closing_acs() -> Iterator[ClosingAcs]:
    acs = ClosingAcs({"63", "11"})
    yield acs
    acs.close()


def test_a_question_closed_on_twice_by_a_server_that_takes_the_login_is_a_refusal(
        closing_acs: ClosingAcs, connect: Callable[..., Sip2Client],
        caplog: pytest.LogCaptureFixture) -> None:
    client = talking(connect, closing_acs.address, caplog)
    with pytest.raises(Sip2Rejected) as caught:
        client.patron_information(DEMO.good_card)
    assert caught.value.deviations == ()                # the kiosk finds nothing wrong in it
    assert closing_acs.seen == ["93", "99", "63", "93", "99", "63"]   # one retry, no more
    assert "after 63 (patron_information) twice" in caplog.text


def test_a_checkout_closed_on_for_no_reason_the_kiosk_sees_is_in_doubt_and_sent_once(
        closing_acs: ClosingAcs, connect: Callable[..., Sip2Client],
        caplog: pytest.LogCaptureFixture) -> None:
    client = talking(connect, closing_acs.address, caplog)
    unavailable = closed_checkout(client, caplog)
    assert not isinstance(unavailable, Sip2Rejected)    # cannot be told from a network fault
    assert closing_acs.seen.count("11") == 1
    assert "closed the connection after 11 (checkout) without answering" in str(unavailable)


# -- the checkout service: "please ask staff", and no outage -----------------------------------
@pytest.mark.usefixtures("old_checkout")
def test_the_patron_is_sent_to_the_counter_and_staff_told_which_field(
        strict_sim: IlsSimulator, connect: Callable[..., Sip2Client],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    service = OnlineCirculation(connect(strict_sim.address), None, timezone=TOKYO,
                                clock=lambda: NOW)
    assert service.identify(DEMO.good_card).patron is not None
    outcome = service.checkout(DEMO.good_card, BOOK)
    assert outcome.loan is None
    assert outcome.problem is ItemProblem.REFUSED         # not ILS_UNAVAILABLE: no going offline
    assert outcome.maybe_delivered
    assert strict_sim.requests_seen().count("11") == 1
    staff = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("in doubt" in m and "after 11 (checkout)" in m and "nb_due_date" in m
               for m in staff), staff
    renewal = service.renew(DEMO.other_good_card, DEMO.on_loan_item)
    assert renewal.problem is ItemProblem.REFUSED


def test_a_patron_lookup_a_strict_server_refuses_sends_the_patron_to_staff(
        closing_acs: ClosingAcs, connect: Callable[..., Sip2Client]) -> None:
    service = OnlineCirculation(connect(closing_acs.address), None, timezone=TOKYO,
                                clock=lambda: NOW)
    outcome = service.identify(DEMO.good_card)
    assert outcome.patron is None
    assert outcome.problem is PatronProblem.BLOCKED       # "please ask at the counter"


def test_what_the_patron_reads_sends_them_to_the_counter() -> None:
    from ui.i18n import ITEM_PROBLEMS, PATRON_PROBLEMS
    assert "counter" in ITEM_PROBLEMS[ItemProblem.REFUSED]
    assert "counter" in PATRON_PROBLEMS[PatronProblem.BLOCKED]
