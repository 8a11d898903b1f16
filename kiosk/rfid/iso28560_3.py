"""ISO 28560-3, the fixed-length ("Danish") model: a 32-byte basic block and extension blocks.

Basic block: byte 0 version (high nibble, 1) and type of usage (low nibble); byte 1 parts in
the set; byte 2 this part; bytes 3-18 the primary item ID (ASCII, zero-padded); bytes 19-20
the CRC, low byte first; bytes 21-31 the owner library's ISIL without its hyphen. The CRC is
CRC-16/CCITT-FALSE over bytes 0-18 and 21-31 followed by two zero bytes (DESIGN §13; the
published vector is a test). Extension blocks follow: a length byte (the whole block), a
16-bit id (little-endian), an XOR check (the block XORs to zero) and data; length 0 ends.

Some vendors' stations write each 4-byte block in reverse: when the CRC fails, the memory
is read again with every block turned round, and that is said in the reading's notes.
"""

from __future__ import annotations

import binascii

from kiosk.rfid.content import (
    Extension,
    Problem,
    TagContent,
    TagReading,
    Usage,
    check_parts,
)

MODEL = "28560-3"
BASIC = 32
ITEM = slice(3, 19)
OWNER = slice(21, 32)
VERSION = 1
_PRINTABLE = bytes(range(0x20, 0x7F))       # deleted by translate(): what is left is not text


class EncodeError(ValueError):
    """The content cannot be written in this model (the words say which field)."""


def crc(block: bytes) -> int:
    """The basic block's CRC (the bytes at 19-20 are left out): CRC-16/CCITT-FALSE, which is
    binascii's crc_hqx from 0xFFFF."""
    return binascii.crc_hqx(bytes(block[:19]) + bytes(block[21:32]) + b"\0\0", 0xFFFF)


def reverse_blocks(memory: bytes, size: int = 4) -> bytes:
    return b"".join(memory[i:i + size][::-1] for i in range(0, len(memory), size))


def crc_ok(memory: bytes) -> bool:
    return len(memory) >= BASIC and crc(memory) == memory[19] | memory[20] << 8


def looks_like(memory: bytes) -> bool:
    """Version 1 and an ASCII item id: what a 28560-3 tag with a damaged CRC looks like."""
    if len(memory) < BASIC or memory[0] >> 4 != VERSION:
        return False
    item = memory[ITEM].rstrip(b"\0")
    return bool(item) and not item.translate(None, _PRINTABLE)


def decode(memory: bytes) -> TagReading:
    """The reading of a tag in this model; a CRC that fails either way round is reported."""
    if len(memory) < BASIC:
        return TagReading.failed(MODEL, Problem.TRUNCATED,
                                 f"only {len(memory)} bytes read; the basic block needs {BASIC}")
    notes: tuple[str, ...] = ()
    direct = crc_ok(memory)
    turned = memory if direct and memory[0] >> 4 == VERSION else reverse_blocks(memory)
    # Either way round may pass the CRC by chance; a version-1 block is the one meant.
    if not direct or (memory[0] >> 4 != VERSION and crc_ok(turned)
                      and turned[0] >> 4 == VERSION):
        if not crc_ok(turned):
            stored = memory[19] | memory[20] << 8
            return TagReading.failed(MODEL, Problem.BAD_CRC,
                                     f"the basic block's CRC is {stored:04X}, its content gives "
                                     f"{crc(memory):04X}: damaged or half-written")
        memory = turned
        notes = ("every 4-byte block is written in reverse byte order (some vendors' stations "
                 "do this); read turned round",)
    version = memory[0] >> 4
    if version != VERSION:
        return TagReading.failed(MODEL, Problem.UNSUPPORTED_VERSION,
                                 f"data model version {version}; this kiosk reads version 1")
    item_bytes = memory[ITEM].rstrip(b"\0")
    owner_bytes = memory[OWNER].rstrip(b"\0")
    for name, field in (("primary item ID", item_bytes), ("owner library", owner_bytes)):
        if field.translate(None, _PRINTABLE):
            return TagReading.failed(MODEL, Problem.BAD_CHARACTERS,
                                     f"the {name} holds bytes that are not ASCII text: "
                                     f"{field.hex(' ')}")
    if not item_bytes:
        return TagReading.failed(MODEL, Problem.INCONSISTENT, "the primary item ID is empty")
    wrong = check_parts(memory[1], memory[2])
    if wrong:
        return TagReading.failed(MODEL, Problem.INCONSISTENT, wrong)
    extensions, more_notes = _extensions(memory[BASIC:])
    content = TagContent(item=item_bytes.decode("ascii"), parts=memory[1], part=memory[2],
                         owner=owner_bytes.decode("ascii"), usage=memory[0] & 0x0F,
                         extensions=extensions)
    return TagReading(MODEL, content, notes=notes + more_notes)


def _extensions(rest: bytes) -> tuple[tuple[Extension, ...], tuple[str, ...]]:
    found: list[Extension] = []
    notes: list[str] = []
    at = 0
    while at < len(rest) and rest[at] != 0:
        length = rest[at]
        block = rest[at:at + length]
        where = f"extension block at byte {BASIC + at}"
        if length < 4 or len(block) < length:
            notes.append(f"{where} claims {length} bytes and does not fit; ignored with what "
                         "follows")
            break
        check = 0
        for byte in block:
            check ^= byte
        if check:
            notes.append(f"{where} fails its XOR check; ignored")
        else:
            found.append(Extension(block[1] | block[2] << 8, bytes(block[4:])))
        at += length
    return tuple(found), tuple(notes)


def owner_field(owner: str) -> bytes:
    """The ISIL as 28560-3 stores it: without the hyphen after a country prefix."""
    if len(owner) > 3 and owner[2] == "-" and owner[:2].isalpha():
        owner = owner[:2] + owner[3:]
    return owner.encode("ascii")


def encode(content: TagContent, *, block_size: int = 4) -> bytes:
    """The tag memory for ``content``, padded to whole blocks; EncodeError names the field."""
    try:
        item = content.item.encode("ascii")
        owner = owner_field(content.owner)
    except UnicodeEncodeError as exc:
        raise EncodeError(f"28560-3 holds ASCII only: {exc.object!r}") from exc
    if not item or len(item) > 16 or any(not 0x20 <= b < 0x7F for b in item):
        raise EncodeError(f"the primary item ID must be 1-16 ASCII characters: {content.item!r}")
    if len(owner) > 11 or any(not 0x20 <= b < 0x7F for b in owner):
        raise EncodeError(f"the owner ISIL must be at most 11 ASCII characters here: "
                          f"{content.owner!r}")
    if check_parts(content.parts, content.part) or content.parts > 255:
        raise EncodeError(f"part {content.part} of {content.parts} cannot be written")
    usage = Usage.CIRCULATION if content.usage is None else content.usage
    if not 0 <= usage <= 15:
        raise EncodeError(f"type of usage {usage} does not fit in a nibble")
    block = bytearray(BASIC)
    block[0] = VERSION << 4 | usage
    block[1], block[2] = content.parts, content.part
    block[ITEM] = item.ljust(16, b"\0")
    block[OWNER] = owner.ljust(11, b"\0")
    value = crc(bytes(block))
    block[19], block[20] = value & 0xFF, value >> 8
    for extension in content.extensions:
        block += _extension(extension)
    if content.extensions:
        block.append(0)
    while len(block) % block_size:
        block.append(0)
    return bytes(block)


def _extension(extension: Extension) -> bytes:
    length = 4 + len(extension.data)
    if length > 255 or not 0 <= extension.block_id <= 0xFFFF:
        raise EncodeError(f"extension block {extension.block_id} with {len(extension.data)} "
                          "bytes does not fit")
    body = bytearray([length, extension.block_id & 0xFF, extension.block_id >> 8, 0])
    body += extension.data
    check = 0
    for byte in body:
        check ^= byte
    body[3] = check
    return bytes(body)


__all__ = ["MODEL", "EncodeError", "crc", "decode", "encode", "looks_like"]
