"""The Japan Library Association's 2005 proposal (図書館共通識別コード(案)), as branches use it.

The proposal fixed where the item's number goes, but vendors filled it differently (offsets,
lengths, ASCII or Shift_JIS, BCD digits), and it carries no marker by which a tag could be
recognised. So the layout is the branch's setting (``[rfid] jla_*``) and a tag is read in it
only when the branch says its tags are JLA (``model = "jla"``), never by guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.rfid.content import Problem, TagContent, TagReading

MODEL = "jla"
CHARSETS = ("ascii", "shift_jis", "utf-8", "bcd")
_PAD = b"\0 \xff"


class EncodeError(ValueError):
    """The content cannot be written in this layout."""


@dataclass(frozen=True)
class JlaLayout:
    item_offset: int = 0
    item_length: int = 16
    charset: str = "ascii"
    owner_offset: int = 16
    owner_length: int = 0            # 0: the layout holds no owner

    def __post_init__(self) -> None:
        if self.charset not in CHARSETS:
            raise ValueError(f"jla_charset must be one of {', '.join(CHARSETS)}, not "
                             f"{self.charset!r}")
        if self.item_offset < 0 or self.item_length < 1 or self.owner_offset < 0 \
                or self.owner_length < 0:
            raise ValueError("jla offsets must be >= 0 and jla_item_length >= 1")
        if self.owner_length and self.owner_offset < self.item_offset + self.item_length \
                and self.item_offset < self.owner_offset + self.owner_length:
            raise ValueError("the JLA item and owner fields overlap")

    @property
    def size(self) -> int:
        return max(self.item_offset + self.item_length,
                   self.owner_offset + self.owner_length if self.owner_length else 0)


def _text(field: bytes, charset: str, name: str) -> str | TagReading:
    if charset == "bcd":
        digits = []
        for nibble in (n for b in field for n in (b >> 4, b & 0xF)):
            if nibble == 0xF:
                break
            if nibble > 9:
                return TagReading.failed(MODEL, Problem.BAD_CHARACTERS,
                                         f"the {name} is not BCD digits: {field.hex(' ')}")
            digits.append(str(nibble))
        return "".join(digits)
    raw = field.rstrip(_PAD)
    try:
        text = raw.decode(charset)
    except UnicodeDecodeError:
        return TagReading.failed(MODEL, Problem.BAD_CHARACTERS,
                                 f"the {name} is not {charset} text: {raw.hex(' ')}")
    if not text.isprintable():
        return TagReading.failed(MODEL, Problem.BAD_CHARACTERS,
                                 f"the {name} holds control characters: {raw.hex(' ')}")
    return text


def decode(memory: bytes, layout: JlaLayout) -> TagReading:
    if len(memory) < layout.size:
        return TagReading.failed(MODEL, Problem.TRUNCATED,
                                 f"only {len(memory)} bytes read; the branch's JLA layout "
                                 f"needs {layout.size}")
    field = memory[layout.item_offset:layout.item_offset + layout.item_length]
    # BCD digits are made of 0x00-0x99 and 0xF pads, so only a field all 00 or all FF is empty
    empty = (set(field) <= {0} or set(field) <= {0xFF}) if layout.charset == "bcd" \
        else all(b in _PAD for b in field)
    if empty:
        return TagReading.failed(MODEL, Problem.BLANK, "the item number field is empty")
    item = _text(field, layout.charset, "item number")
    if isinstance(item, TagReading):
        return item
    if not item:
        return TagReading.failed(MODEL, Problem.INCONSISTENT, "the item number field is empty")
    owner = ""
    if layout.owner_length:
        at = layout.owner_offset
        found = _text(memory[at:at + layout.owner_length], "ascii", "owner library")
        if isinstance(found, TagReading):
            return found
        owner = found
    return TagReading(MODEL, TagContent(item=item, owner=owner, usage=None))


def _field(text: str, length: int, charset: str, name: str) -> bytes:
    try:
        if charset == "bcd":
            if not text.isascii() or not text.isdigit():
                raise EncodeError(f"the {name} {text!r} is not digits (jla_charset = bcd)")
            nibbles = [int(c) for c in text] + [0xF] * (-len(text) % 2)
            data = bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))
            pad = b"\xff"
        else:
            data, pad = text.encode(charset), b"\0"
    except UnicodeEncodeError as exc:
        raise EncodeError(f"the {name} {text!r} cannot be written in {charset}") from exc
    if len(data) > length:
        raise EncodeError(f"the {name} {text!r} needs {len(data)} bytes; the layout has "
                          f"{length}")
    return data.ljust(length, pad)


def encode(content: TagContent, layout: JlaLayout, *, block_size: int = 4) -> bytes:
    if not content.item or not content.item.isprintable() or content.item.rstrip() != \
            content.item:
        raise EncodeError(f"the item number must be printable text: {content.item!r}")
    if content.parts != 1:
        raise EncodeError("the JLA layout has no place for parts of a set")
    memory = bytearray(layout.size + -layout.size % block_size)
    memory[layout.item_offset:layout.item_offset + layout.item_length] = \
        _field(content.item, layout.item_length, layout.charset, "item number")
    if content.owner:
        if not layout.owner_length:
            raise EncodeError("the branch's JLA layout has no owner field (jla_owner_length)")
        memory[layout.owner_offset:layout.owner_offset + layout.owner_length] = \
            _field(content.owner, layout.owner_length, "ascii", "owner")
    return bytes(memory)
