"""A loan's security write that the reader's going away interrupted waits for the reader and
is written when it answers again, rather than sending the book to staff at once (ui.rfid_pad).
The demo's fake pad (fake-rfid://) on the pad's real "rfid" queue; the loop's rounds called by
hand, so no test waits for the 2-second retry interval."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.port import ReaderSilent
from kiosk.config import load_config
from kiosk.demo import demo_stacks
from kiosk.rfid import SecurityState
from ui.rfid_pad import PadReader
from ui.worker import Worker

pytestmark = pytest.mark.ui
WAIT = 10_000
BOOK = dict(demo_stacks())["3 books"][0]
ON_LOAN = 0xC2

Answer = tuple[bool, str, SecurityState | None]


@pytest.fixture
def pad() -> FakeRfidReader:
    reader = FakeRfidReader()
    BOOK.put_on(reader)
    return reader


@pytest.fixture
def polled(qtbot, pad: FakeRfidReader) -> Iterator[PadReader]:  # type: ignore[no-untyped-def]
    worker = Worker()
    reader = PadReader(pad, load_config(None).rfid, worker, poll_ms=20)
    for _ in range(2):                                  # placed: two inventories in a row
        round_of(qtbot, reader)
    yield reader
    reader.stop()
    worker.shutdown()


def round_of(qtbot, reader: PadReader) -> None:  # type: ignore[no-untyped-def]
    """One round of the loop, answered (or failed) on the GUI thread."""
    before = (reader.rounds, reader.state)
    reader.poll()
    qtbot.waitUntil(lambda: not reader._busy, timeout=WAIT)
    assert (reader.rounds, reader.state) != before or reader.state == "disconnected"


def secure(reader: PadReader) -> list[Answer]:
    answers: list[Answer] = []
    reader.secure((BOOK.uid,), on_loan=True,
                  done=lambda ok, detail, state: answers.append((ok, detail, state)))
    return answers


def test_a_write_cut_by_the_reader_going_away_is_written_when_it_answers_again(
        qtbot, pad: FakeRfidReader, polled: PadReader) -> None:  # type: ignore[no-untyped-def]
    pad.unplug()
    answers = secure(polled)
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    round_of(qtbot, polled)                          # still away: the write keeps waiting
    assert polled.state == "disconnected"
    assert answers == []
    assert pad.tags[BOOK.uid].afi != ON_LOAN
    pad.replug()
    round_of(qtbot, polled)                          # back: written and read back
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT)
    ok, detail, state = answers[0]
    assert ok, detail
    assert state is not None
    assert state.afi == ON_LOAN
    assert pad.tags[BOOK.uid].afi == ON_LOAN
    assert polled.waiting_writes == 0
    assert len(answers) == 1


def test_a_reader_silent_mid_write_is_waited_for_too(
        qtbot, pad: FakeRfidReader, polled: PadReader) -> None:  # type: ignore[no-untyped-def]
    pad.fail_next(ReaderSilent("no answer in 0.3 s"))
    answers = secure(polled)
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    assert answers == []
    round_of(qtbot, polled)                          # the next inventory answers
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT)
    assert answers[0][0] is True
    assert pad.tags[BOOK.uid].afi == ON_LOAN


def test_a_book_taken_off_while_the_reader_was_away_fails_with_its_own_words(
        qtbot, pad: FakeRfidReader, polled: PadReader) -> None:  # type: ignore[no-untyped-def]
    pad.unplug()
    answers = secure(polled)
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    pad.take(BOOK.uid)
    pad.replug()
    round_of(qtbot, polled)
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT)
    ok, detail, _state = answers[0]
    assert not ok
    assert "no tag answered" in detail


def test_a_reader_that_does_not_come_back_in_time_sends_the_book_to_staff(
        qtbot, pad: FakeRfidReader, polled: PadReader) -> None:  # type: ignore[no-untyped-def]
    polled.security_wait_ms = 0
    pad.unplug()
    answers = secure(polled)
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    round_of(qtbot, polled)                          # still away, and waited long enough
    assert len(answers) == 1
    ok, detail, _state = answers[0]
    assert not ok
    assert "unplugged" in detail
    assert "did not come back" in detail
    assert polled.waiting_writes == 0


def test_a_write_waiting_when_the_pad_stops_is_answered_not_dropped(
        qtbot, pad: FakeRfidReader, polled: PadReader) -> None:  # type: ignore[no-untyped-def]
    pad.unplug()
    answers = secure(polled)
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    polled.stop()
    assert [(ok, "stopped" in detail) for ok, detail, _ in answers] == [(False, True)]


def test_a_write_cut_after_the_pad_stopped_is_answered_at_once(
        qtbot, pad: FakeRfidReader, polled: PadReader) -> None:  # type: ignore[no-untyped-def]
    """In flight when the pad stops (the queue busy), then cut by the reader going away:
    answered as failed, not kept for rounds that will never come."""
    import threading
    hold = threading.Event()
    polled.worker.submit(hold.wait, lambda _: None, lambda _: None, queue="rfid")
    pad.unplug()
    answers = secure(polled)
    polled.stop()
    assert answers == []                             # the write has not run yet
    hold.set()
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT)
    ok, detail, _state = answers[0]
    assert not ok
    assert "stopped" in detail
    assert polled.waiting_writes == 0


def test_writes_that_keep_failing_while_inventories_work_give_up_in_time(
        qtbot, pad: FakeRfidReader, polled: PadReader,
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from drivers.rfid.port import Garbage

    def garbled(uid: str, afi: int) -> None:
        raise Garbage("a frame with a wrong CRC")

    monkeypatch.setattr(pad, "write_afi", garbled)
    answers = secure(polled)
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    round_of(qtbot, polled)                          # the reader answers: written again
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    assert answers == []                             # and cut again: still waiting
    polled.security_wait_ms = 0                      # its time is up
    round_of(qtbot, polled)
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT)
    ok, detail, _state = answers[0]
    assert not ok
    assert "wrong CRC" in detail
    assert "no write got through" in detail


def test_a_patron_finishing_answers_the_waiting_writes_once_even_if_an_answer_fails(
        qtbot, pad: FakeRfidReader, polled: PadReader) -> None:  # type: ignore[no-untyped-def]
    pad.unplug()
    answers: list[Answer] = []

    def done(ok: bool, detail: str, state: SecurityState | None) -> None:
        answers.append((ok, detail, state))
        raise RuntimeError("a callback that fails")

    polled.secure((BOOK.uid,), on_loan=True, done=done)
    qtbot.waitUntil(lambda: polled.waiting_writes == 1, timeout=WAIT)
    with pytest.raises(RuntimeError):
        polled.give_up_waiting("the patron finished")
    assert polled.waiting_writes == 0                # taken off the list before answering
    polled.stop()                                    # nothing left to answer a second time
    assert [(ok, "finished" in detail) for ok, detail, _ in answers] == [(False, True)]
