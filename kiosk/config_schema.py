"""The branch config's schema, checked with pydantic before anything is built from it.

Every key has a type; unknown keys and wrong types are refused with the file, the key and
what is wrong (``branch.toml: session.idle_seconds: expected an integer, got 'soon'``), so
staff can fix a config from the message alone. The dataclasses in ``kiosk.config`` are built
only from a document that passed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic import ValidationError as PydanticError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Branch(_Section):
    name: StrictStr
    institution: StrictStr = Field(min_length=1)
    timezone: StrictStr
    languages: list[Literal["ja", "en", "zh", "ko", "pt", "vi"]] = Field(min_length=1)


class Ils(_Section):
    host: StrictStr = Field(min_length=1)
    port: StrictInt = Field(ge=1, le=65535)
    user: StrictStr
    password_file: StrictStr
    encoding: StrictStr
    terminator: Literal["CR", "CRLF"]
    timeout_seconds: float = Field(gt=0, le=120, strict=False)
    location: StrictStr
    keepalive_seconds: float = Field(gt=0, strict=False)
    error_detection: StrictBool
    tls: StrictBool
    cafile: StrictStr
    certfile: StrictStr
    keyfile: StrictStr
    server_hostname: StrictStr


Check = Literal["none", "mod10w21", "mod16", "7dr", "7dsr"]


class Barcodes(_Section):
    card_pattern: StrictStr
    card_check: Check
    item_pattern: StrictStr
    item_check: Check


class Devices(_Section):
    scanners: list[StrictStr]


class Session(_Section):
    idle_seconds: StrictInt = Field(ge=10, le=3600)
    warning_seconds: StrictInt = Field(ge=3, le=600)
    goodbye_seconds: StrictInt = Field(ge=1, le=600)
    require_pin: StrictBool
    show_loans: StrictBool


class Receipts(_Section):
    policy: Literal["never", "ask", "always"]
    printer: StrictStr
    contents: Literal["session", "all_loans"]
    titles: StrictBool


class MetricsSection(_Section):
    listen: StrictStr = Field(pattern=r"^$|^[\w.\-]*:\d{1,5}$")


class PrivacySection(_Section):
    keep_accepted_hours: float = Field(ge=0, le=24 * 366, strict=False)


class AlertsSection(_Section):
    smtp: StrictStr = Field(pattern=r"^$|^[\w.\-]+:\d{1,5}$")
    sender: StrictStr
    to: list[StrictStr]
    offline_minutes: float = Field(gt=0, strict=False)
    journal_minutes: float = Field(gt=0, strict=False)
    device_seconds: float = Field(gt=0, strict=False)


class StaffSection(_Section):
    pin_hash: StrictStr
    pin_hash_file: StrictStr
    card_pattern: StrictStr
    idle_seconds: StrictInt = Field(ge=10, le=3600)


class AccessibilitySection(_Section):
    voice: StrictBool
    sounds: StrictBool


class MyNumberSection(_Section):
    enabled: StrictBool
    reader: StrictStr
    link_secret_file: StrictStr
    trust_anchors: list[StrictStr]
    strong: StrictBool


class Display(_Section):
    # a picture of this machine for the idle screen: PNG, JPEG, SVG or WebP ("" = drawn)
    guide_image: StrictStr = Field(pattern=r"^$|\.(?i:png|jpe?g|svg|webp)$")


class RfidSection(_Section):
    reader: StrictStr
    model: Literal["auto", "28560-3", "28560-2", "rfid501", "jla"]
    security: Literal["afi", "eas", "both", "database"]
    afi_in_library: StrictInt = Field(ge=0, le=255)
    afi_on_loan: StrictInt = Field(ge=0, le=255)
    owner: StrictStr
    jla_item_offset: StrictInt = Field(ge=0, le=255)
    jla_item_length: StrictInt = Field(ge=1, le=64)
    jla_charset: Literal["ascii", "shift_jis", "utf-8", "bcd"]
    jla_owner_offset: StrictInt = Field(ge=0, le=255)
    jla_owner_length: StrictInt = Field(ge=0, le=32)


class Offline(_Section):
    allowed: StrictBool
    max_items_per_patron: StrictInt = Field(ge=0)
    unknown_patrons: StrictBool
    unknown_items: StrictBool
    loan_days: StrictInt = Field(ge=0, le=366)
    max_total: StrictInt = Field(ge=0)
    retry_seconds: float = Field(gt=0, strict=False)


class Cache(_Section):
    path: StrictStr
    key_file: StrictStr


class Document(_Section):
    branch: Branch
    ils: Ils
    barcodes: Barcodes
    devices: Devices
    session: Session
    receipts: Receipts
    offline: Offline
    cache: Cache
    metrics: MetricsSection
    privacy: PrivacySection
    alerts: AlertsSection
    staff: StaffSection
    accessibility: AccessibilitySection
    mynumber: MyNumberSection
    display: Display
    rfid: RfidSection


_WORDS = {"int_type": "expected an integer", "bool_type": "expected true or false",
          "string_type": "expected a string in quotes", "float_type": "expected a number",
          "list_type": "expected a list [...]", "extra_forbidden": "unknown setting",
          "missing": "missing"}


def problems(document: dict[str, Any]) -> list[str]:
    """Every problem in the merged document, one line each: ``key: what is wrong``."""
    try:
        Document.model_validate(document)
    except PydanticError as exc:
        lines = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            words = _WORDS.get(error["type"], error["msg"])
            if error["type"] not in ("missing", "extra_forbidden"):
                words += f", got {error['input']!r}"
            lines.append(f"{key}: {words}")
        return lines
    return []
