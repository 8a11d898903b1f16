"""Issue 18, 8c, the replay side: never a doubled loan. Each way a journal row could reach an
ILS that already has its loan (and so take the replay as a renewal) is reproduced against
the simulator over loopback TCP, on a real SQLite journal; the ILS's own ledger says whether
a renewal happened. A replay the ILS still counts as a renewal is a row for staff.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from test_replay import NOW, OUTAGE, connect, free_items, record, replayer

from kiosk.offline import OfflineCirculation
from sync.cache.cache import Cache
from sync.cache.models import JournalEntry
from sync.cache.offline_view import OfflineView
from sync.ils_sim.collection import DEMO, TOKYO
from sync.ils_sim.server import IlsSimulator
from sync.journal import JournalState, OfflineJournal
from sync.replay import ALREADY_THERE, RENEWED_BY_ILS, StopReason
from sync.sip2.client import Sip2Client
from tests.offline.fixed_clock import POLICY

A, B = DEMO.good_card, DEMO.other_good_card


def renewals_at_ils(sim: IlsSimulator) -> list[str]:
    """Items of every checkout the ILS took as a renewal."""
    return [e.item for e in sim.ledger() if e.ok and e.renewal]


def lent_online(client: Sip2Client, cache: Cache, card: str, item: str) -> None:
    """What the kiosk does when it lends an item online: the checkout, then the answer
    remembered in the cache (read-through)."""
    answer = client.checkout(card, item, when=NOW)
    assert answer.ok
    assert not answer.renewal
    due = answer.due.replace(tzinfo=TOKYO) if answer.due else None     # local, as SIP2's
    cache.remember_item(item, title=answer.title, media_type=answer.media_type,
                        circulation_status="04", due_at=due, seen_at=NOW)


# -- (1) re-scanned at the online kiosk while the row waits -----------------------------------
def test_an_item_lent_online_again_while_its_row_waits_is_not_renewed_by_the_replay(
        sim: IlsSimulator, cache: Cache, journal: OfflineJournal,
        clients: list[Sip2Client]) -> None:
    item = free_items(sim, 1)[0]
    row = record(journal, A, item, 0)
    client = connect(clients, sim.address)
    lent_online(client, cache, A, item)            # the patron re-scanned it, online

    report = replayer(journal, client).replay()

    assert renewals_at_ils(sim) == []
    assert (report.sent, report.skipped_already_there, report.renewed) == (0, 1, 0)
    assert sim.requests_seen().count("17") == 1
    [done] = journal.rows(JournalState.DONE)
    assert (done.id, done.result) == (row.id, ALREADY_THERE)
    with sim.locked() as coll:
        assert coll.loans[item].card == A
        assert coll.loans[item].renewals == 0


def test_an_item_lent_online_to_another_patron_since_is_left_to_staff(
        sim: IlsSimulator, cache: Cache, journal: OfflineJournal,
        clients: list[Sip2Client]) -> None:
    item = free_items(sim, 1)[0]
    record(journal, A, item, 0)
    client = connect(clients, sim.address)
    lent_online(client, cache, B, item)            # lent again, to someone else

    report = replayer(journal, client).replay()

    assert (report.sent, report.failed) == (0, 1)
    [failed] = journal.rows(JournalState.FAILED)
    assert "by hand" in failed.result
    assert B[-4:] in failed.result
    with sim.locked() as coll:                     # not taken from B on a no-block checkout
        assert coll.loans[item].card == B


# -- (2) the ILS made an online loan, the kiosk died before the answer, then offline ----------
def test_a_loan_the_ils_made_before_the_kiosk_died_then_journalled_is_not_renewed(
        sim: IlsSimulator, cache: Cache, journal: OfflineJournal,
        clients: list[Sip2Client]) -> None:
    item = free_items(sim, 1)[0]
    client = connect(clients, sim.address)
    before = OUTAGE - timedelta(minutes=5)
    # the patron was identified online, the checkout reached the ILS, the kiosk died
    cache.remember_patron(A, valid=True, may_borrow=True, status=" " * 14, charged_count=0,
                          seen_at=before)
    assert client.checkout(A, item, when=before + timedelta(minutes=1)).ok
    row = record(journal, A, item, 0)              # restarted offline: the re-scan

    report = replayer(journal, client).replay()

    assert renewals_at_ils(sim) == []
    assert (report.sent, report.skipped_already_there, report.renewed) == (0, 1, 0)
    assert journal.rows(JournalState.DONE)[0].id == row.id


def test_a_replay_the_ils_takes_as_a_renewal_is_a_row_for_staff_not_ok(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    item, other = free_items(sim, 2)
    client = connect(clients, sim.address)
    # the ILS has the loan and the kiosk knows nothing of it (no trace in the cache)
    assert client.checkout(A, item, when=OUTAGE - timedelta(days=3)).ok
    doubled = record(journal, A, item, 0)
    fine = record(journal, B, other, 1)

    report = replayer(journal, client).replay()

    assert (report.sent, report.renewed, report.for_staff) == (1, 1, 1)
    assert report.stopped_because is StopReason.DRAINED
    [renewed] = journal.rows(JournalState.RENEWED)
    assert renewed.id == doubled.id
    assert renewed.result == RENEWED_BY_ILS
    assert A not in renewed.card_masked            # the ILS has the loan: masked
    assert [r.id for r in journal.rows(JournalState.DONE)] == [fine.id]
    assert journal.count_open() == 0               # not sent again by a later run


# -- (3) offline, the patron re-scans an item whose row was already replayed ------------------
def test_an_offline_rescan_of_a_replayed_item_is_not_renewed(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    item = free_items(sim, 1)[0]
    client = connect(clients, sim.address)
    record(journal, A, item, 0)
    assert replayer(journal, client).replay().sent == 1
    again = record(journal, A, item, 30)           # the second outage's re-scan

    report = replayer(journal, client).replay()

    assert renewals_at_ils(sim) == []
    assert (report.sent, report.skipped_already_there) == (0, 1)
    assert [r.result for r in journal.rows(JournalState.DONE) if r.id == again.id] == [
        ALREADY_THERE]


def test_an_item_returned_elsewhere_and_borrowed_again_offline_is_not_lost(
        sim: IlsSimulator, cache: Cache, journal: OfflineJournal,
        clients: list[Sip2Client]) -> None:
    # Found by the soak bench: the kiosk answered "you already have this" from its own
    # stale cache, wrote no row, and the ILS never heard of the second loan.
    item = free_items(sim, 1)[0]
    client = connect(clients, sim.address)
    cache.remember_patron(A, valid=True, may_borrow=True, status=" " * 14, charged_count=0,
                          seen_at=OUTAGE)
    circulation = OfflineCirculation(OfflineView(cache), journal, POLICY, timezone=TOKYO,
                                     clock=lambda: OUTAGE)
    first = circulation.checkout(A, item)
    assert first.loan is not None
    assert replayer(journal, client).replay().sent == 1
    assert client.checkin(item, when=NOW).ok                 # back at the return desk
    again = circulation.checkout(A, item)                    # the second outage: borrowed again

    assert again.loan is not None
    assert not again.already                                 # lent, journalled
    report = replayer(journal, client).replay()

    assert (report.sent, report.skipped_already_there, report.renewed) == (1, 0, 0)
    assert renewals_at_ils(sim) == []
    with sim.locked() as coll:
        assert coll.loans[item].card == A                    # the ILS has the loan
    with cache.sessions.begin() as session:                  # closed: the purge counts from it
        closed = session.scalars(select(JournalEntry.closed_at)).all()
    assert len(closed) == 2
    assert None not in closed


def test_rows_nothing_touched_go_without_item_information(
        sim: IlsSimulator, journal: OfflineJournal, clients: list[Sip2Client]) -> None:
    # the common case stays one round trip per loan (bench/bench_replay.py)
    for minute, item in enumerate(free_items(sim, 3)):
        record(journal, (A, B)[minute % 2], item, minute)

    report = replayer(journal, connect(clients, sim.address)).replay()

    assert (report.sent, report.asked) == (3, 0)
    assert "17" not in sim.requests_seen()
