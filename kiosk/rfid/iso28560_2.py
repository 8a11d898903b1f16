"""ISO 28560-2: the tag as a sequence of data elements, each compacted per ISO/IEC 15962.

Each element: a precursor byte (bit 7 an offset flag, bits 6-4 the compaction scheme, bits
3-0 the relative OID, 15 meaning "read the next byte and add 15"), then the pad length when
the offset flag is set, the OID byte, the length of the compacted data, the data, and that
many pad bytes. A precursor of 0 ends the elements. The primary item ID (OID 1) comes first;
the content parameter (OID 2) lists which optional elements follow, as a bit map from OID 3.

The elements this kiosk reads: 1 primary item ID, 2 content parameter, 3 owner ISIL, 4 set
information (total parts, then this part, as digits of equal length: ``0302`` is part 2 of
3), 5 type of usage (one byte: main category high nibble, sub-category low). Others are kept
in the reading's details as hex.
"""

from __future__ import annotations

from kiosk.rfid.content import Problem, TagContent, TagReading, check_parts
from kiosk.rfid.iso15962 import (
    Compaction,
    CompactionError,
    compact,
    expand,
    expand_isil,
    pack,
    pack_isil,
)

MODEL = "28560-2"
PRIMARY, CONTENT_PARAMETER, OWNER, SET_INFO, USAGE = 1, 2, 3, 4, 5
NAMES = {PRIMARY: "primary item ID", CONTENT_PARAMETER: "content parameter",
         OWNER: "owner institution (ISIL)", SET_INFO: "set information", USAGE: "type of usage"}


class EncodeError(ValueError):
    """The content cannot be written in this model."""


class _Bad(Exception):
    def __init__(self, problem: Problem, detail: str) -> None:
        super().__init__(detail)
        self.problem, self.detail = problem, detail


def elements(memory: bytes) -> list[tuple[int, int, bytes]]:
    """(OID, compaction, compacted bytes) of every element up to the terminator."""
    found: list[tuple[int, int, bytes]] = []
    at = 0
    while at < len(memory) and memory[at] != 0:
        precursor = memory[at]
        oid, scheme = precursor & 0x0F, precursor >> 4 & 0x07
        at += 1
        pad = 0
        if precursor & 0x80:
            pad, at = _byte(memory, at, "pad length"), at + 1
        if oid == 0x0F:
            oid, at = 15 + _byte(memory, at, "OID"), at + 1
        length, at = _byte(memory, at, "length"), at + 1
        if length == 0 or at + length + pad > len(memory):
            raise _Bad(Problem.TRUNCATED, f"element OID {oid} claims {length} bytes at byte "
                       f"{at}; the memory read ends at {len(memory)}")
        found.append((oid, scheme, bytes(memory[at:at + length])))
        at += length + pad
    return found


def _byte(memory: bytes, at: int, what: str) -> int:
    if at >= len(memory):
        raise _Bad(Problem.TRUNCATED, f"the memory ends where an element's {what} belongs")
    return memory[at]


def plausible(memory: bytes) -> bool:
    """Whether the memory parses as 28560-2 elements beginning with a primary item ID."""
    if not memory or memory[0] & 0x0F != PRIMARY:
        return False
    try:
        found = elements(memory)
    except _Bad:
        return False
    return bool(found) and decode(memory).problem not in (Problem.TRUNCATED,
                                                            Problem.BAD_CHARACTERS)


def decode(memory: bytes) -> TagReading:
    try:
        return _decode(memory)
    except _Bad as bad:
        return TagReading.failed(MODEL, bad.problem, bad.detail)


def _decode(memory: bytes) -> TagReading:
    found = elements(memory)
    if not found or found[0][0] != PRIMARY:
        raise _Bad(Problem.UNKNOWN_LAYOUT, "the first element is not a primary item ID")
    seen: dict[int, str] = {}
    details: list[tuple[str, str]] = []
    notes: list[str] = []
    parts, part, usage, owner = 1, 1, None, ""
    for oid, scheme, data in found:
        if oid in seen:
            raise _Bad(Problem.INCONSISTENT, f"element OID {oid} ({NAMES.get(oid, 'other')}) "
                       "appears twice")
        if oid == CONTENT_PARAMETER:
            seen[oid] = data.hex()
            continue
        if oid == USAGE and scheme in (Compaction.OCTET, Compaction.APPLICATION) \
                and len(data) == 1:
            usage = data[0] >> 4
            seen[oid] = f"{data[0]:02X}"
            continue
        try:
            text = expand_isil(data) if oid == OWNER and scheme == Compaction.APPLICATION \
                else expand(scheme, data)
        except CompactionError as exc:
            if oid in (PRIMARY, OWNER, SET_INFO, USAGE):
                raise _Bad(Problem.BAD_CHARACTERS,
                           f"the {NAMES[oid]} does not expand: {exc}") from exc
            details.append((f"oid{oid}", data.hex()))
            seen[oid] = data.hex()
            continue
        if not text.isprintable():
            raise _Bad(Problem.BAD_CHARACTERS, f"the {NAMES.get(oid, f'OID {oid}')} holds "
                       f"characters that are not text: {text!r}")
        seen[oid] = text
        if oid == OWNER:
            owner = text
        elif oid == SET_INFO:
            parts, part = _set_info(text)
        elif oid == USAGE:
            usage = _usage(text)
        elif oid != PRIMARY:
            details.append((f"oid{oid}", text))
    wrong = check_parts(parts, part)
    if wrong:
        raise _Bad(Problem.INCONSISTENT, wrong)
    if CONTENT_PARAMETER in seen:
        listed = _listed(bytes.fromhex(seen[CONTENT_PARAMETER]))
        present = {oid for oid in seen if oid > CONTENT_PARAMETER}
        if listed != present:
            notes.append(f"the content parameter lists OIDs {sorted(listed)}, the tag holds "
                         f"{sorted(present)}")
    content = TagContent(item=seen[PRIMARY], parts=parts, part=part, owner=owner,
                         usage=usage, details=tuple(details))
    return TagReading(MODEL, content, notes=tuple(notes))


def _set_info(text: str) -> tuple[int, int]:
    if not text.isdigit() or len(text) % 2:
        raise _Bad(Problem.INCONSISTENT, f"set information {text!r} is not two numbers of "
                   "equal length")
    half = len(text) // 2
    return int(text[:half]), int(text[half:])


def _usage(text: str) -> int:
    try:
        value = int(text, 16)
    except ValueError:
        raise _Bad(Problem.BAD_CHARACTERS, f"type of usage {text!r} is not a number") from None
    if len(text) != 2:
        raise _Bad(Problem.INCONSISTENT, f"type of usage {text!r} is not two hex digits")
    return value >> 4


def _listed(bitmap: bytes) -> set[int]:
    return {3 + i for i in range(len(bitmap) * 8) if bitmap[i // 8] & (0x80 >> (i % 8))}


def _element(oid: int, scheme: int, data: bytes) -> bytes:
    if len(data) > 127:
        raise EncodeError(f"element OID {oid} needs {len(data)} bytes; at most 127 are written")
    if oid >= 15:
        return bytes([scheme << 4 | 0x0F, oid - 15, len(data)]) + data
    return bytes([scheme << 4 | oid, len(data)]) + data


def encode(content: TagContent, *, block_size: int = 4) -> bytes:
    """The elements for ``content``: primary item ID, content parameter (when more follow),
    owner, set information (when the item has parts), type of usage (when given)."""
    if not content.item or not content.item.isprintable():
        raise EncodeError(f"the primary item ID must be printable text: {content.item!r}")
    if check_parts(content.parts, content.part):
        raise EncodeError(f"part {content.part} of {content.parts} cannot be written")
    scheme, data = compact(content.item)
    out = bytearray(_element(PRIMARY, scheme, data))
    optional: list[bytes] = []
    oids: list[int] = []
    if content.owner:
        try:
            optional.append(_element(OWNER, Compaction.APPLICATION, pack_isil(content.owner)))
        except CompactionError as exc:
            raise EncodeError(f"owner ISIL {content.owner!r}: {exc}") from exc
        oids.append(OWNER)
    if content.parts > 1:
        width = len(str(content.parts))
        digits = f"{content.parts:0{width}d}{content.part:0{width}d}"
        scheme = Compaction.NUMERIC
        optional.append(_element(SET_INFO, scheme, pack(scheme, digits)))
        oids.append(SET_INFO)
    if content.usage is not None:
        if not 0 <= content.usage <= 15:
            raise EncodeError(f"type of usage {content.usage} does not fit in a nibble")
        optional.append(_element(USAGE, Compaction.OCTET, bytes([content.usage << 4])))
        oids.append(USAGE)
    if optional:
        bitmap = bytearray((max(oids) - 3) // 8 + 1)
        for oid in oids:
            bitmap[(oid - 3) // 8] |= 0x80 >> ((oid - 3) % 8)
        out += _element(CONTENT_PARAMETER, Compaction.APPLICATION, bytes(bitmap))
        for element in optional:
            out += element
    out.append(0)
    while len(out) % block_size:
        out.append(0)
    return bytes(out)
