"""Input-event recordings for keyboard-wedge tests, in evemu-record's text format.

``Recorder`` writes what the kernel emits for a USB keyboard-wedge scanner typing a line: for
each HID report, an EV_MSC/MSC_SCAN with the HID usage of every key that changed, its EV_KEY,
then one SYN_REPORT; the modifier byte's changes come first, as hid-input handles the boot
keyboard report's fields in order. Two scanner habits: ``style="flag"`` sends Shift/AltGr in
the same report as the key (one report down, one up), ``style="keys"`` sends the modifier as
a report of its own before and after the key. Reports are ``gap_ms`` apart (a range gives
seeded jitter, rounded to the USB frame's millisecond).

Recordings under tests/drivers/recordings/ were made with it once and are kept as files, so a
change to this generator cannot silently change what the parser is tested against. They are
generated to the kernel's event order, not captured from hardware (these machines have no
/dev/input).

``host_keys`` turns a recording into what a desktop hands the window for the same keys
(the ``keyboard://`` path): text from the *host's* layout and Caps Lock, and the modifier
flags Qt puts on each key event.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from drivers.scanners.evdev_stream import EV_KEY, InputEvent
from drivers.scanners.keymaps import (
    ALTGR_LAYOUTS,
    ALTS,
    CTRLS,
    KEY_CAPSLOCK,
    KEY_ENTER,
    KEY_LEFTSHIFT,
    KEY_RIGHTALT,
    METAS,
    MODIFIERS,
    SHIFTS,
    char_for,
    key_for,
)

HERE = Path(__file__).resolve().parents[1] / "drivers" / "recordings"
SYN_DROPPED = 3

# Linux key code -> HID usage (page 7), the inverse of hid-input's table, for the keys used.
_HID = {
    **{code: 0x04 + i for i, code in enumerate(
        (30, 48, 46, 32, 18, 33, 34, 35, 23, 36, 37, 38, 50, 49, 24, 25, 16, 19, 31, 20, 22, 47,
         17, 45, 21, 44))},                                       # a … z
    **{code: 0x1e + i for i, code in enumerate(range(2, 12))},  # 1 … 9, 0
    28: 0x28, 1: 0x29, 14: 0x2a, 15: 0x2b, 57: 0x2c, 12: 0x2d, 13: 0x2e, 26: 0x2f, 27: 0x30,
    43: 0x31, 39: 0x33, 40: 0x34, 41: 0x35, 51: 0x36, 52: 0x37, 53: 0x38, 58: 0x39, 69: 0x53,
    98: 0x54, 55: 0x55, 74: 0x56, 78: 0x57, 96: 0x58, 79: 0x59, 80: 0x5a, 81: 0x5b, 75: 0x5c,
    76: 0x5d, 77: 0x5e, 71: 0x5f, 72: 0x60, 73: 0x61, 82: 0x62, 83: 0x63, 86: 0x64, 89: 0x87,
    124: 0x89, 29: 0xe0, 42: 0xe1, 56: 0xe2, 125: 0xe3, 97: 0xe4, 54: 0xe5, 100: 0xe6, 126: 0xe7,
}
_NAMES = {
    **{code: f"KEY_{ch.upper()}" for row, first in (("qwertyuiop", 16), ("asdfghjkl", 30),
                                                     ("zxcvbnm", 44))
       for code, ch in enumerate(row, first)},
    **{code: f"KEY_{(code - 1) % 10}" for code in range(2, 12)},
    1: "KEY_ESC", 12: "KEY_MINUS", 13: "KEY_EQUAL", 14: "KEY_BACKSPACE", 15: "KEY_TAB",
    26: "KEY_LEFTBRACE", 27: "KEY_RIGHTBRACE", 28: "KEY_ENTER", 29: "KEY_LEFTCTRL",
    39: "KEY_SEMICOLON", 40: "KEY_APOSTROPHE", 41: "KEY_GRAVE", 42: "KEY_LEFTSHIFT",
    43: "KEY_BACKSLASH", 51: "KEY_COMMA", 52: "KEY_DOT", 53: "KEY_SLASH", 54: "KEY_RIGHTSHIFT",
    55: "KEY_KPASTERISK", 56: "KEY_LEFTALT", 57: "KEY_SPACE", 58: "KEY_CAPSLOCK",
    69: "KEY_NUMLOCK", 86: "KEY_102ND", 89: "KEY_RO", 96: "KEY_KPENTER", 97: "KEY_RIGHTCTRL",
    100: "KEY_RIGHTALT", 124: "KEY_YEN", 125: "KEY_LEFTMETA", 126: "KEY_RIGHTMETA",
}


class Recorder:
    def __init__(self, start: float = 1700000000.0, key_ms: float = 2.0, *,
                 gap_ms: tuple[float, float] | None = None, style: str = "keys",
                 shift: int = KEY_LEFTSHIFT, altgr: tuple[int, ...] = (KEY_RIGHTALT,),
                 seed: int = 0) -> None:
        assert style in ("keys", "flag"), style
        self.t = start
        self.gap = gap_ms or (key_ms / 2, key_ms / 2)
        self.style = style
        self.shift = shift
        self.altgr = altgr
        self.random = random.Random(seed)
        self.lines: list[str] = []
        self._last_syn = start

    def event(self, etype: int, code: int, value: int, comment: str = "") -> None:
        note = f"\t# {comment}" if comment else ""
        self.lines.append(f"E: {self.t:.6f} {etype:04x} {code:04x} {value:04d}{note}")

    def report(self, *changes: tuple[int, int]) -> None:
        """One HID report: the keys that changed (code, 1 down / 0 up), then SYN_REPORT."""
        for code, value in changes:
            usage = 0x70000 + _HID.get(code, code)
            self.event(4, 4, usage, f"EV_MSC / MSC_SCAN             {usage}")
            self.event(1, code, value, f"EV_KEY / {_NAMES.get(code, code):<21}{value}")
        since = round((self.t - self._last_syn) * 1000)
        self.event(0, 0, 0, f"------------ SYN_REPORT (0) ---------- +{since}ms")
        self._last_syn = self.t
        self.advance()

    def advance(self, ms: float | None = None) -> None:
        if ms is None:
            low, high = self.gap
            ms = low if low == high else round(self.random.uniform(low, high))
        self.t += ms / 1000.0

    def press(self, code: int, value: int) -> None:
        self.report((code, value))

    def tap(self, code: int, shift: bool = False, altgr: bool = False,
            held: tuple[int, ...] = ()) -> None:
        """One keystroke with the modifiers it needs (``held``: others, e.g. Ctrl)."""
        mods = (*held, *((self.shift,) if shift else ()), *(self.altgr if altgr else ()))
        if self.style == "flag":
            self.report(*((m, 1) for m in mods), (code, 1))
            self.report(*((m, 0) for m in mods), (code, 0))
            return
        for m in mods:
            self.press(m, 1)
        self.press(code, 1)
        self.press(code, 0)
        for m in reversed(mods):
            self.press(m, 0)

    def type_line(self, text: str, layout: str = "us", end: int = KEY_ENTER) -> None:
        for ch in text:
            key = key_for(layout, ch)
            assert key is not None, f"{ch!r} cannot be typed on {layout}"
            self.tap(key.code, key.shift, key.altgr)
        self.tap(end)

    def type_line_caps_lock(self, text: str, layout: str = "us", end: int = KEY_ENTER) -> None:
        """As a scanner set to toggle Caps Lock for runs of capitals ("autocaps via Caps
        Lock"): Caps Lock on before a capital, off before a small letter and at the end."""
        caps = False
        for ch in text:
            if ch.isalpha() and ch.isupper() != caps:
                self.tap(KEY_CAPSLOCK)
                caps = not caps
            key = key_for(layout, ch)
            assert key is not None, f"{ch!r} cannot be typed on {layout}"
            self.tap(key.code, key.shift != (caps and ch.isalpha()), key.altgr)
        if caps:
            self.tap(KEY_CAPSLOCK)
        self.tap(end)

    def dropped(self) -> None:
        """The kernel's buffer overran: SYN_DROPPED, as the reader then sees it."""
        self.event(0, SYN_DROPPED, 0, "++++++++++++ SYN_DROPPED (3) ++++++++++")

    def text(self, comments: Iterable[str] = ()) -> str:
        header = ["# EVEMU 1.3", *(f"# {c}" for c in comments),
                  "N: Test Barcode Scanner Keyboard", "I: 0003 0c2e 0b61 0111"]
        return "\n".join(header + self.lines) + "\n"


@dataclass(frozen=True)
class HostKey:
    """One key event as a desktop hands it to the window."""

    time: float
    code: int
    pressed: bool
    text: str        # "" for modifiers, locks and keys that type nothing; "\r" for Enter
    shift: bool      # the modifier flags on the event
    altgr: bool
    ctrl: bool
    alt: bool
    meta: bool

    @property
    def chord(self) -> bool:
        """Ctrl, Alt or Meta held: the key is a shortcut, not a character."""
        return self.ctrl or self.alt or self.meta


def host_keys(events: Iterable[InputEvent], host: str = "us",
              caps_lock: bool = False) -> Iterator[HostKey]:
    """What a desktop with layout ``host`` (and Caps Lock on or off) makes of a scanner's
    key events: X11 and Wayland apply the host's layout and lock state, and set the
    modifier flags from the keys held (auto-repeats are left out, as the filter ignores
    them)."""
    held: set[int] = set()
    for e in events:
        if e.type != EV_KEY or e.value == 2:
            continue
        if e.code in MODIFIERS:
            (held.add if e.value else held.discard)(e.code)
        # xkb: right Alt is AltGr on layouts with a third level; Ctrl+Alt stays a shortcut
        altgr = host in ALTGR_LAYOUTS and KEY_RIGHTALT in held
        ctrl = bool(held & CTRLS)
        alt = bool(held & (ALTS - {KEY_RIGHTALT} if altgr else ALTS))
        shift = bool(held & SHIFTS)
        text = ""
        if e.code in (KEY_ENTER, 96):
            text = "\r"
        elif e.code == 15:
            text = "\t"
        elif e.code not in MODIFIERS and e.code != KEY_CAPSLOCK:
            text = char_for(host, e.code, shift, caps_lock, altgr)
            upper = text.upper()
            if ctrl and len(upper) == 1 and "@" <= upper <= "_":
                text = chr(ord(upper) - 0x40)     # Ctrl+] is GS, as X makes it
        if e.code == KEY_CAPSLOCK and e.value:
            caps_lock = not caps_lock
        yield HostKey(e.time, e.code, bool(e.value), text, shift, altgr, ctrl, alt,
                      bool(held & METAS))


def recording(name: str) -> list[str]:
    return (HERE / name).read_text(encoding="utf-8").splitlines()


class FifoKeyboard:
    """A keyboard-wedge scanner "plugged in" as a named pipe carrying kernel input events.

    The driver reads it exactly as it reads /dev/input/eventN (open, select, read, parse);
    only the grab ioctl has nothing to grab on a pipe, which the driver reports to staff.
    The rig holds the pipe open read-write so the driver never sees a spurious end of file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def plug(self) -> None:
        import os
        assert self.fd is None, "already plugged"
        os.mkfifo(self.path)
        self.fd = os.open(self.path, os.O_RDWR)

    def unplug(self) -> None:
        import os
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self.path.unlink(missing_ok=True)

    def replay(self, lines: list[str]) -> None:
        """Write a recording's events as the kernel would hand them to the reader."""
        import os

        from drivers.scanners.evdev_stream import parse_evemu, to_binary
        assert self.fd is not None, "not plugged"
        view = memoryview(to_binary(parse_evemu(lines)))
        while view:
            view = view[os.write(self.fd, view):]

    def type(self, text: str, layout: str = "us") -> None:
        import os

        from drivers.scanners.evdev_stream import parse_evemu, to_binary
        assert self.fd is not None, "not plugged"
        rec = Recorder()
        rec.type_line(text, layout)
        data = to_binary(parse_evemu(rec.text().splitlines()))
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
