"""Which tags are on the pad, from a stream of inventories: a pure helper, no reader.

RF is noisy: a tag at the edge of the field, or under a thick book, answers one inventory and
not the next. A tag counts as placed once it is in ``placed_after`` consecutive inventories,
and as taken off once it has been missing from ``removed_after`` consecutive ones, so one
missed inventory neither lends nor forgets a book. Tags that come and go are "blinking":
the screen can ask the patron to hold the stack still.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PadChange:
    placed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.placed or self.removed)


@dataclass
class PadWatcher:
    placed_after: int = 2
    removed_after: int = 2
    _seen: dict[str, int] = field(default_factory=dict)        # consecutive sightings
    _missed: dict[str, int] = field(default_factory=dict)      # consecutive misses, on pad
    _on_pad: list[str] = field(default_factory=list)           # in the order placed
    _flicker: dict[str, int] = field(default_factory=dict)     # inventories since it blinked

    def __post_init__(self) -> None:
        if self.placed_after < 1 or self.removed_after < 1:
            raise ValueError("placed_after and removed_after must be at least 1")

    @property
    def on_pad(self) -> tuple[str, ...]:
        return tuple(self._on_pad)

    @property
    def blinking(self) -> frozenset[str]:
        """Tags that came and went lately without settling either way."""
        return frozenset(self._flicker)

    def feed(self, uids: Iterable[str]) -> PadChange:
        """One inventory's UIDs (in the reader's order); what changed on the pad."""
        now = list(dict.fromkeys(uids))
        present = set(now)
        placed: list[str] = []
        removed: list[str] = []
        settle = self.placed_after + self.removed_after
        for uid in list(self._flicker):
            self._flicker[uid] += 1
            if self._flicker[uid] > settle:
                del self._flicker[uid]
        for uid in now:
            self._seen[uid] = self._seen.get(uid, 0) + 1
            if self._missed.pop(uid, 0):
                self._flicker[uid] = 0                  # it was missing and is back
            if uid not in self._on_pad and self._seen[uid] >= self.placed_after:
                self._on_pad.append(uid)
                placed.append(uid)
        for uid in [u for u in self._seen if u not in present]:
            if uid in self._on_pad:
                self._missed[uid] = self._missed.get(uid, 0) + 1
                if self._missed[uid] >= self.removed_after:
                    self._on_pad.remove(uid)
                    removed.append(uid)
                    del self._missed[uid], self._seen[uid]
                    self._flicker.pop(uid, None)
            else:
                self._flicker[uid] = 0                  # seen, then gone before it settled
                del self._seen[uid]
        return PadChange(tuple(placed), tuple(removed))

    def forget(self) -> None:
        """Start afresh (the session ended; the next patron's stack is new)."""
        self._seen.clear()
        self._missed.clear()
        self._on_pad.clear()
        self._flicker.clear()
