"""What a library's RFID tag says, as pure functions: no reader, no I/O (ADR 0006).

``decode_tag(memory, settings)`` turns a tag's user memory into a :class:`TagReading`:
the item it names, or why it names none (blank, a CRC that fails, a layout this kiosk does
not know, parts that contradict each other) — never a guess. ``encode_tag`` is its inverse,
for converting a barcode collection. Security (AFI, EAS, both, or the library database) is
in :mod:`kiosk.rfid.security`.
"""

from kiosk.rfid.content import Extension, Problem, TagContent, TagReading, Usage, isil_key
from kiosk.rfid.models import MODELS, TagSettings, decode_tag, encode_tag
from kiosk.rfid.security import SecurityMode, SecurityPolicy, SecurityState
from kiosk.rfid.settings import RfidSettings
from kiosk.rfid.stack import mark_duplicates

__all__ = ["MODELS", "Extension", "Problem", "RfidSettings", "SecurityMode", "SecurityPolicy",
           "SecurityState", "TagContent", "TagReading", "TagSettings", "Usage", "decode_tag",
           "encode_tag", "isil_key", "mark_duplicates"]
