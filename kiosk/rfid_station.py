"""Reading, writing and securing one tag through an RFID reader port, with every write read
back: what `kiosk rfid` does at the counter, and what the pad in the session will do.

The tag data models (kiosk.rfid) stay pure; here they meet a reader. Calls block (each
bounded by the reader's timeout) and belong on a worker thread, never the GUI's. RF noise
is retried a few times; everything else is a typed error from drivers.rfid.port, or a
result whose words say what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from drivers.rfid.port import (
    NoTag,
    RfError,
    RfidError,
    RfidReader,
    TagError,
    Unsupported,
    read_memory,
)
from kiosk.rfid import (
    Problem,
    SecurityPolicy,
    SecurityState,
    TagReading,
    TagSettings,
    decode_tag,
)

T = TypeVar("T")
ATTEMPTS = 3


def retried(call: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``call()``, again after an RF error (noise, a tag at the edge of the field)."""
    for attempt in range(attempts):
        try:
            return call()
        except RfError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class TagReport:
    """One tag as read: what it says, and what it tells the gate (None: not known)."""

    uid: str
    reading: TagReading
    afi: int | None = None
    eas: bool | None = None

    def to_json(self, *, with_tag: bool = True) -> dict[str, object]:
        """The fields of ``kiosk rfid inventory --json`` (``with_tag`` False: of decode)."""
        content = self.reading.content
        line: dict[str, object] = {}
        if with_tag:
            line["uid"] = self.uid
        line.update(model=self.reading.model, item=content.item if content else None,
                    parts=content.parts if content else None,
                    part=content.part if content else None,
                    owner=(content.owner or None) if content else None)
        if with_tag:
            line.update(afi=None if self.afi is None else f"{self.afi:02X}", eas=self.eas)
        line["ok"] = self.reading.ok
        if not self.reading.ok:
            line.update(problem=str(self.reading.problem), detail=self.reading.detail)
        if content is not None and content.usage is not None:
            line["usage"] = content.usage
        if self.reading.notes:
            line["notes"] = list(self.reading.notes)
        return line


def read_tag(reader: RfidReader, uid: str, settings: TagSettings, *,
             with_eas: bool = True) -> TagReport:
    """The tag's memory decoded, its AFI and EAS where the reader can tell. A tag that
    cannot be read is a READ_FAILED report with the reader's words; a reader that is gone
    raises (ReaderGone, Garbage), for the caller to report once for every tag."""
    try:
        try:
            info = retried(lambda: reader.system_information(uid))
            afi, block_count = info.afi, info.block_count
        except (Unsupported, TagError):
            afi, block_count = None, None
        memory = retried(lambda: read_memory(reader, uid, block_count=block_count))
        eas: bool | None = None
        if with_eas:
            try:
                eas = retried(lambda: reader.eas_alarm(uid))
            except (Unsupported, TagError):
                eas = None
    except (NoTag, RfError, TagError) as exc:
        return TagReport(uid, TagReading.failed(None, Problem.READ_FAILED, str(exc)))
    return TagReport(uid, decode_tag(memory, settings), afi, eas)


@dataclass(frozen=True)
class SecurityResult:
    """A security change and its read-back: ``ok``, or why not in ``detail``."""

    ok: bool
    state: SecurityState
    detail: str = ""


def set_security(reader: RfidReader, uid: str, policy: SecurityPolicy, *,
                 on_loan: bool) -> SecurityResult:
    """Write what the branch's gates need for a lent (or returned) item and read it back.
    Database-only branches write nothing. A tag that refuses (a locked AFI) or reads back
    otherwise is a failed result with words, never an exception: the loan itself stands."""
    want = policy.wanted(on_loan=on_loan)
    if want.afi is None and want.eas is None:
        return SecurityResult(True, want)
    try:
        if want.afi is not None:
            afi = want.afi
            retried(lambda: reader.write_afi(uid, afi))
        if want.eas is not None:
            retried(lambda: reader.eas_set(uid) if want.eas else reader.eas_reset(uid))
        got = SecurityState(
            afi=retried(lambda: reader.system_information(uid)).afi
            if want.afi is not None else None,
            eas=retried(lambda: reader.eas_alarm(uid)) if want.eas is not None else None)
    except (NoTag, RfError, TagError, Unsupported) as exc:
        return SecurityResult(False, SecurityState(), str(exc))
    wrong = policy.mismatch(got, on_loan=on_loan)
    if wrong:
        return SecurityResult(False, got, f"tag {uid}: {wrong}")
    return SecurityResult(True, got)


class VerifyError(RfidError):
    """What was read back is not what was written."""


def write_memory(reader: RfidReader, uid: str, memory: bytes, *, block_size: int = 4,
                 chunk: int = 8) -> None:
    """Write ``memory`` from block 0 and read it back; VerifyError when it differs."""
    step = block_size * chunk
    for at in range(0, len(memory), step):
        part = memory[at:at + step]
        first = at // block_size
        retried(partial(reader.write_blocks, uid, first, part))
    count = len(memory) // block_size
    back = retried(lambda: read_memory(reader, uid, block_count=count, max_blocks=count))
    if back != memory:
        differ = next(i for i, (a, b) in enumerate(zip(back, memory, strict=False)) if a != b) \
            if len(back) == len(memory) else min(len(back), len(memory))
        raise VerifyError(f"tag {uid}: read back differs from what was written at byte "
                          f"{differ}")
