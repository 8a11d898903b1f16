"""The simulator's fault switches and ACS flags, seen by a plain SIP2 socket client.

The client here is deliberately bare (tests/rigs/sip2_wire.py: a ``LineReader`` and the codec
over a socket), independent of ``Sip2Client``: it shows exactly what a kiosk would receive.
Timeouts only bound waits; no test measures how long anything took.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from sync.ils_sim.collection import DEMO, TOKYO
from sync.ils_sim.faults import AnswerFault, malformed, parse_fault, spoil_checksum
from sync.ils_sim.server import IlsSimulator
from sync.sip2.codec import (
    ChecksumError,
    MalformedMessage,
    Message,
    Sip2Error,
    decode,
    format_date,
    make,
)
from sync.sip2.framing import Framing
from tests.rigs.sip2_wire import Wire

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
BLANK = " " * 18
ITEM = DEMO.lendable_items[0]


def checkout(card: str = DEMO.good_card, item: str = ITEM) -> Message:
    return make("11", {"sc_renewal_policy": "N", "no_block": "N",
                       "transaction_date": format_date(NOW), "nb_due_date": BLANK},
                [("AO", "DEMO"), ("AA", card), ("AB", item), ("AC", "")])


def checkin(item: str = ITEM) -> Message:
    return make("09", {"no_block": "N", "transaction_date": format_date(NOW),
                       "return_date": format_date(NOW)},
                [("AP", "DEMO"), ("AO", "DEMO"), ("AB", item)])


def sc_status() -> Message:
    return make("99", {"status_code": "0", "max_print_width": "040",
                       "protocol_version": "2.00"})


def item_information(item: str = ITEM) -> Message:
    return make("17", {"transaction_date": format_date(NOW)}, [("AO", "DEMO"), ("AB", item)])


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator(clock=lambda: NOW) as simulator:
        yield simulator


@pytest.fixture
def wires(sim: IlsSimulator) -> Iterator[list[Wire]]:
    made: list[Wire] = []
    yield made
    for wire in made:
        wire.close()


@pytest.fixture
def wire(sim: IlsSimulator, wires: list[Wire]) -> Wire:
    return connect(sim, wires)


def connect(sim: IlsSimulator, wires: list[Wire], framing: Framing | None = None) -> Wire:
    w = Wire(sim.address, framing)
    wires.append(w)
    w.login()
    return w


def wait_for(condition: object, what: str) -> None:
    """Poll ``condition()`` (bounded; the answer to "has it happened yet" is not timed)."""
    deadline = time.monotonic() + 10
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.01)


# -- slow --------------------------------------------------------------------------------
def test_slow_answers_are_processed_first_and_held_until_released(sim: IlsSimulator,
                                                                  wire: Wire) -> None:
    sim.slow(60)
    wire.send(checkout())
    wait_for(lambda: len(sim.ledger()) == 1, "the checkout is recorded")
    assert sim.ledger()[0].ok
    assert wire.nothing_within(0.2)                  # recorded, yet no answer
    sim.slow(0)                                       # releases the waiting answer
    answer = wire.receive()
    assert answer.code == "12"
    assert answer.fx("ok") == "1"


def test_clearing_the_faults_releases_a_slow_answer(sim: IlsSimulator, wire: Wire) -> None:
    sim.slow(60)
    wire.send(sc_status())
    assert wire.nothing_within(0.2)
    sim.clear_faults()
    assert wire.receive().code == "98"


# -- dropped connections -----------------------------------------------------------------
def test_drop_before_processing_leaves_no_trace(sim: IlsSimulator, wire: Wire,
                                                wires: list[Wire]) -> None:
    sim.drop_connection_before_processing()
    wire.send(checkout())
    assert wire.closed_by_peer()
    assert sim.requests_seen()[-1] == "11"            # it arrived ...
    assert sim.ledger() == []                         # ... and never happened
    assert ITEM not in sim.collection.loans
    again = connect(sim, wires).request(checkout())
    assert again.fx("ok") == "1"
    assert again.fx("renewal_ok") == "N"              # a first loan, not a renewal


def test_drop_after_processing_keeps_the_loan(sim: IlsSimulator, wire: Wire,
                                              wires: list[Wire]) -> None:
    sim.drop_connection_after_processing()
    wire.send(checkout())
    assert wire.closed_by_peer()
    [entry] = sim.ledger()
    assert (entry.kind, entry.card, entry.item, entry.result) == (
        "checkout", DEMO.good_card, ITEM, "ok")
    other = connect(sim, wires)
    info = other.request(item_information())
    assert info.fx("circulation_status") == "04"
    assert info.get("AA") == DEMO.good_card
    assert other.request(checkout()).fx("renewal_ok") == "Y"   # re-sending is a renewal


def test_drop_counts_apply_to_the_next_requests_only(sim: IlsSimulator,
                                                     wires: list[Wire]) -> None:
    sim.drop_connection_before_processing(2)
    for _ in range(2):
        w = Wire(sim.address)
        wires.append(w)
        w.send(make("93", {"uid_algorithm": "0", "pwd_algorithm": "0"},
                    [("CN", DEMO.sip_user), ("CO", DEMO.sip_password)]))
        assert w.closed_by_peer()
    assert sim.faults().drop_before == 0
    assert connect(sim, wires).request(sc_status()).code == "98"


# -- spoilt answers ----------------------------------------------------------------------
def test_garbage_instead_of_the_answer(sim: IlsSimulator, wire: Wire) -> None:
    sim.garbage_next_answer()
    wire.send(checkout())
    line = wire.raw_line()
    assert line.endswith(b"\r")
    assert b"\r" not in line[:-1]
    with pytest.raises(Sip2Error):
        decode(line[:-1])
    assert [e.kind for e in sim.ledger()] == ["checkout"]      # it was processed
    resent = wire.request(make("97"))
    assert resent.code == "12"
    assert resent.fx("ok") == "1"


def test_a_malformed_line_passes_the_checksum_and_fails_to_parse(sim: IlsSimulator,
                                                                 wire: Wire) -> None:
    sim.garbage_next_answer(malformed=True)
    wire.send(checkout())
    line = wire.raw_line()
    assert line.startswith(b"12")
    with pytest.raises(MalformedMessage):
        decode(line[:-1])                             # verified: no ChecksumError
    assert wire.request(make("97")).get("AB") == ITEM


def test_a_corrupt_answer_fails_its_checksum(sim: IlsSimulator, wire: Wire) -> None:
    sim.corrupt_next_answer()
    wire.send(sc_status())
    with pytest.raises(ChecksumError):
        decode(wire.raw_line()[:-1])
    assert wire.request(make("97")).code == "98"


def test_a_dropped_answer_is_still_there_for_97(sim: IlsSimulator, wire: Wire) -> None:
    sim.drop_next_answer()
    wire.send(checkout())
    assert wire.nothing_within(0.3)
    assert wire.request(make("97")).fx("ok") == "1"
    assert len(sim.ledger()) == 1


def test_answer_faults_are_spent_in_the_order_given(sim: IlsSimulator, wire: Wire) -> None:
    sim.corrupt_next_answer()
    sim.garbage_next_answer(malformed=True)
    assert sim.faults().answer_faults == (AnswerFault.CORRUPT, AnswerFault.MALFORMED)
    wire.send(sc_status())
    with pytest.raises(ChecksumError):
        decode(wire.raw_line()[:-1])
    wire.send(sc_status())
    with pytest.raises(MalformedMessage):
        decode(wire.raw_line()[:-1])
    assert wire.request(sc_status()).code == "98"


# -- offline and refused -----------------------------------------------------------------
def test_offline_is_a_black_hole(sim: IlsSimulator, wire: Wire) -> None:
    sim.set_offline()
    wire.send(checkout())
    assert wire.nothing_within(0.3)
    assert sim.ledger() == []
    sim.set_offline(False)
    assert wire.request(checkout()).fx("ok") == "1"   # the discarded request never happened


def test_refusing_connections_keeps_the_state_and_the_port(sim: IlsSimulator, wire: Wire,
                                                           wires: list[Wire]) -> None:
    assert wire.request(checkout()).fx("ok") == "1"
    port = sim.port
    sim.refuse_connections()
    assert not sim.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(sim.address, timeout=2).close()
    assert wire.request(sc_status()).code == "98"     # an open connection is still served
    sim.refuse_connections(False)
    assert sim.port == port
    info = connect(sim, wires).request(item_information())
    assert info.get("AA") == DEMO.good_card           # the loan made before is remembered


def test_refusing_can_drop_the_open_connections_too(sim: IlsSimulator, wire: Wire) -> None:
    sim.refuse_connections(drop_clients=True)
    assert wire.closed_by_peer()
    sim.clear_faults()
    assert sim.running


def test_clear_faults_leaves_a_healthy_ils(sim: IlsSimulator, wires: list[Wire]) -> None:
    sim.set_offline()
    sim.slow(30)
    sim.drop_connection_before_processing(3)
    sim.drop_connection_after_processing(3)
    sim.drop_next_answer(2)
    sim.corrupt_next_answer()
    sim.garbage_next_answer(4)
    sim.refuse_connections()
    sim.clear_faults()
    state = sim.faults()
    assert not state.offline
    assert state.slow_seconds == 0
    assert (state.drop_before, state.drop_after, state.answer_faults) == (0, 0, ())
    assert connect(sim, wires).request(checkout()).fx("ok") == "1"


def test_fault_switches_are_thread_safe(sim: IlsSimulator) -> None:
    barrier = threading.Barrier(8)

    def flip() -> None:
        barrier.wait()
        for _ in range(250):
            sim.drop_connection_after_processing()
            sim.corrupt_next_answer()

    threads = [threading.Thread(target=flip) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    state = sim.faults()
    assert state.drop_after == 2000
    assert len(state.answer_faults) == 2000


# -- ACS status flags --------------------------------------------------------------------
def test_98_reflects_the_acs_switches(sim: IlsSimulator, wire: Wire) -> None:
    status = wire.request(sc_status())
    assert [status.fx(f) for f in ("online_status", "checkin_ok", "checkout_ok")] == [
        "Y", "Y", "Y"]
    sim.set_acs_status(checkout_ok=False)
    status = wire.request(sc_status())
    assert (status.fx("online_status"), status.fx("checkout_ok")) == ("Y", "N")
    refused = wire.request(checkout())
    assert refused.fx("ok") == "0"
    assert "カウンター" in (refused.get("AF") or "")
    sim.set_acs_status(checkout_ok=True, online=False)
    assert wire.request(sc_status()).fx("online_status") == "N"
    assert wire.request(checkout()).fx("ok") == "0"
    sim.set_acs_status(online=True, checkin_ok=False)
    assert wire.request(sc_status()).fx("checkin_ok") == "N"
    assert wire.request(checkout()).fx("ok") == "1"
    assert wire.request(checkin()).fx("ok") == "0"
    sim.clear_faults()                               # flags are configuration, not faults
    assert wire.request(sc_status()).fx("checkin_ok") == "N"
    assert [(e.kind, e.result, e.reason) for e in sim.ledger()] == [
        ("checkout", "refused", "acs_unavailable:checkout"),
        ("checkout", "refused", "acs_unavailable:offline"),
        ("checkout", "ok", ""),
        ("checkin", "refused", "acs_unavailable:checkin")]
    with pytest.raises(TypeError):
        sim.set_acs_status(coffee_ok=True)


# -- framing -----------------------------------------------------------------------------
def test_without_error_detection_nothing_is_sent_or_required(wires: list[Wire]) -> None:
    plain = Framing(error_detection=False)
    with IlsSimulator(framing=plain, clock=lambda: NOW) as sim:
        w = Wire(sim.address, plain)
        wires.append(w)
        w.send(make("93", {"uid_algorithm": "0", "pwd_algorithm": "0"},
                    [("CN", DEMO.sip_user), ("CO", DEMO.sip_password)]))
        assert w.raw_line() == b"941\r"
        w.send(checkout())
        line = w.raw_line()
        assert line.startswith(b"121NNY")
        assert b"AY" not in line
        assert b"AZ" not in line


def test_with_error_detection_a_request_without_a_trailer_is_still_answered(
        sim: IlsSimulator, wires: list[Wire]) -> None:
    w = Wire(sim.address, Framing(error_detection=False))
    wires.append(w)
    w.login()
    w.send(sc_status())
    answer = w.raw_line()
    assert answer.startswith(b"98")
    assert b"AY0AZ" in answer                        # answered with error detection


@pytest.mark.parametrize("terminator", [b"\r", b"\r\n"])
def test_the_terminator_is_configurable(terminator: bytes, wires: list[Wire]) -> None:
    framing = Framing(terminator=terminator, encoding="cp932")
    with IlsSimulator(framing=framing, clock=lambda: NOW) as sim:
        w = connect(sim, wires, framing)
        answer = w.request(checkout(item=DEMO.lendable_items[1]))
        assert answer.get("AJ") == "くいしんぼうのあおむし"
        w.send(sc_status())
        assert w.raw_line().startswith(b"98")
        if terminator == b"\r\n":
            assert w.sock.recv(1) == b"\n"
        else:
            assert w.nothing_within(0.1)              # CR alone, no LF after it


# -- helpers and the command-line spelling -----------------------------------------------
def test_malformed_and_spoilt_lines() -> None:
    line = malformed("12", 3, terminator=b"\r")
    assert line.startswith(b"12AY3AZ")
    with pytest.raises(MalformedMessage):
        decode(line[:-1])
    assert malformed("94", None, terminator=b"\r\n") == b"94\r\n"
    good = b"98YYYNYN050003AY1AZABCD\r"
    assert spoil_checksum(good, b"\r") == b"98YYYNYN050003AY1AZABC0\r"


@pytest.mark.parametrize(("text", "expected"), [
    ("slow=2.5", ("slow", 2.5)), ("drop-before=3", ("drop-before", 3.0)),
    ("drop_after", ("drop-after", 1.0)), ("garbage=2", ("garbage", 2.0)),
    ("offline", ("offline", 1.0)), ("REFUSE", ("refuse", 1.0)),
])
def test_fault_spellings(text: str, expected: tuple[str, float]) -> None:
    assert parse_fault(text) == expected


@pytest.mark.parametrize("text", ["slower=1", "slow=fast", "corrupt=-1", "offline=2"])
def test_bad_fault_spellings(text: str) -> None:
    with pytest.raises(ValueError, match=r"fault|takes no value"):
        parse_fault(text)
