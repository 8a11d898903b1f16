"""Keyboard-wedge scanners seen only as typed characters (the fallback when evdev is not
available): a burst of keys ending in Enter is a scan, anything slower is a person.

``keyboard://?layout=us&host=jis&max_gap_ms=50&min_length=4``

The UI (the only layer that sees key events) hands every key press to :meth:`key` and asks
whether to swallow it. Keys are held while they could still be a scan; when they turn out to
be typing (a gap longer than ``max_gap_ms``, or too few before Enter) they are handed back
through ``on_release`` for the UI to deliver to the focused widget, so a person typing in a
staff field loses nothing. Scanners type a code in a few milliseconds per key; people take
over 80 ms between keys even when fast.

Modifier keys (Shift, AltGr, Ctrl, Alt, Meta, the locks) come through :meth:`modifier`: every
HID scanner types a capital as Shift + the letter, so they belong to the burst (and keep it
alive) instead of ending it, and type nothing themselves. A letter's case is taken from the
keys the scanner pressed (Shift, and Caps Lock when the scanner presses it during the scan),
not from the host's Caps Lock, which the scanner cannot see: with Caps Lock left on, a
scanner's Shift+a arrives as "a" and is read as the "A" it meant. A person's keys are handed
back exactly as the host typed them. A key that types nothing inside a burst (Ctrl+],
an arrow) makes the scan unreadable (U+FFFD) rather than cutting it in two.

``layout`` is the layout the scanner is set to, ``host`` the layout the system reads keys
with (``auto``: /etc/default/keyboard). When they differ, characters are repaired with
:func:`drivers.scanners.keymaps.retype` (a US scanner on a JIS host types Codabar's ``+`` as
``~``), and staff are told once; a character that cannot be repaired is replaced by U+FFFD, so
the kiosk refuses the scan with a message instead of lending against a wrong number.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from drivers.ports import DeviceState, Scan, ScanCallback, StatusCallback
from drivers.scanners.evdev_stream import LOST
from drivers.scanners.keymaps import layout_name, retype
from drivers.scanners.pushed import PushedScanner
from drivers.url import parse_url_of

log = logging.getLogger(__name__)

KEYBOARD_DEFAULTS = Path("/etc/default/keyboard")
ReleaseCallback = Callable[[str], None]


class Key(Enum):
    """What the UI does with a key press."""

    SWALLOW = "swallow"        # held or part of a scan: do not deliver it
    DELIVER = "deliver"        # not ours (no scanner started): deliver it as usual


class Modifier(Enum):
    """A key held to change what others type, or a lock key."""

    SHIFT = "shift"
    ALTGR = "altgr"
    CONTROL = "control"
    ALT = "alt"
    META = "meta"
    CAPS_LOCK = "caps_lock"
    NUM_LOCK = "num_lock"


def host_layout(path: Path = KEYBOARD_DEFAULTS) -> str:
    """The system's keyboard layout from Debian's /etc/default/keyboard (``us`` when unknown)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "us"
    match = re.search(r'^\s*XKBLAYOUT\s*=\s*"?([a-z0-9]+)', text, re.MULTILINE)
    if not match:
        return "us"
    try:
        return layout_name(match.group(1))
    except ValueError:
        return "us"


class KeyboardWedge(PushedScanner):
    """A scanner port fed by the UI's key events instead of a device thread."""

    def __init__(self, url: str, *, keyboard_defaults: Path = KEYBOARD_DEFAULTS) -> None:
        super().__init__()
        parsed = parse_url_of(url, "keyboard", {"layout", "host", "max_gap_ms", "min_length"})
        self.url = url
        self.layout = layout_name(parsed.params.get("layout", "us"))
        host = parsed.params.get("host", "auto")
        self.host = host_layout(keyboard_defaults) if host == "auto" else layout_name(host)
        try:
            self.max_gap = float(parsed.params.get("max_gap_ms", "50")) / 1000.0
            self.min_length = int(parsed.params.get("min_length", "4"))
        except ValueError as exc:
            raise ValueError(f"max_gap_ms and min_length must be numbers in {url!r}") from exc
        if self.max_gap <= 0 or self.min_length < 1:
            raise ValueError(f"max_gap_ms must be > 0 and min_length >= 1 in {url!r}")
        self._lock = threading.Lock()
        self._held: list[str] = []          # as the host typed them: a person's, if so
        self._meant: list[str] = []         # as the scanner meant them: the scan, if so
        self._caps = False                  # Caps Lock pressed during this burst
        self._last = float("-inf")
        self.on_release: ReleaseCallback | None = None

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None:
        self._started_with(on_scan)
        if self.layout == self.host:
            on_status(DeviceState.CONNECTED, f"keyboard scanner ready (layout {self.layout})")
        else:
            on_status(DeviceState.CONNECTED,
                      f"keyboard scanner set to {self.layout} on a {self.host} system: scans "
                      "are repaired, but switching the scanner to USB-COM (serial) mode is "
                      "safer")

    def stop(self) -> None:
        with self._lock:
            self._on_scan = None
            held = self._end_burst()
        self._release(held)

    # -- fed by the UI ---------------------------------------------------------------------
    def key(self, when: float, text: str, *, enter: bool = False,
            shifted: bool | None = None, chord: bool = False) -> Key:
        """One key press at ``when`` (seconds, any monotonic clock): its ``text`` (may be
        empty for keys that type nothing) or ``enter`` for Enter/Return/Tab. ``shifted``:
        Shift was held (None: not known, the text's case is kept); ``chord``: Ctrl, Alt or
        Meta was held, so the key is a shortcut and types nothing of a code."""
        if not self.started:
            return Key.DELIVER
        scan: str | None = None
        release: list[str] = []
        swallow = True
        with self._lock:
            release.append(self._gap(when))
            if enter:
                if len(self._meant) >= self.min_length:
                    scan = "".join(self._meant)
                    self._end_burst()
                else:
                    release.append(self._end_burst() + "\n")
            elif text and text.isprintable() and not chord:
                self._held.append(text)
                self._meant.append(self._as_meant(text, shifted))
            elif self._held:                # a key that types nothing, inside a burst
                self._meant.append(LOST)
            else:                           # on its own: a person's (an arrow, a shortcut)
                swallow = False
        return self._finish(release, scan, swallow=swallow)

    def modifier(self, when: float, which: Modifier, pressed: bool) -> Key:
        """A modifier or lock key pressed or released at ``when``. It keeps a burst alive and
        types nothing; Caps Lock pressed during a burst changes the case the scanner means.
        Always swallowed once started: widgets take modifier state from the platform, not
        from these events, and a lock key that reached a parent widget too would be seen
        (and toggled) twice by an application-wide filter."""
        if not self.started:
            return Key.DELIVER
        with self._lock:
            release = self._gap(when)
            if which is Modifier.CAPS_LOCK and pressed:
                self._caps = not self._caps
        self._release(release)
        return Key.SWALLOW

    def tick(self, now: float) -> None:
        """Called now and then by the UI: keys held longer than the gap were a person's."""
        with self._lock:
            if not self._held or now - self._last <= self.max_gap:
                return
            held = self._end_burst()
        self._release(held)

    def _gap(self, when: float) -> str:
        """Start a new burst if the last key was longer ago than the gap; what was held then
        was a person's, handed back. Called with the lock held."""
        held = ""
        if when - self._last > self.max_gap:
            held = self._end_burst()
        self._last = when
        return held

    def _end_burst(self) -> str:
        held = "".join(self._held)
        self._held, self._meant, self._caps = [], [], False
        return held

    def _as_meant(self, text: str, shifted: bool | None) -> str:
        if shifted is None or not (text.isascii() and text.isalpha() and len(text) == 1):
            return text
        return text.upper() if shifted != self._caps else text.lower()

    def _finish(self, release: list[str], scan: str | None, *, swallow: bool) -> Key:
        for text in release:
            self._release(text)
        on_scan = self._on_scan
        if scan is not None and on_scan is not None:
            on_scan(Scan(self.repair(scan), self.url))
        return Key.SWALLOW if swallow else Key.DELIVER

    def repair(self, text: str) -> str:
        """The code the scanner meant, read back through its own layout."""
        if self.layout == self.host:
            return text
        fixed = retype(text, typed_on=self.host, read_as=self.layout)
        if fixed is not None:
            return fixed
        return "".join(retype(ch, typed_on=self.host, read_as=self.layout) or LOST
                       for ch in text)

    def _release(self, text: str) -> None:
        if text and self.on_release is not None:
            try:
                self.on_release(text)
            except Exception:
                log.exception("keyboard release callback failed")
