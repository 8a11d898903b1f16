"""Going offline and back in the middle of a patron's session, through the real stack:
the embedded simulator over TCP, the real cache and journal, and a relay for network faults
(tests/rigs/tcp_relay.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from drivers.scanners.fake import FakeScanner
from kiosk.bootstrap import Kiosk
from kiosk.config import KioskConfig, load_config
from kiosk.demo import bootstrap
from kiosk.events import ItemCheckedOut, Mode, PatronIdentified
from sync.ils_sim.collection import DEMO
from sync.journal import JournalState
from tests.rigs.tcp_relay import TcpRelay


def quick(config: KioskConfig) -> KioskConfig:
    return replace(config, ils=replace(config.ils, timeout_seconds=0.5),
                   offline=replace(config.offline, retry_seconds=0.2))


@pytest.fixture
def kiosk() -> Iterator[Kiosk]:
    k = bootstrap(quick(load_config(None)), scanners=[FakeScanner()])
    yield k
    k.close()


def loans_at_ils(kiosk: Kiosk) -> dict[str, str]:
    assert kiosk.simulator is not None
    with kiosk.simulator.locked() as collection:
        return {item: loan.card for item, loan in collection.loans.items()}


def test_the_ils_goes_down_mid_session_and_comes_back(kiosk: Kiosk) -> None:
    modes: list[Mode] = []
    kiosk.circulation.on_mode_change(lambda mode, cause: modes.append(mode))
    session = kiosk.session
    [who] = session.scan(DEMO.good_card)
    assert isinstance(who, PatronIdentified)
    [first] = session.scan(DEMO.lendable_items[0])
    assert isinstance(first, ItemCheckedOut)
    assert first.loan.mode is Mode.ONLINE

    assert kiosk.simulator is not None
    kiosk.simulator.stop()
    [second] = session.scan(DEMO.lendable_items[1])
    assert isinstance(second, ItemCheckedOut), second
    assert second.loan.mode is Mode.OFFLINE
    assert kiosk.circulation.mode is Mode.OFFLINE
    [third] = session.scan(DEMO.lendable_items[2])
    assert isinstance(third, ItemCheckedOut)
    assert [loan.item for loan in session.loans] == list(DEMO.lendable_items[:3])
    assert kiosk.journal.count(JournalState.PENDING) == 2
    session.finish()

    kiosk.simulator.start()
    assert kiosk.watch is not None
    assert kiosk.watch.check_now() is Mode.ONLINE
    assert modes == [Mode.OFFLINE, Mode.ONLINE]
    # the journal went to the ILS once, each loan to the patron who borrowed it
    assert kiosk.journal.count(JournalState.DONE) == 2
    held = loans_at_ils(kiosk)
    for item in DEMO.lendable_items[:3]:
        assert held[item] == DEMO.good_card


@pytest.fixture
def relay(kiosk: Kiosk) -> Iterator[TcpRelay]:
    """The kiosk's ILS connection goes through a relay from now on."""
    assert kiosk.simulator is not None
    with TcpRelay(kiosk.simulator.address) as relay:
        kiosk.client.settings = replace(kiosk.client.settings, port=relay.port)
        kiosk.client.close()
        yield relay


def test_a_black_holed_network_is_noticed_and_survived(kiosk: Kiosk, relay: TcpRelay) -> None:
    session = kiosk.session
    assert isinstance(session.scan(DEMO.good_card)[0], PatronIdentified)
    relay.black_hole = True
    [event] = session.scan(DEMO.lendable_items[0])
    # the request may have reached the ILS: not lent twice, sent to the counter
    assert kiosk.circulation.mode is Mode.OFFLINE
    if isinstance(event, ItemCheckedOut):
        assert event.loan.mode is Mode.OFFLINE
    [after] = session.scan(DEMO.lendable_items[1])
    assert isinstance(after, ItemCheckedOut)
    assert after.loan.mode is Mode.OFFLINE
    assert kiosk.watch is not None
    assert kiosk.watch.check_now() is Mode.OFFLINE        # still silent
    relay.black_hole = False
    relay.cut()
    assert kiosk.watch.check_now() is Mode.ONLINE
    held = loans_at_ils(kiosk)
    assert held.get(DEMO.lendable_items[1]) == DEMO.good_card
    assert list(held).count(DEMO.lendable_items[1]) == 1


def test_a_slow_network_is_offline_only_while_it_is_too_slow(kiosk: Kiosk,
                                                             relay: TcpRelay) -> None:
    relay.delay = 0.05                    # slow but within the timeout: online
    assert isinstance(kiosk.session.scan(DEMO.good_card)[0], PatronIdentified)
    [event] = kiosk.session.scan(DEMO.lendable_items[0])
    assert isinstance(event, ItemCheckedOut)
    assert event.loan.mode is Mode.ONLINE
    relay.delay = 1.0                     # slower than the 0.5 s timeout
    assert kiosk.watch is not None
    assert kiosk.watch.check_now() is Mode.OFFLINE
    relay.delay = 0.0
    relay.cut()
    assert kiosk.watch.check_now() is Mode.ONLINE
