"""The values every tag data model decodes into, and the problems a tag can have."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class Usage(IntEnum):
    """ISO 28560 type of usage (the main category; 28560-2 adds a sub-category nibble)."""

    ACQUISITION = 0
    CIRCULATION = 1
    NOT_FOR_LOAN = 2
    DISCARDED = 7
    PATRON_CARD = 8


class Problem(StrEnum):
    """Why a tag names no item the kiosk may act on. Each comes with words in ``detail``."""

    BLANK = "blank"                          # nothing was ever written
    BAD_CRC = "bad-crc"                      # looks like 28560-3, but its CRC fails
    UNKNOWN_LAYOUT = "unknown-layout"        # matches no data model this branch reads
    UNSUPPORTED_VERSION = "unsupported-version"
    BAD_CHARACTERS = "bad-characters"        # bytes the model's character set cannot hold
    TRUNCATED = "truncated"                  # the memory ends inside the data
    INCONSISTENT = "inconsistent"            # part 3 of 2, no item id, ...
    DUPLICATE_ITEM = "duplicate-item"        # another tag on the pad names the same part
    READ_FAILED = "read-failed"              # the reader could not read the memory


@dataclass(frozen=True)
class Extension:
    """An ISO 28560-3 extension block, kept as bytes (its meaning is the library's)."""

    block_id: int
    data: bytes


@dataclass(frozen=True)
class TagContent:
    """What a tag says about its item. ``owner`` is the owner library's ISIL as written
    ("" when the model has none); ``usage`` is None when the tag does not say."""

    item: str
    parts: int = 1
    part: int = 1
    owner: str = ""
    usage: int | None = Usage.CIRCULATION
    extensions: tuple[Extension, ...] = ()
    details: tuple[tuple[str, str], ...] = ()     # model-specific: 3M media type, ...


@dataclass(frozen=True)
class TagReading:
    """One tag decoded: ``content`` when it names an item, else ``problem`` and ``detail``.

    ``notes`` are things staff may want to know that do not stop lending (an extension
    block whose check fails, blocks written in reversed byte order)."""

    model: str | None
    content: TagContent | None = None
    problem: Problem | None = None
    detail: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.problem is None and self.content is not None

    @classmethod
    def failed(cls, model: str | None, problem: Problem, detail: str) -> TagReading:
        return cls(model, None, problem, detail)


def isil_key(isil: str) -> str:
    """ISILs compare without case or hyphens (ISO 15511; 28560-3 stores them without the
    hyphen): ``"JP-1000001"`` and ``"jp1000001"`` are the same library."""
    return isil.replace("-", "").upper()


def check_parts(parts: int, part: int) -> str:
    """Words for a set that contradicts itself, or ""."""
    if parts < 1:
        return f"the tag says its item has {parts} parts"
    if not 1 <= part <= parts:
        return f"the tag says it is part {part} of {parts}"
    return ""
