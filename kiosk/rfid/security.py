"""How a tag tells the security gate whether its item may leave: per branch (ADR 0006).

``afi``: the tag's AFI byte (0x07 "in library", 0xC2 "on loan" are the registered values;
0xD7/0xDA, 0x07/0x21 and 0x07/0x02 are met in the field, hence configurable). ``eas``: NXP's
EAS bit (set: the gate alarms). ``both``. ``database``: the gate asks the library system,
and the tag is not written at all (Japanese gates often work so; so must a branch whose
reader cannot write AFI or EAS, like a PC/SC storage-card reader). Every write is read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SecurityMode(StrEnum):
    AFI = "afi"
    EAS = "eas"
    BOTH = "both"
    DATABASE = "database"


@dataclass(frozen=True)
class SecurityState:
    """What a tag says to the gate; None where the branch's mode does not use it."""

    afi: int | None = None
    eas: bool | None = None


@dataclass(frozen=True)
class SecurityPolicy:
    mode: SecurityMode = SecurityMode.AFI
    afi_in_library: int = 0x07
    afi_on_loan: int = 0xC2

    def __post_init__(self) -> None:
        for name in ("afi_in_library", "afi_on_loan"):
            value = getattr(self, name)
            if not 0 <= value <= 0xFF:
                raise ValueError(f"{name} must be a byte (0-255, e.g. 0x07), not {value}")
        if self.afi_in_library == self.afi_on_loan and self.uses_afi:
            raise ValueError("afi_in_library and afi_on_loan must differ, or the gate cannot "
                             "tell a lent item from one on the shelf")

    @property
    def uses_afi(self) -> bool:
        return self.mode in (SecurityMode.AFI, SecurityMode.BOTH)

    @property
    def uses_eas(self) -> bool:
        return self.mode in (SecurityMode.EAS, SecurityMode.BOTH)

    def wanted(self, *, on_loan: bool) -> SecurityState:
        """The state to write when an item is lent (``on_loan``) or returned."""
        return SecurityState(
            afi=(self.afi_on_loan if on_loan else self.afi_in_library) if self.uses_afi
            else None,
            eas=(not on_loan) if self.uses_eas else None)

    def mismatch(self, read_back: SecurityState, *, on_loan: bool) -> str:
        """Words for a read-back that differs from what was written, or ""."""
        want = self.wanted(on_loan=on_loan)
        wrong = []
        if want.afi is not None and read_back.afi != want.afi:
            got = "nothing" if read_back.afi is None else f"{read_back.afi:02X}"
            wrong.append(f"AFI reads {got}, {want.afi:02X} was written")
        if want.eas is not None and read_back.eas != want.eas:
            wrong.append(f"EAS reads {'on' if read_back.eas else 'off'}, "
                         f"{'on' if want.eas else 'off'} was written")
        return "; ".join(wrong)

    def describe(self, state: SecurityState) -> str:
        """"secured", "unsecured" or "unknown" for staff, in the branch's mode."""
        if self.mode is SecurityMode.DATABASE:
            return "unknown"
        secured = []
        if self.uses_afi:
            secured.append(state.afi == self.afi_in_library if state.afi in
                           (self.afi_in_library, self.afi_on_loan) else None)
        if self.uses_eas:
            secured.append(state.eas)
        if any(s is None for s in secured):
            return "unknown"
        return "secured" if all(secured) else "unsecured" if not any(secured) else "mixed"
