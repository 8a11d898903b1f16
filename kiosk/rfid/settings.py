"""A branch's ``[rfid]`` section as one value: the reader, the data model, the security mode."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from kiosk.rfid.models import TagSettings
from kiosk.rfid.security import SecurityMode, SecurityPolicy

NO_AFI_OR_EAS = ("pcsc-tag",)           # readers that reach tags by storage commands only


@dataclass(frozen=True)
class RfidSettings:
    reader: str = ""                    # the pad's device URL; "" = no RFID at this kiosk
    tags: TagSettings = field(default_factory=TagSettings)
    security: SecurityPolicy = field(default_factory=SecurityPolicy)
    owner: str = ""                     # this library's ISIL, written on tags and compared

    def __post_init__(self) -> None:
        scheme = urlsplit(self.reader).scheme.lower() if self.reader else ""
        if scheme in NO_AFI_OR_EAS and self.security.mode is not SecurityMode.DATABASE:
            raise ValueError(f"security: a {scheme}:// reader cannot write AFI or EAS; set "
                             "security = \"database\" (the gate asks the library system)")

    @property
    def enabled(self) -> bool:
        return bool(self.reader)

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any]) -> RfidSettings:
        """From the branch config's ``[rfid]`` (type-checked); ValueError with the key."""
        try:
            security = SecurityPolicy(SecurityMode(section.get("security", "afi")),
                                      section.get("afi_in_library", 0x07),
                                      section.get("afi_on_loan", 0xC2))
            tags = TagSettings.from_mapping(section)
        except ValueError as exc:
            raise ValueError(str(exc)) from exc
        return cls(reader=section.get("reader", ""), tags=tags, security=security,
                   owner=section.get("owner", ""))
