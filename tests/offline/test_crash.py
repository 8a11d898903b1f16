"""Kiosks killed with SIGKILL while lending offline lose nothing and double nothing."""

from __future__ import annotations

from pathlib import Path

from bench.crash import CrashRun, free_port


def test_sigkilled_offline_kiosks_then_replay_give_exactly_the_acknowledged_loans(
        tmp_path: Path) -> None:
    run = CrashRun(tmp_path, patrons=3, items_per_patron=3, seed=7)
    run.crash_phase(kills=4, max_delay=3.0)
    assert len(run.acknowledged) == 9                 # the final run finished every visit
    run.replay(free_port())
    acknowledged, ledger = run.check()
    assert set(ledger) == acknowledged, run.log
    assert all(count == 1 for count in ledger.values()), ledger


def test_the_ils_killed_during_replay_still_gets_each_loan_once(tmp_path: Path) -> None:
    run = CrashRun(tmp_path, patrons=4, items_per_patron=3, seed=11)
    run.crash_phase(kills=1, max_delay=2.0)
    run.replay(free_port(), cut_ils=3)
    acknowledged, ledger = run.check()
    assert set(ledger) == acknowledged, run.log
    assert all(count == 1 for count in ledger.values()), ledger
