"""The replayer against the ILS simulator over real loopback TCP, on a real SQLite journal.

"Exactly once" is checked on the ILS side: the simulator's request log counts the checkouts
(11) it received, and its loans carry the renewal count a duplicate would raise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sync.ils_sim.collection import DEMO, TOKYO, end_of_day
from sync.ils_sim.server import IlsSimulator
from sync.journal import JournalRow, JournalState, OfflineJournal
from sync.replay import ALREADY_THERE, Replayer, StopReason
from sync.sip2.client import Sip2Client, Sip2Settings
from sync.sip2.codec import Message, decode, encode
from tests.rigs.tcp_relay import TcpRelay

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
OUTAGE = NOW - timedelta(days=1)          # the offline loans were made the day before
CARDS = (DEMO.good_card, DEMO.other_good_card, DEMO.english_card)
KEY = b"replay-test-key-0123456789"
ROOT = Path(__file__).resolve().parents[2]


# the fixtures sim, cache, journal and clients are in conftest.py


def connect(clients: list[Sip2Client], address: tuple[str, int],
            password: str = DEMO.sip_password, **settings: float) -> Sip2Client:
    client = Sip2Client(Sip2Settings(host=address[0], port=address[1], user=DEMO.sip_user,
                                     password=password, institution="DEMO", timeout=2.0,
                                     **settings),  # type: ignore[arg-type]
                        clock=lambda: NOW)
    clients.append(client)
    return client


def replayer(journal: OfflineJournal, client: Sip2Client) -> Replayer:
    return Replayer(journal, client, clock=lambda: NOW, timezone=TOKYO)


def free_items(sim: IlsSimulator, n: int) -> list[str]:
    with sim.locked() as coll:
        free = [b for b, item in coll.items.items() if b not in coll.loans
                and not item.not_for_loan and item.hold_for is None]
    assert len(free) >= n
    return free[:n]


def record(journal: OfflineJournal, card: str, item: str, minute: int) -> JournalRow:
    at = OUTAGE + timedelta(minutes=minute)
    return journal.record_loan(card=card, item_id=item, title="題名", loan_class="book",
                               transaction_at=at,
                               due_at=end_of_day(at.date() + timedelta(days=14)))


def record_many(journal: OfflineJournal, sim: IlsSimulator, n: int) -> list[JournalRow]:
    return [record(journal, CARDS[i % len(CARDS)], item, i)
            for i, item in enumerate(free_items(sim, n))]


def checkouts_seen(sim: IlsSimulator) -> int:
    return sim.requests_seen().count("11")


def assert_at_ils_once(sim: IlsSimulator, rows: list[JournalRow], cards: list[str]) -> None:
    with sim.locked() as coll:
        for row, card in zip(rows, cards, strict=True):
            loan = coll.loans[row.item_id]
            assert loan.card == card
            assert loan.loaned_at == row.transaction_at
            assert loan.due == row.due_at
            assert loan.renewals == 0


def cards_of(rows: list[JournalRow]) -> list[str]:
    return [CARDS[i % len(CARDS)] for i in range(len(rows))]


# -- the ordinary run ------------------------------------------------------------------------
def without_borrower(answer: bytes) -> bytes:
    """An ILS that keeps SIP2 2.00 to the letter: no AA in 18 (an answer as the relay
    passes it on, CR included)."""
    msg = decode(answer[:-1])
    if msg.code != "18":
        return answer
    return encode(Message(msg.code, msg.fixed, tuple(f for f in msg.fields if f[0] != "AA"),
                          msg.sequence), sequence=msg.sequence)


def test_offline_loans_reach_the_ils_once_with_their_original_dates(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    rows = record_many(journal, sim, 6)

    report = replayer(journal, connect(clients, sim.address)).replay()

    assert (report.sent, report.failed, report.remaining) == (6, 0, 0)
    assert report.stopped_because is StopReason.DRAINED
    assert checkouts_seen(sim) == 6
    assert_at_ils_once(sim, rows, cards_of(rows))
    done = journal.rows(JournalState.DONE)
    assert [r.id for r in done] == [r.id for r in rows]
    assert all(r.result == "ok" and r.ils_due.startswith("20250414") for r in done)


def test_replaying_twice_sends_nothing_the_second_time(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    rows = record_many(journal, sim, 4)
    client = connect(clients, sim.address)
    replayer(journal, client).replay()

    again = replayer(journal, client).replay()

    assert (again.sent, again.skipped_already_there, again.remaining) == (0, 0, 0)
    assert checkouts_seen(sim) == 4
    assert_at_ils_once(sim, rows, cards_of(rows))


def test_a_replayed_row_keeps_only_the_masked_card(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client],
        tmp_path: Path) -> None:
    record(journal, DEMO.good_card, free_items(sim, 1)[0], 0)
    replayer(journal, connect(clients, sim.address)).replay()

    out = tmp_path / "done.csv"
    journal.export_csv(out, states=[JournalState.DONE])
    text = out.read_text(encoding="utf-8-sig")
    assert DEMO.good_card not in text
    assert DEMO.good_card[-4:] in text


def test_max_rows_stops_early_and_the_next_run_goes_on(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    rows = record_many(journal, sim, 3)
    client = connect(clients, sim.address)

    first = replayer(journal, client).replay(max_rows=2)
    second = replayer(journal, client).replay()

    assert (first.sent, first.remaining, first.stopped_because) == (2, 1, StopReason.MAX_ROWS)
    assert (second.sent, second.remaining, second.stopped_because) == (
        1, 0, StopReason.DRAINED)
    assert_at_ils_once(sim, rows, cards_of(rows))


# -- rows in doubt -----------------------------------------------------------------------
def test_a_sending_row_whose_checkout_reached_the_ils_is_not_sent_again(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    row = record(journal, DEMO.good_card, free_items(sim, 1)[0], 0)
    client = connect(clients, sim.address)
    # the earlier attempt: marked, sent, and then the kiosk lost power before the answer
    journal.mark_sending(row.id, when=NOW)
    client.checkout(DEMO.good_card, row.item_id, no_block=True,
                    when=row.transaction_at.astimezone(TOKYO),
                    nb_due_date=row.due_at.astimezone(TOKYO))

    report = replayer(journal, client).replay()

    assert (report.sent, report.skipped_already_there) == (0, 1)
    assert checkouts_seen(sim) == 1
    assert sim.requests_seen().count("17") == 1
    assert_at_ils_once(sim, [row], [DEMO.good_card])
    [done] = journal.rows(JournalState.DONE)
    assert done.result == ALREADY_THERE
    assert done.ils_due.startswith("20250414")


def test_a_sending_row_whose_checkout_did_not_reach_is_sent(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    row = record(journal, DEMO.good_card, free_items(sim, 1)[0], 0)
    journal.mark_sending(row.id, when=NOW)      # power cut between the mark and the send

    report = replayer(journal, connect(clients, sim.address)).replay()

    assert (report.sent, report.skipped_already_there) == (1, 0)
    assert sim.requests_seen().count("17") == 1
    assert checkouts_seen(sim) == 1
    assert_at_ils_once(sim, [row], [DEMO.good_card])
    [done] = journal.rows(JournalState.DONE)
    assert done.attempts == 2


def test_a_connection_cut_mid_run_then_a_new_run_gives_each_loan_once(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    rows = record_many(journal, sim, 5)
    with TcpRelay(sim.address, frames=b"\r") as relay:
        answer_lost = relay.fault_after(b"11", 3, "cut")
        client = connect(clients, relay.address)

        cut = replayer(journal, client).replay()

        assert answer_lost.is_set()
        assert (cut.sent, cut.remaining, cut.stopped_because) == (2, 3, StopReason.IN_DOUBT)
        states = [r.state for r in journal.rows()]
        assert states == [JournalState.DONE] * 2 + [JournalState.SENDING] + [
            JournalState.PENDING] * 2
        with sim.locked() as coll:       # order kept: nothing after the doubtful one went out
            assert rows[2].item_id in coll.loans
            assert not {rows[3].item_id, rows[4].item_id} & set(coll.loans)

        after = replayer(journal, client).replay()   # the ILS is back: a new connection

    assert (after.sent, after.skipped_already_there, after.remaining) == (2, 1, 0)
    assert checkouts_seen(sim) == 5
    assert_at_ils_once(sim, rows, cards_of(rows))


def test_an_ils_gone_before_a_checkout_was_written_leaves_it_pending(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    rows = record_many(journal, sim, 4)
    with TcpRelay(sim.address, frames=b"\r") as relay:
        relay.fault_after(b"11", 1, "close")
        # keep-alive 0: each checkout is preceded by an SC status, which finds the ILS gone
        client = connect(clients, relay.address, keepalive_seconds=0)

        gone = replayer(journal, client).replay()

    assert (gone.sent, gone.remaining, gone.stopped_because) == (1, 3, StopReason.UNREACHABLE)
    states = [(r.state, r.attempts) for r in journal.rows()]
    assert states == [(JournalState.DONE, 1), (JournalState.PENDING, 1),
                      (JournalState.PENDING, 0), (JournalState.PENDING, 0)]
    assert journal.rows()[1].result                        # why it went back

    back = replayer(journal, connect(clients, sim.address)).replay()

    assert (back.sent, back.skipped_already_there, back.remaining) == (3, 0, 0)
    assert "17" not in sim.requests_seen()                 # nothing was in doubt
    assert checkouts_seen(sim) == 4
    assert_at_ils_once(sim, rows, cards_of(rows))


def test_an_ils_without_the_borrower_in_item_information_is_judged_by_due_date(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    mine, free = free_items(sim, 2)
    reached = record(journal, DEMO.good_card, mine, 0)
    elsewhere = record(journal, DEMO.good_card, DEMO.on_loan_item, 1)  # lent to another
    not_sent = record(journal, DEMO.good_card, free, 2)
    for row in (reached, elsewhere, not_sent):
        journal.mark_sending(row.id, when=NOW)
    with TcpRelay(sim.address, frames=b"\r") as relay:
        relay.rewrite = without_borrower
        client = connect(clients, relay.address)
        client.checkout(DEMO.good_card, mine, no_block=True,
                        when=reached.transaction_at.astimezone(TOKYO),
                        nb_due_date=reached.due_at.astimezone(TOKYO))

        report = replayer(journal, client).replay()

    assert (report.sent, report.skipped_already_there, report.failed) == (1, 1, 1)
    assert checkouts_seen(sim) == 2
    [failed] = journal.rows(JournalState.FAILED)
    assert failed.item_id == DEMO.on_loan_item
    assert "by hand" in failed.result
    with sim.locked() as coll:     # not taken from its borrower on a guess
        assert coll.loans[DEMO.on_loan_item].card == DEMO.other_good_card
    assert_at_ils_once(sim, [reached, not_sent], [DEMO.good_card] * 2)


# -- refusals and an unreachable ILS ---------------------------------------------------------
def test_refused_rows_fail_with_the_ils_reason_and_later_rows_still_go(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    first, last = [i for i in free_items(sim, 3) if i != DEMO.lendable_items[0]][:2]
    ok1 = record(journal, DEMO.good_card, first, 0)
    record(journal, DEMO.good_card, DEMO.unknown_item, 1)
    record(journal, DEMO.unknown_card, DEMO.lendable_items[0], 2)
    ok2 = record(journal, DEMO.other_good_card, last, 3)

    report = replayer(journal, connect(clients, sim.address)).replay()

    assert (report.sent, report.failed, report.remaining) == (2, 2, 0)
    failed = journal.rows(JournalState.FAILED)
    assert [r.item_id for r in failed] == [DEMO.unknown_item, DEMO.lendable_items[0]]
    assert all(r.result and r.result != "ok" for r in failed)
    assert "登録されていません" in failed[0].result
    assert_at_ils_once(sim, [ok1, ok2], [DEMO.good_card, DEMO.other_good_card])
    with sim.locked() as coll:
        assert DEMO.lendable_items[0] not in coll.loans


def test_an_unreachable_ils_leaves_every_row_untouched_until_it_is_back(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    rows = record_many(journal, sim, 3)
    address = sim.address
    sim.stop()
    client = connect(clients, address)

    down = replayer(journal, client).replay()

    assert down.stopped_because is StopReason.UNREACHABLE
    assert f"{address[0]}:{address[1]}" in down.detail
    assert (down.sent, down.remaining) == (0, 3)
    assert all(r.state is JournalState.PENDING and r.attempts == 0 for r in journal.rows())

    sim.start()                                  # the same port: the ILS is back
    back = replayer(journal, client).replay()

    assert (back.sent, back.remaining) == (3, 0)
    assert checkouts_seen(sim) == 3
    assert_at_ils_once(sim, rows, cards_of(rows))


def test_a_refused_login_stops_the_run_without_touching_rows(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    record_many(journal, sim, 2)

    report = replayer(journal, connect(clients, sim.address, password="wrong")).replay()

    assert report.stopped_because is StopReason.LOGIN_REFUSED
    assert checkouts_seen(sim) == 0
    assert all(r.state is JournalState.PENDING for r in journal.rows())


def test_an_empty_journal_does_not_call_the_ils(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    report = replayer(journal, connect(clients, sim.address)).replay()

    assert report.stopped_because is StopReason.DRAINED
    assert sim.requests_seen() == []


# -- a power cut in the middle of a replay -----------------------------------------------------
REPLAY_CHILD = """
import sys
from pathlib import Path
from zoneinfo import ZoneInfo
from sync.cache.cache import open_cache
from sync.journal import OfflineJournal
from sync.replay import Replayer
from sync.sip2.client import Sip2Client, Sip2Settings
path, host, port, window, key, user, password = sys.argv[1:]
with open_cache(Path(path), key.encode()) as cache:
    client = Sip2Client(Sip2Settings(host=host, port=int(port), user=user, password=password,
                                     institution="DEMO", timeout=120))
    Replayer(OfflineJournal(cache), client, timezone=ZoneInfo("Asia/Tokyo"),
             window=int(window)).replay()
"""


@pytest.mark.parametrize("window", [1, 256])
def test_a_replay_killed_mid_checkout_loses_and_doubles_nothing(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client],
        tmp_path: Path, window: int) -> None:
    # window 1: only the row whose checkout was out is in doubt; 256: the whole window
    in_doubt = 1 if window == 1 else 5
    rows = record_many(journal, sim, 5)
    with TcpRelay(sim.address, frames=b"\r") as relay:
        answered = relay.fault_after(b"11", 3, "hold")
        host, port = relay.address
        child = subprocess.Popen(
            [sys.executable, "-c", REPLAY_CHILD, str(tmp_path / "cache.sqlite3"), host,
             str(port), str(window), KEY.decode(), DEMO.sip_user, DEMO.sip_password],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            # the third checkout reached the ILS; the kiosk dies before hearing back
            assert answered.wait(timeout=60)
            # meanwhile nobody else may replay this journal (they would resend its rows)
            busy = replayer(journal, connect(clients, sim.address)).replay()
            assert busy.stopped_because is StopReason.BUSY
            assert checkouts_seen(sim) == 3
        finally:
            child.kill()
            child.wait()
    assert [r.state for r in journal.rows()].count(JournalState.SENDING) == in_doubt

    report = replayer(journal, connect(clients, sim.address)).replay()

    assert (report.skipped_already_there, report.remaining) == (3 if window > 1 else 1, 0)
    assert sim.requests_seen().count("17") == in_doubt
    assert checkouts_seen(sim) == 5
    assert_at_ils_once(sim, rows, cards_of(rows))
