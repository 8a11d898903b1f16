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


class Pcscd:
    """pcscd with vpcd: started here when it is not running (CI runs as root), and
    restarted on demand, as a kiosk sees it when the service is restarted under it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def ensure(self) -> None:
        if _listening():
            return
        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        self.process = subprocess.Popen([binary, "--foreground"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not _listening():
            assert time.monotonic() < deadline, "pcscd with vpcd did not come up"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(5)
            self.process = None
        subprocess.run(["pkill", "-x", "pcscd"], check=False)
        deadline = time.monotonic() + 10
        while _listening() or subprocess.run(["pgrep", "-x", "pcscd"], check=False,
                                             capture_output=True).returncode == 0:
            assert time.monotonic() < deadline, "pcscd did not stop"
            time.sleep(0.1)


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    service = Pcscd()
    service.ensure()
    yield service
    if service.process is not None:
        import gc
        gc.collect()                 # card connections disconnect while pcscd still answers
        service.stop()


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
