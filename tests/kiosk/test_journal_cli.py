"""`kiosk journal ...` and `kiosk cache ...` as staff run them: a real branch config, a real
cache file and key, the ILS simulator over loopback TCP."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from sync.cache import schema
from sync.cache.cache import open_cache
from sync.ils_sim.collection import DEMO, TOKYO, end_of_day
from sync.ils_sim.server import IlsSimulator
from sync.journal import OfflineJournal

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
OUTAGE = NOW - timedelta(days=1)
KEY = b"journal-cli-test-key-0123456789"
# (card, item): two the ILS takes, one it refuses (the item is not catalogued)
LOANS = ((DEMO.good_card, DEMO.lendable_items[1]), (DEMO.other_good_card, DEMO.av_items[1]),
         (DEMO.english_card, DEMO.unknown_item))
CARDS = {card for card, _ in LOANS}


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator(clock=lambda: NOW) as simulator:
        yield simulator


@pytest.fixture
def branch(tmp_path: Path, sim: IlsSimulator) -> Path:
    """A branch config naming the simulator, a cache with three offline loans, the key."""
    key, password = tmp_path / "card-key", tmp_path / "sip2-password"
    key.write_bytes(KEY)
    password.write_text(DEMO.sip_password + "\n", encoding="utf-8")
    cache_path = tmp_path / "cache.sqlite3"
    with open_cache(cache_path, KEY) as cache:
        journal = OfflineJournal(cache, kiosk_id="CLI-TEST")
        for minute, (card, item) in enumerate(LOANS):
            at = OUTAGE + timedelta(minutes=minute)
            journal.record_loan(card=card, item_id=item, title="題名", loan_class="book",
                                transaction_at=at,
                                due_at=end_of_day(at.date() + timedelta(days=14)))
    host, port = sim.address
    config = tmp_path / "branch.toml"
    config.write_text(f"""
[ils]
host = "{host}"
port = {port}
user = "{DEMO.sip_user}"
password_file = "{password}"
timeout_seconds = 2.0

[cache]
path = "{cache_path}"
key_file = "{key}"
""", encoding="utf-8")
    return config


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_no_full_card(text: str) -> None:
    for card in CARDS:
        assert card not in text


# -- list ---------------------------------------------------------------------------------
def test_journal_list_json_shows_masked_cards_only(
        branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "journal", "list", "--config", branch, "--json")

    assert status == 0
    rows = json.loads(out)
    assert [(r["item"], r["state"]) for r in rows] == [(item, "pending") for _, item in LOANS]
    assert [r["card"][-4:] for r in rows] == [card[-4:] for card, _ in LOANS]
    assert rows[0]["loaned_at"].startswith(OUTAGE.date().isoformat())
    assert_no_full_card(out)


def test_journal_list_as_a_table(branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "journal", "list", "--config", branch)

    assert status == 0
    assert DEMO.unknown_item in out
    assert "pending" in out
    assert_no_full_card(out)


# -- replay, then what staff see of the refused loan -------------------------------------------
def test_replay_sends_the_journal_and_staff_find_the_refused_loan(
        branch: Path, sim: IlsSimulator, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "journal", "replay", "--config", branch, "--json")

    report = json.loads(out)
    assert status == 1                                     # rows refused: staff must act
    assert (report["sent"], report["failed"], report["remaining"]) == (2, 1, 0)
    assert report["stopped_because"] == "drained"
    assert "journal list --state failed" in err
    with sim.locked() as coll:
        for card, item in LOANS[:2]:
            assert coll.loans[item].card == card
            assert coll.loans[item].loaned_at.date() == OUTAGE.date()
    assert sim.requests_seen().count("11") == 3

    status, out, _ = run(capsys, "journal", "list", "--config", branch, "--state", "failed",
                         "--json")
    [failed] = json.loads(out)
    assert status == 0
    assert failed["item"] == DEMO.unknown_item
    assert "not in the catalogue" in failed["result"]   # the ILS's words, in the patron's language
    assert_no_full_card(out)

    export = tmp_path / "for-counter" / "refused.csv"
    status, out, err = run(capsys, "journal", "export", export, "--config", branch)
    assert status == 0
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    text = export.read_text(encoding="utf-8-sig")
    assert DEMO.english_card in text                       # the counter needs the full card
    assert DEMO.unknown_item in text
    assert DEMO.good_card not in text                      # sent rows are not exported
    assert "full card numbers" in err

    status, out, _ = run(capsys, "journal", "replay", "--config", branch)   # nothing left
    assert status == 0
    assert "0 sent" in out
    assert sim.requests_seen().count("11") == 3


def test_export_of_an_existing_file_makes_it_private(
        branch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "old.csv"
    target.write_text("stale", encoding="utf-8")
    target.chmod(0o644)

    status, _, _ = run(capsys, "journal", "export", target, "--config", branch,
                       "--state", "pending")

    assert status == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "stale" not in target.read_text(encoding="utf-8-sig")


def test_replay_to_an_unreachable_ils_names_it_and_keeps_every_row(
        branch: Path, sim: IlsSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    host, port = sim.address
    sim.stop()

    status, out, err = run(capsys, "journal", "replay", "--config", branch)

    assert status == 3
    assert f"{host}:{port}" in err
    assert "cannot reach the ILS" in err
    assert "3 still to send" in out
    status, out, _ = run(capsys, "journal", "list", "--config", branch, "--json")
    assert {r["state"] for r in json.loads(out)} == {"pending"}


# -- setup problems --------------------------------------------------------------------------
def test_the_demo_config_needs_a_cache_path(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "journal", "list")

    assert status == 2
    assert "--cache PATH" in err


def test_a_missing_cache_is_not_created(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "typo.sqlite3"

    status, _, err = run(capsys, "journal", "list", "--cache", missing)

    assert status == 2
    assert str(missing) in err
    assert not missing.exists()


def test_replay_with_the_demo_config_asks_for_the_branch_ils(
        branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "journal", "replay", "--cache",
                         branch.with_name("cache.sqlite3"))

    assert status == 2
    assert "names no ILS" in err


# -- cache ---------------------------------------------------------------------------------
def test_cache_status_counts_tables_and_journal_states(
        branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "cache", "status", "--config", branch, "--json")

    report = json.loads(out)
    assert status == 0
    assert report["journal"] == {"pending": 3, "sending": 0, "done": 0, "failed": 0,
                                 "renewed": 0}
    assert report["tables"]["journal"] == 3
    assert report["tables"]["items"] == 3                 # the offline loans' items
    assert report["schema_revision"] == schema.head_revision()
    assert report["size_bytes"] > 0
    assert report["newest_feed_record"] is None


def test_cache_import_then_status(branch: Path, sim: IlsSimulator, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    from sync.ils_sim.feed_export import export_feed

    feed = tmp_path / "feed.ndjson.gz"
    with sim.locked() as coll:
        written = export_feed(coll, feed, now=NOW)

    status, out, _ = run(capsys, "cache", "import", feed, "--config", branch, "--json")

    assert status == 0
    assert json.loads(out)["records"]["patron"] == written["patron"]
    status, out, _ = run(capsys, "cache", "status", "--config", branch, "--json")
    report = json.loads(out)
    assert report["tables"]["patrons"] == written["patron"]
    assert report["newest_feed_record"] is not None


def test_cache_import_needs_the_card_key(branch: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "cache", "import", tmp_path / "feed.ndjson",
                         "--cache", branch.with_name("cache.sqlite3"))

    assert status == 2
    assert "--key-file" in err


def test_a_refused_feed_exits_1(branch: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "cut.ndjson"
    feed.write_text('{"type": "patron"}\n', encoding="utf-8")

    status, _, err = run(capsys, "cache", "import", feed, "--config", branch)

    assert status == 1
    assert "unchanged" in err


# -- as a process ------------------------------------------------------------------------------
def test_the_kiosk_command_lists_the_journal_in_a_subprocess(branch: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "journal", "list", "--config",
                           str(branch), "--json"], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60, check=False)

    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == len(LOANS)
    assert_no_full_card(done.stdout + done.stderr)


# -- issue 18 -------------------------------------------------------------------------------
def test_journal_list_says_how_many_wait_and_for_how_long(
        branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "journal", "list", "--config", branch)

    assert status == 0
    first = out.splitlines()[0]
    assert first.startswith("3 loan(s) waiting for the ILS, the oldest made "
                            f"{OUTAGE.date().isoformat()}")
    assert "ago)" in first


def test_replay_to_an_ils_given_on_the_command_line(
        branch: Path, sim: IlsSimulator, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A demo's journal (the embedded config names no ILS) sent to `kiosk ils-sim`."""
    host, port = sim.address
    password = tmp_path / "sim-password"
    password.write_text(DEMO.sip_password, encoding="utf-8")

    status, out, err = run(capsys, "journal", "replay", "--cache",
                           branch.with_name("cache.sqlite3"), "--ils", f"{host}:{port}",
                           "--password-file", password)

    assert status == 1, err                                # the uncatalogued item refused
    assert f"journal replay to {host}:{port}: 2 sent" in out
    with sim.locked() as coll:
        assert {item for _, item in LOANS[:2]} <= set(coll.loans)


def test_replay_with_a_wrong_password_file_is_a_refused_login(
        branch: Path, sim: IlsSimulator, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    host, port = sim.address
    password = tmp_path / "wrong"
    password.write_text("wrong", encoding="utf-8")

    status, _, err = run(capsys, "journal", "replay", "--config", branch, "--ils",
                         f"{host}:{port}", "--password-file", password)

    assert status == 3
    assert "refused the kiosk's login" in err


def test_a_replay_the_ils_takes_as_a_renewal_exits_non_zero(
        tmp_path: Path, sim: IlsSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 18, 8c: the patron already had the item at the ILS, the replay renewed it: a
    doubled loan nobody would be told about if the command said "ok" and exited 0."""
    state = tmp_path / "demo-state"
    state.mkdir()
    (state / "card-key").write_bytes(KEY)
    card, item = DEMO.good_card, DEMO.lendable_items[1]
    with open_cache(state / "cache.sqlite3", KEY) as cache:
        at = OUTAGE
        OfflineJournal(cache).record_loan(card=card, item_id=item, title="題名",
                                          loan_class="book", transaction_at=at,
                                          due_at=end_of_day(at.date() + timedelta(days=14)))
    from sync.sip2.client import Sip2Client, Sip2Settings
    host, port = sim.address
    client = Sip2Client(Sip2Settings(host=host, port=port, user=DEMO.sip_user,
                                     password=DEMO.sip_password, institution="DEMO"))
    try:
        assert client.checkout(card, item).ok             # the ILS has it already
    finally:
        client.close()
    password = tmp_path / "sim-password"
    password.write_text(DEMO.sip_password, encoding="utf-8")

    status, out, err = run(capsys, "journal", "replay", "--state-dir", state, "--ils",
                           f"{host}:{port}", "--password-file", password, "--json")

    assert status == 1
    assert json.loads(out)["renewed"] == 1
    assert "RENEWALS" in err
    status, out, _ = run(capsys, "journal", "list", "--state-dir", state, "--state",
                         "renewed", "--json")
    [row] = json.loads(out)
    assert row["item"] == item
    assert "renewal" in row["result"]

    status, out, _ = run(capsys, "journal", "resolve", row["id"], "--state-dir", state,
                         "--note", "renewal reset at the counter")
    assert status == 0
    status, out, _ = run(capsys, "journal", "list", "--state-dir", state, "--json")
    assert [r["state"] for r in json.loads(out)] == ["done"]
    status, _, err = run(capsys, "journal", "resolve", row["id"], "--state-dir", state)
    assert status == 2
    assert "only failed or renewed" in err
