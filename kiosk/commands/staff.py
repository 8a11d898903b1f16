"""``kiosk staff set-pin --out FILE``: make the staff PIN's hash for ``[staff] pin_hash_file``.

The PIN is read twice from the terminal (or two lines of standard input), never from the
command line (it would stay in the shell history); the file is written readable by its
owner only.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from kiosk.staff import hash_pin


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    staff = commands.add_parser("staff", help="staff mode: set the staff PIN")
    sub = staff.add_subparsers(dest="staff_command", required=True)
    set_pin = sub.add_parser("set-pin", help="write the staff PIN's hash to a file")
    set_pin.add_argument("--out", type=Path, required=True, help="the pin_hash_file to write")
    set_pin.set_defaults(handler=run_set_pin)


def _read(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def run_set_pin(args: argparse.Namespace) -> int:
    first, second = _read("staff PIN: "), _read("again: ")
    if first != second:
        print("kiosk staff set-pin: the two PINs differ; nothing written", file=sys.stderr)
        return 1
    try:
        hashed = hash_pin(first)
    except ValueError as exc:
        print(f"kiosk staff set-pin: {exc}", file=sys.stderr)
        return 1
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(hashed + "\n")
    os.chmod(args.out, 0o600)
    print(f"staff PIN hash written to {args.out}; set [staff] pin_hash_file to it")
    return 0
