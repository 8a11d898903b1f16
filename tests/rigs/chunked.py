"""A byte stream as a reader gets it off the wire: cut anywhere. For the framing property
tests (FEIG frames here; SIP2 lines could use it the same way)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def read_in_chunks(stream: bytes, cuts: Iterable[int], feed: Callable[[bytes], object],
                   take: Callable[[], T | None]) -> list[T]:
    """Feed ``stream`` in pieces ``cuts`` long, then the rest; after each piece, what ``take()``
    gives until it gives None."""
    got: list[T] = []
    at = 0
    for size in [*cuts, len(stream)]:
        feed(stream[at:at + size])
        at += size
        while (item := take()) is not None:
            got.append(item)
    return got
