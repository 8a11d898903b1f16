"""The real PC/SC stack for My Number tests: pcscd with Debian's vpcd virtual reader, and the
virtual card (tests/rigs/virtual_mynumber.py) inserted over vpcd's TCP port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rigs.pcscd import Pcscd
from tests.rigs.virtual_mynumber import CardKeys


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
