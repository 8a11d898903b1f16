"""``kiosk ils-sim``: the ILS simulator on its own, and what its state file remembers.

    kiosk ils-sim [serve] [--port 6001] [--state FILE] [--strict] [--fault slow=2.0] ...
    kiosk ils-sim loans --state FILE [--json] [--card CARD]
    kiosk ils-sim ledger --state FILE [--json] [--since SEQ]
    kiosk ils-sim export-feed FILE [--format ndjson|csv]

``serve`` is the default when the first argument is an option or there is none. One log line
per request, card numbers masked to their last four digits, PINs and passwords never; the
tables ``loans`` and ``ledger`` print mask cards too, their ``--json`` gives the real ones
(every patron is invented) for tests to compare with what kiosks were told. Serving runs
until SIGINT or SIGTERM, then exits 0.
"""

from __future__ import annotations

import argparse
import codecs
import json
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from types import FrameType
from typing import Any

from sync.ils_sim.circulation import AcsStatus
from sync.ils_sim.faults import FAULT_NAMES, parse_fault
from sync.ils_sim.rules import RULE_PRESETS, with_long_overdue_days
from sync.ils_sim.server import DEFAULT_LOGIN, IlsSimulator
from sync.ils_sim.state import StateError, StateStore, loan_to_json
from sync.privacy import mask_card
from sync.sip2.connection import Framing

log = logging.getLogger("sync.ils_sim")
COMMANDS = ("serve", "loans", "ledger", "export-feed")
_ACS_FLAGS = tuple(n for n in AcsStatus.names() if n not in ("timeout_period",
                                                               "retries_allowed"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk ils-sim",
        description="A SIP2 ILS simulator with a demo library. Subcommands: serve (the "
        "default when the first argument is an option), loans, ledger, export-feed; "
        "`kiosk ils-sim SUBCOMMAND --help` for each.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve SIP2 (the default)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=6001, help="TCP port (0: a free one)")
    serve.add_argument("--encoding", default="utf-8",
                       help="SIP2 character encoding: utf-8, cp932, cp850, ascii, ...")
    serve.add_argument("--terminator", choices=("CR", "CRLF"), default="CR",
                       help="message terminator")
    serve.add_argument("--no-error-detection", action="store_true",
                       help="send no AY/AZ sequence and checksum (and require none)")
    serve.add_argument("--no-login", action="store_true",
                       help="accept requests without a 93 login")
    serve.add_argument("--state", type=Path, metavar="FILE",
                       help="keep loans, holds and the ledger in this SQLite file across "
                       "restarts (default: in memory)")
    serve.add_argument("--rules", choices=sorted(RULE_PRESETS), default="toyama",
                       help="lending and renewal rules of one of the seed libraries")
    serve.add_argument("--long-overdue-days", type=int, metavar="DAYS",
                       help="block new loans when an item is overdue by more than this "
                       "(長期延滞; default 60)")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME[=VALUE]",
                       help=f"start with a fault: {', '.join(sorted(FAULT_NAMES))} "
                       "(e.g. slow=2.0, drop-after=1); repeatable")
    serve.add_argument("--acs", action="append", default=[], metavar="FLAG=Y|N",
                       help=f"what 98 says and allows: {', '.join(_ACS_FLAGS)}; repeatable")
    serve.add_argument("--strict", action="store_true",
                       help="hold every request to SIP2 2.00 (fixed field forms, dates, "
                       "required fields) and close the connection on a deviation, logging "
                       "the message and the field, as strict servers do")

    for name, what in (("loans", "list the current loans"),
                       ("ledger", "print the ledger of every transaction")):
        cmd = sub.add_parser(name, help=what)
        cmd.add_argument("--state", type=Path, required=True, metavar="FILE",
                         help="the simulator's state file")
        cmd.add_argument("--json", action="store_true",
                         help="a JSON list, real card numbers included")
        if name == "loans":
            cmd.add_argument("--card", help="only this patron's loans")
        else:
            cmd.add_argument("--since", type=int, default=0, metavar="SEQ",
                             help="only entries after this sequence number")
    export = sub.add_parser("export-feed", help="write the demo library as a snapshot feed "
                            "(docs/feed-format.md), as a library's nightly export would")
    export.add_argument("path", type=Path, help="the feed file (.gz: compressed)")
    export.add_argument("--format", choices=("ndjson", "csv"), default="ndjson")
    return parser


def _export_feed(args: argparse.Namespace) -> int:
    from sync.ils_sim.collection import demo_collection
    from sync.ils_sim.feed_export import export_feed
    try:
        counts = export_feed(demo_collection(), args.path, fmt=args.format)
    except OSError as exc:
        print(f"kiosk ils-sim: cannot write {args.path}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {args.path}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


def _logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(message)s")
    if log.getEffectiveLevel() > logging.INFO:
        log.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if not args_in or (args_in[0].startswith("-") and args_in[0] not in ("-h", "--help")):
        args_in.insert(0, "serve")
    parser = _parser()
    args = parser.parse_args(args_in)
    if args.command == "loans":
        return _loans(args)
    if args.command == "ledger":
        return _ledger(args)
    if args.command == "export-feed":
        return _export_feed(args)
    return _serve(parser, args)


def _open(path: Path) -> StateStore | None:
    try:
        return StateStore(path, readonly=True)
    except StateError as exc:
        print(f"kiosk ils-sim: {exc}", file=sys.stderr)
        return None


def _loans(args: argparse.Namespace) -> int:
    store = _open(args.state)
    if store is None:
        return 1
    try:
        loans = [x for x in store.loans() if args.card is None or x.card == args.card]
    finally:
        store.close()
    if args.json:
        print(json.dumps([loan_to_json(x) for x in loans], ensure_ascii=False, indent=1))
        return 0
    for loan in loans:
        print(f"{loan.item}  {mask_card(loan.card)}  loaned {loan.loaned_at:%Y-%m-%d %H:%M}"
              f"  due {loan.due:%Y-%m-%d}  renewals {loan.renewals}")
    print(f"{len(loans)} loans")
    return 0


def _ledger(args: argparse.Namespace) -> int:
    store = _open(args.state)
    if store is None:
        return 1
    try:
        entries = store.ledger(args.since)
    finally:
        store.close()
    if args.json:
        print(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=1))
        return 0
    for e in entries:
        outcome = e.result + (f" {e.reason}" if e.reason else "")
        outcome += " (renewal)" if e.renewal else ""
        due = f" due {e.due[:10]}" if e.due else ""
        amount = f" {e.amount}" if e.amount else ""
        print(f"{e.seq:6d}  {e.received_at[:19]}  {e.kind:<17} {mask_card(e.card):>8}  "
              f"{e.item:<10}{amount} {outcome}{due}  [{e.terminal}]")
    print(f"{len(entries)} entries")
    return 0


def _flag(text: str) -> tuple[str, bool]:
    name, _, value = text.partition("=")
    name = name.strip().lower().replace("-", "_")
    if name not in _ACS_FLAGS or value.strip().upper() not in ("Y", "N"):
        raise ValueError(f"expected FLAG=Y or FLAG=N with FLAG one of {', '.join(_ACS_FLAGS)}"
                         f", got {text!r}")
    return name, value.strip().upper() == "Y"


def _apply_fault(sim: IlsSimulator, name: str, value: float) -> None:
    count = int(value)
    if name == "slow":
        sim.slow(value)
    elif name == "drop-before":
        sim.drop_connection_before_processing(count)
    elif name == "drop-after":
        sim.drop_connection_after_processing(count)
    elif name == "drop-answer":
        sim.drop_next_answer(count)
    elif name == "corrupt":
        sim.corrupt_next_answer(count)
    elif name in ("garbage", "malformed"):
        sim.garbage_next_answer(count, malformed=name == "malformed")
    elif name == "offline":
        sim.set_offline(True)
    elif name == "refuse":
        sim.refuse_connections(True)


def _serve(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    try:
        codecs.lookup(args.encoding)
    except LookupError:
        parser.error(f"unknown encoding {args.encoding!r}")
    try:
        faults = [parse_fault(text) for text in args.fault]
        flags = dict(_flag(text) for text in args.acs)
        rules = RULE_PRESETS[args.rules]
        if args.long_overdue_days is not None:
            rules = with_long_overdue_days(rules, args.long_overdue_days)
    except ValueError as exc:
        parser.error(str(exc))
    _logging()
    framing = Framing(encoding=args.encoding,
                      terminator=b"\r\n" if args.terminator == "CRLF" else b"\r",
                      error_detection=not args.no_error_detection)
    try:
        sim = IlsSimulator(args.host, args.port, framing=framing,
                           login=None if args.no_login else DEFAULT_LOGIN, rules=rules,
                           state_path=args.state, strict=args.strict)
    except StateError as exc:
        print(f"kiosk ils-sim: {exc}", file=sys.stderr)
        return 1
    try:
        port = sim.start()
    except OSError as exc:
        print(f"kiosk ils-sim: cannot listen on {args.host}:{args.port}: {exc}",
              file=sys.stderr)
        sim.close()
        return 1
    if flags:
        sim.set_acs_status(**flags)
    for name, value in faults:
        _apply_fault(sim, name, value)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(ValueError):   # not the main thread: the caller stops us otherwise
            previous[sig] = signal.signal(sig, on_signal)
    log.info("ILS simulator listening on %s:%d (%s, %s, %s, %s rules, state %s%s); Ctrl-C "
             "stops it", args.host, port, args.encoding, args.terminator,
             "no login" if args.no_login else f"login as {DEFAULT_LOGIN[0]!r}", args.rules,
             args.state or "in memory", ", strict SIP2" if args.strict else "")
    for name, value in faults:
        log.info("fault: %s%s", name, "" if name in ("offline", "refuse") else f"={value:g}")
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("ILS simulator stopped")
    return 0
