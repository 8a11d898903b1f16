"""`kiosk doctor` against a healthy branch (all green) and against broken ones (each problem
named), with the ILS simulator over loopback TCP and real cache files."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.commands.doctor import _clock
from kiosk.config import load_config
from sync.cache.cache import open_cache
from sync.cache.models import JournalEntry
from sync.ils_sim.collection import DEMO, TOKYO
from sync.ils_sim.server import IlsSimulator
from sync.journal import OfflineJournal

KEY = b"doctor-test-key-0123456789abcdef"


@pytest.fixture
def sim() -> Iterator[IlsSimulator]:
    with IlsSimulator() as simulator:
        yield simulator


def write_branch(tmp_path: Path, sim: IlsSimulator, *, port: int | None = None,
                 scanner: str = "fake-scanner://?name=front", feed: bool = True,
                 failed_loans: int = 0) -> Path:
    key, password = tmp_path / "card-key", tmp_path / "sip2-password"
    key.write_bytes(KEY)
    password.write_text(DEMO.sip_password, encoding="utf-8")
    cache_path = tmp_path / "cache.sqlite3"
    if feed:
        feed_file = tmp_path / "feed.csv"
        assert main(["ils-sim", "export-feed", str(feed_file)]) == 0
        assert main(["cache", "import", "--cache", str(cache_path), "--key-file", str(key),
                     str(feed_file)]) == 0
    with open_cache(cache_path, KEY) as cache:
        journal = OfflineJournal(cache, kiosk_id="DOCTOR")
        now = datetime.now(TOKYO)
        for n in range(failed_loans):
            journal.record_loan(card=DEMO.good_card, item_id=DEMO.lendable_items[n],
                                title="題名", loan_class="book", transaction_at=now,
                                due_at=now + timedelta(days=14))
        for row in journal.rows():
            journal.mark_failed(row.id, "refused by the ILS")
    host, sim_port = sim.address
    config = tmp_path / "branch.toml"
    config.write_text(f"""
[ils]
host = "{host}"
port = {port or sim_port}
user = "{DEMO.sip_user}"
password_file = "{password}"
timeout_seconds = 2.0

[devices]
scanners = ["{scanner}"]

[cache]
path = "{cache_path}"
key_file = "{key}"
""", encoding="utf-8")
    return config


def doctor(capsys: pytest.CaptureFixture[str], config: Path) -> tuple[int, dict[str, dict]]:
    capsys.readouterr()                        # what setting up the branch printed
    status = main(["doctor", "--json", "--min-free-mb", "1", "--config", str(config)])
    checks = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return status, {c["name"]: c for c in checks}


def failed(capsys: pytest.CaptureFixture[str], config: Path, check: str) -> str:
    """The doctor run on ``config``, which must exit 1 with ``check`` failed: its detail."""
    status, checks = doctor(capsys, config)
    assert status == 1
    assert checks[check]["status"] == "FAIL", checks[check]
    return str(checks[check]["detail"])


def test_a_healthy_branch_is_all_green(tmp_path: Path, sim: IlsSimulator,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    status, checks = doctor(capsys, write_branch(tmp_path, sim))
    assert status == 0
    assert {c["status"] for c in checks.values()} == {"ok"}, checks
    assert set(checks) >= {"config", "scanner fake-scanner://?name=front", "ils", "clock", "cache",
                           "journal", "disk", "printer"}


def test_the_demo_defaults_have_no_failure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--json", "--min-free-mb", "1"]) == 0
    checks = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(c["status"] != "FAIL" for c in checks)
    assert next(c for c in checks if c["name"] == "ils")["status"] == "ok"


def test_an_unreachable_ils_is_named(tmp_path: Path, sim: IlsSimulator,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    status, checks = doctor(capsys, write_branch(tmp_path, sim, port=closed))
    assert status == 1
    assert checks["ils"]["status"] == "FAIL"
    assert f"127.0.0.1:{closed}" in checks["ils"]["detail"]
    assert "refused" in checks["ils"]["detail"]


def test_a_missing_scanner_is_named(tmp_path: Path, sim: IlsSimulator,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    url = "serial:///dev/serial/by-id/usb-Gone_Scanner-if00?baud=9600"
    status, checks = doctor(capsys, write_branch(tmp_path, sim, scanner=url))
    assert status == 1
    assert checks[f"scanner {url}"]["status"] == "FAIL"
    assert "does not exist" in checks[f"scanner {url}"]["detail"]


def test_a_bad_scanner_url_is_named(tmp_path: Path, sim: IlsSimulator,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    status, checks = doctor(capsys, write_branch(tmp_path, sim, scanner="hid://x"))
    assert status == 1
    assert "no scanner driver" in checks["scanner hid://x"]["detail"]


def test_refused_offline_loans_and_a_missing_feed_are_named(
        tmp_path: Path, sim: IlsSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    status, checks = doctor(capsys, write_branch(tmp_path, sim, feed=False, failed_loans=2))
    assert status == 1
    assert checks["journal"]["status"] == "FAIL"
    assert "2 offline loan(s) refused" in checks["journal"]["detail"]
    assert checks["cache"]["status"] == "warn"
    assert "no snapshot feed" in checks["cache"]["detail"]


def test_low_disk_is_named(tmp_path: Path, sim: IlsSimulator,
                           capsys: pytest.CaptureFixture[str]) -> None:
    config = write_branch(tmp_path, sim)
    capsys.readouterr()
    status = main(["doctor", "--json", "--min-free-mb", str(10 ** 9), "--config", str(config)])
    checks = {c["name"]: c for c in map(json.loads, capsys.readouterr().out.splitlines())}
    assert status == 1
    assert checks["disk"]["status"] == "FAIL"


def test_a_config_error_names_the_file_and_key(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "branch.toml"
    config.write_text("[session]\nidle_seconds = 'soon'\n", encoding="utf-8")
    assert main(["doctor", "--config", str(config)]) == 2
    out = capsys.readouterr().out
    assert "FAIL" in out
    assert "idle_seconds" in out


def test_clock_skew_is_named() -> None:
    config = load_config(None)
    ils = datetime(2026, 11, 22, 10, 0, 0)
    assert _clock(config, ils, lambda: datetime(2026, 11, 22, 10, 0, 30, tzinfo=TOKYO)
                  ).status == "ok"
    skewed = _clock(config, ils, lambda: datetime(2026, 11, 22, 10, 5, 0, tzinfo=TOKYO))
    assert skewed.status == "FAIL"
    assert "300 s" in skewed.detail
    assert "NTP" in skewed.detail


# -- issue 18 -------------------------------------------------------------------------------
def test_doctor_prints_only_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--min-free-mb", "1"]) == 0
    out, err = capsys.readouterr()
    assert " INFO " not in err                   # the login and the simulator keep quiet
    assert "ils" in out


def test_the_example_branch_has_a_clock_row(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).resolve().parents[2] / "config" / "example-branch.toml"
    main(["doctor", "--json", "--min-free-mb", "1", "--config", str(example)])
    checks = {c["name"]: c for c in map(json.loads, capsys.readouterr().out.splitlines())}
    assert checks["ils"]["status"] == "FAIL"            # no password file on this machine
    assert checks["clock"]["status"] in ("ok", "warn")
    assert "not compared with the ILS" in checks["clock"]["detail"]


def branch_with_kept_key(tmp_path: Path, sim: IlsSimulator) -> Path:
    """A branch whose config names no key_file: the kiosk keeps the key beside the cache."""
    config = write_branch(tmp_path, sim)
    text = config.read_text(encoding="utf-8")
    config.write_text("\n".join(line for line in text.splitlines()
                                if not line.startswith("key_file")), encoding="utf-8")
    (tmp_path / "cache.sqlite3.card-key").write_bytes(KEY)
    (tmp_path / "cache.sqlite3.card-key-check").unlink(missing_ok=True)
    return config


def test_a_kept_card_key_that_is_there_is_ok(tmp_path: Path, sim: IlsSimulator,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    config = branch_with_kept_key(tmp_path, sim)
    status, checks = doctor(capsys, config)
    assert checks["card key"]["status"] == "ok", checks["card key"]
    assert status == 0


def test_a_missing_card_key_fails(tmp_path: Path, sim: IlsSimulator,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = branch_with_kept_key(tmp_path, sim)
    (tmp_path / "cache.sqlite3.card-key").unlink()
    assert "missing" in failed(capsys, config, "card key")
    assert not (tmp_path / "cache.sqlite3.card-key").exists()     # doctor makes no key


def test_a_card_key_the_cache_was_not_built_with_fails(
        tmp_path: Path, sim: IlsSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_branch(tmp_path, sim)          # imported with KEY: noted beside the cache
    (tmp_path / "card-key").write_bytes(b"another-key-0123456789abcdef")
    assert "not the one" in failed(capsys, config, "card key")


def test_journal_rows_hashed_with_another_key_fail(
        tmp_path: Path, sim: IlsSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_branch(tmp_path, sim, feed=False)
    with open_cache(tmp_path / "cache.sqlite3", b"the-key-of-an-earlier-start-0123") as cache:
        now = datetime.now(TOKYO)
        OfflineJournal(cache).record_loan(card=DEMO.good_card, item_id=DEMO.lendable_items[0],
                                          title="題名", loan_class="book", transaction_at=now,
                                          due_at=now + timedelta(days=14))
    assert "1 of 1 journal row" in failed(capsys, config, "card key")


def test_a_replay_the_ils_took_as_a_renewal_fails_and_staff_can_resolve_it(
        tmp_path: Path, sim: IlsSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_branch(tmp_path, sim, feed=False)
    with open_cache(tmp_path / "cache.sqlite3", KEY) as cache:
        journal = OfflineJournal(cache)
        now = datetime.now(TOKYO)
        row = journal.record_loan(card=DEMO.good_card, item_id=DEMO.lendable_items[0],
                                  title="題名", loan_class="book",
                                  transaction_at=now - timedelta(hours=3),
                                  due_at=now + timedelta(days=14))
        journal.record_loan(card=DEMO.good_card, item_id=DEMO.lendable_items[1],
                            title="題名", loan_class="book",
                            transaction_at=now - timedelta(hours=2),
                            due_at=now + timedelta(days=14))
        journal.mark_sending(row.id)
        with cache.sessions.begin() as session:      # as the replayer records a renewal
            session.get(JournalEntry, row.id).state = "renewed"  # type: ignore[union-attr]
    status, checks = doctor(capsys, config)
    assert status == 1
    assert checks["journal"]["status"] == "FAIL"
    assert "RENEWALS" in checks["journal"]["detail"]
    assert "oldest for 2.0 h" in checks["journal"]["detail"]          # the queue's age

    assert main(["journal", "resolve", str(row.id), "--note", "renewal given back",
                 "--config", str(config)]) == 0
    status, checks = doctor(capsys, config)
    assert checks["journal"]["status"] == "warn"                       # still one waiting
    assert "RENEWALS" not in checks["journal"]["detail"]
