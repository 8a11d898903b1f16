"""A real kiosk for UI tests: embedded ILS simulator over TCP, real cache, fake scanner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.config import KioskConfig, load_config
from kiosk.demo import bootstrap
from tests.ui.windows import show_window
from ui.window import KioskWindow


@pytest.fixture
def config() -> KioskConfig:
    return load_config(None)


@pytest.fixture
def kiosk(config: KioskConfig) -> Iterator[Kiosk]:
    k = bootstrap(config, scanners=[FakeScanner("fake-scanner://?name=test")])
    yield k
    for scanner in k.scanners:
        scanner.stop()
    k.close()


@pytest.fixture
def window(qtbot, kiosk: Kiosk) -> Iterator[KioskWindow]:  # type: ignore[no-untyped-def]
    w = show_window(qtbot, kiosk, demo=True)
    yield w
    w.shutdown()


@pytest.fixture
def scanner(kiosk: Kiosk) -> FakeScanner:
    fake = kiosk.scanners[0]
    assert isinstance(fake, FakeScanner)
    return fake
