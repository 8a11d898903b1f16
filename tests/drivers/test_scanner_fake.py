import logging

import pytest

from drivers.ports import DeviceState, Scan
from drivers.scanners.fake import FakeScanner
from tests.rigs.scanners import Recorder


def test_injected_codes_arrive_synchronously_and_are_recorded(recorder: Recorder) -> None:
    fake = FakeScanner("fake-scanner://?name=demo")
    fake.start(recorder.on_scan, recorder.on_status)
    fake.inject("A0012345B")
    assert recorder.scans.get_nowait() == Scan("A0012345B", "fake-scanner://?name=demo")
    assert fake.injected == ["A0012345B"]


def test_inject_before_start_or_after_stop_is_a_clear_error() -> None:
    fake = FakeScanner()
    assert not fake.started
    with pytest.raises(RuntimeError, match="before start"):
        fake.inject("A1B")
    fake.start(lambda scan: None, lambda state, detail: None)
    fake.stop()
    with pytest.raises(RuntimeError, match="after stop"):
        fake.inject("A1B")
    assert fake.injected == []


def test_unplug_and_replug_are_reported(recorder: Recorder) -> None:
    fake = FakeScanner("fake-scanner://?name=front desk")
    fake.start(recorder.on_scan, recorder.on_status)
    fake.unplug()
    with pytest.raises(RuntimeError, match="unplugged"):
        fake.inject("A1B")
    fake.replug()
    states = [recorder.statuses.get_nowait() for _ in range(3)]
    assert states == [
        (DeviceState.CONNECTED, "front desk connected"),
        (DeviceState.DISCONNECTED, "front desk unplugged"),
        (DeviceState.CONNECTED, "front desk connected"),
    ]


def test_unknown_parameter_is_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        FakeScanner("fake-scanner://?colour=red")


def test_the_old_spelling_is_still_read_and_the_log_says_what_to_write(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="drivers.url"):
        fake = FakeScanner("fake://?name=demo")
    assert fake.url == "fake-scanner://?name=demo"
    assert "'fake-scanner://?name=demo'" in caplog.text
    assert "deprecated" in caplog.text
