"""``kiosk rfid inventory / decode / write``: RFID tags for staff (ADR 0006).

``inventory --reader URL`` reads every tag on the pad: one line each (``--json``: ``uid``,
``model``, ``item``, ``parts``, ``part``, ``owner``, ``afi`` (two hex digits), ``eas``, ``ok``,
and ``problem`` with ``detail`` when not ok). ``decode HEX…`` explains tag memory dumps (a
tag written by another vendor's station), the same fields without ``uid``, ``afi`` and
``eas``. ``write --item N`` encodes the one tag on the reader from a barcode number and
reads it back, and sets its security for "on the shelf" as the branch's gates expect.

The reader, the model and the owner come from the branch config's ``[rfid]`` (``--config``,
else the embedded defaults) unless given. Exit status: 0 when every tag is fine, 1 when a
tag is not (or the reader failed), 2 for input to fix (a URL, a config, hex, an item).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

from drivers.registry import open_rfid_reader
from drivers.rfid.port import RfidError, RfidReader
from kiosk.config import ConfigError, load_config
from kiosk.rfid import (
    TagContent,
    TagReading,
    decode_tag,
    encode_tag,
    mark_duplicates,
)
from kiosk.rfid.models import CHOICES, EncodeError
from kiosk.rfid.settings import RfidSettings
from kiosk.rfid_station import (
    TagReport,
    VerifyError,
    read_tag,
    retried,
    set_security,
    write_memory,
)


class Usage(Exception):
    """Input to fix: exit status 2."""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rfid = commands.add_parser("rfid", help="RFID tags: read the pad, decode dumps, encode tags")
    sub = rfid.add_subparsers(dest="rfid_command", required=True)

    def common(parser: argparse.ArgumentParser, *, reader: bool) -> None:
        if reader:
            parser.add_argument("--reader", help="the reader's URL (feig://…, pcsc-tag://…; "
                                "default: the config's [rfid] reader)")
        parser.add_argument("--model", choices=CHOICES,
                            help="the tags' data model (default: the config's [rfid] model)")
        parser.add_argument("--config", type=Path, help="the branch config")

    inventory = sub.add_parser("inventory", help="every tag on the pad, decoded")
    common(inventory, reader=True)
    inventory.add_argument("--json", action="store_true", help="one JSON object per tag")
    inventory.set_defaults(handler=run_inventory)

    decode = sub.add_parser("decode", help="decode tag memory dumps given as hex")
    decode.add_argument("dumps", nargs="+", metavar="HEX",
                        help="a tag's memory from block 0 (spaces and colons allowed)")
    common(decode, reader=False)
    decode.add_argument("--json", action="store_true", help="one JSON object per dump")
    decode.set_defaults(handler=run_decode)

    write = sub.add_parser("write", help="encode the tag on the reader from a barcode number")
    common(write, reader=True)
    write.add_argument("--item", required=True, help="the item's barcode number")
    write.add_argument("--owner", help="the owner library's ISIL (default: [rfid] owner)")
    write.add_argument("--parts", type=int, default=1, help="parts in the set (default 1)")
    write.add_argument("--part", type=int, default=1, help="this tag's part (default 1)")
    write.add_argument("--uid", help="the tag to write when several are on the reader")
    write.add_argument("--force", action="store_true",
                       help="overwrite a tag that already names another item")
    write.add_argument("--json", action="store_true", help="the result as one JSON object")
    write.set_defaults(handler=run_write)


def _settings(args: argparse.Namespace) -> RfidSettings:
    try:
        settings = load_config(args.config).rfid
    except ConfigError as exc:
        raise Usage(f"configuration problem: {exc}") from exc
    if args.model:
        settings = replace(settings, tags=replace(settings.tags, model=args.model))
    return settings


def _reader(args: argparse.Namespace, settings: RfidSettings) -> RfidReader:
    url = args.reader or settings.reader
    if not url:
        raise Usage("no reader: give --reader URL (see `kiosk devices`) or set [rfid] reader")
    try:
        return open_rfid_reader(url)
    except ValueError as exc:
        raise Usage(str(exc)) from exc


def _fail(command: str, exc: Exception, code: int) -> int:
    print(f"kiosk rfid {command}: {exc}", file=sys.stderr)
    return code


def _line(report: TagReport, *, as_json: bool, with_tag: bool = True) -> str:
    if as_json:
        return json.dumps(report.to_json(with_tag=with_tag), ensure_ascii=False)
    reading, content = report.reading, report.reading.content
    head = f"{report.uid}  " if with_tag else ""
    gate = ""
    if with_tag:
        afi = "--" if report.afi is None else f"{report.afi:02X}"
        eas = "?" if report.eas is None else "on" if report.eas else "off"
        gate = f"  AFI {afi}  EAS {eas}"
    if content is None or not reading.ok:
        what = f"{reading.model or 'unknown'}: {reading.problem}: {reading.detail}"
    else:
        owner = f"  owner {content.owner}" if content.owner else ""
        what = (f"{reading.model}: item {content.item}  part {content.part}/{content.parts}"
                f"{owner}")
    notes = "".join(f"\n    note: {note}" for note in reading.notes)
    return f"{head}{what}{gate}{notes}"


# --- inventory -----------------------------------------------------------------------------
def run_inventory(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
        reader = _reader(args, settings)
    except Usage as exc:
        return _fail("inventory", exc, 2)
    reports: dict[str, TagReport] = {}
    failure: RfidError | None = None
    try:
        for tag in retried(reader.inventory):
            reports[tag.uid] = read_tag(reader, tag.uid, settings.tags)
    except RfidError as exc:            # the reader is gone or silent: say what was read
        failure = exc
    finally:
        reader.close()
    readings = mark_duplicates({uid: r.reading for uid, r in reports.items()})
    for uid, report in reports.items():
        print(_line(replace(report, reading=readings[uid]), as_json=args.json), flush=True)
    if failure is not None:
        done = f" (after {len(reports)} tags)" if reports else ""
        return _fail("inventory", RfidError(f"{failure}{done}"), 1)
    if not reports:
        print("kiosk rfid inventory: no tags on the reader", file=sys.stderr)
    return 0 if all(r.ok for r in readings.values()) else 1


# --- decode --------------------------------------------------------------------------------
def _hex(text: str) -> bytes:
    cleaned = re.sub(r"[\s:\-]", "", text)
    if cleaned.lower().startswith("0x"):
        cleaned = cleaned[2:]
    try:
        return bytes.fromhex(cleaned)
    except ValueError:
        raise Usage(f"not hex: {text!r}") from None


def run_decode(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
        dumps = [_hex(text) for text in args.dumps]
    except Usage as exc:
        return _fail("decode", exc, 2)
    status = 0
    for memory in dumps:
        reading = decode_tag(memory, settings.tags)
        print(_line(TagReport("", reading), as_json=args.json, with_tag=False), flush=True)
        status = max(status, 0 if reading.ok else 1)
    return status


# --- write ---------------------------------------------------------------------------------
def _target(reader: RfidReader, uid: str | None) -> str:
    seen = [tag.uid for tag in retried(reader.inventory)]
    if uid:
        if uid.upper() not in seen:
            raise RfidError(f"tag {uid} is not on the reader (on it: {', '.join(seen) or 'none'})")
        return uid.upper()
    if not seen:
        raise RfidError("no tag on the reader: put the item's tag on it")
    if len(seen) > 1:
        raise RfidError(f"{len(seen)} tags on the reader ({', '.join(seen)}): put one alone, "
                        "or name it with --uid")
    return seen[0]


def run_write(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
        owner = settings.owner if args.owner is None else args.owner
        content = TagContent(args.item, args.parts, args.part, owner)
        model = "28560-3" if settings.tags.model == "auto" else settings.tags.model
        tags = replace(settings.tags, model=model)
        memory = encode_tag(content, tags)
        reader = _reader(args, settings)
    except (Usage, EncodeError) as exc:
        return _fail("write", exc, 2)
    try:
        uid = _target(reader, args.uid)
        before = read_tag(reader, uid, tags, with_eas=False).reading
        if before.ok and before.content is not None and not args.force and \
                (before.content.item, before.content.part) != (content.item, content.part):
            raise RfidError(f"tag {uid} already names item {before.content.item} "
                            f"({before.model}); --force to overwrite it")
        write_memory(reader, uid, memory)
        after = read_tag(reader, uid, tags, with_eas=False).reading
        if not after.ok or after.content is None or after.content.item != content.item:
            raise VerifyError(f"tag {uid} reads back as {_words(after)}")
        security = set_security(reader, uid, settings.security, on_loan=False)
    except RfidError as exc:
        return _fail("write", exc, 1)
    finally:
        reader.close()
    result: dict[str, object] = {"uid": uid, "model": model, "item": content.item,
                                 "parts": content.parts, "part": content.part,
                                 "owner": content.owner or None, "verified": True,
                                 "security": str(settings.security.mode),
                                 "security_ok": security.ok}
    if not security.ok:
        result["security_problem"] = security.detail
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"written: item {content.item} on tag {uid} ({model}), read back and verified")
        if security.ok:
            print(f"security ({settings.security.mode}): set for the shelf, read back")
    if not security.ok:
        print(f"kiosk rfid write: the tag is written, but its security is not set: "
              f"{security.detail}", file=sys.stderr)
        return 1
    return 0


def _words(reading: TagReading) -> str:
    if reading.ok and reading.content is not None:
        return f"item {reading.content.item}"
    return f"{reading.problem}: {reading.detail}"

