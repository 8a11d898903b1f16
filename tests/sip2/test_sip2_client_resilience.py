"""Sip2Client when things go wrong: dropped connections, silence, damage, idle links.

Real sockets throughout: the ILS simulator, and where a fault lives in the network rather than
the ILS, the loopback relay of tests/rigs/tcp_relay.py. Time-outs only bound waits; nothing
asserts on how long anything took. Idle time comes from a clock the test moves. Every test runs
against the lenient simulator and against a strict one (which closes the connection on a
request that departs from SIP2 2.00, and must have refused nothing).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from sync.ils_sim.collection import DEMO, TOKYO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import (
    Exchange,
    Sip2Client,
    Sip2Refused,
    Sip2SetupError,
    Sip2Unavailable,
    read_password,
)
from sync.sip2.codec import encode, format_date, make, parse_date
from tests.rigs.tcp_relay import TcpRelay

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
USER, PASSWORD = DEMO.sip_user, DEMO.sip_password
BOOK = DEMO.lendable_items[0]


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def spoil_checksum(request: bytes) -> bytes:
    """The last checksum digit of a request (before its CR), changed."""
    digit = b"1" if request[-2:-1] == b"0" else b"0"
    return request[:-2] + digit + request[-1:]


@pytest.fixture(params=[False, True], ids=["lenient", "strict"])
def sim(request: pytest.FixtureRequest) -> Iterator[IlsSimulator]:
    with IlsSimulator(clock=lambda: NOW, strict=bool(request.param)) as simulator:
        yield simulator
        assert simulator.refused_requests() == []


ClientFactory = Callable[..., Sip2Client]


@pytest.fixture
def connect(sim: IlsSimulator, clients: ClientFactory) -> ClientFactory:
    """Clients of ``sim`` (or of the address given) on a clock the test moves
    (tests/sip2/conftest.py)."""
    def factory(address: tuple[str, int] | None = None, *, monotonic: Ticks | None = None,
                **settings: object) -> Sip2Client:
        return clients(address or sim.address, monotonic=monotonic or Ticks(), **settings)
    return factory


@pytest.fixture
def proxy(sim: IlsSimulator) -> Iterator[TcpRelay]:
    with TcpRelay(sim.address) as relay:
        yield relay


def on_loan_to(sim: IlsSimulator, item: str) -> list[str]:
    return [loan.card for loan in sim.loans() if loan.item == item]


# -- starting ----------------------------------------------------------------------------
def test_connect_logs_in_and_asks_sc_status_once(connect: ClientFactory,
                                                 sim: IlsSimulator) -> None:
    client = connect()
    status = client.sc_status()              # connects: the 98 of the connect is the answer
    assert status.online
    assert client.acs_status == status
    assert sim.requests_seen() == ["93", "99"]
    client.sc_status()                       # connected: asked again
    assert sim.requests_seen() == ["93", "99", "99"]


def test_the_acs_timeout_and_retries_only_tighten_the_settings(connect: ClientFactory,
                                                               sim: IlsSimulator) -> None:
    sim.set_acs_status(timeout_period="020", retries_allowed="000")
    client = connect(timeout=5.0, retries=1)
    client.connect()
    assert client.timeout == 2.0             # 20 tenths of a second
    assert client.retries == 0
    patient = connect(timeout=0.5)
    patient.connect()
    assert patient.timeout == 0.5            # the kiosk's own, shorter, wait stands
    sim.set_acs_status(timeout_period="002", retries_allowed="999")
    hasty = connect(timeout=5.0, retries=1)
    hasty.connect()
    assert hasty.timeout == 1.0              # 0.2 s is not taken at its word
    assert hasty.retries == 1                # 999: unknown
    sim.set_acs_status(timeout_period="000")
    never = connect(timeout=3.0)
    never.connect()
    assert never.timeout == 3.0              # 000: the ACS sets no limit


def test_the_password_comes_from_a_file_or_the_systemd_credential(
        connect: ClientFactory, sim: IlsSimulator, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "sip2-password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    from_file = connect(password="", password_file=str(secret))
    assert from_file.patron_information(DEMO.good_card).valid
    assert PASSWORD not in repr(from_file.settings)

    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    from_credential = connect(password="")
    assert from_credential.patron_information(DEMO.good_card).valid
    assert read_password(None) == PASSWORD

    missing = connect(password="", password_file=str(tmp_path / "nope"))
    with pytest.raises(Sip2SetupError, match="nope"):
        missing.sc_status()
    assert not missing.connected


def test_no_secret_and_no_full_card_reaches_the_log(connect: ClientFactory, sim: IlsSimulator,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="sync.sip2")
    client = connect(timeout=0.3)
    client.patron_information(DEMO.good_card, pin=DEMO.good_pin)
    sim.drop_connection_before_processing()
    client.patron_information(DEMO.good_card, pin=DEMO.good_pin)
    sim.set_offline(True)
    with pytest.raises(Sip2Unavailable):
        client.checkout(DEMO.good_card, BOOK, pin=DEMO.good_pin)
    assert "reconnecting" in caplog.text     # something was logged
    assert PASSWORD not in caplog.text
    assert DEMO.good_card not in caplog.text
    assert DEMO.good_pin not in caplog.text


# -- keep-alive --------------------------------------------------------------------------
def test_keep_alive_sends_sc_status_only_after_the_idle_time(connect: ClientFactory,
                                                             sim: IlsSimulator) -> None:
    ticks = Ticks()
    client = connect(monotonic=ticks, keepalive_seconds=120)
    assert client.keep_alive() is None       # not connected: nothing to keep alive
    assert sim.requests_seen() == []
    client.connect()
    ticks.now += 119
    assert client.keep_alive() is None
    assert sim.requests_seen() == ["93", "99"]
    ticks.now += 1
    status = client.keep_alive()
    assert status is not None
    assert status.online
    assert sim.requests_seen() == ["93", "99", "99"]
    assert client.idle_seconds() == 0
    assert client.keep_alive() is None       # just used


def test_keep_alive_notices_a_dropped_connection_and_reconnects(connect: ClientFactory,
                                                                sim: IlsSimulator) -> None:
    ticks = Ticks()
    client = connect(monotonic=ticks, keepalive_seconds=60)
    client.connect()
    sim.stop()
    sim.start()
    ticks.now += 60
    assert client.keep_alive() is not None
    assert sim.requests_seen().count("93") == 2


def test_a_checkout_after_a_long_idle_is_preceded_by_sc_status(connect: ClientFactory,
                                                              sim: IlsSimulator) -> None:
    ticks = Ticks()
    client = connect(monotonic=ticks, keepalive_seconds=60)
    client.checkout(DEMO.good_card, BOOK)
    assert sim.requests_seen()[-1] == "11"
    ticks.now += 59
    client.checkout(DEMO.good_card, DEMO.lendable_items[1])
    assert sim.requests_seen()[-2:] == ["11", "11"]      # used recently: straight on
    ticks.now += 60
    client.checkout(DEMO.good_card, DEMO.lendable_items[2])
    assert sim.requests_seen()[-2:] == ["99", "11"]


def test_an_idle_link_that_went_silent_is_found_before_the_checkout(
        connect: ClientFactory, sim: IlsSimulator, proxy: TcpRelay) -> None:
    ticks = Ticks()
    client = connect(proxy.address, monotonic=ticks, keepalive_seconds=60, timeout=0.3)
    client.connect()
    ticks.now += 60
    proxy.black_hole = True
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    assert not caught.value.maybe_delivered            # the SC status failed, not the 11
    assert "11" not in sim.requests_seen()


# -- reconnecting ------------------------------------------------------------------------
def test_a_restarted_ils_is_reconnected_and_logged_in_again(connect: ClientFactory,
                                                            sim: IlsSimulator) -> None:
    client = connect()
    client.sc_status()
    sim.stop()
    sim.start()
    assert client.patron_information(DEMO.good_card).valid
    assert sim.requests_seen() == ["93", "99", "93", "99", "63"]


def test_a_checkout_on_a_connection_the_ils_closed_goes_out_once_on_a_new_one(
        connect: ClientFactory, sim: IlsSimulator) -> None:
    client = connect()
    client.sc_status()
    sim.stop()
    sim.start()
    answer = client.checkout(DEMO.good_card, BOOK)
    assert answer.ok
    assert not answer.renewal
    assert sim.requests_seen().count("11") == 1
    assert on_loan_to(sim, BOOK) == [DEMO.good_card]


def test_a_question_cut_off_mid_way_is_asked_again(connect: ClientFactory,
                                                   sim: IlsSimulator) -> None:
    client = connect()
    client.sc_status()
    sim.drop_connection_before_processing()
    assert client.patron_information(DEMO.good_card).name == DEMO.good_name
    assert sim.requests_seen()[-4:] == ["63", "93", "99", "63"]
    sim.drop_connection_after_processing()
    info = client.item_information(DEMO.on_loan_item)
    assert info.on_loan
    assert sim.requests_seen()[-4:] == ["17", "93", "99", "17"]


def test_only_one_retry(connect: ClientFactory, sim: IlsSimulator) -> None:
    client = connect()
    client.sc_status()
    sim.drop_connection_before_processing(1)
    sim.drop_connection_after_processing(1)       # the retry's 93 is dropped too
    with pytest.raises(Sip2Unavailable):
        client.patron_information(DEMO.good_card)
    assert sim.requests_seen()[-2:] == ["63", "93"]


def test_a_checkout_cut_off_after_processing_is_in_doubt_and_not_resent(
        connect: ClientFactory, sim: IlsSimulator) -> None:
    client = connect()
    client.sc_status()
    sim.drop_connection_after_processing()
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    assert caught.value.maybe_delivered
    assert sim.requests_seen().count("11") == 1
    assert not client.connected
    assert on_loan_to(sim, BOOK) == [DEMO.good_card]      # it did happen
    # what the journal will ask before sending it again
    info = client.item_information(BOOK)
    assert info.on_loan
    assert info.patron == DEMO.good_card


def test_a_checkout_cut_off_before_processing_is_still_in_doubt(connect: ClientFactory,
                                                                sim: IlsSimulator) -> None:
    client = connect()
    client.sc_status()
    sim.drop_connection_before_processing()
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    assert caught.value.maybe_delivered           # the kiosk cannot tell the two apart
    assert sim.requests_seen().count("11") == 1
    assert on_loan_to(sim, BOOK) == []


@pytest.mark.parametrize("send", [
    lambda c: c.checkin(DEMO.on_loan_item),
    lambda c: c.renew(DEMO.other_good_card, DEMO.on_loan_item),
])
def test_checkin_and_renew_are_never_sent_twice_either(
        connect: ClientFactory, sim: IlsSimulator, send: Callable[[Sip2Client], object]
) -> None:
    client = connect()
    client.sc_status()
    before = len(sim.requests_seen())
    sim.drop_connection_after_processing()
    with pytest.raises(Sip2Unavailable) as caught:
        send(client)
    assert caught.value.maybe_delivered
    assert len(sim.requests_seen()) == before + 1


def test_an_unreachable_ils_means_nothing_was_delivered(connect: ClientFactory,
                                                        sim: IlsSimulator) -> None:
    client = connect()
    sim.refuse_connections()
    with pytest.raises(Sip2Unavailable, match=f"cannot connect to 127.0.0.1:{sim.port}") as c:
        client.checkout(DEMO.good_card, BOOK)
    assert not c.value.maybe_delivered
    sim.refuse_connections(False)
    assert client.checkout(DEMO.good_card, BOOK).ok


def test_a_forgotten_login_is_renewed_for_a_question(connect: ClientFactory, sim: IlsSimulator,
                                                     proxy: TcpRelay) -> None:
    client = connect(proxy.address)
    client.sc_status()
    proxy.reconnect_upstream()               # the ILS sees a new, not logged-in, connection
    assert client.patron_information(DEMO.good_card).valid
    assert sim.requests_seen()[-4:] == ["63", "93", "99", "63"]


def test_a_forgotten_login_under_a_checkout_is_a_refusal_not_a_resend(
        connect: ClientFactory, sim: IlsSimulator, proxy: TcpRelay) -> None:
    client = connect(proxy.address)
    client.sc_status()
    proxy.reconnect_upstream()
    with pytest.raises(Sip2Refused, match="940"):
        client.checkout(DEMO.good_card, BOOK)
    assert sim.requests_seen().count("11") == 1
    assert on_loan_to(sim, BOOK) == []            # 940: the ILS did not act on it
    assert client.checkout(DEMO.good_card, BOOK).ok   # the next request logs in afresh


STRAY = make("98", {"online_status": "N", "checkin_ok": "N", "checkout_ok": "N",
                    "acs_renewal_policy": "N", "status_update_ok": "N", "offline_ok": "N",
                    "timeout_period": "050", "retries_allowed": "003",
                    "date_time_sync": format_date(NOW), "protocol_version": "2.00"},
             [("AO", "STALE")])


def test_an_answer_out_of_turn_is_not_taken_for_the_answer(
        connect: ClientFactory, sim: IlsSimulator, proxy: TcpRelay,
        caplog: pytest.LogCaptureFixture) -> None:
    client = connect(proxy.address)
    client.sc_status()                       # 93 and 99 used sequence numbers 0 and 1
    proxy.inject(encode(STRAY, sequence=7), on_next_up=True)
    answer = client.checkout(DEMO.good_card, BOOK)
    assert answer.ok
    assert "out of turn" in caplog.text
    assert sim.requests_seen().count("11") == 1
    assert proxy.accepted == 1


def test_bytes_nobody_asked_for_are_not_taken_for_the_answer(
        connect: ClientFactory, sim: IlsSimulator, proxy: TcpRelay) -> None:
    client = connect(proxy.address)
    client.sc_status()
    proxy.inject(encode(STRAY, sequence=7))
    # Whether they are noticed before the checkout is written (a new connection) or read
    # after it (out of turn: ignored), the checkout's own answer is the one used.
    answer = client.checkout(DEMO.good_card, BOOK)
    assert answer.ok
    assert sim.requests_seen().count("11") == 1


# -- silence and damage ------------------------------------------------------------------
def test_silence_is_a_timeout_without_retry(connect: ClientFactory, sim: IlsSimulator,
                                            proxy: TcpRelay) -> None:
    client = connect(proxy.address, timeout=0.3)
    client.sc_status()
    proxy.black_hole = True
    with pytest.raises(Sip2Unavailable, match="no answer") as question:
        client.patron_information(DEMO.good_card)
    assert not question.value.maybe_delivered
    assert proxy.accepted == 1                   # no second attempt
    assert not client.connected
    with pytest.raises(Sip2Unavailable) as loan:
        client.checkout(DEMO.good_card, BOOK)
    # the new connection's login went unanswered: the checkout was never written
    assert not loan.value.maybe_delivered
    proxy.black_hole = False
    assert client.patron_information(DEMO.good_card).valid


def test_a_checkout_met_by_silence_is_in_doubt(connect: ClientFactory, sim: IlsSimulator,
                                               proxy: TcpRelay) -> None:
    client = connect(proxy.address, timeout=0.3)
    client.sc_status()
    proxy.black_hole = True
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    assert caught.value.maybe_delivered
    assert not client.connected                  # a late answer can never be misread


def test_a_slow_ils_gets_the_checkout_done_while_the_kiosk_gives_up(
        connect: ClientFactory, sim: IlsSimulator) -> None:
    client = connect(timeout=0.3)
    client.sc_status()
    sim.slow(1.0)
    with pytest.raises(Sip2Unavailable) as caught:
        client.checkout(DEMO.good_card, BOOK)
    assert caught.value.maybe_delivered
    sim.slow(0)
    assert client.item_information(BOOK).patron == DEMO.good_card


@pytest.mark.parametrize("spoil", ["corrupt", "garbage", "malformed"])
def test_a_spoilt_answer_is_asked_for_again_not_redone(connect: ClientFactory,
                                                       sim: IlsSimulator, spoil: str) -> None:
    client = connect()
    client.sc_status()
    if spoil == "corrupt":
        sim.corrupt_next_answer()
    else:
        sim.garbage_next_answer(malformed=spoil == "malformed")
    answer = client.checkout(DEMO.good_card, BOOK)
    assert answer.ok
    assert not answer.renewal
    assert sim.requests_seen()[-2:] == ["11", "97"]


def test_answers_spoilt_every_time_give_up_in_doubt(connect: ClientFactory,
                                                    sim: IlsSimulator) -> None:
    client = connect(resend_tries=3)
    client.sc_status()
    sim.corrupt_next_answer(3)
    with pytest.raises(Sip2Unavailable, match="no usable answer") as caught:
        client.checkout(DEMO.good_card, BOOK)
    assert caught.value.maybe_delivered
    assert sim.requests_seen()[-3:] == ["11", "97", "97"]


def test_a_request_the_ils_could_not_read_is_sent_again(connect: ClientFactory,
                                                        sim: IlsSimulator,
                                                        proxy: TcpRelay) -> None:
    client = connect(proxy.address)
    client.sc_status()
    proxy.alter("up", spoil_checksum)
    answer = client.checkout(DEMO.good_card, BOOK)
    assert answer.ok
    assert sim.requests_seen()[-2:] == ["??", "11"]   # 96 for the damaged one, then the real
    assert on_loan_to(sim, BOOK) == [DEMO.good_card]


def test_a_96_after_a_97_gets_the_97_again_never_the_checkout(
        connect: ClientFactory, sim: IlsSimulator, proxy: TcpRelay) -> None:
    client = connect(proxy.address)
    client.sc_status()
    sim.corrupt_next_answer()        # the 12 arrives damaged: the client asks with 97 ...
    proxy.alter("up", spoil_checksum, nth=2)   # ... which arrives damaged: the ILS answers 96
    answer = client.checkout(DEMO.good_card, BOOK)
    assert answer.ok
    assert not answer.renewal
    assert sim.requests_seen()[-3:] == ["11", "??", "97"]
    assert sim.requests_seen().count("11") == 1
    assert on_loan_to(sim, BOOK) == [DEMO.good_card]


# -- the observer and threads ------------------------------------------------------------
def test_the_observer_sees_every_exchange_as_bytes(connect: ClientFactory,
                                                   sim: IlsSimulator) -> None:
    seen: list[Exchange] = []
    client = connect(observer=seen.append)
    client.patron_information(DEMO.good_card, pin=DEMO.good_pin)
    assert [e.request.code for e in seen] == ["93", "99", "63"]
    assert seen[0].sent.startswith(b"9300CN" + USER.encode())
    assert seen[0].received.startswith(b"941")
    assert seen[2].answer is not None
    assert seen[2].answer.code == "64"
    assert all(e.error is None for e in seen)
    sim.set_offline(True)
    client.close()
    with pytest.raises(Sip2Unavailable):
        connect(observer=seen.append, timeout=0.3).sc_status()
    assert seen[-1].request.code == "93"
    assert seen[-1].answer is None
    assert seen[-1].error is not None
    assert "no answer" in seen[-1].error


def test_loans_on_a_connection_in_use_are_observed_like_any_exchange(
        connect: ClientFactory, sim: IlsSimulator, proxy: TcpRelay) -> None:
    """A checkout on a connection in use reaches the observer whole: its bytes, its time and
    its answer; so does one whose answer came after an answer out of turn, with every byte
    received."""
    seen: list[Exchange] = []
    client = connect(proxy.address, observer=seen.append)
    client.sc_status()
    lent = client.checkout(DEMO.good_card, BOOK)
    assert lent.ok
    exchange = seen[-1]
    assert exchange.request.code == "11"
    assert exchange.error is None
    assert exchange.answer is exchange.reply
    assert exchange.received.startswith(b"121")
    assert exchange.answer is not None
    assert exchange.answer.code == "12"
    assert exchange.answer.get("AB") == BOOK == lent.item_id
    assert exchange.seconds >= 0
    renewed = client.renew(DEMO.good_card, BOOK)
    assert seen[-1].request.code == "29"
    assert seen[-1].answer is not None
    assert seen[-1].answer.code == "30"
    assert renewed.due == parse_date(seen[-1].answer.get("AH"))
    proxy.inject(encode(STRAY, sequence=7), on_next_up=True)
    other = DEMO.lendable_items[1]
    assert client.checkout(DEMO.good_card, other).ok
    assert seen[-1].received.startswith(b"98N")           # the stray, then the answer
    assert seen[-1].answer is not None
    assert seen[-1].answer.get("AB") == other
    assert sim.requests_seen().count("11") == 2


def test_threads_sharing_a_client_take_turns(connect: ClientFactory, sim: IlsSimulator) -> None:
    client = connect()
    errors: list[BaseException] = []
    names: list[str] = []

    def ask() -> None:
        try:
            for _ in range(20):
                names.append(client.patron_information(DEMO.good_card).name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert names == [DEMO.good_name] * 80
    assert sim.requests_seen().count("93") == 1     # one connection, shared
