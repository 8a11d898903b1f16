"""What the kiosk sees of a receipt printer, whatever carries its bytes.

Status is asked the ESC/POS way, ``DLE EOT n``: n=2 answers the offline cause (bit 2: cover
open), n=4 the paper roll sensor (bits 5–6: paper end). Staff get a DeviceState and a cause;
the caller (the receipt service) keeps lending whatever the printer says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from drivers.ports import DeviceState

DLE_EOT = b"\x10\x04"            # real-time status transmission


@dataclass(frozen=True)
class PrinterStatus:
    state: DeviceState
    cause: str
    paper_out: bool = False
    cover_open: bool = False

    @property
    def ready(self) -> bool:
        return self.state is DeviceState.CONNECTED and not (self.paper_out or self.cover_open)


def decode_status(offline_cause: int, paper: int, where: str) -> PrinterStatus:
    cover = bool(offline_cause & 0x04)
    paper_out = bool(paper & 0x60)
    if cover:
        return PrinterStatus(DeviceState.CONNECTED, f"printer at {where}: cover open",
                             paper_out=paper_out, cover_open=True)
    if paper_out:
        return PrinterStatus(DeviceState.CONNECTED, f"printer at {where}: out of paper",
                             paper_out=True)
    return PrinterStatus(DeviceState.CONNECTED, f"printer at {where}: ready")


class Printer(Protocol):
    url: str

    def status(self) -> PrinterStatus: ...

    def send(self, data: bytes) -> None:
        """Write bytes; raises OSError (with the cause) when the printer cannot take them."""
        ...
