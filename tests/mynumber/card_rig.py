"""Putting virtual My Number cards on the vpcd reader, for the tests in this folder."""

from __future__ import annotations

import random
import time

from drivers.cards.pcsc import CardReader
from kiosk.mynumber import MyNumberError, Problem
from kiosk.mynumber_card import CardRead, MyNumberSettings, read_card
from tests.rigs import pcsc_probe
from tests.rigs.virtual_mynumber import CardKeys, VirtualMyNumberCard, VpcdClient

READER = "pcsc://?reader=Virtual PCD 00 00"


class Inserted:
    """Puts a virtual card on the reader.

    One vpcd connection is kept for the whole session and the card behind it is swapped
    (``slot.card = …``): a reader sees a new card without a removal, so no test depends on
    how fast pcscd notices one. Only a card pulled out (the socket closed) reconnects."""

    slot: VpcdClient | None = None

    def __init__(self, card: VirtualMyNumberCard) -> None:
        self.card = card

    @classmethod
    def _ready(cls, card: VirtualMyNumberCard) -> VpcdClient:
        """The kept connection; a new one comes with ``card`` on it already (no other card
        for a watching reader to start reading first)."""
        if cls.slot is None or cls.slot._sock is None:
            for _ in range(3):
                client = VpcdClient(card)
                client.insert()
                if wait_for_card(5):
                    cls.slot = client
                    break
                client.remove()
                time.sleep(0.3)
            else:
                raise AssertionError("pcscd never saw the virtual card")
        assert cls.slot is not None
        return cls.slot

    @classmethod
    def pull(cls) -> None:
        """Take the kept card off the reader (the next Inserted puts a new one there)."""
        if cls.slot is not None:
            cls.slot.remove()
        cls.slot = None

    def __enter__(self) -> VirtualMyNumberCard:
        self.client = self._ready(self.card)
        self.client.card = self.card
        return self.card

    def __exit__(self, *exc: object) -> None:
        if self.client._sock is not None and self.card.pull_after is not None:
            self.client.remove()                 # a pulled card leaves the connection closed


def card_on_reader() -> bool:
    """As pcscd sees it now."""
    return pcsc_probe.card_on_reader(READER)


def wait_for_card(seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if card_on_reader():
            return True
        time.sleep(0.05)
    return False


def read_with_retry(settings: MyNumberSettings) -> CardRead:
    """As the kiosk does after "please place the card again": a few seconds of tries."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return read_card(CardReader(READER), settings)
        except MyNumberError as exc:
            if exc.problem not in (Problem.NO_CARD, Problem.CARD_REMOVED) \
                    or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def card(ca, **kw) -> VirtualMyNumberCard:  # type: ignore[no-untyped-def]
    keys = CardKeys.generate(ca=ca, serial=kw.pop("serial", random.randrange(1, 2**40)),
                             not_after=kw.pop("not_after", None))
    return VirtualMyNumberCard(keys, **kw)


