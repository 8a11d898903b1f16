"""The simulator remembers: loans, holds and the ledger in its state file, written before the
answer leaves, read back by a restarted simulator and by ``kiosk ils-sim loans|ledger``.

Real loopback sockets and real subprocesses; a bare SIP2 client (tests/rigs/sip2_wire.py) so
these tests do not depend on ``Sip2Client``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sync.ils_sim.collection import DEMO, TOKYO, demo_collection, end_of_day
from sync.ils_sim.rules import KYOTO_RULES
from sync.ils_sim.server import IlsSimulator
from sync.ils_sim.state import StateError, StateStore
from sync.sip2.codec import Message, format_date, make
from sync.sip2.framing import Framing
from tests.rigs import sip2_wire

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
ROOT = Path(__file__).resolve().parents[2]
BLANK = " " * 18
ITEMS = DEMO.lendable_items
KIOSK = "BRANCH-1-KIOSK-2"


class Wire(sip2_wire.Wire):
    """The bare client of tests/rigs/sip2_wire.py, logging in from this kiosk (CP)."""

    def __init__(self, address: tuple[str, int], framing: Framing | None = None) -> None:
        super().__init__(address, framing, location=KIOSK)


def checkout(item: str, card: str = DEMO.good_card, *, no_block: bool = False,
             when: datetime = NOW, nb_due: datetime | None = None) -> Message:
    return make("11", {"sc_renewal_policy": "N", "no_block": "Y" if no_block else "N",
                       "transaction_date": format_date(when),
                       "nb_due_date": format_date(nb_due) if nb_due else BLANK},
                [("AO", "DEMO"), ("AA", card), ("AB", item), ("AC", "")])


def checkin(item: str) -> Message:
    return make("09", {"no_block": "N", "transaction_date": format_date(NOW),
                       "return_date": format_date(NOW)},
                [("AP", "DEMO"), ("AO", "DEMO"), ("AB", item)])


def item_information(item: str) -> Message:
    return make("17", {"transaction_date": format_date(NOW)}, [("AO", "DEMO"), ("AB", item)])


def patron_status(card: str) -> Message:
    return make("23", {"language": "000", "transaction_date": format_date(NOW)},
                [("AO", "DEMO"), ("AA", card), ("AC", "")])


def patron_information(card: str) -> Message:
    return make("63", {"language": "000", "transaction_date": format_date(NOW),
                       "summary": " " * 10}, [("AO", "DEMO"), ("AA", card), ("AC", "")])


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "ils-state.sqlite3"


@pytest.fixture
def sim(state_file: Path) -> Iterator[IlsSimulator]:
    with IlsSimulator(clock=lambda: NOW, state_path=state_file) as simulator:
        yield simulator


@pytest.fixture
def wire(sim: IlsSimulator) -> Iterator[Wire]:
    w = Wire(sim.address).login()
    yield w
    w.close()


def ledger_in_file(path: Path) -> list[tuple[int, str, str, str, str]]:
    """The ledger as another process sees the file right now."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT seq, kind, card, item, result FROM ledger ORDER BY seq"
                          ).fetchall()


def loans_in_file(path: Path) -> dict[str, str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT item, card FROM loans").fetchall())


# -- remembering -------------------------------------------------------------------------
def test_a_fresh_file_is_seeded_with_the_collections_loans_and_holds(
        sim: IlsSimulator, state_file: Path) -> None:
    fresh = demo_collection(NOW)
    assert loans_in_file(state_file) == {x.item: x.card for x in fresh.loans.values()}
    store = StateStore(state_file, readonly=True)
    try:
        assert store.holds()[DEMO.on_hold_item] == DEMO.other_good_card
        assert store.ledger() == []
    finally:
        store.close()


def test_state_survives_stop_start_and_a_new_simulator(sim: IlsSimulator, wire: Wire,
                                                       state_file: Path) -> None:
    assert wire.request(checkout(ITEMS[0])).fx("ok") == "1"
    assert wire.request(checkout(ITEMS[1])).fx("ok") == "1"
    assert wire.request(checkout(ITEMS[1])).fx("renewal_ok") == "Y"
    pickup = wire.request(checkout(DEMO.hold_pickup_item))
    assert pickup.fx("ok") == "1"
    assert wire.request(checkin(DEMO.on_loan_item)).fx("ok") == "1"
    wire.close()

    sim.stop()
    sim.start()
    again = Wire(sim.address).login()
    try:
        info = again.request(item_information(ITEMS[0]))
        assert (info.fx("circulation_status"), info.get("AA")) == ("04", DEMO.good_card)
    finally:
        again.close()
    sim.close()

    later = NOW + timedelta(days=3)
    with IlsSimulator(clock=lambda: later, state_path=state_file) as restarted:
        coll = restarted.collection
        assert coll.loans[ITEMS[0]].card == DEMO.good_card
        assert coll.loans[ITEMS[0]].loaned_at == NOW
        assert coll.loans[ITEMS[1]].renewals == 1
        assert coll.loans[DEMO.hold_pickup_item].card == DEMO.good_card
        assert coll.items[DEMO.hold_pickup_item].hold_for is None     # the hold is fulfilled
        assert coll.items[DEMO.on_hold_item].hold_for == DEMO.other_good_card
        assert DEMO.on_loan_item not in coll.loans                     # returned
        assert [e.kind for e in restarted.ledger()] == [
            "checkout", "checkout", "checkout", "checkout", "checkin"]
        w = Wire(restarted.address).login()
        try:
            # the renewal was used up before the restart
            assert w.request(checkout(ITEMS[1])).fx("ok") == "0"
            assert w.request(checkout(ITEMS[2])).fx("ok") == "1"
        finally:
            w.close()
        assert [e.seq for e in restarted.ledger()] == [1, 2, 3, 4, 5, 6, 7]


def test_changes_made_through_locked_are_saved(sim: IlsSimulator, state_file: Path) -> None:
    with sim.locked() as coll:
        coll.items[ITEMS[3]].hold_for = DEMO.english_card
        del coll.loans[DEMO.on_loan_item]
    sim.close()
    with IlsSimulator(clock=lambda: NOW, state_path=state_file) as restarted:
        assert restarted.collection.items[ITEMS[3]].hold_for == DEMO.english_card
        assert DEMO.on_loan_item not in restarted.collection.loans


def test_without_a_file_the_state_lives_in_memory() -> None:
    with IlsSimulator(clock=lambda: NOW) as sim:
        assert sim.state_path is None
        w = Wire(sim.address).login()
        try:
            assert w.request(checkout(ITEMS[0])).fx("ok") == "1"
        finally:
            w.close()
        sim.stop()
        sim.start()
        assert [(e.kind, e.item) for e in sim.ledger()] == [("checkout", ITEMS[0])]


def test_a_file_that_is_not_a_state_file_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("これは状態ファイルではありません\n" * 100)
    with pytest.raises(StateError):
        IlsSimulator(state_path=bogus)
    with pytest.raises(StateError):
        StateStore(tmp_path / "missing.sqlite3", readonly=True)


# -- the ledger --------------------------------------------------------------------------
def test_every_transaction_is_in_the_ledger(sim: IlsSimulator, wire: Wire) -> None:
    offline_at = NOW - timedelta(days=2, hours=3)
    nb_due = end_of_day((NOW + timedelta(days=12)).date())
    assert wire.request(checkout(ITEMS[0])).fx("ok") == "1"
    assert wire.request(checkout(DEMO.not_for_loan_item)).fx("ok") == "0"
    assert wire.request(checkout(ITEMS[0])).fx("renewal_ok") == "Y"
    assert wire.request(checkout(ITEMS[1], no_block=True, when=offline_at,
                                 nb_due=nb_due)).fx("ok") == "1"
    assert wire.request(checkin(ITEMS[0])).fx("ok") == "1"
    assert wire.request(checkin(ITEMS[2])).fx("ok") == "0"
    entries = sim.ledger()
    assert [(e.seq, e.kind, e.card, e.item, e.result, e.reason, e.renewal) for e in entries] == [
        (1, "checkout", DEMO.good_card, ITEMS[0], "ok", "", False),
        (2, "checkout", DEMO.good_card, DEMO.not_for_loan_item, "refused", "not_for_loan",
         False),
        (3, "checkout", DEMO.good_card, ITEMS[0], "ok", "", True),
        (4, "no_block_checkout", DEMO.good_card, ITEMS[1], "ok", "", False),
        (5, "checkin", DEMO.good_card, ITEMS[0], "ok", "", False),
        (6, "checkin", "", ITEMS[2], "refused", "not_on_loan", False)]
    assert all(e.terminal == KIOSK for e in entries)
    assert all(e.received_at == NOW.isoformat() for e in entries)
    assert entries[0].transaction_date == NOW.isoformat()
    assert entries[0].due == end_of_day((NOW + timedelta(days=14)).date()).isoformat()
    assert entries[3].transaction_date == offline_at.isoformat()   # when it really happened
    assert entries[3].due == nb_due.isoformat()
    assert sim.collection.loans[ITEMS[1]].loaned_at == offline_at
    assert entries[1].due is None
    assert [e.seq for e in sim.ledger(since=4)] == [5, 6]


def test_the_ledger_is_append_only(sim: IlsSimulator, wire: Wire, state_file: Path) -> None:
    wire.request(checkout(ITEMS[0]))
    with sqlite3.connect(state_file) as db:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE ledger SET result = 'refused'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("DELETE FROM ledger")
    assert sim.ledger()[0].ok


# -- durability: on disk before the answer -------------------------------------------------
def test_each_answer_finds_its_transaction_already_in_the_file(wire: Wire,
                                                               state_file: Path) -> None:
    for n, item in enumerate((*ITEMS, *DEMO.av_items[:3]), start=1):
        assert wire.request(checkout(item)).fx("ok") == "1"
        # read by another connection the moment the answer is in: already committed
        assert ledger_in_file(state_file)[-1] == (n, "checkout", DEMO.good_card, item, "ok")
        assert loans_in_file(state_file)[item] == DEMO.good_card


def test_no_answer_while_the_state_cannot_be_written(sim: IlsSimulator, wire: Wire,
                                                     state_file: Path) -> None:
    blocker = sqlite3.connect(state_file, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")             # hold the write lock
        wire.sock.sendall(wire.frame(checkout(ITEMS[0])))
        wire.sock.settimeout(0.3)
        with pytest.raises(TimeoutError):
            wire.sock.recv(1)                          # no answer until it is on disk
        wire.sock.settimeout(10)
        blocker.execute("ROLLBACK")
    finally:
        blocker.close()
    answer = wire.receive()
    assert answer.fx("ok") == "1"
    assert ledger_in_file(state_file) == [(1, "checkout", DEMO.good_card, ITEMS[0], "ok")]


# -- renewals (29) and fee paid (37) ------------------------------------------------------
def renew(item: str, card: str = DEMO.good_card, *, no_block: bool = False) -> Message:
    return make("29", {"third_party_allowed": "N", "no_block": "Y" if no_block else "N",
                       "transaction_date": format_date(NOW), "nb_due_date": BLANK},
                [("AO", "DEMO"), ("AA", card), ("AB", item), ("AC", "")])


def due_day(answer: Message) -> str:
    return (answer.get("AH") or "")[:8]


def day(offset: int) -> str:
    return (NOW + timedelta(days=offset)).strftime("%Y%m%d")


def test_renewals_follow_the_toyama_rules(state_file: Path) -> None:
    clock = [NOW]
    with IlsSimulator(clock=lambda: clock[0], state_path=state_file) as sim:
        w = Wire(sim.address).login()
        try:
            for item in (*ITEMS[:3], DEMO.ill_item, DEMO.large_kamishibai_item):
                assert w.request(checkout(item)).fx("ok") == "1"
            with sim.locked() as coll:        # someone reserves what 佐藤 has
                coll.items[DEMO.on_loan_item].hold_for = DEMO.english_card

            clock[0] = NOW + timedelta(days=10)
            first = w.request(renew(ITEMS[0]))
            assert first.code == "30"
            assert (first.fx("ok"), first.fx("renewal_ok")) == ("1", "Y")
            assert due_day(first) == day(10 + 14)        # two weeks from the request
            second = w.request(renew(ITEMS[0]))
            assert second.fx("ok") == "0"
            assert "1回まで" in (second.get("AF") or "")
            refusals = {item: w.request(renew(item, card)) for item, card in (
                (DEMO.ill_item, DEMO.good_card),
                (DEMO.large_kamishibai_item, DEMO.good_card),
                (DEMO.on_loan_item, DEMO.other_good_card),
                (ITEMS[3], DEMO.good_card))}
            assert all(a.fx("ok") == "0" and a.get("AF") for a in refusals.values())

            clock[0] = NOW + timedelta(days=14 + 5)      # five days overdue
            late = w.request(renew(ITEMS[1]))
            assert late.fx("ok") == "1"
            assert due_day(late) == day(14 + 14)         # from the old due date

            clock[0] = NOW + timedelta(days=14 + 14)     # two weeks overdue: too late
            assert w.request(renew(ITEMS[2])).fx("ok") == "0"
            forced = w.request(renew(ITEMS[2], no_block=True))
            assert forced.fx("ok") == "1"
        finally:
            w.close()
        renewals = [(e.kind, e.item, e.result, e.reason) for e in sim.ledger()
                    if e.kind in ("renew", "no_block_renew")]
        assert renewals == [
            ("renew", ITEMS[0], "ok", ""),
            ("renew", ITEMS[0], "refused", "renewal_refused:max"),
            ("renew", DEMO.ill_item, "refused", "renewal_refused:ill"),
            ("renew", DEMO.large_kamishibai_item, "refused", "renewal_refused:media"),
            ("renew", DEMO.on_loan_item, "refused", "renewal_refused:hold"),
            ("renew", ITEMS[3], "refused", "not_on_loan"),
            ("renew", ITEMS[1], "ok", ""),
            ("renew", ITEMS[2], "refused", "renewal_refused:overdue"),
            ("no_block_renew", ITEMS[2], "ok", "")]
        assert sim.collection.loans[ITEMS[0]].renewals == 1
    with IlsSimulator(clock=lambda: clock[0], state_path=state_file) as restarted:
        assert restarted.collection.loans[ITEMS[1]].due == end_of_day(
            (NOW + timedelta(days=28)).date())


def test_kyoto_rules_refuse_a_renewal_on_the_loan_day() -> None:
    with IlsSimulator(clock=lambda: NOW, rules=KYOTO_RULES) as sim:
        w = Wire(sim.address).login()
        try:
            w.request(checkout(ITEMS[0]))
            answer = w.request(renew(ITEMS[0]))
            assert answer.fx("ok") == "0"
            assert "借りた日" in (answer.get("AF") or "")
        finally:
            w.close()


def test_98_announces_renew_and_fee_paid(wire: Wire) -> None:
    status = wire.request(make("99", {"status_code": "0", "max_print_width": "040",
                                      "protocol_version": "2.00"}))
    supported = status.get("BX") or ""
    assert (supported[9], supported[14]) == ("Y", "Y")   # fee paid, renew
    assert (supported[13], supported[15]) == ("N", "N")  # hold, renew all


def fee_paid(card: str, amount: str) -> Message:
    return make("37", {"transaction_date": format_date(NOW), "fee_type": "01",
                       "payment_type": "00", "currency_type": "JPY"},
                [("BV", amount), ("AO", "DEMO"), ("AA", card), ("CG", "弁償-0042"),
                 ("BK", "tx-9")])


def test_fee_paid_is_accepted_and_recorded(sim: IlsSimulator, wire: Wire) -> None:
    paid = wire.request(fee_paid(DEMO.good_card, "1500"))
    assert paid.code == "38"
    assert paid.fx("payment_accepted") == "Y"
    assert paid.get("BK") == "tx-9"
    assert wire.request(fee_paid(DEMO.unknown_card, "1500")).fx("payment_accepted") == "N"
    assert wire.request(fee_paid(DEMO.good_card, "free")).fx("payment_accepted") == "N"
    assert [(e.kind, e.card, e.item, e.result, e.reason, e.amount) for e in sim.ledger()] == [
        ("fee_paid", DEMO.good_card, "弁償-0042", "ok", "", "1500 JPY"),
        ("fee_paid", DEMO.unknown_card, "弁償-0042", "refused", "unknown_patron", "1500 JPY"),
        ("fee_paid", DEMO.good_card, "弁償-0042", "refused", "bad_amount", "free JPY")]


# -- patrons who may borrow but not reserve --------------------------------------------------
def test_a_wide_area_patron_may_borrow_but_not_hold(wire: Wire) -> None:
    hold_denied = 3                                    # position in the patron status
    status = wire.request(patron_status(DEMO.wide_area_card))
    flags = status.fx("patron_status")
    assert status.code == "24"
    assert flags[hold_denied] == "Y"
    assert flags[0] == " "                             # charge privileges NOT denied
    assert status.get("BL") == "Y"
    info = wire.request(patron_information(DEMO.wide_area_card))
    assert info.fx("patron_status")[hold_denied] == "Y"
    assert info.get("BZ") == "0000"                    # hold items limit
    assert wire.request(checkout(ITEMS[0], card=DEMO.wide_area_card)).fx("ok") == "1"
    resident = wire.request(patron_status(DEMO.good_card)).fx("patron_status")
    assert resident == " " * 14


def test_blocked_patrons_in_24(wire: Wire) -> None:
    lost = wire.request(patron_status(DEMO.lost_card)).fx("patron_status")
    assert (lost[0], lost[4]) == ("Y", "Y")             # no loans, card reported lost
    overdue = wire.request(patron_status(DEMO.long_overdue_card)).fx("patron_status")
    assert (overdue[0], overdue[6]) == ("Y", "Y")       # no loans, too many overdue
    unknown = wire.request(patron_status(DEMO.unknown_card))
    assert unknown.get("BL") == "N"


# -- the command line ----------------------------------------------------------------------
def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sync.ils_sim", *args], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=60, check=False)


def test_loans_and_ledger_as_json(sim: IlsSimulator, wire: Wire, state_file: Path) -> None:
    wire.request(checkout(ITEMS[0]))
    wire.request(checkout(ITEMS[0]))                   # a renewal
    wire.request(checkout(DEMO.not_for_loan_item))
    loans = run_cli("loans", "--state", str(state_file), "--json")
    assert loans.returncode == 0, loans.stderr
    mine = [x for x in json.loads(loans.stdout) if x["card"] == DEMO.good_card]
    assert mine == [{"item": ITEMS[0], "card": DEMO.good_card,
                     "loaned_at": NOW.isoformat(),
                     "due": end_of_day((NOW + timedelta(days=14)).date()).isoformat(),
                     "renewals": 1}]
    ledger = run_cli("ledger", "--state", str(state_file), "--json")
    assert ledger.returncode == 0, ledger.stderr
    entries = json.loads(ledger.stdout)
    assert [(e["seq"], e["kind"], e["item"], e["result"], e["renewal"]) for e in entries] == [
        (1, "checkout", ITEMS[0], "ok", False), (2, "checkout", ITEMS[0], "ok", True),
        (3, "checkout", DEMO.not_for_loan_item, "refused", False)]
    assert set(entries[0]) == {"seq", "kind", "card", "item", "transaction_date",
                               "received_at", "result", "reason", "renewal", "due", "amount",
                               "terminal", "ok"}
    assert [e["ok"] for e in entries] == [True, True, False]
    since = json.loads(run_cli("ledger", "--state", str(state_file), "--json", "--since",
                               "2").stdout)
    assert [e["seq"] for e in since] == [3]
    table = run_cli("ledger", "--state", str(state_file))
    assert table.returncode == 0
    assert DEMO.good_card not in table.stdout          # the human table masks cards
    assert "****5877" in table.stdout
    assert "3 entries" in table.stdout


def test_the_kiosk_command_passes_subcommands_through(sim: IlsSimulator, wire: Wire,
                                                      state_file: Path) -> None:
    wire.request(checkout(ITEMS[0]))
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "ils-sim", "ledger", "--state",
                           str(state_file), "--json"], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert [e["item"] for e in json.loads(done.stdout)] == [ITEMS[0]]


def test_a_missing_state_file_is_an_error(tmp_path: Path) -> None:
    done = run_cli("loans", "--state", str(tmp_path / "nowhere.sqlite3"), "--json")
    assert done.returncode == 1
    assert "no state file" in done.stderr


class Served:
    """``python -m sync.ils_sim`` in a subprocess, on a free port."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "sync.ils_sim", "--port", "0",
                                      *args], cwd=ROOT, env=_env(), stderr=subprocess.PIPE,
                                     text=True)
        assert self.proc.stderr is not None
        self.log = ""
        while True:
            line = self.proc.stderr.readline()
            assert line, f"the simulator exited: {self.log}"
            self.log += line
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                return

    def finish(self, sig: signal.Signals) -> str:
        self.proc.send_signal(sig)
        _, rest = self.proc.communicate(timeout=30)
        return self.log + rest

    def kill_if_running(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


def test_what_was_answered_survives_sigkill(state_file: Path) -> None:
    served = Served("--state", str(state_file))
    try:
        w = Wire(("127.0.0.1", served.port)).login()
        answered = [item for item in ITEMS[:3]
                    if w.request(checkout(item)).fx("ok") == "1"]
        log = served.finish(signal.SIGKILL)            # no chance to tidy up
        w.close()
    finally:
        served.kill_if_running()
    assert answered == list(ITEMS[:3])
    assert DEMO.good_card not in log
    ledger = json.loads(run_cli("ledger", "--state", str(state_file), "--json").stdout)
    assert [(e["item"], e["result"]) for e in ledger] == [(i, "ok") for i in answered]
    loans = {x["item"]: x["card"] for x in json.loads(
        run_cli("loans", "--state", str(state_file), "--json").stdout)}
    assert all(loans[item] == DEMO.good_card for item in answered)

    again = Served("--state", str(state_file))         # a restarted simulator remembers
    try:
        w = Wire(("127.0.0.1", again.port)).login()
        info = w.request(item_information(ITEMS[2]))
        assert (info.fx("circulation_status"), info.get("AA")) == ("04", DEMO.good_card)
        w.close()
        assert again.finish(signal.SIGTERM).rstrip().endswith("stopped")
    finally:
        again.kill_if_running()
    assert again.proc.returncode == 0


def test_serving_options(tmp_path: Path) -> None:
    plain = Framing(error_detection=False)
    served = Served("--no-error-detection", "--long-overdue-days", "90", "--acs",
                    "checkout_ok=N", "--fault", "drop-before=1", "--rules", "kyoto")
    try:
        first = Wire(("127.0.0.1", served.port), plain)
        with pytest.raises(ConnectionError):           # the fault: first request dropped
            first.login()
        first.close()
        w = Wire(("127.0.0.1", served.port), plain).login()
        status = w.request(make("99", {"status_code": "0", "max_print_width": "040",
                                       "protocol_version": "2.00"}))
        assert status.sequence is None                  # no AY/AZ from this ILS
        assert status.fx("checkout_ok") == "N"
        # 75 days overdue is not "long overdue" with a 90-day threshold
        info = w.request(patron_information(DEMO.long_overdue_card))
        assert info.fx("patron_status")[0] == " "
        w.close()
        assert served.finish(signal.SIGTERM)
    finally:
        served.kill_if_running()
    assert served.proc.returncode == 0
    bad = run_cli("--fault", "sideways=1")
    assert bad.returncode == 2
    assert "unknown fault" in bad.stderr
