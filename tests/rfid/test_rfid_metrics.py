"""The RFID pad's metrics: reader calls that failed, by kind, and security writes that failed,
counted from the reader's real typed errors and from a real security write on the fake pad
(a locked AFI)."""

from __future__ import annotations

from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.port import Garbage, ReaderGone, ReaderSilent, RfError, TagError
from kiosk.events import SecurityNotChanged
from kiosk.metrics import RFID_ERROR_KINDS, Metrics
from kiosk.rfid import SecurityPolicy
from kiosk.rfid_station import set_security


def errors(metrics: Metrics, kind: str) -> float:
    value = metrics.value("kiosk_rfid_errors_total", kind=kind)
    assert value is not None, kind
    return value


def test_every_kind_is_exported_at_zero() -> None:
    metrics = Metrics()
    assert {kind: errors(metrics, kind) for kind in RFID_ERROR_KINDS} == dict.fromkeys(
        RFID_ERROR_KINDS, 0.0)
    assert metrics.value("kiosk_rfid_security_failed_total") == 0.0
    text = metrics.render()
    assert 'kiosk_rfid_errors_total{kind="rf"} 0.0' in text
    assert "kiosk_rfid_security_failed_total 0.0" in text


def test_each_failed_call_counts_under_its_kind() -> None:
    metrics = Metrics()
    reader = FakeRfidReader("fake-rfid://?tags=E004010000000001")
    reader.fail_next(RfError("RF noise"), times=2)
    reader.fail_next(ReaderSilent("no answer in 0.5 s"))
    reader.fail_next(Garbage("a wrong CRC"))
    reader.fail_next(TagError("locked", 0x12))
    for _ in range(5):
        try:
            reader.inventory()
        except (RfError, ReaderGone, Garbage, TagError) as exc:
            metrics.rfid_error(exc)
    assert [errors(metrics, k) for k in ("rf", "reader_gone", "garbage", "tag", "other")] == [
        2.0, 1.0, 1.0, 1.0, 0.0]
    metrics.rfid_error(ValueError("what"))
    assert errors(metrics, "other") == 1.0


def test_a_locked_afi_counts_as_a_failed_security_write() -> None:
    """The failed write as the pad reports it (SecurityNotChanged), counted once; the whole
    path through the window is in tests/ui/test_rfid_pad_ui.py."""
    metrics = Metrics()
    reader = FakeRfidReader()
    reader.put("E004010000000009", afi_locked=True)
    result = set_security(reader, "E004010000000009", SecurityPolicy(), on_loan=True)
    assert not result.ok
    metrics.observe_events([SecurityNotChanged("115538407", "題名", result.detail)])
    assert metrics.value("kiosk_rfid_security_failed_total") == 1.0
    metrics.security_failed(0)
    assert metrics.value("kiosk_rfid_security_failed_total") == 1.0
