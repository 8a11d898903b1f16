"""Kiosks killed with SIGKILL while lending offline, and the ILS or the replayer killed during
replay, lose nothing and double nothing (bench/crash.py; bench/bench_crash.py for many)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.crash import CrashRun, free_port
from bench.forkserver import Launcher


@pytest.fixture
def forks() -> Iterator[Launcher]:
    with Launcher(fork=True) as launcher:
        yield launcher


def _assert_exactly_once(run: CrashRun) -> None:
    acknowledged, ledger = run.check()
    assert set(ledger) == acknowledged, run.log
    assert all(count == 1 for count in ledger.values()), ledger
    assert run.ils_renewals() == 0, run.log


def test_sigkilled_offline_kiosks_then_replay_give_exactly_the_acknowledged_loans(
        tmp_path: Path) -> None:
    run = CrashRun(tmp_path, patrons=6, items_per_patron=3, seed=7)
    try:
        run.crash_phase(kills=4, progress_lines=2)
        assert run.kills >= 2, run.landed        # each kill is aimed at lending still to do
        # fewer than asked only when nothing was left to lend
        assert run.kills == 4 or run.visits_done >= run.patrons, run.landed
        assert len(run.acknowledged) == 18                # the final run finished every visit
        run.replay(free_port())
    finally:
        run.close()
    _assert_exactly_once(run)


def test_the_ils_killed_during_replay_still_gets_each_loan_once(tmp_path: Path) -> None:
    run = CrashRun(tmp_path, patrons=4, items_per_patron=3, seed=11)
    try:
        run.crash_phase(kills=1)
        run.replay(free_port(), cut_ils=3)
    finally:
        run.close()
    assert sum(run.replay_kills.values()) >= 1, run.replay_landed
    _assert_exactly_once(run)


def test_the_replayer_killed_mid_replay_leaves_rows_in_doubt_that_are_asked_not_resent(
        tmp_path: Path, forks: Launcher) -> None:
    run = CrashRun(tmp_path, patrons=18, items_per_patron=5, seed=5, launcher=forks)
    run.crash_phase(kills=0)
    run.replay(free_port(), kill_replayer=3)
    assert run.replay_kills["replayer"] >= 1, run.replay_landed
    assert run.replay_status == 0, run.log
    _assert_exactly_once(run)


def test_forked_kiosks_killed_mid_lending_resume_with_the_visit_under_way(
        tmp_path: Path, forks: Launcher) -> None:
    """The bench's way: kiosks forked from the fork server, the visits that ended skipped."""
    run = CrashRun(tmp_path, patrons=6, items_per_patron=4, seed=3, launcher=forks)
    run.crash_phase(kills=6, progress_lines=2)
    assert run.kills >= 4, run.landed
    assert run.kills == 6 or run.visits_done >= run.patrons, run.landed
    assert len(run.acknowledged) == 24                   # every visit's every item, once
    run.replay(free_port(), kills=2)
    _assert_exactly_once(run)
