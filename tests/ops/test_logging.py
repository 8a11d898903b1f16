"""Logs: key=value lines for the journal, and no card number ever written."""

from __future__ import annotations

import io
import logging

import pytest

from kiosk.logging_setup import CardMask, KeyValueFormatter


def render(message: str, *args: object, card_pattern: str = r"^\d{8}$",
           journal: bool = True) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(KeyValueFormatter() if journal else logging.Formatter("%(message)s"))
    handler.addFilter(CardMask(card_pattern))
    logger = logging.getLogger("test.logging")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.warning(message, *args)
    return stream.getvalue().strip()


@pytest.mark.parametrize("card", ["21045877", "A21045877B", "c21045877d"])
def test_card_numbers_are_masked_wherever_they_appear(card: str) -> None:
    line = render("patron %s refused (%s)", card, "lost")
    assert "21045877" not in line
    assert "****5877" in line


def test_items_and_other_numbers_keep_their_digits() -> None:
    line = render("item %s lent to %s at %s", "115538407", "21045877", "2026-11-22")
    assert "115538407" in line                 # 9 digits: an item, not a card
    assert "21045877" not in line
    assert "2026-11-22" in line


def test_key_value_lines_quote_the_message() -> None:
    line = render('the ILS said "no"')
    assert line == 'level=WARNING logger=test.logging msg="the ILS said \\"no\\""'


def test_another_branch_pattern() -> None:
    line = render("card %s", "1234567", card_pattern=r"^\d{7}$")
    assert "1234567" not in line
    assert line.endswith('4567"')
