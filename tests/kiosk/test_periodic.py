"""kiosk.periodic: the one background loop of the staff alerts and the journal's retention."""

from __future__ import annotations

import logging
import threading

import pytest

from kiosk.periodic import Periodic

log = logging.getLogger("tests.periodic")


class Work:
    """Counts its rounds; ``first`` and ``third`` are set as they are done."""

    def __init__(self, fail_first: bool = False) -> None:
        self.rounds = 0
        self.fail_first = fail_first
        self.first = threading.Event()
        self.third = threading.Event()

    def __call__(self) -> None:
        self.rounds += 1
        if self.rounds == 1:
            self.first.set()
        if self.rounds == 3:
            self.third.set()
        if self.fail_first and self.rounds == 1:
            raise RuntimeError("disk full")


def periodic(work: Work, *, at_start: bool) -> Periodic:
    return Periodic(work, name="test-loop", log=log, failed="the round failed",
                    at_start=at_start)


def test_at_start_works_at_once_then_every_interval() -> None:
    work = Work()
    loop = periodic(work, at_start=True)
    loop.start(60.0)
    try:
        assert work.first.wait(5)
    finally:
        loop.stop()
    assert work.rounds == 1                   # at once, and not again within the minute


def test_otherwise_the_first_round_waits_an_interval() -> None:
    work = Work()
    loop = periodic(work, at_start=False)
    loop.start(60.0)
    loop.stop()
    assert work.rounds == 0


def test_a_failed_round_is_logged_and_the_loop_goes_on(
        caplog: pytest.LogCaptureFixture) -> None:
    work = Work(fail_first=True)
    loop = periodic(work, at_start=False)
    with caplog.at_level(logging.ERROR, logger="tests.periodic"):
        loop.start(0.01)
        try:
            assert work.third.wait(5)
        finally:
            loop.stop()
    [failed] = [r for r in caplog.records if r.getMessage() == "the round failed"]
    assert failed.name == "tests.periodic"
    assert failed.exc_info is not None


def test_stop_ends_the_daemon_thread() -> None:
    work = Work()
    loop = periodic(work, at_start=True)
    loop.start(0.01)
    assert work.third.wait(5)
    loop.stop()
    thread = loop._thread
    assert thread is not None
    assert not thread.is_alive()
    assert thread.name == "test-loop"
    assert thread.daemon
