"""Keyboard layouts for keyboard-wedge scanners: Linux key codes to characters.

A keyboard-wedge scanner "types" each character by pressing the key that makes it on the
layout it is set to (US, usually), holding Shift for the second character on a keycap and
AltGr (right Alt) for the third where the layout has one (German: ``@ { [ ] } \\ ~ |``). The
host turns key codes back into characters with *its* layout. On a Japanese (JIS) host a US
scanner's Codabar ``+`` (Shift + the US ``=`` key) arrives as ``~`` and ``:`` as ``+``: the same
key, a different keycap. Reading key codes ourselves (evdev) with the scanner's layout avoids
the problem; where only characters are available (the Qt fallback) :func:`retype` repairs
them, or says they cannot be repaired.

Codes are the kernel's (linux/input-event-codes.h). Keypad keys are the same on every
layout and assume Num Lock on, as scanners that use them do. Dead keys (German ``^``, ``´``
and the grave accent) make no character by themselves and are left out: a scanner cannot
type them in one key.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

KEY_ENTER = 28
KEY_KPENTER = 96
KEY_TAB = 15
KEY_LEFTCTRL = 29
KEY_RIGHTCTRL = 97
KEY_LEFTSHIFT = 42
KEY_RIGHTSHIFT = 54
KEY_LEFTALT = 56
KEY_RIGHTALT = 100          # AltGr on layouts with a third level, plain Alt on the others
KEY_LEFTMETA = 125
KEY_RIGHTMETA = 126
KEY_CAPSLOCK = 58
KEY_NUMLOCK = 69
SHIFTS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
CTRLS = frozenset({KEY_LEFTCTRL, KEY_RIGHTCTRL})
ALTS = frozenset({KEY_LEFTALT, KEY_RIGHTALT})
METAS = frozenset({KEY_LEFTMETA, KEY_RIGHTMETA})
# Keys held down to change what others type (the locks toggle on their press instead).
MODIFIERS = SHIFTS | CTRLS | ALTS | METAS
LOCKS = frozenset({KEY_CAPSLOCK, KEY_NUMLOCK})
TERMINATORS = frozenset({KEY_ENTER, KEY_KPENTER, KEY_TAB})

_KEYPAD = {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1",
           80: "2", 81: "3", 82: "0", 83: ".", 98: "/", 55: "*"}
_QWERTY = ((16, "qwertyuiop"), (30, "asdfghjkl"), (44, "zxcvbnm"))
_QWERTZ = ((16, "qwertzuiop"), (30, "asdfghjkl"), (44, "yxcvbnm"))

# key code -> the characters on its keycap: unshifted, shifted, and with AltGr where the
# layout has it ("" or missing: the key makes none at that level).
_US_SYMBOLS = {
    2: "1!", 3: "2@", 4: "3#", 5: "4$", 6: "5%", 7: "6^", 8: "7&", 9: "8*", 10: "9(",
    11: "0)", 12: "-_", 13: "=+", 26: "[{", 27: "]}", 39: ";:", 40: "'\"", 41: "`~",
    43: "\\|", 51: ",<", 52: ".>", 53: "/?", 57: "  ",
}
# JIS 106/109: the keycaps differ from US on the number row's shifted side and on the
# punctuation keys; ¥ (KEY_YEN) and ろ (KEY_RO) are extra keys.
_JIS_SYMBOLS = {
    2: "1!", 3: '2"', 4: "3#", 5: "4$", 6: "5%", 7: "6&", 8: "7'", 9: "8(", 10: "9)",
    11: "0", 12: "-=", 13: "^~", 124: "\\|", 26: "@`", 27: "[{", 39: ";+", 40: ":*",
    43: "]}", 51: ",<", 52: ".>", 53: "/?", 89: "\\_", 57: "  ",
}
# German (xkb "de"): QWERTZ, and the characters code sets need that US has on Shift are on
# AltGr: @ (Q), { [ ] } (7 8 9 0), \ (ß), ~ (+), | (the extra key left of Y, KEY_102ND).
_DE_SYMBOLS: dict[int, str | tuple[str, ...]] = {
    2: "1!¹", 3: '2"²', 4: "3§³", 5: "4$", 6: "5%", 7: "6&", 8: "7/{", 9: "8([", 10: "9)]",
    11: "0=}", 12: "ß?\\", 41: ("", "°"), 26: "üÜ", 27: "+*~", 39: "öÖ", 40: "äÄ", 43: "#'",
    86: "<>|", 51: ",;", 52: ".:", 53: "-_", 57: "  ",
    16: "qQ@", 18: "eE€", 50: "mMµ",
}


def _layout(rows: tuple[tuple[int, str], ...], symbols: Mapping[int, str | tuple[str, ...]]
            ) -> Mapping[int, tuple[str, str, str]]:
    table: dict[int, tuple[str, str, str]] = {}
    for first, row in rows:
        for offset, letter in enumerate(row):
            table[first + offset] = (letter, letter.upper(), "")
    for code, caps in symbols.items():
        plain, shift, third = (*caps, "", "")[:3]
        table[code] = (plain, shift, third)
    for code, char in _KEYPAD.items():
        table[code] = (char, char, "")
    return MappingProxyType(table)


LAYOUTS: Mapping[str, Mapping[int, tuple[str, str, str]]] = MappingProxyType({
    "us": _layout(_QWERTY, _US_SYMBOLS),
    "jis": _layout(_QWERTY, _JIS_SYMBOLS),
    "de": _layout(_QWERTZ, _DE_SYMBOLS),
})
# Layouts whose right Alt is AltGr (a third level); on the others it is one more Alt.
ALTGR_LAYOUTS = frozenset(name for name, table in LAYOUTS.items()
                          if any(levels[2] for levels in table.values()))
ALIASES = MappingProxyType({"jp": "jis", "jp106": "jis", "ja": "jis", "en": "us",
                            "ger": "de"})


class Keystroke(NamedTuple):
    """How a device set to some layout types one character."""

    code: int
    shift: bool
    altgr: bool = False


def layout_name(name: str) -> str:
    """The canonical layout name, or ValueError naming the ones there are."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in LAYOUTS:
        raise ValueError(f"unknown keyboard layout {name!r}; known: {', '.join(LAYOUTS)}")
    return key


def char_for(layout: str, code: int, shifted: bool, caps_lock: bool = False,
             altgr: bool = False) -> str:
    """The character ``code`` makes on ``layout`` ("" for a key that makes none).

    Caps Lock flips Shift only for letters that have a capital on the same key (``ß`` and
    digits stay as they are), and not on the AltGr level, as xkb does."""
    caps = LAYOUTS[layout].get(code)
    if caps is None:
        return ""
    plain, shift, third = caps
    if altgr:
        return third
    if caps_lock and plain != shift == plain.upper():
        shifted = not shifted
    return shift if shifted else plain


def _keys_for(layout: str) -> Mapping[str, Keystroke]:
    """Character -> the keystroke a scanner types it with: main keys first, the keypad only
    for characters no main key makes; plain before Shift before AltGr."""
    keys: dict[str, Keystroke] = {}
    for code, (plain, shift, third) in sorted(LAYOUTS[layout].items(),
                                              key=lambda kv: kv[0] in _KEYPAD):
        for char, stroke in ((plain, Keystroke(code, False)), (shift, Keystroke(code, True)),
                             (third, Keystroke(code, False, True))):
            if char and char not in keys:
                keys[char] = stroke
    return MappingProxyType(keys)


_KEYS = MappingProxyType({name: _keys_for(name) for name in LAYOUTS})


def retype(text: str, typed_on: str, read_as: str) -> str | None:
    """What ``text`` becomes when a device set to ``typed_on`` types it and the host reads
    the keys with ``read_as``; None when some character cannot be typed or read.

    It repairs as well as it mangles: text that a US scanner typed onto a JIS host is
    ``retype(received, typed_on="jis", read_as="us")``, the keys found again on the host's
    layout and read with the scanner's."""
    typed_on, read_as = layout_name(typed_on), layout_name(read_as)
    if typed_on == read_as:
        return text
    keys, out = _KEYS[typed_on], []
    for ch in text:
        key = keys.get(ch)
        if key is None:
            return None
        char = char_for(read_as, key.code, key.shift, altgr=key.altgr)
        if not char:
            return None
        out.append(char)
    return "".join(out)


def key_for(layout: str, char: str) -> Keystroke | None:
    """The keystroke a device set to ``layout`` types ``char`` with."""
    return _KEYS[layout_name(layout)].get(char)
