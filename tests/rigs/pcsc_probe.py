"""Whether pcscd sees a card on a reader now: the probe the My Number tests and the soak
bench (bench/soak.py) wait on while a virtual card is put on or taken off vpcd."""

from __future__ import annotations

import contextlib

from drivers.cards.pcsc import CardReader


def card_on_reader(reader: str) -> bool:
    """``reader``: a ``pcsc://`` URL. True when a connection to a card there succeeds."""
    probe = CardReader(reader)
    try:
        probe.connect()
    except OSError:
        return False
    with contextlib.suppress(OSError):
        probe.disconnect()
    return True
