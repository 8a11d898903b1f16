"""The branch config's schema: the one place it is checked, with pydantic.

Every key has a type; unknown keys, wrong types and values that cannot work (a time zone or
an encoding that does not exist, a warning longer than the idle time, barcode patterns or an
RFID setup the kiosk refuses, a guide picture it cannot read) are refused together, each with
the key and what is wrong (``branch.toml: session.idle_seconds: expected an integer, got
'soon'``), so staff can fix a config from the message alone. ``kiosk.config`` builds its
dataclasses from a :class:`Document` that passed, and checks nothing again.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticError

from kiosk.barcodes import BarcodeRules
from kiosk.rfid.settings import RfidSettings


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Branch(_Section):
    name: StrictStr
    institution: StrictStr = Field(min_length=1)
    timezone: StrictStr
    languages: list[Literal["ja", "en", "zh", "ko", "pt", "vi"]] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _a_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value


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

    @field_validator("encoding")
    @classmethod
    def _an_encoding(cls, value: str) -> str:
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r}") from None
        return value

    @model_validator(mode="after")
    def _certificate_and_key(self) -> Ils:
        if bool(self.certfile) != bool(self.keyfile):
            raise ValueError("certfile and ils.keyfile: give both or neither")
        return self


Check = Literal["none", "mod10w21", "mod16", "7dr", "7dsr"]


class Barcodes(_Section):
    card_pattern: StrictStr
    card_check: Check
    item_pattern: StrictStr
    item_check: Check
    _rules: BarcodeRules = PrivateAttr()

    @model_validator(mode="after")
    def _patterns(self) -> Barcodes:
        self._rules = BarcodeRules.from_mapping(self.model_dump())   # ValueError: "key: …"
        return self

    @property
    def rules(self) -> BarcodeRules:
        return self._rules


class Devices(_Section):
    scanners: list[StrictStr]


class Session(_Section):
    idle_seconds: StrictInt = Field(ge=10, le=3600)
    warning_seconds: StrictInt = Field(ge=3, le=600)
    goodbye_seconds: StrictInt = Field(ge=1, le=600)
    require_pin: StrictBool
    show_loans: StrictBool

    @model_validator(mode="after")
    def _warning_first(self) -> Session:
        if self.warning_seconds >= self.idle_seconds:
            raise ValueError("warning_seconds: must be shorter than session.idle_seconds")
        return self


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

    @field_validator("guide_image")
    @classmethod
    def _readable(cls, value: str, info: ValidationInfo) -> str:
        """Relative to the branch config; it must be there to be read. The path in full."""
        if not value:
            return ""
        image = Path(value).expanduser()
        config = (info.context or {}).get("config")
        if not image.is_absolute() and config is not None:
            image = Path(config).parent / image
        try:
            with image.open("rb"):
                pass
        except OSError as exc:
            raise ValueError(f"cannot read {image}: {exc.strerror}") from None
        return str(image)


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
    # how often the pad is read (ms); every inventory runs off the screen's thread
    poll_ms: StrictInt = Field(default=200, ge=50, le=2000)
    _settings: RfidSettings = PrivateAttr()

    @model_validator(mode="after")
    def _pad(self) -> RfidSection:
        self._settings = RfidSettings.from_mapping(self.model_dump())   # ValueError: "key: …"
        return self

    @property
    def settings(self) -> RfidSettings:
        return self._settings


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
          "missing": "missing", "model_type": "expected a [table]",
          "model_attributes_type": "expected a [table]"}
_UNSHOWN = ("missing", "extra_forbidden", "value_error", "model_type",
            "model_attributes_type")


def validated(document: dict[str, Any], config: Path | None = None) -> Document:
    """The merged document as a :class:`Document`; ValueError listing every problem, one
    line each (``key: what is wrong``). ``config``: the file, for paths relative to it."""
    try:
        return Document.model_validate(document, context={"config": config})
    except PydanticError as exc:
        raise ValueError("; ".join(_line(error) for error in exc.errors())) from None


def _line(error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "value_error":
        words = str(error["ctx"]["error"])
        head = re.split(r"[:\s]", words, maxsplit=1)[0]
        if head in _keys(error["loc"]):         # a section's check names its key first
            return f"{key}.{words}"
        return f"{key}: {words}"
    words = _WORDS.get(error["type"], error["msg"])
    if error["type"] == "extra_forbidden":
        words += f" (known: {', '.join(sorted(_keys(error['loc'][:-1])))})"
    if error["type"] not in _UNSHOWN:
        words += f", got {error['input']!r}"
    return f"{key}: {words}"


def _keys(loc: tuple[int | str, ...]) -> dict[str, Any]:
    """The keys of the table at ``loc`` (none when it is not one)."""
    model: Any = Document
    for part in loc:
        field = getattr(model, "model_fields", {}).get(str(part))
        model = field.annotation if field is not None else None
    return dict(getattr(model, "model_fields", {}))
