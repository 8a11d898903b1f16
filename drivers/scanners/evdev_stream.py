"""Keyboard-wedge scanners read as Linux input events: parsing, pure and tested on recordings.

A keyboard-wedge scanner is a USB keyboard that types very fast. Read from its evdev node
(``/dev/input/by-id/…-event-kbd``) with the device grabbed, its key *codes* arrive before any
keyboard layout is applied, so :class:`KeyDecoder` turns them into characters with the
layout the *scanner* is set to, and the host's layout cannot mangle Codabar's ``+ $ : / .``.

Two input forms, both turned into :class:`InputEvent`:

- the kernel's binary ``struct input_event`` (what ``read()`` on the node returns):
  ``struct timeval`` (two native longs), ``__u16 type``, ``__u16 code``, ``__s32 value``;
- evemu-record's text lines (``E: 0.000123 0001 001e 0001 # EV_KEY / KEY_A 1``), the usual
  way input streams are recorded and shared.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from drivers.scanners.keymaps import (
    ALTGR_LAYOUTS,
    ALTS,
    CTRLS,
    KEY_CAPSLOCK,
    KEY_RIGHTALT,
    LOCKS,
    METAS,
    MODIFIERS,
    SHIFTS,
    TERMINATORS,
    char_for,
    layout_name,
)

EV_SYN, EV_KEY, EV_MSC = 0x00, 0x01, 0x04
SYN_REPORT, SYN_DROPPED = 0, 3
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2
_RECORD = struct.Struct("@llHHi")
LOST = "\ufffd"       # stands for a key that made no character
RECORD_SIZE = _RECORD.size
KeyState = Callable[[], Iterable[int]]


@dataclass(frozen=True)
class InputEvent:
    time: float          # seconds, as the kernel stamped it
    type: int
    code: int
    value: int


def parse_binary(data: bytes) -> tuple[list[InputEvent], bytes]:
    """Whole records from ``data``, and the bytes of an incomplete last record (keep them
    for the next read)."""
    whole = len(data) - len(data) % RECORD_SIZE
    events = [InputEvent(sec + usec / 1e6, etype, code, value)
              for sec, usec, etype, code, value in _RECORD.iter_unpack(data[:whole])]
    return events, data[whole:]


def to_binary(events: Iterable[InputEvent]) -> bytes:
    """The kernel's form of ``events`` (used to replay recordings through a real file)."""
    out = bytearray()
    for e in events:
        sec = int(e.time)
        out += _RECORD.pack(sec, round((e.time - sec) * 1e6), e.type, e.code, e.value)
    return bytes(out)


def parse_evemu(lines: Iterable[str]) -> Iterator[InputEvent]:
    """Events from evemu-record text; header lines (``N:``, ``I:``, ``B:``…) are skipped.

    A malformed ``E:`` line raises ValueError naming the line: a recording is test data,
    and silently dropping a key would make a test pass for the wrong reason."""
    for number, line in enumerate(lines, 1):
        body = line.split("#", 1)[0].strip()
        if not body.startswith("E:"):
            continue
        parts = body[2:].split()
        if len(parts) != 4:
            raise ValueError(f"line {number}: expected 'E: time type code value', got {line!r}")
        try:
            yield InputEvent(float(parts[0]), int(parts[1], 16), int(parts[2], 16),
                             int(parts[3]))
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc} in {line!r}") from exc


class KeyDecoder:
    """Key events in, finished lines out (the terminator key ends a line and is dropped).

    Events are read one report at a time (up to each SYN_REPORT): a scanner's USB report
    holds the modifier byte and the key together, and the kernel splits it into events in
    the order of the report's fields. The modifiers of a report apply to the keys pressed in
    it, whichever the kernel wrote first, so a scanner that sends Shift as a flag with the key
    and one that sends it as a key of its own read the same.

    Shift (left or right), AltGr (right Alt, or Ctrl+Alt as Windows-minded scanners send it)
    on layouts that have a third level, and Caps Lock (toggled by the scanner's own presses:
    grabbed, it never sees the host's) are applied. Anything the kiosk cannot read with
    certainty becomes U+FFFD in the line, so the patron is told the scan was not read instead
    of the kiosk acting on part of a code or a different one: a key pressed with Ctrl/Alt/Meta,
    an auto-repeat, a key that makes no character on the layout, and a line during which the
    kernel dropped events (SYN_DROPPED, its buffer overran). A line longer than
    ``max_length`` comes out as U+FFFD alone when its terminator comes (counted in
    ``dropped``).

    ``key_state`` (optional) returns the key codes held down now (EVIOCGKEY): after dropped
    events it tells which modifiers are still held; without it they are taken as released."""

    def __init__(self, layout: str = "us", max_length: int = 128,
                 key_state: KeyState | None = None) -> None:
        self.layout = layout_name(layout)
        self.max_length = max_length
        self.key_state = key_state
        self._held: set[int] = set()         # modifiers down
        self._caps = False
        self._line: list[str] = []
        self._report: list[InputEvent] = []
        self._dropping = False
        self.dropped = 0                     # over-long lines refused

    def feed(self, events: Iterable[InputEvent]) -> list[str]:
        """The lines these events finish (a report cut between two feeds waits for its end)."""
        done: list[str] = []
        for e in events:
            if e.type == EV_KEY:
                if not self._dropping:
                    self._report.append(e)
            elif e.type == EV_SYN and e.code == SYN_DROPPED:
                # The kernel lost events: ignore up to and including the next SYN_REPORT,
                # then ask the device what is held (the kernel's documented recovery).
                self._report = []
                self._dropping = True
                self._add(LOST)
            elif e.type == EV_SYN and e.code == SYN_REPORT:
                if self._dropping:
                    self._dropping = False
                    self._resync()
                else:
                    self._apply(self._report, done)
                self._report = []
        return done

    def _apply(self, report: list[InputEvent], done: list[str]) -> None:
        for e in report:
            if e.code in MODIFIERS:
                (self._held.add if e.value else self._held.discard)(e.code)
        for e in report:
            if e.code not in MODIFIERS:
                self._key(e, done)

    def _key(self, e: InputEvent, done: list[str]) -> None:
        if e.value == KEY_UP:
            return
        if e.value == KEY_REPEAT:
            self._add(LOST)
        elif e.code in LOCKS:
            if e.code == KEY_CAPSLOCK:
                self._caps = not self._caps
        elif e.code in TERMINATORS:
            if len(self._line) > self.max_length:
                self.dropped += 1
                done.append(LOST)
            elif self._line:
                done.append("".join(self._line))
            self._line = []
        else:
            self._add(self._char(e.code) or LOST)

    def _char(self, code: int) -> str:
        held = self._held
        ctrl, alt, meta = bool(held & CTRLS), bool(held & ALTS), bool(held & METAS)
        altgr = False
        if self.layout in ALTGR_LAYOUTS and (KEY_RIGHTALT in held or (ctrl and alt)):
            altgr, ctrl, alt = True, False, False
        if ctrl or alt or meta:
            return ""
        return char_for(self.layout, code, bool(held & SHIFTS), self._caps, altgr)

    def _add(self, char: str) -> None:
        if len(self._line) <= self.max_length:      # enough to know it is too long
            self._line.append(char)

    def _resync(self) -> None:
        held: set[int] = set()
        if self.key_state is not None:
            try:
                held = set(self.key_state()) & MODIFIERS
            except OSError:
                held = set()
        self._held = held
