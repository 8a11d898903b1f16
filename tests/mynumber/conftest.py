"""The real PC/SC stack for My Number tests: pcscd with Debian's vpcd virtual reader, and the
virtual card (drivers/virtual_mynumber.py) inserted over vpcd's TCP port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.virtual_mynumber import VPCD_PORT, CardKeys

READER = "pcsc://?reader=Virtual PCD 00 00"


def _listening() -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", VPCD_PORT)) == 0


@pytest.fixture(scope="session")
def pcscd() -> Iterator[None]:
    """pcscd with vpcd, started here when it is not running (CI runs as root)."""
    started = None
    if not _listening():
        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        started = subprocess.Popen([binary, "--foreground"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not _listening():
            assert time.monotonic() < deadline, "pcscd with vpcd did not come up"
            time.sleep(0.1)
    yield
    if started is not None:
        import gc
        gc.collect()                 # card connections disconnect while pcscd still answers
        started.terminate()
        started.wait(5)


@pytest.fixture(scope="session")
def ca() -> object:
    keys = CardKeys.generate()
    return keys.ca_key, keys.ca_cert


@pytest.fixture
def anchors(tmp_path: Path, ca) -> Path:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives import serialization
    path = tmp_path / "jpki-ca.pem"
    path.write_bytes(ca[1].public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "link-secret"
    path.write_bytes(b"library-link-secret-0123456789")
    return path
