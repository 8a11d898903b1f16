"""The real PC/SC stack for My Number tests: pcscd with Debian's vpcd virtual reader (the
``pcscd`` fixture of tests/conftest.py), and the virtual card (tests/rigs/virtual_mynumber.py)
inserted over vpcd's TCP port; its CA, the trust anchors and the link secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rigs.virtual_mynumber import CardKeys


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
