"""PadWatcher: a tag counts as placed after N inventories in a row, as taken off after M
misses in a row; a tag blinking in and out is neither placed nor forgotten at once."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.rfid.pad import PadChange, PadWatcher

# no deadline: the machine is shared and loaded; no example database in the tree
PROPERTY = settings(deadline=None, database=None)


def test_a_stack_settles_in_placed_after_inventories() -> None:
    pad = PadWatcher(placed_after=2, removed_after=2)
    assert not pad.feed(["A", "B"])
    assert pad.feed(["B", "A", "C"]) == PadChange(placed=("B", "A"))
    assert pad.feed(["A", "B", "C"]) == PadChange(placed=("C",))
    assert pad.on_pad == ("B", "A", "C")


def test_one_missed_inventory_does_not_take_a_book_off() -> None:
    pad = PadWatcher(placed_after=1, removed_after=2)
    pad.feed(["A", "B"])
    assert not pad.feed(["A"])
    assert "B" in pad.on_pad
    assert not pad.feed(["A", "B"])
    assert "B" in pad.blinking
    pad.feed(["A"])
    assert pad.feed(["A"]) == PadChange(removed=("B",))
    assert pad.on_pad == ("A",)


def test_a_blinking_tag_is_never_placed() -> None:
    pad = PadWatcher(placed_after=2)
    for n in range(10):
        change = pad.feed(["A", "N"] if n % 2 else ["A"])
        assert "N" not in change.placed
    assert pad.on_pad == ("A",)
    assert pad.blinking == {"N"}


def test_blinking_fades_once_the_tag_settles() -> None:
    pad = PadWatcher(placed_after=2, removed_after=2)
    pad.feed(["N"])
    pad.feed([])
    assert pad.blinking == {"N"}
    for _ in range(5):
        pad.feed([])
    assert pad.blinking == set()


def test_forget_and_bad_settings() -> None:
    pad = PadWatcher(placed_after=1)
    pad.feed(["A"])
    pad.forget()
    assert pad.on_pad == ()
    with pytest.raises(ValueError, match="at least 1"):
        PadWatcher(placed_after=0)


@PROPERTY
@given(rounds=st.lists(st.sets(st.sampled_from("ABCDE")), max_size=30),
       placed_after=st.integers(1, 3), removed_after=st.integers(1, 3))
def test_the_pad_is_what_its_changes_say(rounds: list[set[str]], placed_after: int,
                                         removed_after: int) -> None:
    pad = PadWatcher(placed_after, removed_after)
    on: list[str] = []
    history: list[set[str]] = []
    for uids in rounds:
        change = pad.feed(sorted(uids))
        history.append(uids)
        on = [u for u in on if u not in change.removed] + list(change.placed)
        assert list(pad.on_pad) == on
        for uid in change.placed:                       # seen in the last N inventories
            assert all(uid in past for past in history[-placed_after:])
        for uid in change.removed:                      # missing from the last M
            assert all(uid not in past for past in history[-removed_after:])
