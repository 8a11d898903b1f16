"""The card key: the per-library secret the cache hashes card numbers with (HMAC).

A branch names it in ``[cache] key_file``. When it does not and the cache is a file that
outlives the process, the kiosk keeps one beside the cache (``<cache>.card-key``, 0600),
made on the first start: a fresh key at every start would leave the journal's card hashes,
the fed patrons and the offline limits matching nobody after a restart.

Which key a cache was built with is remembered beside it too (``<cache>.card-key-check``:
an HMAC of a fixed text, which says nothing about the key or any card), so ``kiosk doctor``
can tell a cache from a key that is not its own. Rows the journal still holds with the full
card number are a second witness (their hash must be the key's HMAC of that number).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

MIN_KEY_BYTES = 16
_CHECK_TEXT = b"library-kiosk card key check v1"


class CardKeyError(Exception):
    """The key cannot be read or made; the message names the file and why."""


def beside(cache_path: Path) -> Path:
    """Where the kiosk keeps the key of a cache whose config names none."""
    return cache_path.with_name(cache_path.name + ".card-key")


def check_path(cache_path: Path) -> Path:
    return cache_path.with_name(cache_path.name + ".card-key-check")


def read_key(path: Path) -> bytes:
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise CardKeyError(f"cannot read {path}: {exc.strerror}") from exc
    if len(key) < MIN_KEY_BYTES:
        raise CardKeyError(f"{path}: the key must be at least {MIN_KEY_BYTES} bytes")
    return key


def load_or_create(path: Path) -> bytes:
    """The key in ``path``; made there first (random, 0600 from its creation) when absent.

    Made under a temporary name and linked into place, so two processes starting at once
    end up with one key, and a crash never leaves a half-written one."""
    if path.exists():
        return read_key(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_hex(32).encode() + b"\n")
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):    # another process was first
                os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise CardKeyError(f"cannot make the card key {path}: {exc.strerror}") from exc
    return read_key(path)


def fingerprint(key: bytes) -> str:
    return hmac.new(key, _CHECK_TEXT, hashlib.sha256).hexdigest()


def remember(cache_path: Path, key: bytes) -> str | None:
    """Note which key this cache is built with, the first time; later, compare.

    Returns None when the key is the cache's own (or now noted as such), else why not."""
    check = check_path(cache_path)
    try:
        known = check.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        known = ""
    except OSError as exc:
        return f"cannot read {check}: {exc.strerror}"
    if known:
        return None if hmac.compare_digest(known, fingerprint(key)) else mismatch(cache_path)
    try:
        check.write_text(fingerprint(key) + "\n", encoding="ascii")
    except OSError as exc:
        return f"cannot write {check}: {exc.strerror}"
    return None


def verify(cache_path: Path, key: bytes) -> str | None:
    """Read only: None when the key is the one noted for this cache (or none is noted)."""
    try:
        known = check_path(cache_path).read_text(encoding="ascii").strip()
    except OSError:
        return None
    if not known or hmac.compare_digest(known, fingerprint(key)):
        return None
    return mismatch(cache_path)


def mismatch(cache_path: Path) -> str:
    return (f"the card key is not the one {cache_path} was built with: fed patrons, holds "
            "and offline limits no longer match their cards (restore the old key, or "
            f"delete {check_path(cache_path).name} and import a fresh feed)")


__all__ = [
    "MIN_KEY_BYTES",
    "CardKeyError",
    "beside",
    "check_path",
    "fingerprint",
    "load_or_create",
    "read_key",
    "remember",
    "verify",
]
