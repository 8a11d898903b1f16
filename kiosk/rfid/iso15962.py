"""The ISO/IEC 15962 compaction schemes ISO 28560-2 uses for its data elements.

Each scheme packs a string into fewer bytes when its characters allow: integer (digits, no
leading zero, as one binary number), numeric (digits, two to a byte, a final 0xF nibble),
5-bit (``A``-``Z`` and ``[\\]^_``), 6-bit (space to ``_``: digits, capitals, punctuation),
7-bit (ASCII), octet (bytes as they are) and UTF-8. ``compact`` picks the shortest, as an
encoder should; ``expand`` reads any of them back. Also the ISIL compaction of ISO 28560-2
(upper case, lower case and digit sets of 5, 5 and 4 bits with shift and latch codes).

Left out (ADR 0006): the directory and packed-object access methods, lengths above 127
bytes, and application-defined compaction other than the ISIL's.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum


class Compaction(IntEnum):
    APPLICATION = 0
    INTEGER = 1
    NUMERIC = 2
    FIVE_BIT = 3
    SIX_BIT = 4
    SEVEN_BIT = 5
    OCTET = 6
    UTF8 = 7


class CompactionError(ValueError):
    """Bytes that do not expand in their scheme, or text a scheme cannot hold."""


class _Bits:
    def __init__(self) -> None:
        self.value, self.count = 0, 0

    def add(self, value: int, width: int) -> None:
        self.value = self.value << width | value
        self.count += width

    def pad_and_bytes(self, pad: str) -> bytes:
        """``pad``: "zeros", "ones" or "one-then-zeros" to the next whole byte."""
        spare = -self.count % 8
        if spare:
            if pad == "ones":
                self.add((1 << spare) - 1, spare)
            elif pad == "one-then-zeros":
                self.add(1 << (spare - 1), spare)
            else:
                self.add(0, spare)
        return self.value.to_bytes(self.count // 8, "big") if self.count else b""


def _groups(data: bytes, width: int) -> list[tuple[int, int]]:
    """(value, bits left after it) for every whole group of ``width`` bits."""
    total = len(data) * 8
    number = int.from_bytes(data, "big")
    out = []
    for start in range(0, total - width + 1, width):
        out.append(((number >> (total - start - width)) & ((1 << width) - 1),
                    total - start - width))
    return out


def _integer(text: str) -> bytes:
    number = int(text)
    return number.to_bytes(max(1, (number.bit_length() + 7) // 8), "big")


def _numeric(text: str) -> bytes:
    nibbles = [int(c) for c in text] + ([0xF] if len(text) % 2 else [])
    return bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def _five(text: str) -> bytes:
    bits = _Bits()
    for ch in text:
        bits.add(ord(ch) & 0x1F, 5)
    return bits.pad_and_bytes("zeros")


def _six(text: str) -> bytes:
    bits = _Bits()
    for ch in text:
        bits.add(ord(ch) & 0x3F, 6)
    return bits.pad_and_bytes("one-then-zeros")


def _seven(text: str) -> bytes:
    bits = _Bits()
    for ch in text:
        bits.add(ord(ch), 7)
    return bits.pad_and_bytes("ones")


def fits(scheme: Compaction, text: str) -> bool:
    """Whether ``scheme`` can hold ``text`` and give it back unchanged."""
    if not text:
        return False
    if scheme is Compaction.INTEGER:
        return text.isascii() and text.isdigit() and text[0] != "0" and len(text) <= 19
    if scheme is Compaction.NUMERIC:
        return text.isascii() and text.isdigit()
    if scheme is Compaction.FIVE_BIT:
        return all(0x41 <= ord(c) <= 0x5F for c in text)
    if scheme is Compaction.SIX_BIT:
        return all(0x20 <= ord(c) <= 0x5F for c in text) and not text.endswith(" ")
    if scheme is Compaction.SEVEN_BIT:
        return all(ord(c) < 0x7F for c in text)
    return scheme in (Compaction.OCTET, Compaction.UTF8)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


_PACK: dict[Compaction, Callable[[str], bytes]] = {
    Compaction.INTEGER: _integer, Compaction.NUMERIC: _numeric, Compaction.FIVE_BIT: _five,
    Compaction.SIX_BIT: _six, Compaction.SEVEN_BIT: _seven, Compaction.OCTET: _utf8,
    Compaction.UTF8: _utf8}


def pack(scheme: Compaction, text: str) -> bytes:
    if not fits(scheme, text):
        raise CompactionError(f"{scheme.name.lower()} compaction cannot hold {text!r}")
    return _PACK[scheme](text)


def compact(text: str) -> tuple[Compaction, bytes]:
    """The shortest scheme that holds ``text`` (the lower code on a tie)."""
    options = [(len(pack(s, text)), s) for s in _PACK if s is not Compaction.OCTET
               and fits(s, text)]
    if not options:
        raise CompactionError("nothing to compact: the text is empty")
    _, scheme = min(options)
    return scheme, pack(scheme, text)


def expand(scheme: int, data: bytes) -> str:
    """The text ``data`` holds in ``scheme``; CompactionError when it holds none."""
    if not data:
        raise CompactionError("an empty compacted object")
    if scheme == Compaction.INTEGER:
        return str(int.from_bytes(data, "big"))
    if scheme == Compaction.NUMERIC:
        return _expand_numeric(data)
    if scheme == Compaction.FIVE_BIT:
        out = []
        for value, _left in _groups(data, 5):
            if value == 0:
                break
            out.append(chr(0x40 | value))
        return _nonempty("".join(out))
    if scheme == Compaction.SIX_BIT:
        out = []
        for value, left in _groups(data, 6):
            if value == 0x20 and left == 0:
                break                                   # the 100000 pad at the end
            out.append(chr(value if value & 0x20 else value | 0x40))
        return _nonempty("".join(out))
    if scheme == Compaction.SEVEN_BIT:
        out = []
        for value, _left in _groups(data, 7):
            if value == 0x7F:
                break
            out.append(chr(value))
        return _nonempty("".join(out))
    if scheme in (Compaction.OCTET, Compaction.UTF8):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CompactionError(f"bytes that are not text: {data.hex(' ')}") from exc
    raise CompactionError(f"compaction scheme {scheme} is application-defined")


def _nonempty(text: str) -> str:
    if not text:
        raise CompactionError("the compacted object holds no characters")
    return text


def _expand_numeric(data: bytes) -> str:
    digits = []
    nibbles = [n for b in data for n in (b >> 4, b & 0xF)]
    for at, nibble in enumerate(nibbles):
        if nibble == 0xF and at == len(nibbles) - 1:
            break
        if nibble > 9:
            raise CompactionError(f"numeric compaction holds a nibble {nibble:X}: "
                                  f"{data.hex(' ')}")
        digits.append(str(nibble))
    return _nonempty("".join(digits))


# --- ISO 28560-2's ISIL compaction --------------------------------------------------------
_UPPER, _LOWER, _DIGIT = "u", "l", "d"
_LATCH = {(_UPPER, _LOWER): (0b11100, 5), (_UPPER, _DIGIT): (0b11110, 5),
          (_LOWER, _UPPER): (0b11100, 5), (_LOWER, _DIGIT): (0b11110, 5),
          (_DIGIT, _UPPER): (0b1100, 4), (_DIGIT, _LOWER): (0b1110, 4)}
_SHIFT = {(_UPPER, _LOWER): (0b11101, 5), (_UPPER, _DIGIT): (0b11111, 5),
          (_LOWER, _UPPER): (0b11101, 5), (_LOWER, _DIGIT): (0b11111, 5),
          (_DIGIT, _UPPER): (0b1101, 4), (_DIGIT, _LOWER): (0b1111, 4)}


def _sets(ch: str) -> str:
    if ch == "-":
        return "uld"
    if ch == ":":
        return "ud"
    if ch == "/" or "a" <= ch <= "z":
        return "l"
    if "A" <= ch <= "Z":
        return "u"
    if "0" <= ch <= "9":
        return "d"
    raise CompactionError(f"{ch!r} cannot be in an ISIL")


def _code(ch: str, charset: str) -> tuple[int, int]:
    if charset == _DIGIT:
        return {"-": 0b1010, ":": 0b1011}.get(ch, ord(ch) - 0x30), 4
    if ch == "-":
        return 0, 5
    if ch in ":/":
        return 0b11011, 5
    return ord(ch.upper()) - 0x40, 5


def pack_isil(isil: str) -> bytes:
    if not isil:
        raise CompactionError("an empty ISIL")
    bits = _Bits()
    current = _UPPER
    for at, ch in enumerate(isil):
        sets = _sets(ch)
        if current in sets:
            bits.add(*_code(ch, current))
            continue
        target = sets[0]
        following = isil[at + 1] if at + 1 < len(isil) else ""
        if not following or current in _sets(following):
            bits.add(*_SHIFT[current, target])
            bits.add(*_code(ch, target))
        else:
            bits.add(*_LATCH[current, target])
            current = target
            bits.add(*_code(ch, current))
    return bits.pad_and_bytes("ones")


def expand_isil(data: bytes) -> str:
    number, left = int.from_bytes(data, "big"), len(data) * 8
    current, shifted = _UPPER, ""
    out = []
    while True:
        charset = shifted or current
        width = 4 if charset == _DIGIT else 5
        if left < width:
            break
        left -= width
        value = number >> left & ((1 << width) - 1)
        if left < 8 and value == (1 << width) - 1 and number & ((1 << left) - 1) == \
                (1 << left) - 1:
            break                                       # the pad of ones at the end
        switch = next(((to, kind) for kind, table in (("latch", _LATCH), ("shift", _SHIFT))
                       for (frm, to), (code, w) in table.items()
                       if frm == charset and w == width and code == value), None)
        if switch is not None and not shifted:
            to, kind = switch
            if kind == "latch":
                current = to
            else:
                shifted = to
            continue
        out.append(_char(value, charset, data))
        shifted = ""
    return _nonempty("".join(out))


def _char(value: int, charset: str, data: bytes) -> str:
    if charset == _DIGIT:
        if value <= 9:
            return chr(0x30 + value)
        if value in (0b1010, 0b1011):
            return "-" if value == 0b1010 else ":"
    elif value == 0:
        return "-"
    elif value == 0b11011:
        return ":" if charset == _UPPER else "/"
    elif value <= 26:
        return chr((0x40 if charset == _UPPER else 0x60) + value)
    raise CompactionError(f"ISIL compaction {data.hex(' ')} holds code {value:b} where "
                          "a character belongs")
