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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from drivers.keymaps import KEY_CAPSLOCK, SHIFTS, TERMINATORS, char_for, layout_name

EV_SYN, EV_KEY, EV_MSC = 0x00, 0x01, 0x04
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2
_CTRL_ALT_META = frozenset({29, 97, 56, 100, 125, 126})
_RECORD = struct.Struct("@llHHi")
LOST = "\ufffd"       # stands for a key that made no character
RECORD_SIZE = _RECORD.size


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

    Shift and Caps Lock are tracked. A key pressed with Ctrl/Alt/Meta held, an auto-repeat
    or a key that makes no character on the layout becomes U+FFFD in the line, so the kiosk
    rejects the scan with a message instead of acting on part of a code. A line longer than
    ``max_length`` is dropped whole when its terminator comes (counted in ``dropped``)."""

    def __init__(self, layout: str = "us", max_length: int = 128) -> None:
        self.layout = layout_name(layout)
        self.max_length = max_length
        self._shift: set[int] = set()
        self._modifiers: set[int] = set()
        self._caps = False
        self._line: list[str] = []
        self.dropped = 0                     # over-long lines thrown away

    def feed(self, events: Iterable[InputEvent]) -> list[str]:
        """The lines these events finish."""
        done: list[str] = []
        for e in events:
            if e.type != EV_KEY:
                continue
            if e.code in SHIFTS:
                (self._shift.add if e.value else self._shift.discard)(e.code)
            elif e.code in _CTRL_ALT_META:
                (self._modifiers.add if e.value else self._modifiers.discard)(e.code)
            elif e.value != KEY_DOWN:
                if e.value == KEY_REPEAT:
                    self._line.append(LOST)
            elif e.code == KEY_CAPSLOCK:
                self._caps = not self._caps
            elif e.code in TERMINATORS:
                if len(self._line) > self.max_length:
                    self.dropped += 1
                elif self._line:
                    done.append("".join(self._line))
                self._line = []
            elif self._modifiers:
                self._line.append(LOST)
            else:
                char = char_for(self.layout, e.code, bool(self._shift), self._caps)
                if char:
                    self._line.append(char)
                else:
                    self._line.append(LOST)
        return done
