"""The RFID pad in the patron session: a stack of tagged books lent at once (issue 20, item 3).

Plain Python, no reader and no Qt: the RFID adapter (the UI's worker) polls the reader,
feeds ``drivers.rfid.pad.PadWatcher`` (a tag counts as placed after N inventories in a row),
reads each placed tag (``kiosk.rfid_station.read_tag``) and tells the pad what was placed
(:class:`TagSeen`) and taken off. The pad groups the tags into items (every part of a set),
decides what each one is, lends what may be lent through the session — the same path as a
scanned barcode, so "already yours", a hold picked up, limits and the counts stay one code —
and asks the adapter to turn each loan's security off (:class:`~kiosk.events.SecureTags`),
whose answer comes back through :meth:`Pad.secured`. Every change gives a
:class:`~kiosk.events.PadChanged` with the whole pad.

Decisions (ADR 0006, "the pad in the session"):

- A tag names its item by its content; the branch's barcode item pattern is not applied.
- An owner ISIL on the tag that is not this library's (compared by ``isil_key``) is
  NOT_OURS and never sent; a tag without an owner (RFID501 has none, JLA tags rarely do)
  is taken as ours.
- A set (parts > 1) is lent only once every part 1..n is on the pad; a part taken off
  later does not undo the loan.
- A book taken off before its checkout was sent is not lent; one taken off once sent keeps
  its loan and stays listed as LENT (the patron took it): the kiosk never sends a checkin.
  Back on the pad it is ALREADY_YOURS, never lent twice.
- Two tags naming the same item and part (``mark_duplicates``) are DUPLICATE, none lent.
- A security write that fails leaves the loan standing: SECURITY_FAILED and
  :class:`~kiosk.events.SecurityNotChanged` ("show this book to staff"); the result is
  recorded with the loan by the circulation (a log line online, the journal row offline).

Threads: call :meth:`Pad.seen`, :meth:`Pad.signed_in`, :meth:`Pad.secured` and
:meth:`Pad.clear` where the session is called (the patron queue): they call it.
:meth:`Pad.taken_off` may be called from any thread (the polling thread, the moment the
watcher says so): a stack being lent then skips a book taken off before its checkout is sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kiosk.events import (
    Event,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemProblem,
    ItemRefused,
    PadChanged,
    PadItem,
    PadItemState,
    ScanProblem,
    ScanRejected,
    SecureTags,
    SecurityNotChanged,
)
from kiosk.rfid import Problem, SecurityState, TagReading, isil_key, mark_duplicates
from kiosk.session import PatronSession

__all__ = ["Pad", "PadItem", "PadItemState", "TagSeen", "describe_security"]

log = logging.getLogger(__name__)

PLACED_AFTER = 2          # inventories in a row before a tag counts as placed (PadWatcher's)


@dataclass(frozen=True)
class TagSeen:
    """One tag on the pad as the adapter read it (from ``rfid_station.TagReport``)."""

    uid: str
    reading: TagReading


def describe_security(state: SecurityState | None) -> str:
    """What a tag's read-back says, for the loan's record: "AFI C2, EAS off"."""
    if state is None:
        return ""
    said = []
    if state.afi is not None:
        said.append(f"AFI {state.afi:02X}")
    if state.eas is not None:
        said.append(f"EAS {'on' if state.eas else 'off'}")
    return ", ".join(said)


@dataclass
class _Sent:
    """An item whose checkout was sent this visit, and how it went."""

    item: str
    uids: tuple[str, ...]                  # its tags when it was sent
    state: PadItemState = PadItemState.LENDING
    loan: PadItemState | None = None       # LENT, SECURED or SECURITY_FAILED once lent here
    title: str = ""
    parts: int = 1
    problem: ItemProblem | None = None
    ils_message: str = ""
    detail: str = ""


@dataclass
class _Group:
    """The tags on the pad that name one item (or one unreadable tag)."""

    key: str
    item: str | None
    uids: list[str] = field(default_factory=list)
    parts: set[int] = field(default_factory=set)
    part_numbers: set[int] = field(default_factory=set)
    owner: str = ""
    unreadable: str = ""                   # words for staff when it names no item
    duplicate: str = ""


class Pad:
    """What the pad holds, for one patron's visit at a time."""

    def __init__(self, session: PatronSession, *, own_isil: str | None,
                 placed_after: int = PLACED_AFTER,
                 title_of: Callable[[str], str] | None = None) -> None:
        """``title_of``: an item's title as this kiosk knows it without asking the ILS (the
        local cache), "" when unknown; the pad lists a book by it until its checkout's
        answer brings the ILS's. It must not raise."""
        if placed_after < 1:
            raise ValueError("placed_after must be at least 1")
        self._session = session
        self._own = isil_key(own_isil) if own_isil else None
        self._own_shown = own_isil or ""
        # the branch's setting, for the adapter's PadWatcher (kept here: one home)
        self.placed_after = placed_after
        self._lock = threading.Lock()
        self._tags: dict[str, TagSeen] = {}          # on the pad, in the order placed
        self._sent: dict[str, _Sent] = {}            # by item key, this visit
        self._order: dict[str, int] = {}             # item key → when first placed
        self._next = 0
        self._lending = False
        self._title_of = title_of
        self._titles: dict[str, str] = {}           # item → title, looked up once a visit

    # -- the adapter's reports ---------------------------------------------------------------
    def seen(self, placed: Sequence[TagSeen], removed: Sequence[str]) -> list[Event]:
        """The watcher's news (each already N inventories in a row): lend what may be lent.
        Before any card: the books are listed as WAITING_FOR_CARD and the patron is asked
        for their card (ScanRejected CARD_EXPECTED, as for a barcode)."""
        if not placed and not removed:
            return []
        self._look_up_titles(placed)
        with self._lock:
            self._take_off(removed)
            for tag in placed:
                self._put(tag)
            items, ready = self._view()
        events: list[Event] = []
        if placed and not self._session.signed_in and any(
                i.state is PadItemState.WAITING_FOR_CARD for i in items):
            events.append(ScanRejected(ScanProblem.CARD_EXPECTED,
                                       f"rfid: {len(placed)} tag(s) placed before any card",
                                       from_pad=True))
        events.append(PadChanged(items, self._session.counts))
        if ready:
            events += self._lend_ready()
        return events

    def taken_off(self, uids: Iterable[str]) -> None:
        """Tags the watcher says were taken off, from any thread, at once: an item not yet
        sent is then not sent. Nothing is returned; the next :meth:`seen` (with the same
        ``removed``, which is harmless) shows the pad."""
        with self._lock:
            self._take_off(uids)

    def signed_in(self) -> list[Event]:
        """The session opened (after PatronIdentified): lend what waits on the pad (an
        empty pad: nothing to say, no events)."""
        with self._lock:
            items, ready = self._view()
        if not items:
            return []
        events: list[Event] = [PadChanged(items, self._session.counts)]
        if ready:
            events += self._lend_ready()
        return events

    def secured(self, item: str, ok: bool, detail: str = "",
                state: SecurityState | None = None) -> list[Event]:
        """The adapter's ``set_security`` result for the item's tags (read back). Failed:
        the loan stands, the patron shows the book to staff; never a checkin."""
        said = describe_security(state)
        record = (said or "read back as lent") if ok else (detail or said or "failed")
        known = self._session.record_security(item, ok, record)
        with self._lock:
            sent = next((s for s in self._sent.values() if s.item == item and s.loan), None)
            if sent is not None:
                sent.loan = PadItemState.SECURED if ok else PadItemState.SECURITY_FAILED
                if not ok or sent.state is PadItemState.LENT:
                    sent.state = sent.loan
                sent.detail = detail or said
            items, _ready = self._view()
            title = sent.title if sent is not None else ""
        events: list[Event] = []
        if not ok:
            if not known:            # else the circulation logged it with the loan
                log.warning("security of %s not turned off: %s", item,
                            detail or "no reason given")
            events.append(SecurityNotChanged(item, title, detail))
        if sent is not None or known:
            events.append(PadChanged(items, self._session.counts))
        return events

    def clear(self) -> list[Event]:
        """The session ended: forget the pad (the books went home with the patron). An
        empty pad: no events."""
        with self._lock:
            self._titles.clear()             # what was placed is not kept past a visit
            if not self._tags and not self._sent:
                return []
            self._tags.clear()
            self._sent.clear()
            self._order.clear()
        return [PadChanged((), None)]

    @property
    def items(self) -> tuple[PadItem, ...]:
        with self._lock:
            return self._view()[0]

    # -- lending -----------------------------------------------------------------------------
    def _lend_ready(self) -> list[Event]:
        """Lend the ready items one by one, in the order they were put down; an item taken
        off (``taken_off``) before its turn is skipped. One lender at a time."""
        events: list[Event] = []
        with self._lock:
            if self._lending:
                return events
            self._lending = True
        tried: set[str] = set()
        try:
            while True:
                with self._lock:
                    _items, ready = self._view()
                    ready = [(k, g) for k, g in ready if k not in tried]
                    if not ready or not self._session.signed_in:
                        break
                    key, group = ready[0]
                    tried.add(key)
                    assert group.item is not None
                    sent = self._sent[key] = _Sent(group.item, tuple(group.uids),
                                                   parts=max(group.parts or {1}),
                                                   title=self._titles.get(group.item, ""))
                events += self._lend(key, sent)
        finally:
            with self._lock:
                self._lending = False
        return events

    def _lend(self, key: str, sent: _Sent) -> list[Event]:
        answer = self._session.lend(sent.item)
        secure: SecureTags | None = None
        with self._lock:
            on_pad = self._uids_of(key)
            for event in answer:
                if isinstance(event, ItemCheckedOut):
                    sent.state = sent.loan = PadItemState.LENT
                    sent.title = event.loan.title or sent.title
                    # the tags on the pad now, or those it was sent with when the patron
                    # took it already (the write then fails: "show it to staff")
                    secure = SecureTags(sent.item, tuple(on_pad) or sent.uids)
                elif isinstance(event, ItemAlreadyOnLoan):
                    sent.state = PadItemState.ALREADY_YOURS
                    sent.title = event.loan.title or sent.title
                elif isinstance(event, ItemRefused):
                    sent.state = PadItemState.REFUSED
                    sent.title, sent.problem = event.title or sent.title, event.reason
                    sent.ils_message = event.ils_message
            if sent.state is PadItemState.LENDING:       # nothing was lent (no session)
                del self._sent[key]
            elif not on_pad and sent.loan is None:
                self._forget(key)                         # refused, and taken off already
            items, _ready = self._view()
        events: list[Event] = [*answer]
        if secure is not None:
            events.append(secure)
        events.append(PadChanged(items, self._session.counts))
        return events

    def _look_up_titles(self, placed: Sequence[TagSeen]) -> None:
        """The titles of the items just placed, from the local cache (outside the lock: a
        read of SQLite, on the patron queue)."""
        if self._title_of is None:
            return
        for tag in placed:
            content = tag.reading.content
            item = content.item if _names_item(tag.reading) and content is not None else None
            if content is not None and content.owner and self._own is not None \
                    and isil_key(content.owner) != self._own:
                item = None                   # another library's number: not our book's title
            with self._lock:
                known = not item or item in self._titles
            if item and not known:
                title = self._title_of(item)
                with self._lock:
                    self._titles[item] = title

    # -- bookkeeping (under the lock) --------------------------------------------------------
    def _put(self, tag: TagSeen) -> None:
        key = _key(tag)
        came_back = key in self._sent and not self._uids_of(key)
        self._tags.pop(tag.uid, None)
        self._tags[tag.uid] = tag
        self._order.setdefault(key, self._next)
        self._next += 1
        sent = self._sent.get(key)
        if came_back and sent is not None and sent.state in (PadItemState.LENT,
                                                             PadItemState.SECURED):
            sent.state = PadItemState.ALREADY_YOURS      # lent this visit: never again

    def _take_off(self, uids: Iterable[str]) -> None:
        for uid in uids:
            tag = self._tags.pop(uid, None)
            if tag is None:
                continue
            key = _key(tag)
            if self._uids_of(key):
                continue                                  # other parts still on the pad
            sent = self._sent.get(key)
            if sent is None:
                self._forget(key)                         # never sent: not lent
            elif sent.loan is not None:
                sent.state = sent.loan                    # lent: the patron took it
            elif sent.state is not PadItemState.LENDING:
                self._forget(key)                         # refused or theirs: off the list

    def _forget(self, key: str) -> None:
        self._sent.pop(key, None)
        self._order.pop(key, None)

    def _uids_of(self, key: str) -> list[str]:
        return [uid for uid, tag in self._tags.items() if _key(tag) == key]

    def _view(self) -> tuple[tuple[PadItem, ...], list[tuple[str, _Group]]]:
        """Every item listed, in the order put down, and those ready to be lent."""
        readings = mark_duplicates({uid: tag.reading for uid, tag in self._tags.items()})
        groups: dict[str, _Group] = {}
        for uid, tag in self._tags.items():
            reading = readings[uid]
            key = _key(tag)
            content = reading.content
            group = groups.setdefault(key, _Group(key, content.item if content else None))
            group.uids.append(uid)
            if content is None or not _names_item(reading):
                group.unreadable = f"tag {uid}: {reading.problem or 'no item'}" + (
                    f": {reading.detail}" if reading.detail else "")
                continue
            if reading.problem is Problem.DUPLICATE_ITEM:
                group.duplicate = f"part {content.part}"
            group.parts.add(content.parts)
            group.part_numbers.add(content.part)
            group.owner = group.owner or content.owner
        signed_in = self._session.signed_in
        listed: list[tuple[int, PadItem]] = []
        ready: list[tuple[int, str, _Group]] = []
        for key, gone in self._sent.items():
            if key not in groups:                         # lent, and taken off the pad
                listed.append((self._order.get(key, 0), PadItem(
                    gone.item, gone.uids, gone.state, gone.title, gone.parts, 0,
                    gone.problem, gone.detail, on_pad=False, ils_message=gone.ils_message)))
        for key, group in groups.items():
            order = self._order.get(key, 0)
            uids = tuple(group.uids)
            parts = max(group.parts or {1})
            seen = len({p for p in group.part_numbers if 1 <= p <= parts}) or 1
            sent = self._sent.get(key)
            if sent is not None:
                listed.append((order, PadItem(sent.item, uids, sent.state, sent.title,
                                              parts, seen, sent.problem, sent.detail,
                                              ils_message=sent.ils_message)))
                continue
            state, detail = self._judge(group, parts, seen, signed_in)
            title = self._titles.get(group.item, "") if group.item else ""
            listed.append((order, PadItem(group.item, uids, state, title, parts, seen,
                                          None, detail)))
            if state is PadItemState.LENDING:
                ready.append((order, key, group))
        listed.sort(key=lambda pair: pair[0])
        ready.sort(key=lambda triple: triple[0])
        return tuple(item for _order, item in listed), [(k, g) for _o, k, g in ready]

    def _judge(self, group: _Group, parts: int, seen: int,
               signed_in: bool) -> tuple[PadItemState, str]:
        """What an item not yet sent is, and staff words for it."""
        if group.unreadable:
            return PadItemState.UNREADABLE, group.unreadable
        if group.duplicate:
            return PadItemState.DUPLICATE, (
                f"tags {', '.join(group.uids)} name item {group.item} ({group.duplicate}): a "
                "copied tag or two labels on one book; show them to staff")
        if len(group.parts) > 1:
            return PadItemState.UNREADABLE, (
                f"the tags of item {group.item} disagree on its number of parts "
                f"({', '.join(str(p) for p in sorted(group.parts))})")
        if self._own is not None and group.owner and isil_key(group.owner) != self._own:
            return PadItemState.NOT_OURS, (f"the tag names owner {group.owner}; this library "
                                           f"is {self._own_shown}")
        if seen < parts:
            missing = sorted(set(range(1, parts + 1)) - group.part_numbers)
            return PadItemState.PARTS_MISSING, (
                f"part(s) {', '.join(map(str, missing))} of {parts} not on the pad")
        if not signed_in:
            return PadItemState.WAITING_FOR_CARD, ""
        return PadItemState.LENDING, ""


def _key(tag: TagSeen) -> str:
    """Tags of one item share a key (owner and item id); a tag naming none is its own."""
    content = tag.reading.content
    if content is None or not _names_item(tag.reading):
        return f"uid:{tag.uid}"
    return f"{isil_key(content.owner)}/{content.item}"


def _names_item(reading: TagReading) -> bool:
    """Whether the tag names an item (a duplicate still names one)."""
    return reading.content is not None and (
        reading.ok or reading.problem is Problem.DUPLICATE_ITEM)
