"""A request held to the SIP2 2.00 specification field by field, as a strict server holds it.

Lenient ILSes (Koha, Evergreen's SIPServer) take a checkout whose nb due date is 18 blanks;
strict ones close the connection on it without a word, and the kiosk is left to guess why.
This module says what such a server would refuse and why, from the tables in
:mod:`sync.sip2.spec` (``FIXED_FORMS``, ``FIELD_FORMS``, ``MAY_BE_EMPTY``, ``ONE_OF`` and each
message's ``required``): the simulator's strict mode closes the connection on any of it, the
client names it in the log when a server hangs up after a request, and the tests hold every
request the kiosk builds, and the published golden lines, to it.

What is checked: every fixed field (its length and its form: Y/N, digits, a date
YYYYMMDDZZZZHHMMSS whose zone is four blanks or ``   Z``), no text between the fixed part and
the first field, every required variable field present and, unless the specification's own
examples leave it empty, not empty; the forms of the few variable fields that have one; no
value over 255 characters. Not checked, because the specification does not fix it and real
clients differ: the order of the variable fields, and fields it does not define for the
message (extensions).

Sans-I/O and never on the per-item path: the builders write conforming text by construction
and the tests hold them to it; this runs in the simulator, on a failure, and in tests.
A deviation quotes a value only where it cannot be a secret: fixed fields (dates, flags) and
the few variable fields with a form (Y/N, counts, amounts); never an identifier, a password or
a PIN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sync.sip2.codec import MAX_FIELD_LENGTH, MalformedMessage, Message, decode
from sync.sip2.spec import (
    DATE,
    FIELD_FORMS,
    FIXED_FORMS,
    MAY_BE_EMPTY,
    ONE_OF,
    RESPONSE_TO,
    SPECS,
)

# The requests of a self-check: those the ACS answers, and the request for a resend.
REQUEST_CODES = frozenset(RESPONSE_TO) | {"97"}
DATE_ZONES = ("    ", "   Z")              # local time; UTC

_PATTERNS: dict[str, re.Pattern[str]] = {
    "digit": re.compile(r"[0-9]"),
    "status": re.compile(r"[012]"),
    "2 digits": re.compile(r"[0-9]{2}"),
    "3 digits": re.compile(r"[0-9]{3}"),
    "digits": re.compile(r"[0-9]+"),
    "version": re.compile(r"[0-9]\.[0-9]{2}"),
    "Y/N": re.compile(r"[YN]"),
    "currency": re.compile(r"[A-Z]{3}"),
    "hold mode": re.compile(r"[-+*]"),
    "amount": re.compile(r"[0-9]+(?:\.[0-9]+)?"),
    "summary": re.compile(r"[ ]*(?:Y[ ]*)?"),          # one list at a time, or none
}
_SAYS = {
    "digit": "a digit", "status": "0, 1 or 2", "2 digits": "2 digits", "3 digits": "3 digits",
    "digits": "digits", "version": "a version such as 2.00", "Y/N": "Y or N",
    "currency": "3 capital letters (ISO 4217)", "hold mode": "+, - or *",
    "amount": "an amount such as 300 or 2.50",
    "summary": "blanks with at most one Y (one list per request)",
}


@dataclass(frozen=True)
class Deviation:
    """One way a request departs from the specification: ``field`` is a fixed field's name
    or a variable field's identifier; ``problem`` says what is wrong, quoting the value only
    where it cannot be a secret (see the module's docstring)."""

    code: str
    name: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}: {self.field} {self.problem}"


def date_problem(value: str, *, blank_ok: bool = False) -> str | None:
    """What is wrong with ``value`` as a SIP2 date, or None when it is one."""
    if blank_ok and value == " " * DATE:
        return None
    if value == " " * len(value):
        return f"is {len(value)} blanks, not a date (YYYYMMDDZZZZHHMMSS)"
    if not (len(value) == DATE and value.isascii() and value[:8].isdigit()
            and value[8:12] in DATE_ZONES and value[12:].isdigit()):
        return f"{value!r} is not a date of the form YYYYMMDDZZZZHHMMSS"
    try:
        datetime(int(value[0:4]), int(value[4:6]), int(value[6:8]), int(value[12:14]),
                 int(value[14:16]), int(value[16:18]))
    except ValueError:
        return f"{value!r} is no day and time of the calendar"
    return None


def _form_problem(form: str, value: str) -> str | None:
    """What is wrong with ``value`` in the form ``form`` (a name from the spec tables); only
    fields whose values are no secret have a form, so the value is quoted."""
    if form == "date":
        return date_problem(value)
    if form == "date or blanks":
        return date_problem(value, blank_ok=True)
    if _PATTERNS[form].fullmatch(value):
        return None
    return f"{value!r} is not {_SAYS[form]}"


def request_deviations(msg: Message) -> tuple[Deviation, ...]:
    """Every way ``msg`` (a request, built or decoded) departs from SIP2 2.00, in message
    order; empty when a strict server would take it."""
    spec = SPECS.get(msg.code)
    if spec is None or msg.code not in REQUEST_CODES:
        return (Deviation(msg.code, msg.name, "message code",
                          "is not a request of SIP2 2.00"),)
    found: list[Deviation] = []

    def deviation(where: str, problem: str) -> None:
        found.append(Deviation(msg.code, spec.name, where, problem))

    fixed = dict(msg.fixed)
    for name, length in spec.fixed:
        value = fixed.get(name)
        if value is None:
            deviation(name, "is missing")
        elif len(value) != length:
            deviation(name, f"is {len(value)} characters, not {length}")
        else:
            form = FIXED_FORMS.get(name)
            problem = _form_problem(form, value) if form else None
            if problem:
                deviation(name, problem)
    if msg.extra:
        deviation("fixed part", "is followed by text that is no field")
    values: dict[str, str] = {}
    for field_id, value in msg.fields:
        values.setdefault(field_id, value)
        if len(value) > MAX_FIELD_LENGTH:
            deviation(field_id, f"is {len(value)} characters (at most {MAX_FIELD_LENGTH})")
        form = FIELD_FORMS.get(field_id)
        if form is not None and field_id in spec.fields:
            problem = _form_problem(form, value)
            if problem:
                deviation(field_id, problem)
    for field_id in spec.required:
        if field_id not in values:
            deviation(field_id, "is missing (a required field)")
        elif not values[field_id] and field_id not in MAY_BE_EMPTY:
            deviation(field_id, "is empty (a required field)")
    either = ONE_OF.get(msg.code)
    if either and not any(values.get(f) for f in either):
        deviation("/".join(either), "none given (the request needs one of them)")
    return tuple(found)


def line_deviations(line: bytes, *, encoding: str = "utf-8",
                    delimiter: str = "|") -> tuple[Deviation, ...]:
    """:func:`request_deviations` of one line as sent (its checksum is not judged here: a
    damaged line is answered 96, not refused). A line too short for its fixed part is one
    deviation."""
    try:
        msg = decode(line, encoding=encoding, delimiter=delimiter, verify=False)
    except MalformedMessage as exc:
        code = line[:2].decode("ascii", "replace")
        spec = SPECS.get(code)
        return (Deviation(code, spec.name if spec else "unknown", "fixed part", str(exc)),)
    return request_deviations(msg)


def explain(deviations: tuple[Deviation, ...]) -> str:
    """One line for a log: each deviation's field and problem."""
    return "; ".join(f"{d.field} {d.problem}" for d in deviations)


__all__ = ["DATE_ZONES", "REQUEST_CODES", "Deviation", "date_problem", "explain",
           "line_deviations", "request_deviations"]
