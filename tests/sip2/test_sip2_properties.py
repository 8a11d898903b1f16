"""Properties of the SIP2 codec over generated messages and arbitrary bytes (hypothesis).

Every message the spec tables know, with generated field values in each encoding the kiosk
supports, survives encode -> decode unchanged; no input bytes make ``decode`` (or the
framing) raise anything but the codec's own ``Sip2Error``; and what a connection hands over
as an answer is exactly what the codec reads from one line of what arrived.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import string
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.sip2 import messages as builders
from sync.sip2.codec import (
    MAX_FIELD_LENGTH,
    FieldTooLong,
    Message,
    Sip2Error,
    byte_sum,
    checksum,
    decode,
    encode,
    format_date,
    make,
    parse_date,
)
from sync.sip2.connection import NEED_DATA, Sip2Connection
from sync.sip2.framing import Framing, LineReader
from sync.sip2.spec import SPECS

ENCODINGS = ("utf-8", "cp932", "cp850", "ascii")
DELIMITERS = ("|", "^")
QUICK = settings(max_examples=300, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=500, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=3000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# Characters worth having in values besides ASCII: Japanese titles and names (ポ and ソ end in
# the bytes of '|' and '\\' in Shift_JIS), half-width katakana, Latin-1 accents.
_EXTRA = ("ポソ表能予十申港町の小さな探偵事務所山田花子くいしんぼうのあおむし"
          "ｱｲｳｴｵﾎﾟ・ー～éÉüñçÅßø¥£€")


def _pool(encoding: str) -> str:
    """Characters the encoding carries and gives back unchanged."""
    candidates = set(string.printable) | set(_EXTRA) | {chr(c) for c in range(0x20)}
    if encoding == "cp850":
        candidates |= set(bytes(range(256)).decode("cp850"))
    keep = []
    for ch in sorted(candidates):
        try:
            if ch.encode(encoding).decode(encoding) == ch:
                keep.append(ch)
        except UnicodeError:
            continue
    return "".join(keep)


POOLS = {encoding: _pool(encoding) for encoding in ENCODINGS}


def value_text(encoding: str, delimiter: str, max_size: int = MAX_FIELD_LENGTH
               ) -> st.SearchStrategy[str]:
    forbidden = {delimiter, "\r", "\n"}
    if encoding == "utf-8":
        chars = st.characters(codec="utf-8", exclude_characters="".join(forbidden))
    else:
        chars = st.sampled_from([c for c in POOLS[encoding] if c not in forbidden])
    return st.text(chars, max_size=max_size)


def fixed_value(name: str, length: int) -> st.SearchStrategy[str]:
    if name.endswith("date") or name == "date_time_sync":
        when = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31))
        return st.one_of(st.just(" " * length), when.map(format_date))
    return st.text(st.sampled_from("0123456789YN .U+-*"), min_size=length, max_size=length)


@st.composite
def messages(draw: st.DrawFn, encoding: str, delimiter: str) -> Message:
    spec = draw(st.sampled_from(sorted(SPECS.values(), key=lambda s: s.code)))
    fixed = tuple((name, draw(fixed_value(name, length))) for name, length in spec.fixed)
    ids = list(spec.fields) or ["AO"]
    fields = draw(st.lists(st.tuples(st.sampled_from(ids), value_text(encoding, delimiter)),
                           max_size=8))
    return Message(spec.code, fixed, tuple(fields))


@st.composite
def framed(draw: st.DrawFn) -> tuple[Message, Framing, int | None]:
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from(DELIMITERS))
    msg = draw(messages(encoding, delimiter))
    sequence = draw(st.one_of(st.none(), st.integers(0, 9)))
    terminator = draw(st.sampled_from((b"\r", b"\r\n", b"\n")))
    framing = Framing(encoding=encoding, terminator=terminator, delimiter=delimiter,
                      error_detection=sequence is not None)
    return msg, framing, sequence


# -- round trips -------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ENCODINGS)
@QUICK
@given(data=st.data())
def test_every_message_round_trips_in_each_encoding(encoding: str, data: st.DataObject
                                                    ) -> None:
    delimiter = data.draw(st.sampled_from(DELIMITERS))
    msg = data.draw(messages(encoding, delimiter))
    sequence = data.draw(st.one_of(st.none(), st.integers(0, 9)))
    line = encode(msg, sequence=sequence, encoding=encoding, delimiter=delimiter)
    back = decode(line, encoding=encoding, delimiter=delimiter)
    resend = msg.code in ("96", "97")
    assert back.code == msg.code
    assert back.fixed == msg.fixed
    assert back.fields == msg.fields
    assert back.sequence == (None if sequence is None or resend else sequence)
    assert back.checksum_ok is (None if sequence is None else True)
    assert encode(back, sequence=sequence, encoding=encoding, delimiter=delimiter) == line


def test_every_spec_table_is_exercised() -> None:
    # the round trip draws from all of these; a table edit that breaks one shows up there
    assert {"93", "94", "99", "98", "63", "64", "23", "24", "11", "12", "09", "10", "29", "30",
            "17", "18", "35", "36", "37", "38", "97", "96"} <= set(SPECS)


@SOME
@given(case=framed(), cuts=st.lists(st.integers(1, 40), max_size=20),
       gaps=st.lists(st.sampled_from([b"", b"\r", b"\n", b"\r\n"]), min_size=2, max_size=2))
def test_the_framing_reads_what_the_other_side_sent_whatever_the_chunking(
        case: tuple[Message, Framing, int | None], cuts: list[int], gaps: list[bytes]) -> None:
    """Two messages, with empty lines before and between them, cut anywhere: read whole."""
    msg, framing, sequence = case
    line = encode(msg, sequence=sequence, encoding=framing.encoding,
                  terminator=framing.terminator, delimiter=framing.delimiter)
    stream = gaps[0] + line + gaps[1] + line
    reader = LineReader(framing)
    received: list[Message] = []
    pos = 0
    for size in [*cuts, len(stream)]:
        reader.receive_data(stream[pos:pos + size])
        pos += size
        while (got := reader.next_message()) is not None:
            received.append(got)
    assert [(m.code, m.fixed, m.fields, m.sequence) for m in received] == [
        (msg.code, msg.fixed, msg.fields, received[0].sequence)] * 2


@QUICK
@given(value=st.text(min_size=MAX_FIELD_LENGTH + 1, max_size=400,
                     alphabet=st.characters(codec="utf-8", exclude_characters="|\r\n")))
def test_a_value_over_255_characters_is_refused_before_sending(value: str) -> None:
    with pytest.raises(FieldTooLong):
        encode(Message("35", (("transaction_date", " " * 18),), (("AO", value),)), sequence=0)


# -- nothing but Sip2Error -----------------------------------------------------------------
def _valid_lines() -> list[bytes]:
    when = datetime(2025, 4, 1, 10)
    lines = []
    for spec in SPECS.values():
        fixed = tuple((n, format_date(when) if n.endswith("date") or n == "date_time_sync"
                       else "Y" * length) for n, length in spec.fixed)
        msg = Message(spec.code, fixed, (("AO", "DEMO"), ("AJ", "港町の小さな探偵事務所")))
        lines.append(encode(msg, sequence=3, terminator=b""))
    return lines


VALID = _valid_lines()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(("flip", "insert", "delete", "truncate")))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif op == "delete" and data:
            del data[at]
        elif op == "truncate":
            del data[at:]
    return bytes(data)


@MANY
@given(data=st.one_of(st.binary(max_size=300), mutated()),
       encoding=st.sampled_from(ENCODINGS), verify=st.booleans(),
       delimiter=st.sampled_from(DELIMITERS))
def test_decoding_any_bytes_raises_only_sip2_errors(data: bytes, encoding: str, verify: bool,
                                                    delimiter: str) -> None:
    try:
        msg = decode(data, encoding=encoding, delimiter=delimiter, verify=verify)
    except Sip2Error:
        return
    assert len(msg.code) == 2
    assert msg.code.isdigit()


@SOME
@given(chunks=st.lists(st.one_of(st.binary(max_size=80), mutated()), max_size=6),
       encoding=st.sampled_from(ENCODINGS))
def test_the_framing_fed_any_bytes_raises_only_sip2_errors(chunks: list[bytes],
                                                           encoding: str) -> None:
    reader = LineReader(Framing(encoding=encoding))
    for chunk in chunks:
        reader.receive_data(chunk)
        for _ in range(len(chunk) + 1):
            try:
                if reader.next_message() is None:
                    break
            except Sip2Error:
                continue


# -- checksums and dates ---------------------------------------------------------------------
@SOME
@given(data=st.binary(max_size=600))
def test_a_checksum_makes_the_byte_sum_zero(data: bytes) -> None:
    digits = checksum(data)
    assert len(digits) == 4
    assert digits == digits.upper()
    assert (sum(data) + int(digits, 16)) & 0xFFFF == 0


@SOME
@given(data=st.binary(max_size=2000) | st.integers(0, 2000).map(lambda n: b"\xff" * n))
def test_the_byte_sum_is_the_sum_of_the_bytes(data: bytes) -> None:
    """Through zlib's Adler-32 in 256-byte pieces; all-0xFF lines are its worst case."""
    assert byte_sum(data) == sum(data)


@QUICK
@given(when=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31)))
def test_dates_round_trip_to_the_second(when: datetime) -> None:
    assert parse_date(format_date(when)) == when.replace(microsecond=0)


@SOME
@given(text=st.text(max_size=40))
def test_parsing_any_due_date_text_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, datetime)


# -- requests rendered as they are built -----------------------------------------------------
def _encoded(msg: Message, framing: dict[str, int | str]) -> bytes | type[Exception]:
    try:
        return encode(msg, sequence=int(framing["sequence"]), encoding=str(framing["encoding"]),
                      delimiter=str(framing["delimiter"]),
                      max_field_length=int(framing["max_field_length"]))
    except Sip2Error as exc:
        return type(exc)


@SOME
@given(framing=st.fixed_dictionaries({
           "encoding": st.sampled_from(ENCODINGS), "delimiter": st.sampled_from(DELIMITERS),
           "max_field_length": st.sampled_from((MAX_FIELD_LENGTH, 20)),
           "sequence": st.integers(0, 9)}),
       patron=st.text(max_size=40), item=st.text(max_size=300),
       when=st.datetimes(),
       options=st.fixed_dictionaries({
           "pin": st.none() | st.text(max_size=8),
           "other": st.none() | st.datetimes(), "no_block": st.booleans(),
           "terminal": st.none() | st.text(max_size=8), "location": st.text(max_size=8)}))
def test_a_request_rendered_at_build_time_encodes_as_any_other(
        framing: dict[str, int | str], patron: str, item: str, when: datetime,
        options: dict[str, Any]) -> None:
    """checkout/renew/checkin write their text out as they are built (with "|"); they are
    the message make() builds from the specification's table (fixed names and lengths
    checked there), and encoding them gives the same bytes, or the same refusal, as that
    message, whatever the framing (delimiters, line breaks, long or unencodable values)."""
    pin, other, no_block = options["pin"], options["other"], options["no_block"]
    terminal, location = options["terminal"], options["location"]
    due = when if no_block and other is None else other    # a no-block loan has its due date
    for built in (builders.checkout("DEMO", patron, item, when=when, pin=pin,
                                    no_block=no_block, nb_due_date=due,
                                    terminal_password=terminal),
                  builders.renew("DEMO", patron, item, when=when, pin=pin, no_block=no_block,
                                 nb_due_date=due, terminal_password=terminal),
                  builders.checkin("DEMO", item, when=when, return_date=other,
                                   location=location, no_block=no_block,
                                   terminal_password=terminal)):
        plain = make(built.code, dict(built.fixed), built.fields)
        assert built == plain
        assert built.text is not None
        assert plain.text is None
        assert dataclasses.replace(built).text is None    # a changed copy is written afresh
        assert _encoded(built, framing) == _encoded(plain, framing)


@SOME
@given(code=st.sampled_from(sorted(SPECS)), text=st.text(min_size=80, max_size=120))
def test_the_fixed_part_reader_written_from_the_table_slices_as_the_table_says(
        code: str, text: str) -> None:
    """Each message's fixed-part reader is written out from the specification's table: it
    pairs every name with the consecutive slice of its length, from just after the code."""
    spec = SPECS[code]
    expected, start = [], 2
    for name, length in spec.fixed:
        expected.append((name, text[start:start + length]))
        start += length
    assert spec.read_fixed(text) == tuple(expected)


# -- a loan answer, as a connection hands it over ---------------------------------------------
LOANS = (builders.CheckoutResponse, builders.RenewResponse)


@st.composite
def loan_answers(draw: st.DrawFn) -> tuple[type[builders.CheckoutResponse]
                                           | type[builders.RenewResponse], str, int, bytes]:
    """A 12 or a 30 as an ILS may send it: known, unknown and repeated fields, a "|" or a line
    break inside a value now and then; then, sometimes, spoiled on the way (a byte changed,
    cut, doubled, a line break added)."""
    cls = draw(st.sampled_from(LOANS))
    encoding = draw(st.sampled_from(ENCODINGS))
    spec = SPECS[cls.CODE]
    fixed = "".join(draw(fixed_value(name, length)) for name, length in spec.fixed)
    ids = st.sampled_from([*spec.fields, "AF", "AF", "ZZ", "A", ""])
    values = value_text(encoding, "|", max_size=30) | st.sampled_from(["a|b", "a\nb", "a\rb"])
    fields = draw(st.lists(st.tuples(ids, values), max_size=7))
    sequence = draw(st.integers(0, 9))
    text = cls.CODE + fixed + "".join(f"{k}{v}|" for k, v in fields) + f"AY{sequence}AZ"
    data = text.encode(encoding)
    data += b"%04X\r" % (-byte_sum(data) & 0xFFFF)
    spoil = draw(st.sampled_from(("none", "none", "byte", "cut", "twice", "crlf", "lf")))
    if spoil == "byte" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    elif spoil == "cut":
        data = data[:draw(st.integers(0, len(data)))]
    elif spoil == "twice":
        data += data
    elif spoil == "crlf":
        data += b"\n"
    elif spoil == "lf":
        data = data[:-1] + b"\n"
    return cls, encoding, sequence, data


def _awaiting(cls: type[builders.CheckoutResponse] | type[builders.RenewResponse],
              encoding: str, number: int) -> Sip2Connection:
    """An SC connection that has just sent a checkout (or a renewal, for a 30) numbered
    ``number``, the numbers before it used by SC statuses answered in turn."""
    sc = Sip2Connection(Framing(encoding=encoding), login=False)
    acs = Sip2Connection(Framing(encoding=encoding), role="acs", login=False)
    status = make("98", {"online_status": "Y", "checkin_ok": "Y", "checkout_ok": "Y",
                         "acs_renewal_policy": "Y", "status_update_ok": "N", "offline_ok": "N",
                         "timeout_period": "050", "retries_allowed": "003",
                         "date_time_sync": "20250401    100000", "protocol_version": "2.00"})
    for _ in range(number):
        acs.receive_data(sc.send(builders.sc_status()))
        acs.next_event()
        sc.receive_data(acs.send(status))
        assert isinstance(sc.next_event(), Message)
    when = datetime(2025, 4, 1, 10)
    sc.send(builders.checkout("DEMO", "40000002", "600000000", when=when)
            if cls is builders.CheckoutResponse
            else builders.renew("DEMO", "40000002", "600000000", when=when))
    return sc


def _lines(data: bytes, encoding: str) -> list[Message]:
    """What the codec reads from each line of ``data`` that it can read at all."""
    read = []
    for line in re.split(rb"[\r\n]", data):
        if line:
            with contextlib.suppress(Sip2Error):
                read.append(decode(line, encoding=encoding))
    return read


@SOME
@given(case=loan_answers(), expect_other=st.booleans())
def test_a_loan_answer_a_connection_hands_over_is_the_one_the_codec_reads(
        case: tuple[Any, str, int, bytes], expect_other: bool) -> None:
    """What arrives for a checkout or a renewal is handed over only as the codec reads one of
    its lines (a checksum that holds, the answer's own code or the request's sequence number),
    typed as the codec's message is; else the connection asks again, skips it or waits."""
    cls, encoding, sequence, data = case
    want = (sequence + 1) % 10 if expect_other else sequence
    sc = _awaiting(cls, encoding, want)
    sc.receive_data(data)
    event = sc.next_event()
    if isinstance(event, Message):
        assert event in _lines(data, encoding)
        assert event.checksum_ok is not False
        assert event.code == cls.CODE or event.sequence in (want, None)
        if event.code == cls.CODE:
            cls.from_message(event)
    whole = data.endswith(b"\r") and data.count(b"\r") == 1 and b"\n" not in data
    read = _lines(data, encoding)
    if whole and read and read[0].code == cls.CODE:
        assert event == read[0]                  # the usual answer is always taken


def _answer_line(text: str, trailer: str | None = None, encoding: str = "utf-8") -> bytes:
    """``text`` + AY2AZ + its checksum (or ``trailer`` written in its place) + CR."""
    data = f"{text}AY2AZ".encode(encoding)
    return data + (trailer or checksum(data)).encode() + b"\r"


HEAD = "121NNY20250401    100000AODEMO|AA40000002|AB600000000|"


@pytest.mark.parametrize(("name", "data", "encoding"), [
    ("a | in a title, then a segment that is no identifier",
     _answer_line(f"{HEAD}AJa|b|"), "utf-8"),
    ("a | in a screen message, then an identifier no one defines",
     _answer_line(f"{HEAD}AFsee|ZZtop|"), "utf-8"),
    ("a renewal's answer where a checkout's is awaited", _answer_line(f"30{HEAD[2:]}"), "utf-8"),
    ("the usual answer, in cp850, a long title of high bytes",
     _answer_line(f"{HEAD}AJ{chr(0x25A0) * 150}|", encoding="cp850"), "cp850"),
    ("a checksum int() would take", _answer_line(HEAD, trailer="+ABC"), "utf-8"),
])
def test_a_loan_answer_is_handed_over_only_as_the_codec_reads_it(
        name: str, data: bytes, encoding: str) -> None:
    """Cases too rare for the generator to be sure to meet."""
    sc = _awaiting(builders.CheckoutResponse, encoding, 2)
    sc.receive_data(data)
    event = sc.next_event()
    if isinstance(event, Message):
        assert event == decode(data, encoding=encoding), name
        if event.code == "12":
            builders.CheckoutResponse.from_message(event)
    else:
        assert event is not NEED_DATA, name      # a whole line: taken, or asked for again
    if name.startswith("the usual answer"):
        assert isinstance(event, Message)
