"""The offline journal's own guarantees, on a real SQLite file (WAL, synchronous=FULL)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync.cache.cache import Cache, open_cache
from sync.cache.unit_of_work import OfflineLoans
from sync.ils_sim.collection import DEMO, TOKYO, end_of_day
from sync.journal import JournalRow, JournalState, OfflineJournal
from sync.privacy import mask_card

KEY = b"journal-test-key-0123456789"
ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2025, 3, 31, 10, 0, tzinfo=TOKYO)
DUE = end_of_day(AT.date() + timedelta(days=14))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cache.sqlite3"


@pytest.fixture
def cache(path: Path) -> Iterator[Cache]:
    with open_cache(path, KEY) as c:
        yield c


@pytest.fixture
def journal(cache: Cache) -> OfflineJournal:
    return OfflineJournal(cache, kiosk_id="TEST-1")


def lend(journal: OfflineJournal, item: str, card: str = DEMO.good_card, *,
         minute: int = 0, loan_class: str = "book") -> JournalRow:
    return journal.record_loan(card=card, item_id=item, title="題名", loan_class=loan_class,
                               transaction_at=AT + timedelta(minutes=minute), due_at=DUE)


def test_a_loan_is_journalled_pending_with_its_item_marked_on_loan(
        journal: OfflineJournal, cache: Cache) -> None:
    row = lend(journal, "115538407")

    assert row.state is JournalState.PENDING
    assert row.card_masked == mask_card(DEMO.good_card)
    assert DEMO.good_card not in row.card_masked
    assert (row.transaction_at, row.due_at) == (AT, DUE)
    item = cache.item("115538407")
    assert item is not None
    assert (item.circulation_status, item.due_at) == ("04", DUE)


def test_naive_times_are_refused_and_nothing_is_written(journal: OfflineJournal) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        journal.record_loan(card=DEMO.good_card, item_id="115538407", title="", loan_class="",
                            transaction_at=AT.replace(tzinfo=None), due_at=DUE)
    assert journal.count() == 0


def test_an_acknowledged_loan_survives_the_process_being_killed(
        path: Path, journal: OfflineJournal) -> None:
    child = subprocess.Popen([sys.executable, "-c", f"""
import sys
from datetime import datetime
from pathlib import Path
from sync.cache.cache import open_cache
from sync.journal import OfflineJournal
cache = open_cache(Path({str(path)!r}), {KEY!r})
OfflineJournal(cache).record_loan(card={DEMO.good_card!r}, item_id="115538415", title="",
    loan_class="book", transaction_at=datetime.fromisoformat({AT.isoformat()!r}),
    due_at=datetime.fromisoformat({DUE.isoformat()!r}))
print("acknowledged", flush=True)
sys.stdin.read()          # the kiosk goes on... until it is killed
"""], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "acknowledged"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()

    [row] = journal.to_replay()
    assert (row.card, row.item_id, row.state) == (DEMO.good_card, "115538415",
                                                  JournalState.PENDING)


def test_rows_leave_in_id_order_and_only_while_open(journal: OfflineJournal) -> None:
    rows = [lend(journal, f"11553840{n}", minute=n) for n in range(5)]
    journal.mark_sending(rows[0].id)
    journal.mark_done(rows[1].id, ils_due="20250414    235959")
    journal.mark_failed(rows[2].id, "refused")

    replay = journal.to_replay()

    assert [r.id for r in replay] == [rows[0].id, rows[3].id, rows[4].id]
    assert replay[0].state is JournalState.SENDING
    assert [r.id for r in journal.to_replay(limit=2)] == [rows[0].id, rows[3].id]
    assert all(r.card == DEMO.good_card for r in replay)   # the ILS needs the real number


def test_the_state_machine_records_attempts_results_and_masks_done_cards(
        journal: OfflineJournal, tmp_path: Path) -> None:
    sent, refused, back = (lend(journal, item, card, minute=n) for n, (item, card) in
                           enumerate((("1", DEMO.good_card), ("2", DEMO.other_good_card),
                                      ("3", DEMO.english_card))))
    when = datetime(2025, 4, 1, 1, 0, tzinfo=UTC)
    for row in (sent, refused, back):
        journal.mark_sending(row.id, when=when)
    journal.mark_sending(back.id, when=when)
    journal.mark_done(sent.id, ils_due="20250414    235959")
    journal.mark_failed(refused.id, "この資料は登録されていません。")
    journal.mark_pending(back.id, "connection refused")

    by_id = {r.id: r for r in journal.rows()}
    assert by_id[sent.id].state is JournalState.DONE
    assert by_id[sent.id].ils_due == "20250414    235959"
    assert by_id[sent.id].last_attempt_at == when
    assert (by_id[refused.id].state, by_id[refused.id].result) == (
        JournalState.FAILED, "この資料は登録されていません。")
    assert (by_id[back.id].state, by_id[back.id].attempts) == (JournalState.PENDING, 2)
    assert [r.id for r in journal.rows(JournalState.FAILED)] == [refused.id]

    out = tmp_path / "all.csv"
    journal.export_csv(out, states=list(JournalState))
    text = out.read_text(encoding="utf-8-sig")
    assert DEMO.good_card not in text                      # done: the ILS has it
    assert DEMO.other_good_card in text                    # failed: the counter needs it
    assert DEMO.english_card in text                       # pending: the ILS still needs it


def test_marking_an_unknown_row_is_an_error(journal: OfflineJournal) -> None:
    with pytest.raises(KeyError):
        journal.mark_sending(999)
    with pytest.raises(KeyError):
        journal.mark_done(999)


def test_open_loans_are_counted_per_class_per_patron(journal: OfflineJournal,
                                                     cache: Cache) -> None:
    lend(journal, "1", loan_class="book")
    lend(journal, "2", loan_class="book", minute=1)
    av = lend(journal, "3", loan_class="av", minute=2)
    done = lend(journal, "4", loan_class="book", minute=3)
    lend(journal, "5", DEMO.other_good_card, loan_class="book", minute=4)
    journal.mark_sending(av.id)
    journal.mark_done(done.id)

    # as an offline identify reads them (the unit of work's statement, migration 0006's index)
    with OfflineLoans(cache).read() as uow:
        facts = uow.patron_facts(DEMO.good_card, since=AT + timedelta(minutes=1))
    assert facts.open_by_class == {"book": 2, "av": 1}
    assert facts.loans_since == 3
    assert journal.count_open() == 4
    assert journal.count(JournalState.DONE) == 1
    open_av = journal.open_loan_of_item("3")
    assert open_av is not None
    assert open_av.id == av.id
    assert journal.open_loan_of_item("4") is None


def test_the_export_is_private_and_leaves_done_rows_out_by_default(
        journal: OfflineJournal, tmp_path: Path) -> None:
    kept, sent = lend(journal, "1"), lend(journal, "2", minute=1)
    journal.mark_done(sent.id)

    out = tmp_path / "counter" / "journal.csv"
    count = journal.export_csv(out)

    assert count == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,state,card,item")
    assert lines[1].startswith(f"{kept.id},pending,{DEMO.good_card},1,")


def test_the_export_is_private_from_its_creation(
        journal: OfflineJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18, 16: no moment when others could read the full card numbers, whatever the
    umask: nothing relies on a chmod after the file exists."""
    lend(journal, "1")
    for owner, name in ((os, "chmod"), (os, "fchmod"), (Path, "chmod")):
        monkeypatch.setattr(owner, name, lambda *_a, **_k: None)
    old = os.umask(0)
    try:
        out = tmp_path / "export" / "journal.csv"
        journal.export_csv(out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert DEMO.good_card in out.read_text(encoding="utf-8-sig")
    assert [p.name for p in out.parent.iterdir()] == ["journal.csv"]    # no temporary left


def test_the_queue_s_age_and_a_resolved_row(journal: OfflineJournal) -> None:
    assert journal.oldest_open() is None
    first, second = lend(journal, "1"), lend(journal, "2", minute=5)
    assert journal.oldest_open() == AT.astimezone(UTC)
    journal.mark_failed(first.id, "refused")
    assert journal.oldest_open() == (AT + timedelta(minutes=5)).astimezone(UTC)
    with pytest.raises(ValueError, match="only failed or renewed"):
        journal.mark_resolved(second.id, "")
    resolved = journal.mark_resolved(first.id, "entered at the counter")
    assert resolved.state is JournalState.DONE
    assert resolved.result.startswith("resolved by staff (entered at the counter); was failed")
    assert DEMO.good_card not in resolved.card_masked
