"""Staff PIN hashing, lockout (persisted across restarts) and staff cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.staff import (
    FIRST_LOCK_SECONDS,
    MAX_FAILURES,
    StaffLock,
    StaffSettings,
    hash_pin,
    verify_pin,
)

HASH = hash_pin("2468")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_hash_verifies_only_the_right_pin_and_never_holds_it() -> None:
    assert "2468" not in HASH
    assert HASH.startswith("scrypt$")
    assert verify_pin("2468", HASH)
    assert not verify_pin("2469", HASH)
    assert hash_pin("2468") != HASH                     # salted
    assert not verify_pin("2468", "md5$abc")            # a bad hash never lets anyone in


@pytest.mark.parametrize("pin", ["12", "abcd", "1234567890123"])
def test_pins_must_be_4_to_12_digits(pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 12 digits"):
        hash_pin(pin)


def test_five_wrong_pins_lock_for_five_minutes_then_doubling(tmp_path: Path) -> None:
    clock = Clock()
    lock = StaffLock(tmp_path / "lock.json", clock=clock)
    for left in range(MAX_FAILURES - 1, 0, -1):
        assert lock.attempt("0000", HASH).tries_left == left
    locked = lock.attempt("0000", HASH)
    assert locked.locked_seconds == FIRST_LOCK_SECONDS
    assert not lock.attempt("2468", HASH).ok            # even the right PIN, while locked
    clock.now += FIRST_LOCK_SECONDS + 1
    for _ in range(MAX_FAILURES - 1):
        lock.attempt("0000", HASH)
    assert lock.attempt("0000", HASH).locked_seconds == 2 * FIRST_LOCK_SECONDS
    clock.now += 2 * FIRST_LOCK_SECONDS + 1
    assert lock.attempt("2468", HASH).ok


def test_the_lock_survives_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    lock = StaffLock(tmp_path / "lock.json", clock=clock)
    for _ in range(MAX_FAILURES):
        lock.attempt("0000", HASH)
    again = StaffLock(tmp_path / "lock.json", clock=clock)   # the kiosk restarted
    assert again.locked_for() > 0
    assert not again.attempt("2468", HASH).ok
    assert (tmp_path / "lock.json").stat().st_mode & 0o777 == 0o600


def test_staff_cards_by_pattern_with_or_without_codabar_stops() -> None:
    settings = StaffSettings(card_pattern=r"^99\d{6}$")
    assert settings.is_staff_card("99001234")
    assert settings.is_staff_card("A99001234B")
    assert not settings.is_staff_card("21045877")
    assert not StaffSettings().is_staff_card("99001234")     # no pattern: gesture only


def test_the_hash_can_live_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "staff-pin"
    path.write_text(HASH + "\n")
    assert StaffSettings(pin_hash_file=str(path)).stored_hash() == HASH
    assert StaffSettings(pin_hash_file=str(tmp_path / "none")).stored_hash() == ""


def test_set_pin_command_writes_a_private_hash(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from kiosk.cli import main
    out = tmp_path / "staff-pin"
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n8642\n"))
    assert main(["staff", "set-pin", "--out", str(out)]) == 0
    assert verify_pin("8642", out.read_text())
    assert out.stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n8643\n"))
    assert main(["staff", "set-pin", "--out", str(out)]) == 1
    assert verify_pin("8642", out.read_text())            # unchanged
