"""Logs for the journal: one line per event, ``key=value`` fields, card numbers masked.

systemd's journal stores stderr with the unit's name and a timestamp, so a line carries the
level, the logger and the message: ``level=WARNING logger=kiosk.connectivity msg="now
offline: …"``. A filter masks anything shaped like a library card number (the branch's card
pattern, with or without Codabar start/stop characters) in every message before it is
written, as a safety net behind the code's own masking: a card number never reaches a log.
"""

from __future__ import annotations

import logging
import re
import sys

from kiosk.barcodes import mask

DEFAULT_CARD = r"\d{7,10}"


def card_regex(card_pattern: str = "") -> re.Pattern[str]:
    """The card pattern without its anchors, as a free-standing token, optionally inside
    Codabar start/stop characters."""
    body = card_pattern.removeprefix("^").removesuffix("$") if card_pattern else DEFAULT_CARD
    return re.compile(rf"(?<![0-9A-Za-z])[A-Da-d]?(?P<card>{body})[A-Da-d]?(?![0-9A-Za-z])")


class CardMask(logging.Filter):
    def __init__(self, card_pattern: str = "") -> None:
        super().__init__()
        self.regex = card_regex(card_pattern)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.regex.sub(lambda m: mask(m.group("card")), message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().replace("\\", "\\\\").replace('"', '\\"')
        line = f'level={record.levelname} logger={record.name} msg="{message}"'
        if record.exc_info:
            trace = self.formatException(record.exc_info).replace("\n", "\\n")
            line += f' exc="{trace}"'
        return line


def setup(verbose: bool = False, card_pattern: str = "", *, journal: bool | None = None) -> None:
    """Configure the root logger: key=value lines under systemd (JOURNAL_STREAM set), the
    readable form on a terminal; the card mask on every handler."""
    if journal is None:
        import os
        journal = bool(os.environ.get("JOURNAL_STREAM"))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter() if journal else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(CardMask(card_pattern))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def mask_cards_with(card_pattern: str) -> None:
    """Once the branch config is known: mask its card pattern on every handler."""
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, CardMask)]:
            handler.removeFilter(old)
        handler.addFilter(CardMask(card_pattern))
