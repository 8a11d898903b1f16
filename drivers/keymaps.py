"""Keyboard layouts for keyboard-wedge scanners: Linux key codes to characters.

A keyboard-wedge scanner "types" each character by pressing the key that makes it on the
layout it is set to (US, usually). The host turns key codes back into characters with *its*
layout. On a Japanese (JIS) host a US scanner's Codabar ``+`` (Shift + the US ``=`` key)
arrives as ``~`` and ``:`` as ``+``: the same key, a different keycap. Reading key codes
ourselves (evdev) with the scanner's layout avoids the problem; where only characters are
available (the Qt fallback) :func:`retype` repairs them, or says they cannot be repaired.

Codes are the kernel's (linux/input-event-codes.h). Keypad keys are the same on every
layout and assume Num Lock on, as scanners that use them do.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

KEY_ENTER = 28
KEY_KPENTER = 96
KEY_TAB = 15
KEY_LEFTSHIFT = 42
KEY_RIGHTSHIFT = 54
KEY_CAPSLOCK = 58
SHIFTS = frozenset({KEY_LEFTSHIFT, KEY_RIGHTSHIFT})
TERMINATORS = frozenset({KEY_ENTER, KEY_KPENTER, KEY_TAB})

_LETTER_ROWS = ((16, "qwertyuiop"), (30, "asdfghjkl"), (44, "zxcvbnm"))
_KEYPAD = {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1",
           80: "2", 81: "3", 82: "0", 83: ".", 98: "/", 55: "*"}

# key code -> (unshifted, shifted); "" where the key makes no character
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


def _layout(symbols: Mapping[int, str]) -> Mapping[int, tuple[str, str]]:
    table: dict[int, tuple[str, str]] = {}
    for first, row in _LETTER_ROWS:
        for offset, letter in enumerate(row):
            table[first + offset] = (letter, letter.upper())
    for code, caps in symbols.items():
        table[code] = (caps[0], caps[1] if len(caps) > 1 else "")
    for code, char in _KEYPAD.items():
        table[code] = (char, char)
    return MappingProxyType(table)


LAYOUTS: Mapping[str, Mapping[int, tuple[str, str]]] = MappingProxyType({
    "us": _layout(_US_SYMBOLS),
    "jis": _layout(_JIS_SYMBOLS),
})
ALIASES = MappingProxyType({"jp": "jis", "jp106": "jis", "ja": "jis", "en": "us"})


def layout_name(name: str) -> str:
    """The canonical layout name, or ValueError naming the ones there are."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in LAYOUTS:
        raise ValueError(f"unknown keyboard layout {name!r}; known: {', '.join(LAYOUTS)}")
    return key


def char_for(layout: str, code: int, shifted: bool, caps_lock: bool = False) -> str:
    """The character ``code`` makes on ``layout`` ("" for a key that makes none)."""
    caps = LAYOUTS[layout].get(code)
    if caps is None:
        return ""
    plain, shift = caps
    if plain.isalpha() and caps_lock:
        shifted = not shifted
    return shift if shifted else plain


def _keys_for(layout: str) -> Mapping[str, tuple[int, bool]]:
    """Character -> (key code, shift) the way a scanner types it: main keys first, the
    keypad only for characters no main key makes."""
    keys: dict[str, tuple[int, bool]] = {}
    for code, (plain, shift) in sorted(LAYOUTS[layout].items(), key=lambda kv: kv[0] in
                                       _KEYPAD):
        for char, shifted in ((plain, False), (shift, True)):
            if char and char not in keys:
                keys[char] = (code, shifted)
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
        char = char_for(read_as, key[0], key[1])
        if not char:
            return None
        out.append(char)
    return "".join(out)


def key_for(layout: str, char: str) -> tuple[int, bool] | None:
    """(key code, shift) a device set to ``layout`` presses to type ``char``."""
    return _KEYS[layout_name(layout)].get(char)
