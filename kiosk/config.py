"""Branch configuration: embedded defaults (kiosk/defaults/demo.toml) overlaid by a TOML file.

Staff edit these files, so every error names the key and what was expected.
Secrets never live here: the SIP2 password comes from a file readable only by the kiosk user
(``password_file``, or the systemd credential ``sip2-password``).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk import card_key
from kiosk.alerts import AlertSettings
from kiosk.barcodes import BarcodeRules
from kiosk.config_schema import problems
from kiosk.rfid.settings import RfidSettings
from sync.sip2.client import Sip2Settings
from sync.sip2.connection import Framing


class ConfigError(ValueError):
    """The configuration cannot be used; the message says which key and why."""


@dataclass(frozen=True)
class IlsConfig:
    host: str
    port: int
    user: str
    password_file: str
    encoding: str
    terminator: bytes
    timeout_seconds: float
    location: str
    keepalive_seconds: float = 120.0
    error_detection: bool = True
    tls: bool = False
    cafile: str = ""
    certfile: str = ""
    keyfile: str = ""
    server_hostname: str = ""

    @property
    def embedded(self) -> bool:
        return self.host == "embedded"

    def sip2_settings(self, institution: str, *, address: tuple[str, int] | None = None,
                      login: tuple[str, str] | None = None) -> Sip2Settings:
        """The one place a SIP2 client's settings are made from the config.

        ``address``/``login`` replace the config's (the demo's embedded simulator)."""
        host, port = address or (self.host, self.port)
        user, password = login or (self.user, self.password())
        return Sip2Settings(
            host=host, port=port, user=user, password=password, institution=institution,
            location=self.location or None,
            framing=Framing(encoding=self.encoding, terminator=self.terminator,
                            error_detection=self.error_detection),
            timeout=self.timeout_seconds, keepalive_seconds=self.keepalive_seconds,
            tls=self.tls, cafile=self.cafile or None, certfile=self.certfile or None,
            keyfile=self.keyfile or None, server_hostname=self.server_hostname or None)

    def password(self) -> str:
        path = self.password_file
        if not path and os.environ.get("CREDENTIALS_DIRECTORY"):
            candidate = Path(os.environ["CREDENTIALS_DIRECTORY"]) / "sip2-password"
            path = str(candidate) if candidate.exists() else ""
        if not path:
            return ""
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"ils.password_file: cannot read {path}: {exc.strerror}") from exc


@dataclass(frozen=True)
class SessionConfig:
    idle_seconds: int
    warning_seconds: int
    goodbye_seconds: int
    require_pin: bool
    show_loans: bool = True             # the "My loans" list (a branch may turn it off)


@dataclass(frozen=True)
class OfflinePolicy:
    allowed: bool
    max_items_per_patron: int
    unknown_patrons: bool
    unknown_items: bool
    loan_days: int
    max_total: int
    retry_seconds: float


@dataclass(frozen=True)
class KioskConfig:
    branch_name: str
    institution: str
    timezone: ZoneInfo
    languages: tuple[str, ...]
    ils: IlsConfig
    barcodes: BarcodeRules
    scanners: tuple[str, ...]
    session: SessionConfig
    offline: OfflinePolicy
    cache_path: str
    cache_key_file: str
    source: str
    receipts_policy: str = "never"      # "never", "ask" (a choice after Finish), "always"
    printer_url: str = ""               # the receipt printer's device URL ("" = none)
    receipt_contents: str = "session"   # "session": this session's items; "all_loans"
    receipt_titles: bool = True         # False: item numbers and due dates only
    metrics_listen: str = ""            # "127.0.0.1:9464": the Prometheus endpoint ("" = off)
    keep_accepted_hours: float = 24.0   # [privacy] accepted journal rows deleted after this
    alerts: AlertSettings = field(default_factory=AlertSettings)
    staff: dict[str, Any] = field(default_factory=dict)    # see kiosk.staff.StaffSettings
    voice: bool = True                  # spoken prompts (rendered by `make setup`)
    mynumber: dict[str, Any] = field(default_factory=dict)  # kiosk.mynumber_card.MyNumberSettings
    sounds: bool = True                 # success / error / attention cues
    guide_image: str = ""               # [display] a picture of this machine ("" = drawn)
    rfid: RfidSettings = field(default_factory=RfidSettings)    # [rfid] the tag pad

    @property
    def cache_key_path(self) -> Path | None:
        """The card key's file: ``[cache] key_file``, else the one the kiosk keeps beside a
        persistent cache; None for the demo's temporary cache (a fresh key each run)."""
        if self.cache_key_file:
            return Path(self.cache_key_file)
        if self.cache_path:
            return card_key.beside(Path(self.cache_path))
        return None

    def cache_key(self, *, create: bool = True) -> bytes:
        """The per-library secret that keys card-number hashes in the cache.

        With no ``key_file`` and a persistent cache, the key kept beside the cache, made on
        first use unless ``create`` is false (a read-only check must not make one)."""
        path = self.cache_key_path
        if path is None:
            return os.urandom(32)
        try:
            if self.cache_key_file or not create:
                return card_key.read_key(path)
            return card_key.load_or_create(path)
        except card_key.CardKeyError as exc:
            raise ConfigError(f"cache.key_file: {exc}") from exc


def _defaults() -> dict[str, Any]:
    text = resources.files("kiosk").joinpath("defaults/demo.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], over: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        name = f"{where}{key}"
        if key not in base:
            raise ConfigError(f"{name}: unknown setting (known: {', '.join(sorted(base))})")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{name}: expected a [{name}] table")
            merged[key] = _merge(base[key], value, f"{name}.")
        else:
            merged[key] = value
    return merged


def _typed(data: Mapping[str, Any], section: str, key: str, kind: type) -> Any:
    value = data[section][key]
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        raise ConfigError(f"{section}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def load_config(path: Path | None = None) -> KioskConfig:
    """The branch config over the embedded defaults, checked; every error names the file."""
    source = str(path) if path is not None else "embedded defaults"
    try:
        return _load(path)
    except ConfigError as exc:
        if str(exc).startswith(source):
            raise
        raise ConfigError(f"{source}: {exc}") from exc


def _load(path: Path | None) -> KioskConfig:
    data = _defaults()
    source = "embedded defaults"
    if path is not None:
        try:
            over = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
        data = _merge(data, over)
        source = str(path)
    found = problems(data)
    if found:
        raise ConfigError("; ".join(found))
    try:
        tz = ZoneInfo(_typed(data, "branch", "timezone", str))
    except ZoneInfoNotFoundError as exc:
        raise ConfigError(f"branch.timezone: unknown time zone {data['branch']['timezone']!r}"
                          ) from exc
    languages = tuple(data["branch"]["languages"])
    if not languages or not all(isinstance(x, str) for x in languages):
        raise ConfigError("branch.languages: expected a list like [\"ja\", \"en\"]")
    terminator = {"CR": b"\r", "CRLF": b"\r\n"}.get(_typed(data, "ils", "terminator", str))
    if terminator is None:
        raise ConfigError("ils.terminator: expected \"CR\" or \"CRLF\"")
    encoding = _typed(data, "ils", "encoding", str)
    try:
        "".encode(encoding)
    except LookupError as exc:
        raise ConfigError(f"ils.encoding: unknown encoding {encoding!r}") from exc
    try:
        rules = BarcodeRules.from_mapping(data["barcodes"])
    except ValueError as exc:
        raise ConfigError(f"barcodes: {exc}") from exc
    scanners = data["devices"]["scanners"]
    if not isinstance(scanners, list) or not all(isinstance(x, str) for x in scanners):
        raise ConfigError("devices.scanners: expected a list of device URLs")
    session = SessionConfig(
        idle_seconds=_typed(data, "session", "idle_seconds", int),
        warning_seconds=_typed(data, "session", "warning_seconds", int),
        goodbye_seconds=_typed(data, "session", "goodbye_seconds", int),
        require_pin=_typed(data, "session", "require_pin", bool),
        show_loans=_typed(data, "session", "show_loans", bool))
    if bool(data["ils"]["certfile"]) != bool(data["ils"]["keyfile"]):
        raise ConfigError("ils.certfile and ils.keyfile: give both or neither")
    if session.warning_seconds >= session.idle_seconds:
        raise ConfigError("session.warning_seconds must be shorter than session.idle_seconds")
    offline = OfflinePolicy(
        allowed=_typed(data, "offline", "allowed", bool),
        max_items_per_patron=_typed(data, "offline", "max_items_per_patron", int),
        unknown_patrons=_typed(data, "offline", "unknown_patrons", bool),
        unknown_items=_typed(data, "offline", "unknown_items", bool),
        loan_days=_typed(data, "offline", "loan_days", int),
        max_total=_typed(data, "offline", "max_total", int),
        retry_seconds=_typed(data, "offline", "retry_seconds", float))
    for key in ("max_items_per_patron", "max_total", "loan_days", "retry_seconds"):
        if getattr(offline, key) < 0:
            raise ConfigError(f"offline.{key}: must not be negative")
    return KioskConfig(
        branch_name=_typed(data, "branch", "name", str),
        institution=_typed(data, "branch", "institution", str),
        timezone=tz, languages=languages,
        ils=IlsConfig(host=_typed(data, "ils", "host", str),
                      port=_typed(data, "ils", "port", int),
                      user=_typed(data, "ils", "user", str),
                      password_file=_typed(data, "ils", "password_file", str),
                      encoding=encoding, terminator=terminator,
                      timeout_seconds=_typed(data, "ils", "timeout_seconds", float),
                      location=_typed(data, "ils", "location", str),
                      keepalive_seconds=_typed(data, "ils", "keepalive_seconds", float),
                      error_detection=_typed(data, "ils", "error_detection", bool),
                      tls=_typed(data, "ils", "tls", bool),
                      cafile=_typed(data, "ils", "cafile", str),
                      certfile=_typed(data, "ils", "certfile", str),
                      keyfile=_typed(data, "ils", "keyfile", str),
                      server_hostname=_typed(data, "ils", "server_hostname", str)),
        barcodes=rules, scanners=tuple(scanners), session=session, offline=offline,
        cache_path=_typed(data, "cache", "path", str),
        cache_key_file=_typed(data, "cache", "key_file", str), source=source,
        receipts_policy=data["receipts"]["policy"], printer_url=data["receipts"]["printer"],
        receipt_contents=data["receipts"]["contents"], receipt_titles=data["receipts"]["titles"],
        metrics_listen=data["metrics"]["listen"],
        keep_accepted_hours=float(data["privacy"]["keep_accepted_hours"]),
        alerts=AlertSettings(smtp=data["alerts"]["smtp"], sender=data["alerts"]["sender"],
                             to=tuple(data["alerts"]["to"]),
                             offline_minutes=float(data["alerts"]["offline_minutes"]),
                             journal_minutes=float(data["alerts"]["journal_minutes"]),
                             device_seconds=float(data["alerts"]["device_seconds"])),
        staff=dict(data["staff"]),
        voice=data["accessibility"]["voice"], sounds=data["accessibility"]["sounds"],
        mynumber=dict(data["mynumber"]),
        guide_image=_guide_image(data["display"]["guide_image"], path),
        rfid=_rfid(data["rfid"]))


def _rfid(section: dict[str, Any]) -> RfidSettings:
    try:
        return RfidSettings.from_mapping(section)
    except ValueError as exc:
        raise ConfigError(f"rfid.{exc}" if str(exc).split(":")[0] in section
                          else f"rfid: {exc}") from exc


def _guide_image(value: str, config: Path | None) -> str:
    """The idle screen's picture of this machine, relative to the branch config; it must be
    there to be read."""
    if not value:
        return ""
    image = Path(value).expanduser()
    if not image.is_absolute() and config is not None:
        image = config.parent / image
    try:
        with image.open("rb"):
            pass
    except OSError as exc:
        raise ConfigError(f"display.guide_image: cannot read {image}: {exc.strerror}") from exc
    return str(image)
