"""3M's RFID501 layout (older 3M installations), 8 blocks of 4 bytes.

Byte 0 is 0x04 and byte 2 is 0x00; byte 1 holds this part (high nibble) and the number of
parts (low nibble); byte 3 is 3M's media type; bytes 4-19 the item barcode (ASCII,
zero-padded); bytes 20-23 the branch (12 bits) and library (20 bits) numbers, big-endian;
bytes 24-27 a custom value; bytes 28-31 zero. Blank 3M tags hold 0x55. There is no ISIL:
``owner`` stays empty and the library and branch numbers are in the details.
"""

from __future__ import annotations

from kiosk.rfid.content import Problem, TagContent, TagReading, check_parts

MODEL = "rfid501"
SIZE = 32
MEDIA = {0: "other", 1: "book", 2: "magazine", 3: "bound journal", 4: "audio tape",
         5: "video", 6: "CD/CD-ROM", 7: "diskette", 8: "book with diskette",
         9: "book with CD", 13: "book with audio tape"}


class EncodeError(ValueError):
    """The content cannot be written in this model."""


def plausible(memory: bytes) -> bool:
    return (len(memory) >= SIZE and memory[0] == 0x04 and memory[2] == 0x00
            and memory[28:32] == b"\0\0\0\0" and decode(memory).ok)


def decode(memory: bytes) -> TagReading:
    if len(memory) < SIZE:
        return TagReading.failed(MODEL, Problem.TRUNCATED,
                                 f"only {len(memory)} bytes read; RFID501 needs {SIZE}")
    if memory[0] != 0x04 or memory[2] != 0x00:
        return TagReading.failed(MODEL, Problem.UNKNOWN_LAYOUT,
                                 f"bytes 0 and 2 are {memory[0]:02X} {memory[2]:02X}, "
                                 "not RFID501's 04 00")
    item = memory[4:20].split(b"\0", 1)[0]
    if not item:
        return TagReading.failed(MODEL, Problem.INCONSISTENT, "the item barcode is empty")
    if any(not 0x20 <= b < 0x7F for b in item):
        return TagReading.failed(MODEL, Problem.BAD_CHARACTERS,
                                 f"the item barcode holds bytes that are not ASCII text: "
                                 f"{item.hex(' ')}")
    part, parts = memory[1] >> 4, memory[1] & 0x0F
    wrong = check_parts(parts, part)
    if wrong:
        return TagReading.failed(MODEL, Problem.INCONSISTENT, wrong)
    numbers = int.from_bytes(memory[20:24], "big")
    details = (("media", str(memory[3])), ("branch", str(numbers >> 20)),
               ("library", str(numbers & 0xFFFFF)),
               ("custom", str(int.from_bytes(memory[24:28], "big", signed=True))))
    return TagReading(MODEL, TagContent(item=item.decode("ascii"), parts=parts, part=part,
                                        usage=None, details=details))


def encode(content: TagContent, *, block_size: int = 4) -> bytes:
    details = dict(content.details)
    try:
        item = content.item.encode("ascii")
        media, branch = int(details.get("media", "1")), int(details.get("branch", "0"))
        library, custom = int(details.get("library", "0")), int(details.get("custom", "0"))
    except (UnicodeEncodeError, ValueError) as exc:
        raise EncodeError(f"RFID501 cannot hold this content: {exc}") from exc
    if not item or len(item) > 16 or any(not 0x20 <= b < 0x7F for b in item):
        raise EncodeError(f"the item barcode must be 1-16 ASCII characters: {content.item!r}")
    if check_parts(content.parts, content.part) or content.parts > 15:
        raise EncodeError(f"part {content.part} of {content.parts} does not fit (at most 15)")
    if not (0 <= media <= 255 and 0 <= branch < 1 << 12 and 0 <= library < 1 << 20
            and -(1 << 31) <= custom < 1 << 31):
        raise EncodeError("media, branch, library or custom number out of range")
    memory = bytearray(SIZE)
    memory[0:4] = bytes([0x04, content.part << 4 | content.parts, 0x00, media])
    memory[4:20] = item.ljust(16, b"\0")
    memory[20:24] = (branch << 20 | library).to_bytes(4, "big")
    memory[24:28] = custom.to_bytes(4, "big", signed=True)
    return bytes(memory)
