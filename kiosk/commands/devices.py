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
    parser = commands.add_parser("devices", help="list scanners, cameras, card readers and "
                                 "printers with their device URLs")
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


def table(found: list[Found]) -> str:
    if not found:
        return ("No devices found (looked in /dev/serial/by-id, /dev/input/by-id, /dev/v4l, "
                "/dev/video*, USB printers and PC/SC).")
    rows = [("KIND", "NAME", "URL", "NOTE")] + [
        (f.kind, f.name, f.url or "-", f.detail) for f in found]
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:3])]
        lines.append("  ".join([*cells, row[3]]).rstrip())
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(run(argparse.Namespace(json="--json" in sys.argv, root=Path("/"))))
