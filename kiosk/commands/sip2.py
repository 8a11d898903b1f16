"""``kiosk sip2``: SIP2 tools for the staff who commission a kiosk.

``probe`` logs in to the ILS with the kiosk's settings and asks what a checkout will ask
(SC status, patron information, item information; with ``--write`` a real checkout and
checkin), showing every exchange as it went over the wire, secrets blanked. ``decode`` reads
one SIP2 line from a log.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from sync.sip2.client import (
    Exchange,
    Sip2Client,
    Sip2Refused,
    Sip2Settings,
    Sip2SetupError,
    Sip2Unavailable,
    read_password,
)
from sync.sip2.codec import Message, Sip2Error, check_encoding, decode, to_json
from sync.sip2.connection import Framing
from sync.sip2.spec import CIRCULATION_STATUS, SPECS

PASSWORD_ENV = "KIOSK_SIP2_PASSWORD"
SECRET_FIELDS = ("CO", "AD", "AC")       # password, patron PIN, terminal password
REDACTED = "***"
UNKNOWN_ITEM = "01"
AVAILABLE = "03"

def register(subparsers: Any) -> None:
    sip2 = subparsers.add_parser("sip2", help="SIP2 tools: probe an ILS, decode a logged line")
    tools = sip2.add_subparsers(dest="sip2_command", required=True)

    # allow_abbrev=False: "--password SECRET" must be refused, not read as --password-file
    probe = tools.add_parser(
        "probe", allow_abbrev=False,
        help="log in to the ILS and try what a checkout needs, step by step",
        description="Logs in, asks SC status, patron information and item information; with "
        "--write also checks the item out and back in. One line per exchange (JSON with "
        "--json); exit status 1 if anything failed. The password is read from "
        f"--password-file, the systemd credential sip2-password, or ${PASSWORD_ENV}.")
    probe.add_argument("--host", required=True)
    probe.add_argument("--port", type=int, required=True)
    probe.add_argument("--user", default="", help="SIP2 login user (CN); none: no login")
    probe.add_argument("--password-file", help="a file holding the SIP2 password")
    probe.add_argument("--institution", required=True, help="institution id (AO)")
    probe.add_argument("--location", help="location code sent at login (CP)")
    probe.add_argument("--encoding", default="utf-8", help="the ILS's character set")
    probe.add_argument("--terminator", choices=("cr", "crlf"), default="cr")
    probe.add_argument("--no-error-detection", action="store_true",
                       help="send no sequence numbers and checksums (AY/AZ)")
    probe.add_argument("--tls", action="store_true", help="talk TLS (verifying the ILS)")
    probe.add_argument("--cafile", help="CA certificate(s) the ILS's certificate chains to")
    probe.add_argument("--certfile", help="the kiosk's client certificate (PEM)")
    probe.add_argument("--keyfile", help="the client certificate's key (PEM)")
    probe.add_argument("--server-hostname",
                       help="the name in the ILS's certificate (default: --host)")
    probe.add_argument("--patron", required=True, help="a test patron's card number")
    probe.add_argument("--pin", help="that patron's PIN (sent as AD)")
    probe.add_argument("--item", help="a test item's barcode")
    probe.add_argument("--write", action="store_true",
                       help="also check the item out to the patron and back in (changes the "
                       "ILS: use a test patron and an available test item)")
    probe.add_argument("--json", action="store_true", help="JSON Lines on stdout")
    probe.add_argument("--timeout", type=float, default=5.0,
                       help="seconds to wait for each answer (default 5)")
    probe.set_defaults(handler=probe_command)

    dec = tools.add_parser("decode", help="print one SIP2 line (from a log) as JSON")
    dec.add_argument("line", help="the raw line, e.g. '941AY0AZFDFD'")
    dec.add_argument("--encoding", default="utf-8")
    dec.set_defaults(handler=decode_command)


# -- decode ----------------------------------------------------------------------------------
def decode_command(args: argparse.Namespace) -> int:
    text = args.line
    for ending in ("\\r\\n", "\\r", "\\n", "\r\n", "\r", "\n"):   # as logged, or as sent
        text = text.removesuffix(ending)
    try:
        encoding = check_encoding(args.encoding)
    except Sip2Error as exc:
        print(f"kiosk sip2 decode: {exc}", file=sys.stderr)
        return 2
    try:
        data = text.encode(encoding)
        msg = decode(data, encoding=encoding, verify=False)
    except UnicodeEncodeError as exc:
        print(f"kiosk sip2 decode: the line holds characters {args.encoding} cannot carry: "
              f"{exc.object[exc.start:exc.end]!r}", file=sys.stderr)
        return 2
    except Sip2Error as exc:
        print(f"kiosk sip2 decode: not a SIP2 message: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(to_json(msg), ensure_ascii=False))
    return 0


# -- probe -----------------------------------------------------------------------------------
def _password(args: argparse.Namespace) -> str:
    """--password-file, else the systemd credential, else the environment."""
    password = read_password(args.password_file)
    if not password and not args.password_file:
        password = os.environ.get(PASSWORD_ENV, "")
    return password


def probe_command(args: argparse.Namespace) -> int:
    if args.keyfile and not args.certfile:
        print("kiosk sip2 probe: --keyfile needs --certfile", file=sys.stderr)
        return 2
    if not args.tls and (args.cafile or args.certfile or args.server_hostname):
        print("kiosk sip2 probe: --cafile, --certfile and --server-hostname need --tls",
              file=sys.stderr)
        return 2
    if args.write and not args.item:
        print("kiosk sip2 probe: --write needs --item", file=sys.stderr)
        return 2
    try:
        check_encoding(args.encoding)
    except Sip2Error as exc:
        print(f"kiosk sip2 probe: {exc}", file=sys.stderr)
        return 2
    try:
        password = _password(args) if args.user else ""
    except Sip2SetupError as exc:
        print(f"kiosk sip2 probe: {exc}", file=sys.stderr)
        return 2
    if args.user and not password:
        print(f"kiosk sip2 probe: no password: give --password-file, or the systemd "
              f"credential sip2-password, or ${PASSWORD_ENV}", file=sys.stderr)
        return 2
    framing = Framing(encoding=args.encoding,
                      terminator=b"\r\n" if args.terminator == "crlf" else b"\r",
                      error_detection=not args.no_error_detection)
    settings = Sip2Settings(
        host=args.host, port=args.port, user=args.user, password=password,
        institution=args.institution, location=args.location, framing=framing,
        timeout=args.timeout, tls=args.tls, cafile=args.cafile, certfile=args.certfile,
        keyfile=args.keyfile, server_hostname=args.server_hostname)
    report = Report(sys.stdout, framing, as_json=args.json)
    client = Sip2Client(settings, observer=report.exchange)
    try:
        _probe(client, args, report)
    except (Sip2Unavailable, Sip2Refused, Sip2SetupError) as exc:
        report.failed_step(str(exc))
    except Sip2Error as exc:
        report.failed_step(f"unexpected answer: {exc}")
    finally:
        client.close()
    return 0 if report.all_ok else 1


def _probe(client: Sip2Client, args: argparse.Namespace, report: Report) -> None:
    try:
        client.connect()               # login and SC status, reported by the observer
    except (Sip2Unavailable, Sip2SetupError) as exc:
        if not report.exchanges:       # nothing went over the wire: say why here
            report.step("connect", ok=False, reason=str(exc))
            return
        raise
    patron = client.patron_information(args.patron, pin=args.pin)
    patron_ok = patron.valid is True and (args.pin is None or patron.pin_valid is not False)
    item_status = ""
    if args.item:
        item_status = client.item_information(args.item).circulation_status
    if args.write:
        _write(client, args, report, patron_ok=patron_ok, item_status=item_status)
    client.end_patron_session(args.patron, pin=args.pin)


def _write(client: Sip2Client, args: argparse.Namespace, report: Report, *,
           patron_ok: bool, item_status: str) -> None:
    """Checkout then checkin, only when both are safe: a known patron and an available item
    (checking in an item that was already on loan would return someone's real loan)."""
    if not patron_ok:
        report.step("checkout", ok=False, reason="not attempted: the patron was not accepted")
        return
    if item_status != AVAILABLE:
        words = CIRCULATION_STATUS.get(item_status, item_status or "unknown").replace("_", " ")
        report.step("checkout", ok=False,
                    reason=f"not attempted: the item is not available ({words}); choose an "
                    "available test item")
        return
    try:
        loan = client.checkout(args.patron, args.item, pin=args.pin)
    except Sip2Unavailable as exc:
        if exc.maybe_delivered:
            report.note("the checkout may have been made at the ILS: check the item there "
                        "before probing again")
        raise
    if not loan.ok:
        return
    if loan.renewal:
        report.step("checkin", ok=False,
                    reason="not attempted: the ILS took the checkout as a renewal (the item "
                    "was already on loan to this patron)")
        return
    client.checkin(args.item)


def redact(line: str, code: str | None = None) -> str:
    """``line`` with the values of the password, PIN and terminal password replaced."""
    spec = SPECS.get(code or line[:2])
    head = 2 + (sum(length for _, length in spec.fixed) if spec else 0)
    parts = line[head:].split("|")
    for i, part in enumerate(parts):
        if part[:2] in SECRET_FIELDS and len(part) > 2:
            parts[i] = part[:2] + REDACTED
    return line[:head] + "|".join(parts)


def _redacted_json(msg: Message) -> dict[str, object]:
    out = to_json(msg)
    out["fields"] = [[key, REDACTED if key in SECRET_FIELDS and value else value]
                     for key, value in msg.fields]
    return out


# How each request's answer is judged: (ok, reason when not ok).
Verdict = tuple[bool, str]


def _login(answer: Message) -> Verdict:
    return answer.fx("ok") == "1", "login refused: check user/password"


def _status(answer: Message) -> Verdict:
    if not answer.yes("online_status"):
        return False, "the ILS says it is offline (online status N)"
    if not answer.yes("checkout_ok"):
        return False, "the ILS is online but says checkouts are not allowed (checkout ok N)"
    return True, ""


def _says(answer: Message) -> str:
    """The ILS's screen message (AF), to quote after a reason."""
    message = " ".join(answer.get_all("AF")).strip()
    return f"; the ILS says: {message}" if message else ""


def _patron(answer: Message) -> Verdict:
    if (answer.get("BL") or "").upper() == "N":
        return False, "patron unknown to the ILS (valid patron N)" + _says(answer)
    if (answer.get("CQ") or "").upper() == "N":
        return False, "the PIN is wrong (valid patron password N)" + _says(answer)
    return True, ""


def _item(answer: Message) -> Verdict:
    status = answer.fx("circulation_status")
    if status == UNKNOWN_ITEM and not answer.get("AJ"):
        return False, ("item unknown to the ILS (circulation status 01 other, no title)"
                       + _says(answer))
    return True, ""


def _refusal(what: str) -> Callable[[Message], Verdict]:
    def judge(answer: Message) -> Verdict:
        return answer.fx("ok") == "1", f"{what} refused by the ILS{_says(answer)}"
    return judge


def _session(answer: Message) -> Verdict:
    return True, ""


JUDGES: dict[str, tuple[str, Callable[[Message], Verdict]]] = {
    "93": ("94", _login), "99": ("98", _status), "63": ("64", _patron),
    "17": ("18", _item), "11": ("12", _refusal("checkout")), "09": ("10", _refusal("checkin")),
    "29": ("30", _refusal("renewal")), "35": ("36", _session),
}


class Report:
    """Writes one record per exchange (and per step that sent nothing), and remembers
    whether everything went well."""

    def __init__(self, out: TextIO, framing: Framing, *, as_json: bool) -> None:
        self._out = out
        self._framing = framing
        self._json = as_json
        self.exchanges = 0
        self.all_ok = True

    def exchange(self, ex: Exchange) -> None:
        self.exchanges += 1
        code = ex.request.code
        ok, reason = self._judge(ex)
        record: dict[str, object] = {
            "name": ex.request.name, "code": code,
            "request": redact(self._text(ex.sent), code),
            "response": redact(self._text(ex.received)) if ex.received else None,
            "fields": _redacted_json(ex.answer) if ex.answer is not None else None,
            "ok": ok, "ms": round(ex.seconds * 1000, 1)}
        if not ok:
            record["reason"] = reason
        self._emit(record)

    def _judge(self, ex: Exchange) -> Verdict:
        if ex.answer is None:
            return False, ex.error or "no answer"
        if ex.answer.code == "94" and ex.request.code != "93":
            return False, "the ILS refused the request: not logged in (940)"
        expected, judge = JUDGES.get(ex.request.code, ("", _session))
        if expected and ex.answer.code != expected:
            return False, f"expected a {expected} answer, got {ex.answer.code}"
        try:
            return judge(ex.answer)
        except KeyError as exc:
            return False, f"the answer lacks the fixed field {exc}"

    def step(self, name: str, *, ok: bool, reason: str) -> None:
        """A step that sent nothing (could not connect, not attempted)."""
        record: dict[str, object] = {"name": name, "ok": ok}
        if not ok:
            record["reason"] = reason
        self._emit(record)
        if not ok:
            print(f"kiosk sip2 probe: {name}: {reason}", file=sys.stderr)

    def failed_step(self, reason: str) -> None:
        """The probe stopped early; the exchange that failed has been reported already."""
        self.all_ok = False
        print(f"kiosk sip2 probe: stopped: {reason}", file=sys.stderr)

    def note(self, text: str) -> None:
        print(f"kiosk sip2 probe: {text}", file=sys.stderr)

    def _text(self, data: bytes) -> str:
        text = data.decode(self._framing.encoding, errors="replace")
        return text.rstrip("\r\n")

    def _emit(self, record: dict[str, object]) -> None:
        self.all_ok &= bool(record["ok"])
        if self._json:
            self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            self._out.write(_human(record))
        self._out.flush()


def _human(record: dict[str, object]) -> str:
    mark = "ok  " if record["ok"] else "FAIL"
    lines = [f"{mark} {record['name']}"
             + (f" ({record['ms']} ms)" if "ms" in record else "")
             + (f": {record['reason']}" if "reason" in record else "")]
    if record.get("request"):
        lines.append(f"     > {record['request']}")
    if record.get("response"):
        lines.append(f"     < {record['response']}")
    return "\n".join(lines) + "\n"


__all__ = ["decode_command", "probe_command", "redact", "register"]
