"""Securing a tag per the branch's mode, always read back: AFI, EAS, both, or the database
(nothing written); a tag that refuses or reads back otherwise is a result with words."""

from __future__ import annotations

import pytest

from drivers.rfid.fake import FakeRfidReader
from drivers.rfid.port import NoTag, RfError
from kiosk.rfid import (
    SecurityMode,
    SecurityPolicy,
    SecurityState,
    TagContent,
    TagSettings,
    encode_tag,
)
from kiosk.rfid_station import read_tag, retried, set_security, write_memory

UID = "E004010012345678"


@pytest.mark.parametrize(("mode", "afi", "eas"), [(SecurityMode.AFI, 0xDA, True),
                                                  (SecurityMode.EAS, 0xD7, False),
                                                  (SecurityMode.BOTH, 0xDA, False),
                                                  (SecurityMode.DATABASE, 0xD7, True)])
def test_lending_sets_what_the_mode_says(mode: SecurityMode, afi: int, eas: bool) -> None:
    pad = FakeRfidReader()
    pad.put(UID, afi=0xD7, eas=True)
    policy = SecurityPolicy(mode, afi_in_library=0xD7, afi_on_loan=0xDA)
    result = set_security(pad, UID, policy, on_loan=True)
    assert result.ok
    assert (pad.tags[UID].afi, pad.tags[UID].eas) == (afi, eas)
    if mode is SecurityMode.DATABASE:
        assert pad.writes == []
    back = set_security(pad, UID, policy, on_loan=False)
    assert back.ok
    assert (pad.tags[UID].afi, pad.tags[UID].eas) == (0xD7, True)


def test_a_locked_afi_is_a_failed_result_not_an_exception() -> None:
    pad = FakeRfidReader()
    pad.put(UID, afi_locked=True)
    result = set_security(pad, UID, SecurityPolicy(), on_loan=True)
    assert not result.ok
    assert "locked" in result.detail


class DeafAfi(FakeRfidReader):
    def write_afi(self, uid: str, afi: int) -> None:
        """Says yes and does nothing (seen on tags near the edge of the field)."""


def test_a_write_that_does_not_read_back_is_caught() -> None:
    pad = DeafAfi()
    pad.put(UID)
    result = set_security(pad, UID, SecurityPolicy(), on_loan=True)
    assert not result.ok
    assert result.detail == f"tag {UID}: AFI reads 07, C2 was written"
    assert result.state == SecurityState(afi=0x07)


def test_rf_noise_is_retried_and_a_missing_tag_is_said() -> None:
    pad = FakeRfidReader()
    pad.put(UID, memory=encode_tag(TagContent("99")))
    pad.fail_next(RfError("noise"), times=2)
    assert retried(pad.inventory)
    pad.fail_next(RfError("noise"), times=3)
    with pytest.raises(RfError):
        retried(pad.inventory)
    report = read_tag(pad, UID, TagSettings())
    assert report.reading.content is not None
    assert report.reading.content.item == "99"
    pad.take(UID)
    missing = read_tag(pad, UID, TagSettings())
    assert missing.reading.problem == "read-failed"
    assert "no tag answered" in missing.reading.detail
    with pytest.raises(NoTag):
        write_memory(pad, UID, b"abcd")


def test_describe() -> None:
    policy = SecurityPolicy(SecurityMode.BOTH)
    assert policy.describe(SecurityState(0x07, True)) == "secured"
    assert policy.describe(SecurityState(0xC2, False)) == "unsecured"
    assert policy.describe(SecurityState(0x07, False)) == "mixed"
    assert policy.describe(SecurityState(0x99, False)) == "unknown"
    with pytest.raises(ValueError, match="must differ"):
        SecurityPolicy(afi_in_library=7, afi_on_loan=7)
