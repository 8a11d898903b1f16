"""Branch configuration: embedded defaults (kiosk/defaults/demo.toml) overlaid by a TOML file.

Staff edit these files, so every error names the file, the key and what was expected; the
checking is the schema's (kiosk.config_schema, pydantic), and the dataclasses here are built
from the document it passed.
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
from zoneinfo import ZoneInfo

from kiosk import card_key
from kiosk.alerts import AlertSettings
from kiosk.barcodes import BarcodeRules
from kiosk.config_schema import Document, validated
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
    rfid_poll_ms: int = 200             # [rfid] poll_ms: the pad is read this often

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


def _overlay(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """The branch file over the defaults, table by table. Nothing is checked here: whatever
    the file holds goes to the schema, which names what it does not know."""
    merged = dict(base)
    for key, value in over.items():
        below = base.get(key)
        merged[key] = (_overlay(below, value) if isinstance(below, dict)
                       and isinstance(value, dict) else value)
    return merged


TERMINATORS = {"CR": b"\r", "CRLF": b"\r\n"}


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
    if path is not None:
        try:
            over = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
        data = _overlay(data, over)
    try:
        doc = validated(data, path)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    return _built(doc, str(path) if path is not None else "embedded defaults")


def _built(doc: Document, source: str) -> KioskConfig:
    """The dataclasses, from a document the schema passed: nothing is checked again."""
    branch, ils, session, offline = doc.branch, doc.ils, doc.session, doc.offline
    alerts, receipts = doc.alerts, doc.receipts
    return KioskConfig(
        branch_name=branch.name, institution=branch.institution,
        timezone=ZoneInfo(branch.timezone), languages=tuple(branch.languages),
        ils=IlsConfig(host=ils.host, port=ils.port, user=ils.user,
                      password_file=ils.password_file, encoding=ils.encoding,
                      terminator=TERMINATORS[ils.terminator],
                      timeout_seconds=ils.timeout_seconds, location=ils.location,
                      keepalive_seconds=ils.keepalive_seconds,
                      error_detection=ils.error_detection, tls=ils.tls, cafile=ils.cafile,
                      certfile=ils.certfile, keyfile=ils.keyfile,
                      server_hostname=ils.server_hostname),
        barcodes=doc.barcodes.rules, scanners=tuple(doc.devices.scanners),
        session=SessionConfig(idle_seconds=session.idle_seconds,
                              warning_seconds=session.warning_seconds,
                              goodbye_seconds=session.goodbye_seconds,
                              require_pin=session.require_pin, show_loans=session.show_loans),
        offline=OfflinePolicy(allowed=offline.allowed,
                              max_items_per_patron=offline.max_items_per_patron,
                              unknown_patrons=offline.unknown_patrons,
                              unknown_items=offline.unknown_items, loan_days=offline.loan_days,
                              max_total=offline.max_total, retry_seconds=offline.retry_seconds),
        cache_path=doc.cache.path, cache_key_file=doc.cache.key_file, source=source,
        receipts_policy=receipts.policy, printer_url=receipts.printer,
        receipt_contents=receipts.contents, receipt_titles=receipts.titles,
        metrics_listen=doc.metrics.listen,
        keep_accepted_hours=doc.privacy.keep_accepted_hours,
        alerts=AlertSettings(smtp=alerts.smtp, sender=alerts.sender, to=tuple(alerts.to),
                             offline_minutes=alerts.offline_minutes,
                             journal_minutes=alerts.journal_minutes,
                             device_seconds=alerts.device_seconds),
        staff=doc.staff.model_dump(),
        voice=doc.accessibility.voice, sounds=doc.accessibility.sounds,
        mynumber=doc.mynumber.model_dump(),
        guide_image=doc.display.guide_image,
        rfid=doc.rfid.settings, rfid_poll_ms=doc.rfid.poll_ms)
