"""Which data model a tag is in: the branch's choice, or recognised by content.

``model = "auto"`` tries, in this order, what can be told apart without guessing: an ISO
28560-3 basic block whose CRC holds (either byte order), 3M's RFID501 (its fixed bytes and
a clean barcode), ISO 28560-2 elements that parse to the end. A tag that looks like 28560-3
but fails its CRC is reported as such; anything else is an unknown layout. The JLA layout
has no marker, so it is read only when the branch names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.rfid import iso28560_2, iso28560_3, jla, rfid501
from kiosk.rfid.content import Problem, TagContent, TagReading
from kiosk.rfid.jla import JlaLayout

MODELS = (iso28560_3.MODEL, iso28560_2.MODEL, rfid501.MODEL, jla.MODEL)
CHOICES = ("auto", *MODELS)


class EncodeError(ValueError):
    """The content cannot be written in the chosen model; the words say why."""


@dataclass(frozen=True)
class TagSettings:
    model: str = "auto"
    jla: JlaLayout = field(default_factory=JlaLayout)

    def __post_init__(self) -> None:
        if self.model not in CHOICES:
            raise ValueError(f"model must be one of {', '.join(CHOICES)}, not {self.model!r}")

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any]) -> TagSettings:
        """From the branch config's ``[rfid]`` section (already type-checked)."""
        return cls(model=section.get("model", "auto"),
                   jla=JlaLayout(item_offset=section.get("jla_item_offset", 0),
                                 item_length=section.get("jla_item_length", 16),
                                 charset=section.get("jla_charset", "ascii"),
                                 owner_offset=section.get("jla_owner_offset", 16),
                                 owner_length=section.get("jla_owner_length", 0)))


def blank(memory: bytes) -> bool:
    """Never written: all zero, all 0xFF, or 3M's 0x55 fill (with its zero last block)."""
    head = memory[:32]
    return bool(head) and (set(head) <= {0} or set(head) <= {0xFF}
                           or (set(head) <= {0x55, 0} and 0x55 in head))


def _blank_reading(model: str | None) -> TagReading:
    return TagReading.failed(model, Problem.BLANK, "the tag is blank: nothing was written "
                             "on it (encode it with `kiosk rfid write`)")


def decode_tag(memory: bytes, settings: TagSettings | None = None) -> TagReading:
    """What the tag's user memory says, in the branch's model or the one recognised."""
    settings = settings or TagSettings()
    model = settings.model
    if not memory:
        return TagReading.failed(None if model == "auto" else model, Problem.TRUNCATED,
                                 "no memory was read")
    if model == jla.MODEL:
        return jla.decode(memory, settings.jla)
    if blank(memory):
        return _blank_reading(None if model == "auto" else model)
    if model == iso28560_3.MODEL:
        return iso28560_3.decode(memory)
    if model == iso28560_2.MODEL:
        return iso28560_2.decode(memory)
    if model == rfid501.MODEL:
        return rfid501.decode(memory)
    if iso28560_3.crc_ok(memory) or iso28560_3.crc_ok(iso28560_3.reverse_blocks(memory)):
        return iso28560_3.decode(memory)
    if rfid501.plausible(memory):
        return rfid501.decode(memory)
    if iso28560_2.plausible(memory):
        return iso28560_2.decode(memory)
    if iso28560_3.looks_like(memory) or iso28560_3.looks_like(
            iso28560_3.reverse_blocks(memory)):
        return iso28560_3.decode(memory)                # its CRC fails: said so, not guessed
    return TagReading.failed(None, Problem.UNKNOWN_LAYOUT,
                             "the tag holds data in no layout this kiosk recognises "
                             "(28560-3, 28560-2, RFID501); if the branch's tags follow the "
                             "JLA layout, set [rfid] model = \"jla\"")


def encode_tag(content: TagContent, settings: TagSettings | None = None, *,
               block_size: int = 4) -> bytes:
    """The memory to write for ``content``; "auto" writes ISO 28560-3."""
    settings = settings or TagSettings()
    model = iso28560_3.MODEL if settings.model == "auto" else settings.model
    try:
        if model == iso28560_3.MODEL:
            return iso28560_3.encode(content, block_size=block_size)
        if model == iso28560_2.MODEL:
            return iso28560_2.encode(content, block_size=block_size)
        if model == rfid501.MODEL:
            return rfid501.encode(content, block_size=block_size)
        return jla.encode(content, settings.jla, block_size=block_size)
    except (iso28560_3.EncodeError, iso28560_2.EncodeError, rfid501.EncodeError,
            jla.EncodeError) as exc:
        raise EncodeError(f"{model}: {exc}") from exc
