"""What hardware is plugged in, as device URLs staff can paste into a branch config.

Each finder looks in one place Linux exposes devices: stable ``by-id`` links first (they
survive replugging and reboots, unlike ``ttyACM0`` or ``event5``), then the raw nodes. The
root directory is a parameter so tests can build a small /dev and /sys of their own.
Nothing is opened or changed: listing devices must be safe on a kiosk that is lending.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

# USB vendors whose receipt printers speak ESC/POS (vendor id -> name)
FEIG_VENDOR = "0ab1"                 # FEIG ELECTRONIC's USB vendor id (RFID readers)
ESCPOS_VENDORS = {"04b8": "Epson", "0519": "Star Micronics", "1d90": "Citizen",
                  "2730": "Citizen", "1504": "Bixolon", "0dd4": "Custom", "0fe6": "ICS Advent",
                  "154f": "SNBC", "20d1": "Rongta", "0416": "Winbond (generic POS)"}


@dataclass(frozen=True)
class Found:
    kind: str        # "scanner (serial)", "scanner (keyboard)", "camera", "card reader", ...
    url: str         # what to put in the branch config
    name: str        # what the device calls itself
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def _links(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.is_symlink() or p.exists())
    except OSError:
        return []


def serial_ports(root: Path = Path("/")) -> list[Found]:
    """USB-CDC scanners (and anything else serial): /dev/serial/by-id, then ttyACM/ttyUSB."""
    found, seen = [], set()
    for link in _links(root / "dev/serial/by-id"):
        target = link.resolve()
        seen.add(target.name)
        if _feig(link.name):
            continue                                  # an RFID reader: rfid_readers() lists it
        found.append(Found("scanner (serial)", f"serial://{link}?baud=9600",
                           _pretty(link.name), f"now {target}"))
    dev = root / "dev"
    for pattern in ("ttyACM*", "ttyUSB*"):
        for node in sorted(dev.glob(pattern)):
            if node.name not in seen:
                found.append(Found("scanner (serial)", f"serial://{node}?baud=9600", node.name,
                                   "no by-id link: the name may change after replugging"))
    return found


def input_devices(root: Path = Path("/")) -> list[Found]:
    """Keyboard-wedge scanners are keyboards: every ``…-event-kbd`` in /dev/input/by-id."""
    found = []
    for link in _links(root / "dev/input/by-id"):
        if link.name.endswith("-event-kbd"):
            found.append(Found("scanner (keyboard)", f"evdev://{link}?layout=us",
                               _pretty(link.name.removesuffix("-event-kbd")),
                               "set layout= to the scanner's keyboard layout (us, jis or de)"))
    return found


def cameras(root: Path = Path("/")) -> list[Found]:
    found, seen = [], set()
    for link in _links(root / "dev/v4l/by-id"):
        if not link.name.endswith("-index0"):        # index1.. are metadata nodes
            continue
        target = link.resolve()
        seen.add(target.name)
        found.append(Found("camera", f"camera://{link}", _pretty(link.name), f"now {target}"))
    for node in sorted((root / "dev").glob("video*"), key=lambda p: _number(p.name)):
        if node.name not in seen:
            name = _read(root / f"sys/class/video4linux/{node.name}/name") or node.name
            found.append(Found("camera", f"camera://{_number(node.name)}", name, str(node)))
    return found


def printers(root: Path = Path("/")) -> list[Found]:
    """ESC/POS receipt printers: USB devices from known vendors, and /dev/usb/lp* nodes."""
    found = []
    for device in sorted((root / "sys/bus/usb/devices").glob("*")):
        vendor = _read(device / "idVendor")
        if vendor not in ESCPOS_VENDORS:
            continue
        product = _read(device / "idProduct")
        name = _read(device / "product") or f"{ESCPOS_VENDORS[vendor]} printer"
        found.append(Found("printer", f"escpos-usb://{vendor}:{product}",
                           f"{ESCPOS_VENDORS[vendor]} {name}".strip()))
    for node in sorted((root / "dev/usb").glob("lp*")):
        found.append(Found("printer", f"escpos-serial://{node}", node.name,
                           "USB printer class node"))
    return found


def card_readers(list_readers: Callable[[], list[str]] | None = None) -> list[Found]:
    """PC/SC readers through pcscd. Without pcscd this says so instead of failing."""
    if list_readers is None:
        list_readers = _pcsc_readers
    try:
        names = list_readers()
    except Exception as exc:           # pyscard's EstablishContextException is not an OSError
        return [Found("card reader", "", "(none listed)",
                      f"PC/SC is not available: {exc}. Is pcscd installed and running?")]
    return [Found("card reader", f"pcsc://?reader={name}", name) for name in names]


def _feig(name: str) -> bool:
    return "feig" in name.lower() or "obid" in name.lower()


def rfid_readers(root: Path = Path("/"),
                 list_readers: Callable[[], list[str]] | None = None) -> list[Found]:
    """RFID pads: FEIG readers (by their serial by-id name, or USB vendor 0ab1 with the tty it
    made), and every PC/SC reader as a one-tag reader (``pcsc-tag://``)."""
    found, seen = [], set()
    for link in _links(root / "dev/serial/by-id"):
        if _feig(link.name):
            seen.add(link.resolve().name)
            found.append(Found("RFID reader (FEIG)", f"feig://{link}?baud=38400",
                               _pretty(link.name), "38400 8E1 is FEIG's default; set baud= "
                               "and parity= to the reader's"))
    for device in sorted((root / "sys/bus/usb/devices").glob("*")):
        if _read(device / "idVendor") != FEIG_VENDOR:
            continue
        name = _read(device / "product") or "FEIG reader"
        ttys = sorted({p.name for pattern in ("*/ttyUSB*", "*/tty/ttyACM*", "*/tty/ttyUSB*")
                       for p in device.glob(pattern)})
        for tty in ttys:
            if tty not in seen:
                seen.add(tty)
                found.append(Found("RFID reader (FEIG)", f"feig:///dev/{tty}?baud=38400",
                                   f"FEIG {name}", "no by-id link: the name may change "
                                   "after replugging"))
        if not ttys:
            found.append(Found("RFID reader (FEIG)", "", f"FEIG {name}",
                               "no serial port for it: this kiosk talks to FEIG readers over "
                               "serial (RS-232, or USB in virtual COM port mode)"))
    if list_readers is None:
        list_readers = _pcsc_readers
    try:
        names = list_readers()
    except Exception:                  # card_readers() already says PC/SC is missing
        names = []
    found += [Found("RFID reader (PC/SC, one tag)", f"pcsc-tag://?reader={name}", name,
                    "ISO 15693 tags one at a time; no AFI or EAS (security = \"database\")")
              for name in names]
    return found


def _pcsc_readers() -> list[str]:
    from smartcard.System import readers
    return [str(r) for r in readers()]


def everything(root: Path = Path("/"),
               list_readers: Callable[[], list[str]] | None = None) -> list[Found]:
    return [*serial_ports(root), *input_devices(root), *cameras(root), *printers(root),
            *card_readers(list_readers), *rfid_readers(root, list_readers)]


def _pretty(by_id: str) -> str:
    """``usb-DENSO_WAVE_INC._QK30-U-if00`` -> ``DENSO WAVE INC. QK30-U``."""
    name = re.sub(r"^(usb|pci|platform)-", "", by_id)
    name = re.sub(r"-(if\d+|port\d+|index\d+|event-kbd|video-index\d+)$", "", name)
    name = re.sub(r"-(if\d+|port\d+)$", "", name)
    return name.replace("_", " ")


def _number(name: str) -> int:
    digits = re.sub(r"\D", "", name)
    return int(digits) if digits else 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
