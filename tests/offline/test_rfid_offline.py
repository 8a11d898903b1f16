"""RFID loans offline (issue 20, item 4): a stack on the pad lent from the cache, each loan
journalled like a barcode loan with the tag's security result on its row (a locked tag's
failure too), then replayed to the ILS simulator exactly once, the result kept. The column
comes with a migration (0005) that keeps the rows before it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from drivers.rfid.fake import FakeRfidReader
from kiosk.barcodes import BarcodeRules
from kiosk.circulation import OnlineCirculation
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.connectivity import ResilientCirculation
from kiosk.events import Event, ItemCheckedOut, Mode, PadChanged, PadItemState, SecureTags
from kiosk.offline import OfflineCirculation
from kiosk.pad import Pad, TagSeen
from kiosk.rfid import SecurityPolicy, TagContent, TagSettings, encode_tag
from kiosk.rfid_station import read_tag, set_security
from kiosk.session import PatronSession
from sync.cache.cache import Cache, open_cache
from sync.cache.offline_view import OfflineView
from sync.cache.schema import ALEMBIC_INI
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.journal import JournalState, OfflineJournal
from sync.replay import Replayer, StopReason
from sync.sip2.client import Sip2Client

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TOKYO)
KEY = b"k" * 32
OURS = "JP-1000001"
ITEMS = DEMO.lendable_items[:3]
LOCKED = ITEMS[1]
UIDS = {item: f"E00401FA0000000{n}" for n, item in enumerate(ITEMS, start=1)}


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    """Seeded: the patron and the three items as the ILS showed them before the outage
    (the simulator and a client logged in to it are tests/ils_fixtures.py's)."""
    with open_cache(tmp_path / "cache.sqlite3", KEY) as c:
        c.remember_patron(DEMO.good_card, valid=True, may_borrow=True, status=" " * 14,
                          charged_count=0, seen_at=NOW)
        for item in ITEMS:
            c.remember_item(item, title=f"本 {item}", media_type="001",
                            circulation_status="03", due_at=None, seen_at=NOW)
        yield c


@pytest.fixture
def reader() -> FakeRfidReader:
    pad = FakeRfidReader()
    for item, uid in UIDS.items():
        pad.put(uid, encode_tag(TagContent(item, owner=OURS)), afi_locked=item == LOCKED)
    return pad


def kiosk(cache: Cache, client: Sip2Client) -> tuple[ResilientCirculation, OfflineJournal]:
    journal = OfflineJournal(cache)
    offline = OfflineCirculation(OfflineView(cache), journal, load_config(None).offline,
                                 timezone=TOKYO, clock=lambda: NOW)
    online = OnlineCirculation(client, cache, timezone=TOKYO, clock=lambda: NOW)
    return ResilientCirculation(online, offline, start_offline=True), journal


def lend_the_stack(circulation: ResilientCirculation, reader: FakeRfidReader,
                   *, online_before_security: bool = False) -> list[Event]:
    session = PatronSession(circulation, BarcodeRules())
    pad = Pad(session, own_isil=OURS)
    session.scan(DEMO.good_card)
    placed = [read_tag(reader, seen.uid, TagSettings()) for seen in reader.inventory()]
    events = pad.signed_in() + pad.seen([TagSeen(r.uid, r.reading) for r in placed], [])
    if online_before_security:
        # the ILS came back while the tags were written: the rows hold the results still
        circulation.set_mode(Mode.ONLINE, "the ILS answers again")
    for command_ in [e for e in events if isinstance(e, SecureTags)]:
        [uid] = command_.uids
        result = set_security(reader, uid, SecurityPolicy(), on_loan=True)
        events += pad.secured(command_.item, result.ok, result.detail, result.state)
    return events


def security_by_item(journal: OfflineJournal) -> dict[str, str | None]:
    return {row.item_id: row.security for row in journal.rows()}


@pytest.mark.parametrize("online_before_security", [False, True])
def test_rfid_loans_offline_are_journalled_with_their_security_and_replayed_once(
        cache: Cache, client: Sip2Client, simulator: IlsSimulator, reader: FakeRfidReader,
        online_before_security: bool) -> None:
    sim = simulator
    circulation, journal = kiosk(cache, client)
    events = lend_the_stack(circulation, reader, online_before_security=online_before_security)
    lent = [e for e in events if isinstance(e, ItemCheckedOut)]
    assert [e.loan.item for e in lent] == list(ITEMS)
    assert {e.loan.mode for e in lent} == {Mode.OFFLINE}
    assert [r.state for r in journal.rows()] == [JournalState.PENDING] * 3
    security = security_by_item(journal)
    assert security[ITEMS[0]] == security[ITEMS[2]] == "ok: AFI C2"
    failed = security[LOCKED]
    assert failed is not None
    assert failed.startswith("failed: ")
    assert "locked" in failed
    assert (reader.tags[UIDS[ITEMS[0]]].afi, reader.tags[UIDS[LOCKED]].afi) == (0xC2, 0x07)
    assert sim.ledger() == []                      # nothing reached the ILS yet

    report = Replayer(journal, client, timezone=TOKYO).replay()
    assert report.stopped_because is StopReason.DRAINED
    for item in ITEMS:                             # each exactly once, the locked one too
        assert [(e.kind, bool(e.renewal)) for e in sim.ledger() if e.item == item] == [
            ("no_block_checkout", False)]
    assert [r.state for r in journal.rows()] == [JournalState.DONE] * 3
    assert security_by_item(journal) == security  # the replay leaves the column alone
    assert Replayer(journal, client, timezone=TOKYO).replay().stopped_because \
        is StopReason.DRAINED
    assert len([e for e in sim.ledger() if "checkout" in e.kind]) == 3


def test_staff_see_the_security_result_in_the_journal_list(
        tmp_path: Path, cache: Cache, client: Sip2Client, reader: FakeRfidReader,
        capsys: pytest.CaptureFixture[str]) -> None:
    circulation, _journal = kiosk(cache, client)
    events = lend_the_stack(circulation, reader)
    assert any(i.state is PadItemState.SECURITY_FAILED
               for e in events if isinstance(e, PadChanged) for i in e.items)
    key = tmp_path / "card-key"
    key.write_bytes(KEY)
    args = ["journal", "list", "--cache", str(tmp_path / "cache.sqlite3"), "--key-file",
            str(key)]
    assert main([*args, "--json"]) == 0
    listed = {row["item"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed[ITEMS[0]]["security"] == "ok: AFI C2"
    assert str(listed[LOCKED]["security"]).startswith("failed: ")
    assert DEMO.good_card not in json.dumps(listed)
    assert main(args) == 0
    table = capsys.readouterr().out
    assert "(RFID security failed: " in table


def test_a_barcode_loan_offline_has_no_security_result(
        cache: Cache, client: Sip2Client) -> None:
    circulation, journal = kiosk(cache, client)
    session = PatronSession(circulation, BarcodeRules())
    session.scan(DEMO.good_card)
    [lent] = session.scan(ITEMS[0])
    assert isinstance(lent, ItemCheckedOut)
    assert security_by_item(journal) == {ITEMS[0]: None}
    assert session.record_security(ITEMS[0], True, "AFI C2") is False   # no pad loan waits
    assert security_by_item(journal) == {ITEMS[0]: None}


def test_the_security_column_migration_keeps_the_rows_before_it(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite3"
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db}")
    config.attributes["configure_logger"] = False
    command.upgrade(config, "0004")
    engine = create_engine(f"sqlite:///{db}")
    row = ("INSERT INTO journal (txn_id, card, card_hash, item_id, title, loan_class,"
           " transaction_at, due_at, state, attempts, result, ils_due, kiosk_id)"
           " VALUES ('t1', '21045877', 'h', '115538407', 'ぐりとぐら', 'book',"
           " '2026-11-20 01:00:00', '2026-12-04 14:59:59', 'pending', 0, '', '', '')")
    try:
        with engine.begin() as connection:
            connection.execute(text(row))
        command.upgrade(config, "head")
        with engine.connect() as connection:
            assert tuple(connection.execute(text(
                "SELECT item_id, state, security FROM journal")).one()) == (
                "115538407", "pending", None)
        command.downgrade(config, "0004")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT item_id FROM journal")).scalar() == \
                "115538407"
            columns = {r[1] for r in connection.execute(text("PRAGMA table_info(journal)"))}
        assert "security" not in columns
    finally:
        engine.dispose()
