"""Values that share their fields through a base class stay distinct values.

A refused renewal and a refused checkout (kiosk.events), a renewal's and a checkout's answer
(kiosk.lending) are written once, in a base dataclass; each is still its own class: never
equal to the other with the same fields, never an instance of the other, matched by its
own name and fields.
"""

from __future__ import annotations

from dataclasses import fields

import pytest

from kiosk.events import ItemProblem, ItemRefused, Loan, Mode, RenewRefused
from kiosk.lending import CheckoutOutcome, RenewOutcome

REFUSAL = ("3001", "Dune", ItemProblem.ON_HOLD, "on hold for another patron")
LOAN = Loan("3001", "Dune", None, "", Mode.ONLINE)


@pytest.mark.parametrize(("one", "other"), [
    (RenewRefused(*REFUSAL), ItemRefused(*REFUSAL)),
    (RenewOutcome(LOAN, "Dune"), CheckoutOutcome(LOAN, "Dune")),
])
def test_same_fields_other_class_is_another_value(one: object, other: object) -> None:
    assert one != other
    assert other != one
    assert not isinstance(one, type(other))
    assert not isinstance(other, type(one))


def test_refusals_keep_their_fields_and_patterns() -> None:
    for cls in (RenewRefused, ItemRefused):
        refused = cls(*REFUSAL)
        assert refused == cls(*REFUSAL)
        assert hash(refused) == hash(cls(*REFUSAL))
        assert [f.name for f in fields(refused)] == ["item", "title", "reason", "ils_message"]
        assert cls(item="3001", title="Dune", reason=ItemProblem.REFUSED).ils_message == ""
        assert repr(refused).startswith(f"{cls.__name__}(item='3001'")
        match refused:
            case ItemRefused(item, _, reason):
                assert (cls, item, reason) == (ItemRefused, "3001", ItemProblem.ON_HOLD)
            case RenewRefused(item, _, reason):
                assert (cls, item, reason) == (RenewRefused, "3001", ItemProblem.ON_HOLD)
            case _:
                pytest.fail(f"{refused!r} matched neither class")


def test_outcomes_keep_their_fields() -> None:
    assert [f.name for f in fields(RenewOutcome)] == ["loan", "title", "problem",
                                                      "ils_message"]
    assert [f.name for f in fields(CheckoutOutcome)] == ["loan", "title", "problem",
                                                         "ils_message", "maybe_delivered",
                                                         "already"]
    made = CheckoutOutcome(None, "Dune", ItemProblem.ILS_UNAVAILABLE, "", True, False)
    assert made == CheckoutOutcome(None, "Dune", ItemProblem.ILS_UNAVAILABLE,
                                   maybe_delivered=True)
    assert (made.problem, made.maybe_delivered, made.already) == (
        ItemProblem.ILS_UNAVAILABLE, True, False)
