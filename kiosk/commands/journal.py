"""``kiosk journal list | replay | export | resolve``: the offline journal, for staff.

The cache is found as for ``kiosk cache`` (``--cache``, ``--state-dir`` of a demo, else the
branch config's ``[cache] path``). ``list`` shows masked card numbers only, and how many
loans wait and for how long; ``export`` writes the full ones for the counter staff who enter
a refused loan by hand, to a file only its owner can read. ``replay`` sends the journal to
the ILS named by the branch config (``[ils]`` host, port, user, and the password from
``password_file`` or the systemd credential), or by ``--ils HOST:PORT`` and
``--password-file FILE``, as the kiosk does by itself: in order, each loan once.
``resolve ID`` closes a row for staff (failed, or renewed) once it is dealt with at the
counter.

Exit status of ``replay``: 0 the journal is drained; 1 rows for staff: the ILS refused some
(``kiosk journal list --state failed``) or took some as renewals, doubled loans
(``--state renewed``); 2 a configuration or cache problem; 3 stopped before the end (ILS
unreachable, offline, login refused, a checkout in doubt, or another replay — the kiosk's
own — running): run it again later.

Run these as the kiosk's user (``sudo -u <kiosk user> kiosk journal ...``): files SQLite
creates beside the cache must stay writable by the kiosk.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.commands.cache import (
    EXIT_OK,
    EXIT_SETUP,
    StaffCommands,
    StaffError,
    iso,
    staff_cache,
    staff_config,
)
from kiosk.config import ConfigError, KioskConfig
from sync.journal import STAFF_STATES, JournalRow, JournalState, OfflineJournal
from sync.replay import Replayer, ReplayReport, StopReason
from sync.sip2.client import Sip2Client

EXIT_ROWS_FAILED, EXIT_STOPPED = 1, 3
STATES = [str(s) for s in JournalState]
EXPORT_DEFAULT = (JournalState.FAILED, JournalState.RENEWED, JournalState.PENDING,
                  JournalState.SENDING)


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host, int(port)


def register(subparsers: Any) -> None:
    command = StaffCommands(subparsers, "journal",
                            "the offline journal: list, replay, export, resolve").add

    listing = command("list", _list, help="journalled offline loans (card numbers masked)")
    listing.add_argument("--state", choices=STATES, help="only rows in this state")
    listing.add_argument("--json", action="store_true", help="one JSON array")

    replay = command(
        "replay", _replay, help="send the journal to the ILS now",
        description="Send journalled offline loans to the ILS of the branch config (or "
        "--ils), in order, each once. Exit 0 drained, 1 rows for staff (refused by the ILS, "
        "or taken as renewals: doubled loans), 2 setup problem, 3 stopped early (ILS "
        "unreachable or in doubt): run again later.")
    replay.add_argument("--ils", type=_address, metavar="HOST:PORT",
                        help="this ILS instead of the config's [ils] host and port (e.g. "
                        "`kiosk ils-sim` for a demo's journal)")
    replay.add_argument("--password-file", type=Path, metavar="FILE",
                        help="the SIP2 password from this file instead of the config's")
    replay.add_argument("--user", help="the SIP2 user instead of the config's [ils] user")
    replay.add_argument("--max-rows", type=int, metavar="N", help="handle at most N rows")
    replay.add_argument("--json", action="store_true", help="the report as JSON")

    export = command(
        "export", _export, help="CSV of unsent and refused loans for counter staff",
        description="Write the loans staff must look at (failed, renewed) and those the "
        "ILS does not have yet (pending, sending) as CSV for the counter staff. The file "
        "holds FULL card numbers: it is created readable by its owner only (0600); hand it "
        "over and delete it.")
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--state", choices=STATES, action="append",
                        help="rows in this state (repeatable); default failed, renewed, "
                        "pending and sending")

    resolve = command(
        "resolve", _resolve, help="close a failed or renewed row dealt with by staff",
        description="Mark a row for staff (failed: the ILS refused the loan; renewed: the "
        "ILS took the replay as a renewal) as dealt with at the counter: it becomes done, "
        "with the note, and keeps only the masked card number.")
    resolve.add_argument("ids", type=int, nargs="+", metavar="ID", help="row ids (see list)")
    resolve.add_argument("--note", default="", help="what was done, for the record")


# -- list ---------------------------------------------------------------------------------
def _as_dict(row: JournalRow, config: KioskConfig) -> dict[str, object]:
    return {"id": row.id, "state": str(row.state), "card": row.card_masked,
            "item": row.item_id, "title": row.title, "loan_class": row.loan_class,
            "loaned_at": iso(row.transaction_at, config), "due": iso(row.due_at, config),
            "attempts": row.attempts, "last_attempt_at": iso(row.last_attempt_at, config),
            "result": row.result, "ils_due": row.ils_due, "security": row.security}


def queue_summary(journal: OfflineJournal, config: KioskConfig,
                  now: datetime | None = None) -> str:
    """One line: loans waiting for the ILS and for how long; rows for staff."""
    waiting = journal.count_open()
    parts = []
    if waiting:
        oldest = journal.oldest_open()
        age = ((now or datetime.now(UTC)) - oldest).total_seconds() if oldest else 0.0
        parts.append(f"{waiting} loan(s) waiting for the ILS, the oldest made "
                     f"{iso(oldest, config)} ({_duration(age)} ago)")
    else:
        parts.append("nothing waiting for the ILS")
    for state in STAFF_STATES:
        if count := journal.count(state):
            parts.append(f"{count} {state} (`--state {state}`)")
    return "; ".join(parts)


def _duration(seconds: float) -> str:
    seconds = max(seconds, 0.0)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _list(args: argparse.Namespace) -> int:
    config = staff_config(args)
    with staff_cache(args, config) as cache:
        journal = OfflineJournal(cache)
        rows = journal.rows(JournalState(args.state) if args.state else None)
        summary = queue_summary(journal, config)
    listed = [_as_dict(row, config) for row in rows]
    if args.json:
        print(json.dumps(listed, ensure_ascii=False))
        return EXIT_OK
    print(summary)
    if not listed:
        print(f"no journal rows{f' in state {args.state}' if args.state else ''}")
        return EXIT_OK
    print(f"{'id':>6}  {'state':<8} {'loaned at':<19} {'card':<12} {'item':<14} "
          f"{'due':<10} {'tries':>5}  result")
    for r in listed:
        loaned = str(r["loaned_at"])[:19].replace("T", " ")
        print(f"{r['id']:>6}  {r['state']:<8} {loaned:<19} {r['card']!s:<12} "
              f"{r['item']!s:<14} {str(r['due'])[:10]:<10} {r['attempts']:>5}  {r['result']}"
              + (f" (RFID security {r['security']})" if r["security"] else ""))
    return EXIT_OK


# -- replay -------------------------------------------------------------------------------
def ils_client(config: KioskConfig, *, address: tuple[str, int] | None = None,
               password_file: Path | None = None, user: str | None = None) -> Sip2Client:
    """A SIP2 client for the config's ILS, or for ``address`` with the password in
    ``password_file`` (each replacing the config's)."""
    ils = config.ils
    if ils.embedded and address is None:
        raise StaffError(f"the config ({config.source}) names no ILS: ils.host = "
                         "\"embedded\" is the demo's in-process simulator; give --config "
                         "with the branch's ILS, or --ils HOST:PORT")
    if password_file is not None:
        ils = replace(ils, password_file=str(password_file))
    try:
        password = ils.password()
    except ConfigError as exc:
        raise StaffError(str(exc).replace("ils.password_file", "the password file")) from exc
    settings = ils.sip2_settings(config.institution, address=address,
                                 login=(user or ils.user, password))
    return Sip2Client(settings)


def _replay(args: argparse.Namespace) -> int:
    if args.max_rows is not None and args.max_rows < 0:
        raise StaffError("--max-rows must not be negative")
    config = staff_config(args)
    client = ils_client(config, address=args.ils, password_file=args.password_file,
                        user=args.user)
    host, port = args.ils or (config.ils.host, config.ils.port)
    where = f"{host}:{port}"
    try:
        with staff_cache(args, config) as cache:
            replayer = Replayer(OfflineJournal(cache, kiosk_id=config.ils.location), client,
                                timezone=config.timezone)
            report = replayer.replay(max_rows=args.max_rows)
    finally:
        client.close()
    if args.json:
        print(json.dumps(report.as_dict() | {"ils": where}, ensure_ascii=False))
    else:
        print(f"journal replay to {where}: {report.sent} sent, "
              f"{report.skipped_already_there} already at the ILS, {report.failed} refused, "
              f"{report.renewed} taken as renewals, {report.remaining} still to send")
    return _replay_status(report, where)


def _replay_status(report: ReplayReport, where: str) -> int:
    why = report.stopped_because
    prog = "kiosk journal replay"
    if why in (StopReason.UNREACHABLE, StopReason.ILS_OFFLINE):
        print(f"{prog}: cannot reach the ILS at {where}: {report.detail}; nothing was lost, "
              "run it again when the ILS answers", file=sys.stderr)
        return EXIT_STOPPED
    if why is StopReason.LOGIN_REFUSED:
        print(f"{prog}: the ILS at {where} refused the kiosk's login: check [ils] user and "
              "the password file", file=sys.stderr)
        return EXIT_STOPPED
    if why is StopReason.BUSY:
        print(f"{prog}: {report.detail} (the kiosk replays by itself when the ILS comes "
              "back); try again later", file=sys.stderr)
        return EXIT_STOPPED
    if why is StopReason.SETUP_ERROR:
        print(f"{prog}: the SIP2 setup cannot be used: {report.detail}", file=sys.stderr)
        return EXIT_SETUP
    if why is StopReason.IN_DOUBT:
        print(f"{prog}: the connection to {where} failed during a checkout ({report.detail}); "
              "the next run asks the ILS whether it arrived before sending anything again",
              file=sys.stderr)
        return EXIT_STOPPED
    if report.renewed:
        print(f"{prog}: the ILS took {report.renewed} checkout(s) as RENEWALS: the patron "
              "already had the item there (a doubled loan, a renewal used up); see `kiosk "
              "journal list --state renewed`, check each loan at the counter, then `kiosk "
              "journal resolve ID`", file=sys.stderr)
    if report.failed:
        print(f"{prog}: the ILS refused {report.failed} loan(s): see `kiosk journal list "
              "--state failed`, or `kiosk journal export FILE` for the counter",
              file=sys.stderr)
    if report.for_staff:
        return EXIT_ROWS_FAILED
    return EXIT_OK


# -- export -------------------------------------------------------------------------------
def _export(args: argparse.Namespace) -> int:
    config = staff_config(args)
    path: Path = args.file
    states = [JournalState(s) for s in args.state] if args.state else list(EXPORT_DEFAULT)
    with staff_cache(args, config) as cache:
        try:
            count = OfflineJournal(cache).export_csv(path, states=states)
        except OSError as exc:
            raise StaffError(f"cannot write {path}: {exc.strerror or exc}") from exc
    print(f"wrote {count} loan(s) ({', '.join(map(str, states))}) to {path}")
    print(f"kiosk journal export: {path} holds full card numbers: give it to the counter "
          "staff only, and delete it once the loans are entered", file=sys.stderr)
    return EXIT_OK


# -- resolve ------------------------------------------------------------------------------
def _resolve(args: argparse.Namespace) -> int:
    config = staff_config(args)
    with staff_cache(args, config) as cache:
        journal = OfflineJournal(cache)
        for row_id in args.ids:
            try:
                row = journal.mark_resolved(row_id, args.note)
            except KeyError as exc:
                raise StaffError(f"no journal row {row_id}") from exc
            except ValueError as exc:
                raise StaffError(str(exc)) from exc
            print(f"row {row.id} ({row.item_id}, {row.card_masked}): {row.result}")
    return EXIT_OK


__all__ = ["EXIT_ROWS_FAILED", "EXIT_SETUP", "EXIT_STOPPED", "ils_client", "register"]
