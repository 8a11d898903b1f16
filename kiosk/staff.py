"""Staff mode's rules, without Qt: the staff PIN (hashed, with lockout), staff cards, and the
status staff look at.

The PIN is stored only as an scrypt hash (``scrypt$n$r$p$salt$hash``, hex), made with
``kiosk staff set-pin``. A short PIN's hash can be brute-forced offline, so the hash lives
in a file only root and the kiosk read (or a systemd credential), never in a shared config;
at the kiosk, wrong PINs lock staff mode: after 5 failures for 5 minutes, doubling each time
it locks again, persisted so that restarting the kiosk does not reset it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

N, R, P = 2 ** 14, 8, 1
MAX_FAILURES = 5
FIRST_LOCK_SECONDS = 300.0


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("a staff PIN is 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.strip().split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        log.error("the staff PIN hash is not in the scrypt$n$r$p$salt$hash form")
        return False
    return hmac.compare_digest(got.hex(), digest)


@dataclass(frozen=True)
class StaffSettings:
    pin_hash: str = ""                # the hash itself (demo) …
    pin_hash_file: str = ""           # … or a file holding it (a branch)
    card_pattern: str = ""            # staff cards, e.g. '^9\d{7}$'; "" = gesture only
    idle_seconds: int = 120

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> StaffSettings:
        return cls(pin_hash=str(data.get("pin_hash", "")),
                   pin_hash_file=str(data.get("pin_hash_file", "")),
                   card_pattern=str(data.get("card_pattern", "")),
                   idle_seconds=int(data.get("idle_seconds", 120)))

    def stored_hash(self) -> str:
        if self.pin_hash_file:
            try:
                return Path(self.pin_hash_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                log.error("cannot read the staff PIN hash %s: %s", self.pin_hash_file,
                          exc.strerror)
                return ""
        return self.pin_hash

    def is_staff_card(self, raw: str) -> bool:
        if not self.card_pattern:
            return False
        text = raw.strip()
        if len(text) > 2 and text[0] in "ABCDabcd" and text[-1] in "ABCDabcd":
            text = text[1:-1]                  # Codabar start/stop
        return re.fullmatch(self.card_pattern.removeprefix("^").removesuffix("$"),
                            text) is not None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    tries_left: int
    locked_seconds: float = 0.0        # > 0: locked; come back later


class StaffLock:
    """Counts wrong PINs and locks staff mode; the state survives restarts."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        state = self._load()
        self.failures: int = int(state.get("failures", 0))
        self.locked_until: float = float(state.get("locked_until", 0.0))
        self.locks: int = int(state.get("locks", 0))

    def _load(self) -> dict[str, Any]:
        try:
            loaded: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            return loaded
        except (OSError, ValueError):
            return {}

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"failures": self.failures, "locked_until": self.locked_until,
                                   "locks": self.locks}), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def locked_for(self) -> float:
        return max(0.0, self.locked_until - self.clock())

    def attempt(self, pin: str, stored_hash: str) -> Verdict:
        waiting = self.locked_for()
        if waiting > 0:
            return Verdict(False, 0, waiting)
        if stored_hash and verify_pin(pin, stored_hash):
            self.failures, self.locks = 0, 0
            self._save()
            return Verdict(True, MAX_FAILURES)
        self.failures += 1
        log.warning("wrong staff PIN (%d of %d)", self.failures, MAX_FAILURES)
        if self.failures >= MAX_FAILURES:
            self.locks += 1
            seconds = FIRST_LOCK_SECONDS * 2 ** (self.locks - 1)
            self.locked_until = self.clock() + seconds
            self.failures = 0
            self._save()
            log.warning("staff mode locked for %.0f s after %d wrong PINs", seconds,
                        MAX_FAILURES)
            return Verdict(False, 0, seconds)
        self._save()
        return Verdict(False, MAX_FAILURES - self.failures)


def status_lines(kiosk: Any, device_states: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """What the staff status page shows: ILS, journal, cache age, devices."""
    from sync.journal import JournalState
    journal = kiosk.journal
    failed = [{"item": row.item_id, "reason": row.result}
              for row in journal.rows(JournalState.FAILED)][:20]
    renewed = [{"item": row.item_id, "reason": row.result}
               for row in journal.rows(JournalState.RENEWED)][:20]
    queue = kiosk.journal_queue() if hasattr(kiosk, "journal_queue") else {}
    return {"mode": str(kiosk.circulation.mode),
            "journal_pending": journal.count(JournalState.PENDING, JournalState.SENDING),
            "journal_oldest_seconds": queue.get("oldest_seconds", 0.0),
            "journal_last_replay": queue.get("last_replay"),
            "journal_failed": failed,
            "journal_renewed": renewed,
            "devices": {url: state for url, (state, _cause) in device_states.items()},
            "device_causes": {url: cause for url, (_state, cause) in device_states.items()}}
