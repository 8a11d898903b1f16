"""Staff mode's hardware setup writes its choices into the branch config.

Only the device keys change (``devices.scanners``, ``receipts.printer``, ``mynumber.reader``);
everything else in the file, comments included, stays as the library wrote it (tomlkit). The
new file is checked exactly as the kiosk will load it before it replaces the old one, which
is kept as ``branch.toml.bak``; a problem leaves the file untouched and names the key.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import tomlkit
from tomlkit.items import Table

from drivers.registry import FAMILIES, family_of
from kiosk.config import ConfigError, KioskConfig, load_config


def _table(doc: tomlkit.TOMLDocument, name: str) -> Table:
    if name not in doc:
        doc[name] = tomlkit.table()
    table = doc[name]
    assert isinstance(table, Table)
    return table


def _check_url(key: str, url: str, family: str) -> None:
    """``url`` names a device of ``family`` (one of drivers.registry's families), or a
    ConfigError that names ``key``."""
    try:
        found = family_of(url)
    except ValueError as exc:          # not a device URL, or a scheme no driver handles
        raise ConfigError(f"{key}: {exc}") from exc
    if found != family:
        raise ConfigError(f"{key}: {url!r} is a URL of the {found}s, not of the {family}s (known: "
                          f"{', '.join(sorted(FAMILIES[family]))})")


def save_devices(path: Path, *, scanners: list[str], printer: str,
                 card_reader: str | None = None) -> KioskConfig:
    """Write the chosen devices into the branch config at ``path``; the config as it will
    load, or ConfigError (file unchanged)."""
    for url in scanners:
        _check_url("devices.scanners", url, "scanner")
    if printer:
        _check_url("receipts.printer", printer, "printer")
    if card_reader:
        _check_url("mynumber.reader", card_reader, "card reader")
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    _table(doc, "devices")["scanners"] = scanners
    _table(doc, "receipts")["printer"] = printer
    if card_reader is not None:
        _table(doc, "mynumber")["reader"] = card_reader
    new = path.with_name(path.name + ".new")
    try:
        new.write_text(tomlkit.dumps(doc), encoding="utf-8")
        config = load_config(new)
    except OSError as exc:
        new.unlink(missing_ok=True)
        raise ConfigError(f"cannot write {new}: {exc.strerror}") from exc
    except ConfigError as exc:
        new.unlink(missing_ok=True)
        raise ConfigError(str(exc).replace(str(new), str(path))) from exc
    shutil.copy2(path, path.with_name(path.name + ".bak"))
    os.replace(new, path)
    return config
