"""How a library card number may be shown outside the ILS conversation.

It lives here, at the bottom of the layers, because both sides mask: the kiosk core for its
events, receipts and logs, and ``sync`` for the journal's rows at rest and the simulator's logs;
``sync`` may not import ``kiosk``.
"""

from __future__ import annotations

__all__ = ["mask_card"]


def mask_card(card: str) -> str:
    """Four stars and the last four characters: ``21045877`` → ``****5877``.

    Always four stars, whatever the length, so a masked number does not tell how long the card
    number is; four or fewer characters are not shown at all. Nothing to mask stays empty.
    """
    if not card:
        return ""
    return "****" + (card[-4:] if len(card) > 4 else "")
