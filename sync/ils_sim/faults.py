"""Fault switches for tests: a slow, lossy, rude or silent ILS on demand.

:class:`Faults` holds the switches; the serving threads consume them, one request at a time,
at three points: before the request is processed, after it is processed (its effects are on
disk), and when the answer is sent. Every method is thread-safe and :meth:`Faults.clear`
puts everything back. Counting faults apply to the next N requests on any connection, login
and 97 included.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from sync.sip2.codec import checksum


class AnswerFault(StrEnum):
    DROP = "drop"              # no answer at all; the connection stays open
    CORRUPT = "corrupt"        # the answer with a wrong checksum digit
    GARBAGE = "garbage"        # random bytes (never a message code) and the terminator
    MALFORMED = "malformed"    # a line with the answer's code and a good checksum, but cut short


@dataclass(frozen=True)
class FaultState:
    """A snapshot of the switches, for logs and tests."""

    offline: bool
    slow_seconds: float
    drop_before: int
    drop_after: int
    answer_faults: tuple[AnswerFault, ...]


DropPoint = Literal["before", "after"]     # dropped before or after it is processed


class Faults:
    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._offline = False
        self._slow = 0.0
        self._drops: dict[DropPoint, int] = {"before": 0, "after": 0}
        self._answers: list[AnswerFault] = []
        self._rng = random.Random(seed)

    # -- setting -------------------------------------------------------------------------
    def set_offline(self, offline: bool) -> None:
        with self._lock:
            self._offline = offline

    def set_slow(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"a delay cannot be negative: {seconds}")
        with self._lock:
            self._slow = float(seconds)
            self._changed.notify_all()

    def add_drop_before(self, count: int) -> None:
        self._add_drops("before", count)

    def add_drop_after(self, count: int) -> None:
        self._add_drops("after", count)

    def _add_drops(self, point: DropPoint, count: int) -> None:
        with self._lock:
            self._drops[point] += _count(count)

    def add_answer_fault(self, fault: AnswerFault, count: int) -> None:
        """Queue ``count`` answers spoilt this way, after those already queued."""
        with self._lock:
            self._answers.extend([AnswerFault(fault)] * _count(count))

    def clear(self) -> None:
        with self._lock:
            self._offline = False
            self._slow = 0.0
            self._drops = dict.fromkeys(self._drops, 0)
            self._answers.clear()
            self._changed.notify_all()

    def state(self) -> FaultState:
        with self._lock:
            return FaultState(self._offline, self._slow, self._drops["before"],
                              self._drops["after"], tuple(self._answers))

    # -- consuming -----------------------------------------------------------------------
    @property
    def offline(self) -> bool:
        with self._lock:
            return self._offline

    def delay(self, stopping: threading.Event) -> None:
        """Hold an answer while the slow switch says so. Lowering it (or clearing the
        faults) releases answers already waiting; so does ``stopping``."""
        started = time.monotonic()
        with self._lock:
            while not stopping.is_set():
                remaining = self._slow - (time.monotonic() - started)
                if remaining <= 0:
                    return
                self._changed.wait(min(remaining, 0.1))

    def take_drop_before(self) -> bool:
        return self._take_drop("before")

    def take_drop_after(self) -> bool:
        return self._take_drop("after")

    def _take_drop(self, point: DropPoint) -> bool:
        """One of the requests to drop at ``point``, if any is left."""
        with self._lock:
            if self._drops[point] > 0:
                self._drops[point] -= 1
                return True
            return False

    def take_answer_fault(self) -> AnswerFault | None:
        with self._lock:
            return self._answers.pop(0) if self._answers else None

    def garbage(self, terminator: bytes) -> bytes:
        """20 to 60 random bytes that hold no terminator and cannot start a message."""
        with self._lock:
            length = self._rng.randrange(20, 61)
            body = bytes(self._rng.choice(_GARBAGE_BYTES) for _ in range(length))
        return b"\xff" + body + terminator


_GARBAGE_BYTES = bytes(b for b in range(256) if b not in b"\r\n")


def _count(count: int) -> int:
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    return count


def spoil_checksum(data: bytes, terminator: bytes) -> bytes:
    """Change the last checksum digit, so the answer arrives damaged."""
    body = data[: len(data) - len(terminator)] if data.endswith(terminator) else data
    if not body:
        return data
    last = body[-1:]
    spoilt = b"1" if last == b"0" else b"0"
    return body[:-1] + spoilt + data[len(body):]


def malformed(code: str, sequence: int | None, *, terminator: bytes) -> bytes:
    """The answer's message code alone, with a valid AY/AZ trailer when ``sequence`` is given:
    it passes the checksum, then fails on its missing fixed fields."""
    data = code.encode("ascii")
    if sequence is not None:
        data += f"AY{sequence % 10}AZ".encode("ascii")
        data += checksum(data).encode("ascii")
    return data + terminator


def parse_fault(text: str) -> tuple[str, float]:
    """``name=value`` (or a bare ``name``) from the command line, checked."""
    name, _, value = text.partition("=")
    name = name.strip().lower().replace("_", "-")
    if name not in FAULT_NAMES:
        raise ValueError(f"unknown fault {name!r}; known: {', '.join(sorted(FAULT_NAMES))}")
    if name in ("offline", "refuse"):
        if value and value.strip().lower() not in ("1", "y", "yes", "true", "on"):
            raise ValueError(f"{name} takes no value")
        return name, 1.0
    try:
        number = float(value) if name == "slow" else float(int(value or "1"))
    except ValueError as exc:
        raise ValueError(f"fault {name} needs a number, got {value!r}") from exc
    if number < 0:
        raise ValueError(f"fault {name} cannot be negative")
    return name, number


FAULT_NAMES = frozenset({"slow", "drop-before", "drop-after", "drop-answer", "corrupt",
                         "garbage", "malformed", "offline", "refuse"})
