"""Issue 18, 8 / 8a / 8b: the journal drains by itself, and its card hashes survive a restart.

A real kiosk (bootstrap) on a cache file that outlives it, the ILS simulator over loopback
TCP (through a relay that can cut a replay short), and nobody running `kiosk journal
replay`: rows must reach the ILS at start, after a replay cut short, and after a staff
replay held the journal — each loan once, none taken as a renewal.
"""

from __future__ import annotations

import fcntl
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.config import KioskConfig, load_config
from kiosk.demo import bootstrap
from kiosk.events import Mode
from kiosk.staff import status_lines
from sync.cache.cache import open_cache
from sync.cache.unit_of_work import OfflineLoans
from sync.ils_sim.collection import DEMO, TOKYO, end_of_day
from sync.ils_sim.server import IlsSimulator
from sync.journal import JournalState, OfflineJournal
from tests.rigs.tcp_relay import TcpRelay

CARDS = (DEMO.good_card, DEMO.other_good_card, DEMO.english_card)


def branch(tmp_path: Path) -> KioskConfig:
    """The demo's config on a cache file that outlives the kiosk, no key_file, quick."""
    config = load_config(None)
    return replace(config, cache_path=str(tmp_path / "cache.sqlite3"),
                   ils=replace(config.ils, timeout_seconds=1.0),
                   offline=replace(config.offline, retry_seconds=0.2))


def wait_for(condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator() as simulator:
        yield simulator


@pytest.fixture
def kiosks(closing: list[Kiosk]) -> list[Kiosk]:
    return closing


def free_items(sim: IlsSimulator, n: int) -> list[str]:
    with sim.locked() as coll:
        free = [b for b, item in coll.items.items() if b not in coll.loans
                and not item.not_for_loan and item.hold_for is None]
    return free[:n]


def journal_rows(config: KioskConfig, items: list[str]) -> None:
    """Offline loans made before this start (by the kiosk's last run)."""
    at = datetime.now(TOKYO) - timedelta(hours=2)
    with open_cache(Path(config.cache_path), config.cache_key()) as cache:
        journal = OfflineJournal(cache)
        for n, item in enumerate(items):
            journal.record_loan(card=CARDS[n % len(CARDS)], item_id=item, title="題名",
                                loan_class="book", transaction_at=at + timedelta(minutes=n),
                                due_at=end_of_day(at.date() + timedelta(days=14)))


def start(kiosks: list[Kiosk], config: KioskConfig, address: tuple[str, int], *,
          offline: bool = False) -> Kiosk:
    kiosk = bootstrap(config, scanners=[FakeScanner()], ils_address=address)
    kiosks.append(kiosk)
    if offline:
        kiosk.circulation.set_mode(Mode.OFFLINE, "the ILS was down when the kiosk started")
    kiosk.start()
    return kiosk


def assert_each_loan_once(sim: IlsSimulator, items: list[str]) -> None:
    with sim.locked() as coll:
        for n, item in enumerate(items):
            assert coll.loans[item].card == CARDS[n % len(CARDS)]
            assert coll.loans[item].renewals == 0
    assert [e.item for e in sim.ledger() if e.renewal] == []
    checkouts = [e.item for e in sim.ledger() if e.ok]
    assert sorted(checkouts) == sorted(items)


# -- 8: the card key -------------------------------------------------------------------------
def test_the_card_key_is_kept_beside_the_cache_and_survives_a_restart(
        tmp_path: Path, sim: IlsSimulator, kiosks: list[Kiosk]) -> None:
    config = branch(tmp_path)
    first = bootstrap(config, scanners=[FakeScanner()], ils_address=("127.0.0.1", 9))
    first.circulation.set_mode(Mode.OFFLINE, "test")
    at = datetime.now(TOKYO)
    first.journal.record_loan(card=DEMO.good_card, item_id=DEMO.lendable_items[0],
                              title="題名", loan_class="book", transaction_at=at,
                              due_at=at + timedelta(days=14))
    first.close()

    again = bootstrap(config, scanners=[FakeScanner()], ils_address=sim.address)
    kiosks.append(again)

    # the patron's offline loans still count against their limit after the restart
    with OfflineLoans(again.cache).read() as uow:
        facts = uow.patron_facts(DEMO.good_card, since=at)
    assert facts.open_by_class == {"book": 1}
    key = Path(config.cache_path + ".card-key")
    assert key.exists()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert again.card_key_problem == ""


def test_a_new_key_is_made_0600_from_its_creation(tmp_path: Path) -> None:
    config = branch(tmp_path)
    old = os.umask(0)
    try:
        key = config.cache_key()
    finally:
        os.umask(old)
    path = config.cache_key_path
    assert path is not None
    assert path.read_bytes().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert config.cache_key() == key                       # read, not made again


# -- 8a: rows waiting when the kiosk starts and the ILS answers ----------------------------------
def test_a_kiosk_started_with_rows_waiting_sends_them_by_itself(
        tmp_path: Path, sim: IlsSimulator, kiosks: list[Kiosk]) -> None:
    config = branch(tmp_path)
    items = free_items(sim, 3)
    journal_rows(config, items)

    kiosk = start(kiosks, config, sim.address)

    assert wait_for(lambda: kiosk.journal.count_open() == 0), kiosk.journal.rows()
    assert kiosk.journal.count(JournalState.DONE) == 3
    assert_each_loan_once(sim, items)
    assert kiosk.circulation.mode is Mode.ONLINE


# -- 8b: a replay cut short is tried again ----------------------------------------------------
def test_a_replay_cut_short_is_tried_again_until_the_journal_is_drained(
        tmp_path: Path, sim: IlsSimulator, kiosks: list[Kiosk]) -> None:
    config = branch(tmp_path)
    items = free_items(sim, 6)
    journal_rows(config, items)
    with TcpRelay(sim.address, frames=b"\r") as relay:
        cut = relay.fault_after(b"11", 3, "cut")
        # the ILS was down at start; it comes back, and goes away in the middle of the replay
        kiosk = start(kiosks, config, relay.address, offline=True)

        assert cut.wait(timeout=15)
        assert wait_for(lambda: kiosk.journal.count_open() == 0), kiosk.journal.rows()
        assert wait_for(lambda: kiosk.watch is not None
                        and kiosk.watch.last_replay is not None)

    assert kiosk.journal.count(JournalState.DONE) == 6
    assert_each_loan_once(sim, items)
    assert kiosk.watch is not None
    assert kiosk.watch.last_replay is not None
    assert sim.requests_seen().count("17") >= 1            # the row in doubt was asked about


def test_a_journal_held_by_a_staff_replay_is_drained_once_it_is_free(
        tmp_path: Path, sim: IlsSimulator, kiosks: list[Kiosk]) -> None:
    config = branch(tmp_path)
    items = free_items(sim, 2)
    journal_rows(config, items)
    lock = os.open(config.cache_path + ".replay-lock", os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)                   # `kiosk journal replay` running
        kiosk = start(kiosks, config, sim.address)
        assert wait_for(lambda: kiosk.watch is not None and kiosk.watch.last_replay
                        is not None)
        assert kiosk.journal.count_open() == 2
    finally:
        os.close(lock)

    assert wait_for(lambda: kiosk.journal.count_open() == 0)   # on the timer
    assert_each_loan_once(sim, items)


# -- staff see it: the queue, its age, a renewal ------------------------------------------------
def test_staff_see_the_queue_its_age_and_a_replay_the_ils_took_as_a_renewal(
        tmp_path: Path, sim: IlsSimulator, kiosks: list[Kiosk]) -> None:
    config = replace(branch(tmp_path), metrics_listen="127.0.0.1:0")
    item, other = free_items(sim, 2)
    journal_rows(config, [item, other])
    # the ILS already has the first loan (and the kiosk has no trace of it)
    host, port = sim.address
    from sync.sip2.client import Sip2Client, Sip2Settings
    client = Sip2Client(Sip2Settings(host=host, port=port, user=DEMO.sip_user,
                                     password=DEMO.sip_password, institution="DEMO"))
    try:
        assert client.checkout(CARDS[0], item).ok
    finally:
        client.close()
    kiosk = bootstrap(config, scanners=[FakeScanner()], ils_address=sim.address)
    kiosks.append(kiosk)
    waiting = status_lines(kiosk, {})
    assert waiting["journal_pending"] == 2
    assert waiting["journal_oldest_seconds"] > 3600        # made two hours ago
    assert "kiosk_journal_oldest_seconds 7" in kiosk.metrics.render()

    kiosk.start()

    # drained, and the replay's report recorded (just after its last commit)
    assert wait_for(lambda: kiosk.journal.count_open() == 0 and kiosk.watch is not None
                    and kiosk.watch.last_replay is not None)
    status = status_lines(kiosk, {})
    assert [row["item"] for row in status["journal_renewed"]] == [item]
    assert status["journal_last_replay"]["renewed"] == 1
    text = kiosk.metrics.render()
    assert 'kiosk_journal_for_staff{state="renewed"} 1' in text
    assert 'kiosk_journal_replayed_total{outcome="renewed"} 1' in text
    assert "kiosk_journal_oldest_seconds 0" in text
