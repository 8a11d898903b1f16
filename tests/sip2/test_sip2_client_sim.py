"""Sip2Client against the ILS simulator over real loopback sockets: no mocks.

Every test runs twice: against the lenient simulator and against a strict one
(``IlsSimulator(strict=True)``, ``kiosk ils-sim serve --strict``), which closes the
connection on any request that departs from SIP2 2.00; a strict run also fails if the
simulator refused anything the test sent."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sync.ils_sim.collection import DEMO, TOKYO, demo_collection, end_of_day
from sync.ils_sim.server import IlsSimulator, mask_card
from sync.sip2.client import Sip2Client, Sip2Refused, Sip2Settings, Sip2Unavailable
from sync.sip2.codec import Message, decode, encode, format_date, make
from sync.sip2.connection import Framing

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = DEMO.sip_user, DEMO.sip_password


@pytest.fixture(params=[False, True], ids=["lenient", "strict"])
def strict(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@contextmanager
def simulator(strict: bool, **options: Any) -> Iterator[IlsSimulator]:
    """An IlsSimulator (now is NOW), strict or not; a strict one must have refused nothing."""
    with IlsSimulator(clock=lambda: NOW, strict=strict, **options) as made:
        yield made
        assert made.refused_requests() == []


@pytest.fixture
def sim(strict: bool) -> Iterator[IlsSimulator]:
    with simulator(strict) as made:
        yield made


ClientFactory = Callable[..., Sip2Client]


@pytest.fixture
def connect(sim: IlsSimulator, clients: ClientFactory) -> ClientFactory:
    """Clients of ``sim`` (or of the simulator given), from tests/sip2/conftest.py."""
    return lambda simulator=None, **settings: clients((simulator or sim).address, **settings)


@pytest.fixture
def client(connect: ClientFactory) -> Sip2Client:
    return connect()


def request(client: Sip2Client, code: str, fixed: dict[str, str],
            fields: list[tuple[str, str | None]]) -> Message:
    return client.request(make(code, fixed, fields))


def item_information(client: Sip2Client, barcode: str) -> Message:
    return request(client, "17", {"transaction_date": format_date(NOW)},
                   [("AO", "DEMO"), ("AB", barcode)])


def days(n: int) -> datetime:
    return end_of_day(NOW.date() + timedelta(days=n)).replace(tzinfo=None)


# -- login and status --------------------------------------------------------------------
def test_login_and_sc_status(client: Sip2Client) -> None:
    status = client.sc_status()
    assert status.online
    assert status.checkout_ok
    assert status.institution == "DEMO"
    assert status.timeout_seconds == 5.0
    assert status.supported[:3] == "YYY"          # patron status, checkout, checkin
    assert status.supported[14] == "Y"            # renew (29) is supported
    assert client.connected


def test_a_wrong_password_is_refused(connect: ClientFactory) -> None:
    client = connect(password="guess")
    with pytest.raises(Sip2Refused):
        client.sc_status()
    assert not client.connected


def test_requests_before_login_get_940(connect: ClientFactory) -> None:
    client = connect(user="")                     # the client does not log in
    with pytest.raises(Sip2Refused, match="940"):
        client.patron_information(DEMO.good_card)
    assert not client.connected


def test_no_login_configured_means_none_needed(connect: ClientFactory, strict: bool) -> None:
    with simulator(strict, login=None) as open_sim:
        client = connect(open_sim, user="")
        assert client.patron_information(DEMO.good_card).name == DEMO.good_name


# -- patrons -----------------------------------------------------------------------------
def test_a_good_patron(client: Sip2Client) -> None:
    info = client.patron_information(DEMO.good_card)
    assert info.valid is True
    assert info.pin_valid is None                 # no PIN asked, none reported
    assert info.name == "山田 花子"
    assert info.may_borrow
    assert info.hold_count == 1
    assert info.charged_count == 0
    assert info.language == "014"                 # Japanese
    assert info.screen_message == ""
    assert client.patron_information(DEMO.good_card, pin=DEMO.good_pin).pin_valid is True
    wrong = client.patron_information(DEMO.good_card, pin="0000")
    assert wrong.pin_valid is False
    assert "パスワード" in wrong.screen_message


def test_a_lost_card(client: Sip2Client) -> None:
    info = client.patron_information(DEMO.blocked_card)
    assert info.valid is True
    assert not info.may_borrow
    assert info.status["card_reported_lost"]
    assert "カウンター" in info.screen_message


def test_long_overdue_and_limit(client: Sip2Client) -> None:
    overdue = client.patron_information(DEMO.long_overdue_card)
    assert not overdue.may_borrow
    assert overdue.status["too_many_items_overdue"]
    assert overdue.overdue_count >= 1
    full = client.patron_information(DEMO.limit_card)
    assert full.may_borrow                        # AV is still allowed
    assert full.status["too_many_items_charged"]
    assert full.charged_count == 10


def test_an_unknown_card(client: Sip2Client) -> None:
    info = client.patron_information(DEMO.unknown_card)
    assert info.valid is False
    assert not info.may_borrow
    assert info.name == ""
    assert "登録されていません" in info.screen_message


def test_english_messages_for_an_english_speaking_patron(client: Sip2Client) -> None:
    info = client.patron_information(DEMO.english_card)
    assert info.language == "001"
    answer = client.checkout(DEMO.english_card, DEMO.not_for_loan_item)
    assert not answer.ok
    assert "library only" in answer.screen_message


def test_the_wide_area_user_may_borrow_but_not_reserve(client: Sip2Client) -> None:
    info = client.patron_information(DEMO.wide_area_card)
    assert info.may_borrow
    assert info.status["hold_privileges_denied"]
    assert client.checkout(DEMO.wide_area_card, DEMO.lendable_items[0]).ok


def test_charged_items_are_listed_on_request(client: Sip2Client) -> None:
    answer = request(client, "63", {"language": "000", "transaction_date": format_date(NOW),
                                    "summary": "  Y       "},
                     [("AO", "DEMO"), ("AA", DEMO.limit_card)])
    assert len(answer.get_all("AU")) == 10
    assert answer.get("CB") == "0010"
    first_two = request(client, "63", {"language": "000", "transaction_date": format_date(NOW),
                                       "summary": "  Y       "},
                        [("AO", "DEMO"), ("AA", DEMO.limit_card), ("BP", "1"), ("BQ", "2")])
    assert first_two.get_all("AU") == answer.get_all("AU")[:2]
    holds = request(client, "63", {"language": "000", "transaction_date": format_date(NOW),
                                   "summary": "Y         "},
                    [("AO", "DEMO"), ("AA", DEMO.good_card)])
    assert holds.get_all("AS") == [DEMO.hold_pickup_item]
    assert holds.get_all("AU") == []


def test_patron_status_23(client: Sip2Client) -> None:
    answer = request(client, "23", {"language": "000", "transaction_date": format_date(NOW)},
                     [("AO", "DEMO"), ("AA", DEMO.blocked_card), ("AC", ""), ("AD", "")])
    assert answer.code == "24"
    assert answer.fx("patron_status")[0] == "Y"
    assert answer.fx("patron_status")[4] == "Y"
    assert answer.get("BL") == "Y"
    assert answer.get("CQ") == "Y"                # no PIN set: an empty one matches
    unknown = request(client, "23", {"language": "000", "transaction_date": format_date(NOW)},
                      [("AO", "DEMO"), ("AA", DEMO.unknown_card), ("AC", ""), ("AD", "")])
    assert unknown.get("BL") == "N"


# -- checkouts ---------------------------------------------------------------------------
def test_books_are_due_in_14_days_and_av_in_7(client: Sip2Client) -> None:
    book = client.checkout(DEMO.good_card, DEMO.lendable_items[0])
    assert book.ok
    assert not book.renewal
    assert book.title == "港町の小さな探偵事務所"
    assert book.due == days(14)
    assert book.due_text == "20250415    235959"
    assert book.media_type == "001"
    av = client.checkout(DEMO.good_card, DEMO.av_item)
    assert av.ok
    assert av.due == days(7)
    assert av.media_type == "006"
    assert client.patron_information(DEMO.good_card).charged_count == 2


def test_the_raw_checkout_answer(client: Sip2Client) -> None:
    answer = request(client, "11", {"sc_renewal_policy": "N", "no_block": "N",
                                    "transaction_date": format_date(NOW),
                                    "nb_due_date": format_date(NOW)},   # as the 3M guide
                     [("AO", "DEMO"), ("AA", DEMO.good_card), ("AB", DEMO.lendable_items[1]),
                      ("AC", "")])
    assert answer.code == "12"
    assert [answer.fx(f) for f in ("ok", "renewal_ok", "magnetic_media", "desensitize")] == [
        "1", "N", "N", "Y"]
    assert answer.fx("transaction_date") == "20250401    100000"
    assert answer.get("AO") == "DEMO"
    assert answer.get("AJ") == "くいしんぼうのあおむし"
    assert answer.get("AF") is None


@pytest.mark.parametrize(("card", "item", "words"), [
    (DEMO.good_card, DEMO.not_for_loan_item, "禁帯出"),
    (DEMO.good_card, DEMO.on_hold_item, "予約"),
    (DEMO.good_card, DEMO.on_loan_item, "貸出中"),
    (DEMO.good_card, DEMO.unknown_item, "登録されていません"),
    (DEMO.limit_card, DEMO.lendable_items[0], "10点"),
    (DEMO.blocked_card, DEMO.lendable_items[0], "紛失"),
    (DEMO.long_overdue_card, DEMO.lendable_items[0], "返却期限"),
    (DEMO.unknown_card, DEMO.lendable_items[0], "登録されていません"),
])
def test_refusals_say_why(client: Sip2Client, card: str, item: str, words: str) -> None:
    answer = client.checkout(card, item)
    assert not answer.ok
    assert answer.due is None
    assert not answer.renewal
    assert words in answer.screen_message


def test_a_wrong_pin_at_checkout(client: Sip2Client) -> None:
    assert not client.checkout(DEMO.good_card, DEMO.lendable_items[0], pin="0000").ok
    assert client.checkout(DEMO.good_card, DEMO.lendable_items[0], pin=DEMO.good_pin).ok


def test_the_av_limit_and_av_beyond_the_book_limit(client: Sip2Client) -> None:
    results = [client.checkout(DEMO.good_card, item).ok for item in DEMO.av_items]
    assert results == [True, True, True, False]
    assert client.checkout(DEMO.limit_card, DEMO.av_item).ok is False   # taken by good_card
    assert client.checkout(DEMO.limit_card, DEMO.av_items[3]).ok


def test_hold_pickup_fulfils_the_hold(client: Sip2Client) -> None:
    answer = client.checkout(DEMO.good_card, DEMO.hold_pickup_item)
    assert answer.ok
    assert answer.title == "おつきさまのさんぽ"
    assert client.patron_information(DEMO.good_card).hold_count == 0
    other = client.checkout(DEMO.other_good_card, DEMO.on_hold_item)
    assert other.ok


def test_a_second_checkout_by_the_same_patron_is_a_renewal(client: Sip2Client) -> None:
    answer = client.checkout(DEMO.other_good_card, DEMO.on_loan_item)
    assert answer.ok
    assert answer.renewal
    assert answer.due == days(14)
    again = client.checkout(DEMO.other_good_card, DEMO.on_loan_item)
    assert not again.ok
    assert "延長" in again.screen_message


def test_no_block_checkout_records_the_offline_loan(client: Sip2Client, sim: IlsSimulator
                                                   ) -> None:
    offline_at = NOW - timedelta(hours=30)
    nb_due = datetime(2025, 4, 13, 23, 59, 59)
    answer = client.checkout(DEMO.blocked_card, DEMO.lendable_items[2], no_block=True,
                             when=offline_at.replace(tzinfo=None), nb_due_date=nb_due)
    assert answer.ok
    assert answer.due == nb_due
    with sim.locked() as coll:
        loan = coll.loans[DEMO.lendable_items[2]]
        assert loan.card == DEMO.blocked_card
        assert loan.loaned_at == offline_at


def test_end_session(client: Sip2Client) -> None:
    assert client.end_patron_session(DEMO.good_card) is True
    assert client.end_patron_session(DEMO.unknown_card) is True


# -- item information and checkin --------------------------------------------------------
def test_item_information_names_the_borrower(client: Sip2Client) -> None:
    on_loan = item_information(client, DEMO.on_loan_item)
    assert on_loan.code == "18"
    assert on_loan.fx("circulation_status") == "04"
    assert on_loan.get("AA") == DEMO.other_good_card
    assert on_loan.get("AH") == format_date(end_of_day(NOW.date() + timedelta(days=5)))
    assert on_loan.get("AJ") == "銀色の時計と七月の約束"
    available = item_information(client, DEMO.lendable_items[0])
    assert available.fx("circulation_status") == "03"
    assert available.get("AA") is None
    assert available.get("AH") is None
    assert item_information(client, DEMO.on_hold_item).fx("circulation_status") == "08"
    assert item_information(client, DEMO.not_for_loan_item).get("AF") == "禁帯出"
    assert item_information(client, DEMO.unknown_item).fx("circulation_status") == "01"


def test_checkin(client: Sip2Client) -> None:
    def checkin(barcode: str) -> Message:
        return request(client, "09", {"no_block": "N", "transaction_date": format_date(NOW),
                                      "return_date": format_date(NOW)},
                       [("AP", "DEMO"), ("AO", "DEMO"), ("AB", barcode), ("AC", "")])

    returned = checkin(DEMO.on_loan_item)
    assert returned.code == "10"
    assert returned.fx("ok") == "1"
    assert returned.fx("alert") == "N"
    assert returned.get("AA") == DEMO.other_good_card
    assert item_information(client, DEMO.on_loan_item).fx("circulation_status") == "03"
    assert checkin(DEMO.on_loan_item).fx("ok") == "0"          # not on loan any more
    assert checkin(DEMO.unknown_item).fx("ok") == "0"
    assert client.checkout(DEMO.good_card, DEMO.on_loan_item).ok


# -- damage, resends and faults ----------------------------------------------------------
def test_a_damaged_answer_is_asked_again_not_redone(client: Sip2Client, sim: IlsSimulator
                                                    ) -> None:
    client.sc_status()
    sim.corrupt_next_answer()
    answer = client.checkout(DEMO.good_card, DEMO.lendable_items[0])
    assert answer.ok
    assert not answer.renewal
    seen = sim.requests_seen()
    assert seen[-2:] == ["11", "97"]
    assert seen.count("11") == 1


def test_a_damaged_request_is_answered_96(sim: IlsSimulator) -> None:
    good = encode(make("99", {"status_code": "0", "max_print_width": "040",
                              "protocol_version": "2.00"}), sequence=1)
    damaged = good.replace(b"2.00", b"2.01")
    with socket.create_connection(sim.address, timeout=2) as sock:
        sock.sendall(encode(make("93", {"uid_algorithm": "0", "pwd_algorithm": "0"},
                                 [("CN", USER), ("CO", PASSWORD)]), sequence=0))
        assert read_line(sock).startswith(b"941AY0AZ")
        sock.sendall(damaged)
        assert read_line(sock).startswith(b"96")
        sock.sendall(good)
        answer = decode(read_line(sock))
        assert answer.code == "98"
        assert answer.sequence == 1
        sock.sendall(encode(make("97"), sequence=2))
        assert decode(read_line(sock)) == answer          # the same answer again


def read_line(sock: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\r"):
        chunk = sock.recv(1)
        assert chunk, "connection closed"
        data += chunk
    return data


def test_a_lost_answer_leaves_the_loan_in_place(connect: ClientFactory, sim: IlsSimulator
                                                ) -> None:
    client = connect(timeout=0.5)
    client.sc_status()
    sim.drop_next_answer()
    with pytest.raises(Sip2Unavailable):
        client.checkout(DEMO.good_card, DEMO.lendable_items[0])
    # the replayer's question: did it reach the ILS? Item information says yes, and to whom.
    info = item_information(client, DEMO.lendable_items[0])
    assert info.fx("circulation_status") == "04"
    assert info.get("AA") == DEMO.good_card
    # sending it again would not be idempotent: the ILS takes it as a renewal
    assert client.checkout(DEMO.good_card, DEMO.lendable_items[0]).renewal


def test_offline_means_no_answer_then_back(connect: ClientFactory, sim: IlsSimulator) -> None:
    client = connect(timeout=0.5)
    client.sc_status()
    sim.set_offline(True)
    started = time.monotonic()
    with pytest.raises(Sip2Unavailable):
        client.patron_information(DEMO.good_card)
    assert time.monotonic() - started < 2.0
    with pytest.raises(Sip2Unavailable):
        connect(timeout=0.5).sc_status()               # a new connection fares no better
    sim.set_offline(False)
    assert client.patron_information(DEMO.good_card).valid   # reconnects and logs in again


def test_a_stopped_simulator_is_unavailable_then_comes_back(connect: ClientFactory,
                                                            sim: IlsSimulator) -> None:
    client = connect(timeout=0.5)
    client.sc_status()
    port = sim.port
    sim.stop()
    assert not sim.running
    with pytest.raises(Sip2Unavailable):
        client.patron_information(DEMO.good_card)
    with pytest.raises(Sip2Unavailable):
        connect(timeout=0.5).sc_status()
    assert sim.start() == port
    assert client.patron_information(DEMO.good_card).valid
    sim.stop()
    sim.stop()                                         # twice is fine


# -- encodings and framing ---------------------------------------------------------------
def test_cp932_on_both_sides(connect: ClientFactory, strict: bool) -> None:
    framing = Framing(encoding="cp932")
    with simulator(strict, framing=framing) as sjis_sim:
        client = connect(sjis_sim, framing=framing)
        assert client.patron_information(DEMO.good_card).name == "山田 花子"
        for item in (DEMO.lendable_items[1], DEMO.av_items[2], DEMO.english_item):
            answer = client.checkout(DEMO.good_card, item)
            assert answer.ok
            assert answer.title == sjis_sim.collection.items[item].title
        refused = client.checkout(DEMO.good_card, DEMO.not_for_loan_item)
        assert "禁帯出" in refused.screen_message


def test_mismatched_encodings_garble_but_do_not_break(connect: ClientFactory,
                                                     strict: bool) -> None:
    with simulator(strict, framing=Framing(encoding="cp932")) as sjis_sim:
        client = connect(sjis_sim)                     # the kiosk still says UTF-8
        answer = client.checkout(DEMO.good_card, DEMO.lendable_items[1])
        assert answer.ok
        assert answer.title != "くいしんぼうのあおむし"


def test_cp850_cannot_carry_japanese_so_the_simulator_says_so(connect: ClientFactory,
                                                              strict: bool) -> None:
    framing = Framing(encoding="cp850")
    with simulator(strict, framing=framing) as folio_like:
        client = connect(folio_like, framing=framing)
        answer = client.checkout(DEMO.good_card, DEMO.english_item)
        assert answer.title == "Rainy Day Robots"
        assert client.checkout(DEMO.good_card, DEMO.lendable_items[0]).title.strip("?") == ""


def test_crlf_on_both_sides(connect: ClientFactory, strict: bool) -> None:
    framing = Framing(terminator=b"\r\n")
    with simulator(strict, framing=framing) as crlf_sim:
        client = connect(crlf_sim, framing=framing)
        assert client.checkout(DEMO.good_card, DEMO.lendable_items[0]).ok
        assert client.end_patron_session(DEMO.good_card)


# -- concurrency -------------------------------------------------------------------------
def test_two_kiosks_race_for_one_item(connect: ClientFactory) -> None:
    clients = [connect(), connect()]
    for c in clients:
        c.sc_status()
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def borrow(c: Sip2Client, card: str) -> None:
        barrier.wait()
        results.append(c.checkout(card, DEMO.lendable_items[0]).ok)

    threads = [threading.Thread(target=borrow, args=(c, card))
               for c, card in zip(clients, (DEMO.good_card, DEMO.other_good_card), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert sorted(results) == [False, True]


def test_the_collection_can_be_given(connect: ClientFactory, strict: bool) -> None:
    coll = demo_collection(NOW)
    coll.items[DEMO.lendable_items[0]].not_for_loan = True
    with simulator(strict, collection=coll) as custom:
        assert not connect(custom).checkout(DEMO.good_card, DEMO.lendable_items[0]).ok


# -- the command line --------------------------------------------------------------------
def test_the_command_line_simulator(connect: ClientFactory, strict: bool) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "sync.ils_sim", "--port", "0",
                             "--encoding", "cp932", *(["--strict"] if strict else [])],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", first)
        assert match, first
        sim_port = int(match.group(1))
        client = Sip2Client(Sip2Settings(host="127.0.0.1", port=sim_port, user=USER,
                                         password=PASSWORD, timeout=2.0,
                                         framing=Framing(encoding="cp932")))
        assert client.patron_information(DEMO.good_card, pin=DEMO.good_pin).name == "山田 花子"
        assert client.checkout(DEMO.good_card, DEMO.lendable_items[0]).ok
        client.close()
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    log = first + rest
    assert mask_card(DEMO.good_card) in log
    assert DEMO.good_card not in log
    assert PASSWORD not in log
    assert "AD" + DEMO.good_pin not in log
    assert "stopped" in log
    assert ("strict SIP2" in first) is strict
    assert "strict:" not in rest                   # nothing was refused


# -- the typed requests beyond checkout ---------------------------------------------------
def test_patron_status_typed(client: Sip2Client) -> None:
    good = client.patron_status(DEMO.good_card, pin=DEMO.good_pin)
    assert good.valid is True
    assert good.pin_valid is True
    assert good.may_borrow
    lost = client.patron_status(DEMO.blocked_card)
    assert not lost.may_borrow
    assert lost.status["card_reported_lost"]
    assert client.patron_status(DEMO.unknown_card).valid is False


def test_item_information_typed(client: Sip2Client) -> None:
    on_loan = client.item_information(DEMO.on_loan_item)
    assert on_loan.on_loan
    assert on_loan.patron == DEMO.other_good_card
    assert on_loan.due is not None
    available = client.item_information(DEMO.lendable_items[0])
    assert available.circulation_status == "03"
    assert available.title == "港町の小さな探偵事務所"
    assert available.patron is None
    assert client.item_information(DEMO.unknown_item).title == ""


def test_checkin_typed(client: Sip2Client, sim: IlsSimulator) -> None:
    returned = client.checkin(DEMO.on_loan_item)
    assert returned.ok
    assert returned.patron_id == DEMO.other_good_card
    assert not client.item_information(DEMO.on_loan_item).on_loan
    again = client.checkin(DEMO.on_loan_item)
    assert not again.ok
    assert again.screen_message
    assert sim.requests_seen().count("09") == 2


def test_renew_typed(client: Sip2Client) -> None:
    before = client.item_information(DEMO.on_loan_item).due
    renewed = client.renew(DEMO.other_good_card, DEMO.on_loan_item)
    assert renewed.ok, renewed.screen_message
    assert renewed.due is not None
    assert before is not None
    assert renewed.due > before
    refused = client.renew(DEMO.good_card, DEMO.on_loan_item)   # not this patron's loan
    assert not refused.ok
    assert refused.screen_message


def test_fee_paid_typed(client: Sip2Client) -> None:
    paid = client.fee_paid(DEMO.good_card, "300", transaction_id="T-1")
    assert paid.accepted
    assert paid.transaction_id == "T-1"
    assert not client.fee_paid(DEMO.unknown_card, "300").accepted
