"""The codec's typed reader of loan answers (``LoanAnswer.from_line``) against the general
reading (``decode_line`` then ``from_message``), for generated lines, odd ones and the
published ones.

The typed reader reads the usual checkout (12) and renewal (30) answer in one pass; anything
else it leaves to the general reading (None). Whatever it reads, it reads as the general
reading does, field for field; the usual answer it always reads; and a connection asked for
typed answers (``send(msg, typed=...)``) hands over the same answer, in the same state, as
one that is not.
"""

from __future__ import annotations

import json
import re
import string
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.sip2.codec import KNOWN_IDS, Message, Sip2Error, checksum, decode_line, format_date
from sync.sip2.connection import NEED_DATA, Closed, Event, Sip2Connection
from sync.sip2.framing import Framing
from sync.sip2.messages import (
    CheckoutResponse,
    LoanAnswer,
    RenewResponse,
    checkout,
    renew,
)
from sync.sip2.spec import SPECS

MANY = settings(max_examples=2000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=500, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
LOANS: tuple[type[LoanAnswer], ...] = (CheckoutResponse, RenewResponse)
ENCODINGS = ("utf-8", "cp932", "cp850", "ascii")
GOLDEN = Path(__file__).resolve().parent / "golden" / "published_lines.json"
WHEN = datetime(2025, 4, 1, 10)
# ways a trailer is written: the usual one, and each way it can be something else
TRAILERS = ("usual", "usual", "usual", "no sequence", "bad checksum", "lower case", "sign",
            "not a digit", "none", "not hex", "blank")
# values worth having besides generated text: a due date, a "|" inside, what looks like a
# field after a "|", a value that is empty
ODD_VALUES = ("20250415    235959", "a|b", "see|ZZtop", "x|AJmore", "")


def _chars(encoding: str) -> list[str]:
    """Characters the encoding carries, a "|" and line breaks left out; Japanese among them
    (ポ and ソ end in the bytes of "|" and "\\" in Shift_JIS)."""
    pool = set(string.printable) | set("ポソ表能予十港町の小さな探偵事務所山田花子ｱｲｳﾎﾟ・ー～éüñçÅ")
    keep = []
    for ch in sorted(pool - {"|", "\r", "\n"}):
        try:
            if ch.encode(encoding).decode(encoding) == ch:
                keep.append(ch)
        except UnicodeError:
            continue
    return keep


CHARS = {encoding: _chars(encoding) for encoding in ENCODINGS}


def _fixed(draw: st.DrawFn, spec_code: str, encoding: str) -> str:
    parts = []
    for name, length in SPECS[spec_code].fixed:
        if name == "transaction_date":
            when = draw(st.datetimes(min_value=datetime(1990, 1, 1),
                                     max_value=datetime(2099, 12, 31)))
            parts.append(draw(st.sampled_from([format_date(when), " " * length])))
        else:
            parts.append(draw(st.text(st.sampled_from("01YNyn U"), min_size=length,
                                      max_size=length)))
    fixed = "".join(parts)
    if draw(st.integers(0, 19)) == 0:     # now and then a character the fixed part never has
        at = draw(st.integers(0, len(fixed) - 1))
        fixed = fixed[:at] + draw(st.sampled_from(["|", "表", "é"])) + fixed[at + 1:]
    if draw(st.integers(0, 19)) == 0:     # or a fixed part cut short
        fixed = fixed[:draw(st.integers(0, len(fixed)))]
    return fixed.encode(encoding, "replace").decode(encoding)


def _trailer(text: bytes, kind: str, sequence: int) -> bytes:
    """``text`` with a trailer written the ``kind`` way."""
    if kind == "none":
        return text
    head = text + (b"AZ" if kind == "no sequence" else
                   b"AYxAZ" if kind == "not a digit" else b"AY%dAZ" % sequence)
    written = checksum(head)
    if kind == "bad checksum":
        written = f"{(int(written, 16) + 1) & 0xFFFF:04X}"
    elif kind == "lower case":
        written = written.lower()
    elif kind == "sign":
        written = "+" + written[1:]
    elif kind == "not hex":
        written = "GHIJ"
    elif kind == "blank":
        written = " " + written[1:]
    return head + written.encode()


@st.composite
def loan_lines(draw: st.DrawFn) -> tuple[type[LoanAnswer], str, bytes, bool]:
    """(the typed view, the encoding, a line as a connection cuts it, whether the line is
    the usual answer of that view). Mostly loan answers, some of the other loan's code or
    of no loan at all; fields known, repeated, unknown, empty or cut; values with a "|";
    trailers of every kind; lines longer than one Adler-32 sum."""
    cls = draw(st.sampled_from(LOANS))
    encoding = draw(st.sampled_from(ENCODINGS))
    code = draw(st.sampled_from([cls.CODE] * 6 + ["12", "30", "10", "94", "1x"]))
    fixed = _fixed(draw, cls.CODE, encoding)
    known = list(SPECS[cls.CODE].fields)
    ids = st.sampled_from([*known, *known, "AF", "AY", "BC", "ZZ", "A", "a1", ""])
    text = st.text(st.sampled_from(CHARS[encoding]), max_size=40)
    values = st.one_of(text, text, st.sampled_from(ODD_VALUES),
                       st.text(st.sampled_from(CHARS[encoding]), min_size=200, max_size=260))
    fields = draw(st.lists(st.tuples(ids, values), max_size=8))
    last_bar = draw(st.booleans()) or not fields
    body = "".join(f"{k}{v}|" for k, v in fields)
    if not last_bar:
        body = body[:-1]
    kind = draw(st.sampled_from(TRAILERS))
    sequence = draw(st.integers(0, 9))
    line = _trailer(f"{code}{fixed}{body}".encode(encoding), kind, sequence)
    ids_sent = [k for k, _ in fields]
    usual = (code == cls.CODE and kind == "usual" and len(fixed) == 22 and fixed.isascii()
             and "|" not in fixed and all(k in KNOWN_IDS for k in ids_sent)
             and len(set(ids_sent)) == len(ids_sent) and all("|" not in v for _, v in fields)
             and len(line) <= 260)
    return cls, encoding, line, usual


def _general(cls: type[LoanAnswer], line: bytes, encoding: str) -> LoanAnswer | None:
    """What the general reading makes of ``line`` as ``cls``'s answer, None when it is not
    one (unreadable, damaged, or another message)."""
    try:
        msg = decode_line(line, encoding, "|", True)
    except Sip2Error:
        return None
    return cls.from_message(msg) if msg.code == cls.CODE else None


@MANY
@given(case=loan_lines())
def test_the_typed_reader_reads_only_as_the_general_reading_does(
        case: tuple[type[LoanAnswer], str, bytes, bool]) -> None:
    cls, encoding, line, usual = case
    typed = cls.from_line(line, encoding)
    if typed is not None:
        assert type(typed) is cls
        assert typed == _general(cls, line, encoding)
    if usual:
        assert typed is not None, "the usual answer is read typed"


# -- odd lines, one by one -------------------------------------------------------------------
HEAD = "121NNY20250401    100000AODEMO|AA40000002|AB600000000|"


def _line(text: str, trailer: str | None = None, encoding: str = "utf-8") -> bytes:
    data = f"{text}AY2AZ".encode(encoding)
    return data + (trailer or checksum(data)).encode()


@pytest.mark.parametrize(("name", "line", "encoding", "read"), [
    ("the usual answer", _line(f"{HEAD}AJ資料|AH20250415    235959|CK001|"), "utf-8", True),
    ("no fields after the fixed part", _line("121NNY20250401    100000"), "utf-8", True),
    ("the last field without its delimiter", _line(f"{HEAD}AJtitle"), "utf-8", True),
    ("a refusal with its screen message",
     _line("120NNN20250401    100000AODEMO|AA1|AB2|AJ|AH|AFこの資料は予約があります|"),
     "utf-8", True),
    ("missing optional fields", _line("121NNY20250401    100000AODEMO|"), "utf-8", True),
    ("an extension field", _line(f"{HEAD}BCx|"), "utf-8", True),
    ("lower-case checksum digits", _line(HEAD, checksum(f"{HEAD}AY2AZ".encode()).lower()),
     "utf-8", True),
    ("in Shift_JIS, a title whose bytes hold a '|'", _line(f"{HEAD}AJポソ|", encoding="cp932"),
     "cp932", True),
    ("a repeated field", _line(f"{HEAD}AFone|AFtwo|"), "utf-8", False),
    ("a repeated item id", _line(f"{HEAD}ABother|"), "utf-8", False),
    ("an unknown field", _line(f"{HEAD}ZZtop|"), "utf-8", False),
    ("a | in a title", _line(f"{HEAD}AJa|b|"), "utf-8", False),
    ("an empty segment", _line(f"{HEAD}|AJt|"), "utf-8", False),
    ("a wrong checksum", _line(HEAD, "0000"), "utf-8", False),
    ("a checksum int() would take", _line(HEAD, "+ABC"), "utf-8", False),
    ("no sequence number", f"{HEAD}AZ".encode() + checksum(f"{HEAD}AZ".encode()).encode(),
     "utf-8", False),
    ("no trailer", HEAD.encode(), "utf-8", False),
    ("a renewal's answer", _line(f"30{HEAD[2:]}"), "utf-8", False),
    ("a fixed part cut short", _line("121NNY2025"), "utf-8", False),
    ("longer than one Adler-32 sum", _line(f"{HEAD}AJ{'題' * 90}|"), "utf-8", False),
])
def test_odd_lines(name: str, line: bytes, encoding: str, read: bool) -> None:
    typed = CheckoutResponse.from_line(line, encoding)
    assert (typed is not None) == read, name
    if typed is not None:
        assert typed == _general(CheckoutResponse, line, encoding), name


def _published() -> list[dict[str, Any]]:
    entries = json.loads(GOLDEN.read_text(encoding="utf-8"))["entries"]
    return [e for e in entries if e["line"][:2] in ("12", "30")]


@pytest.mark.parametrize("entry", _published(), ids=lambda e: e["id"])
def test_published_loan_answers(entry: dict[str, Any]) -> None:
    """As published (their checksums do not hold: redacted data) the general reading asks
    again and so does the typed one; sealed afresh, both read the same answer."""
    cls = CheckoutResponse if entry["line"][:2] == "12" else RenewResponse
    encoding = entry.get("encoding", "utf-8")
    line = entry["line"].encode(encoding)
    typed = cls.from_line(line, encoding)
    assert typed is None or typed == _general(cls, line, encoding)
    trailer = re.search(rb"AY\dAZ[0-9A-Fa-f]{4}$", line)
    assert trailer is not None
    head = line[:trailer.start() + 5]
    sealed = head + checksum(head).encode()
    general = _general(cls, sealed, encoding)
    assert general is not None
    assert cls.from_line(sealed, encoding) in (None, general)


# -- through a connection ---------------------------------------------------------------------
def _awaiting(cls: type[LoanAnswer], encoding: str, *, typed: bool) -> Sip2Connection:
    """An SC connection that has just sent a checkout (a renewal for a 30), sequence 0."""
    sc = Sip2Connection(Framing(encoding=encoding), login=False)
    request = (checkout("DEMO", "40000002", "600000000", when=WHEN) if cls is CheckoutResponse
               else renew("DEMO", "40000002", "600000000", when=WHEN))
    sc.send(request, cls if typed else None)
    return sc


def _events(sc: Sip2Connection) -> list[Event]:
    """Every event until the connection wants bytes or is done with the request."""
    out: list[Event] = []
    for _ in range(20):
        event = sc.next_event()
        out.append(event)
        if event is NEED_DATA or isinstance(event, Closed) or sc.state != "awaiting":
            break
    return out


@SOME
@given(case=loan_lines(), extra=st.sampled_from([b"\r", b"\r\n", b"\n", b"\r" * 2, b""]),
       twice=st.booleans())
def test_a_connection_asked_for_typed_answers_hands_over_the_same_answer(
        case: tuple[type[LoanAnswer], str, bytes, bool], extra: bytes, twice: bool) -> None:
    cls, encoding, line, usual = case
    data = line + extra
    if twice:
        data += data
    plain, typed = (_awaiting(cls, encoding, typed=t) for t in (False, True))
    plain.receive_data(data)
    typed.receive_data(data)
    for one, other in zip(_events(plain), _events(typed), strict=True):
        if isinstance(other, LoanAnswer):
            assert isinstance(one, Message)
            assert cls.from_message(one) == other
        else:
            assert one == other
    assert plain.state == typed.state
    assert plain.pending == typed.pending
    if usual and extra.startswith((b"\r", b"\n")):
        assert isinstance(_first_answer(cls, encoding, data), cls)


def _first_answer(cls: type[LoanAnswer], encoding: str, data: bytes) -> Event:
    sc = _awaiting(cls, encoding, typed=True)
    sc.receive_data(data)
    return sc.next_event()


def test_a_connection_without_checksums_or_with_another_delimiter_reads_messages() -> None:
    """The typed reader reads the usual framing only; elsewhere the answer comes as its
    message, which the caller types."""
    for framing in (Framing(error_detection=False), Framing(delimiter="^")):
        sc = Sip2Connection(framing, login=False)
        sc.send(checkout("DEMO", "40000002", "600000000", when=WHEN), CheckoutResponse)
        sc.receive_data(_line(f"{HEAD}AJt|".replace("|", framing.delimiter)) + b"\r")
        answer = sc.next_event()
        assert isinstance(answer, Message)
        assert CheckoutResponse.from_message(answer).title == "t"


def test_the_kiosks_client_reads_checkouts_typed_and_still_times_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk's client (kiosk.bootstrap) times each request for its metrics: that keeps
    the typed reading of checkout answers (an observer, which sees messages, turns it off),
    so what a patron waits on is the path ``bench client`` measures."""
    from sync.ils_sim.collection import DEMO
    from sync.ils_sim.server import IlsSimulator
    from sync.sip2.client import Sip2Client, Sip2Settings
    from tests.ils_fixtures import PASSWORD, USER

    def general_reading(_msg: object) -> CheckoutResponse:
        raise AssertionError("read through decode_line and from_message")

    timed: list[tuple[str, float]] = []
    with IlsSimulator(port=0, login=(USER, PASSWORD)) as sim:
        host, port = sim.address
        client = Sip2Client(Sip2Settings(host=host, port=port, user=USER, password=PASSWORD,
                                         institution="DEMO", timeout=2.0),
                            timing=lambda name, seconds: timed.append((name, seconds)))
        try:
            client.sc_status()
            monkeypatch.setattr(CheckoutResponse, "from_message", general_reading)
            answer = client.checkout(DEMO.good_card, DEMO.lendable_items[0])
        finally:
            client.close()
    assert answer.ok
    assert answer.item_id == DEMO.lendable_items[0]
    assert [name for name, _ in timed][-1] == "checkout"
    assert all(seconds >= 0 for _, seconds in timed)
