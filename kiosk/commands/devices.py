"""``kiosk devices [--json]``: the scanners, cameras, card readers and printers this machine
has, each with the device URL to put in the branch config.

Listing opens nothing, so it is safe to run on a kiosk that is lending. Exit status 0 even
when nothing is found (that is an answer); the table says where it looked.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from drivers.discovery import Found, everything


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("devices", help="list scanners, cameras, card readers, "
                                 "printers and RFID readers with their device URLs")
    parser.add_argument("--json", action="store_true", help="one JSON object per device")
    parser.add_argument("--root", type=Path, default=Path("/"), help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    found = everything(args.root)
    if args.json:
        for device in found:
            print(json.dumps(device.to_json(), ensure_ascii=False))
        return 0
    print(table(found))
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# every class of device, in the order listed, with where it is looked for
CLASSES = (("scanner", "scanners", "looked in /dev/serial/by-id, /dev/ttyACM*, /dev/ttyUSB* "
            "and /dev/input/by-id"),
           ("camera", "cameras", "looked in /dev/v4l/by-id and /dev/video*"),
           ("card reader", "card readers", "asked PC/SC (pcscd)"),
           ("printer", "printers", "looked for USB receipt printers and /dev/usb/lp*"),
           ("RFID reader", "RFID readers", "looked for FEIG readers (USB vendor 0ab1, "
            "/dev/serial/by-id) and asked PC/SC for one-tag readers"))


def table(found: list[Found]) -> str:
    """One block per class of device, each saying so when none was found."""
    body: list[tuple[str, str, str, str]] = []
    for prefix, plural, where in CLASSES:
        mine = [f for f in found if f.kind.startswith(prefix)]
        body += [(f.kind, f.name, f.url or "-", f.detail) for f in mine]
        if not mine:
            body.append((prefix, f"no {plural} found", "-", where))
    body += [(f.kind, f.name, f.url or "-", f.detail) for f in found
             if not f.kind.startswith(tuple(c[0] for c in CLASSES))]
    rows = [("KIND", "NAME", "URL", "NOTE"), *body]
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:3])]
        lines.append("  ".join([*cells, row[3]]).rstrip())
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(run(argparse.Namespace(json="--json" in sys.argv, root=Path("/"))))
