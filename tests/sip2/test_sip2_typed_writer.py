"""The codec's typed writer of the requests sent for every item (``codec.write_text``: the
checkout, renew and checkin whose builders write their text as they build them) against the
general writer (``encode`` of the same message without its text, as ``dataclasses.replace``
makes it), for generated requests with odd values (a ``|`` or a line break inside, values
over the field limit, characters the encoding cannot carry, Japanese), optional fields absent
or present, every encoding and terminator; and through a connection: the same bytes on the
wire, the same refusal, the same state, and the same message read by the ACS (what the
simulator and the strict validator see).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.sip2 import messages as builders
from sync.sip2.codec import Message, Sip2Error, encode, make, tail, write_text
from sync.sip2.connection import NEED_DATA, Sip2Connection
from sync.sip2.framing import Framing
from sync.sip2.messages import CheckoutResponse, RenewResponse
from sync.sip2.spec import SPECS

SOME = settings(max_examples=500, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
ENCODINGS = ("utf-8", "cp932", "cp850", "ascii")
TERMINATORS = (b"\r", b"\r\n", b"\n")
ODD = ("a|b", "x\ry", "x\nAJ", "ポソ表", "山田花子", "éü€", "", " ", "AY1AZ0000", "9" * 300)
VALUE = st.sampled_from(ODD) | st.text(max_size=40)
TYPED = {"11": CheckoutResponse, "29": RenewResponse}


def _requests(patron: str, item: str, when: datetime, options: dict[str, Any]
              ) -> list[Message]:
    pin, other, no_block = options["pin"], options["other"], options["no_block"]
    terminal, location = options["terminal"], options["location"]
    due = when if no_block and other is None else other    # a no-block loan has its due date
    return [builders.checkout("DEMO", patron, item, when=when, pin=pin, no_block=no_block,
                              nb_due_date=due, terminal_password=terminal),
            builders.renew("DEMO", patron, item, when=when, pin=pin, no_block=no_block,
                           nb_due_date=due, terminal_password=terminal),
            builders.checkin("DEMO", item, when=when, return_date=other, location=location,
                             no_block=no_block, terminal_password=terminal)]


def _outcome(write: Any) -> bytes | tuple[type[Exception], str]:
    try:
        return bytes(write())
    except Sip2Error as exc:
        return type(exc), str(exc)


OPTIONS = st.fixed_dictionaries({
    "pin": st.none() | VALUE, "other": st.none() | st.datetimes(),
    "no_block": st.booleans(), "terminal": st.none() | VALUE, "location": VALUE})
# a checkout, a renew and a checkin of one patron and item, with the same options
REQUESTS = st.builds(_requests, patron=VALUE, item=VALUE, when=st.datetimes(), options=OPTIONS)


@SOME
@given(encoding=st.sampled_from(ENCODINGS), terminator=st.sampled_from(TERMINATORS),
       sequence=st.integers(0, 9), requests=REQUESTS)
def test_the_typed_writer_writes_what_the_general_writer_writes(
        *, encoding: str, terminator: bytes, sequence: int, requests: list[Message]) -> None:
    for built in requests:
        text = built.text
        assert text is not None
        general = dataclasses.replace(built)                 # no text: written field by field
        assert general.text is None
        assert general == built
        expected = _outcome(lambda m=general: encode(m, sequence=sequence, encoding=encoding,
                                                     terminator=terminator))
        # encode() of the built message takes the typed writer, within the field limit
        assert _outcome(lambda m=built: encode(m, sequence=sequence, encoding=encoding,
                                               terminator=terminator)) == expected
        if len(text) <= 255:                                  # the writer's precondition
            end = tail(terminator)
            assert end is not None
            assert _outcome(lambda m=built, t=text, e=end: write_text(
                m, t, sequence, encoding, e)) == expected


def _answer(request: Message) -> Message:
    """An answer of the request's code with every fixed value its length."""
    code = {"11": "12", "29": "30", "09": "10"}[request.code]
    return make(code, {name: "1" if name == "ok" else "N" * length
                       for name, length in SPECS[code].fixed},
                [("AO", "DEMO"), ("AB", "item")])


@SOME
@given(encoding=st.sampled_from(ENCODINGS), terminator=st.sampled_from(TERMINATORS),
       rounds=st.integers(1, 12), requests=REQUESTS)
def test_through_a_connection_the_same_bytes_state_and_request_the_acs_reads(
        *, encoding: str, terminator: bytes, rounds: int, requests: list[Message]) -> None:
    """Two SCs, one sending the built requests (the typed writer), one the same requests
    without their text (the general writer), each to its own ACS, round after round (the
    sequence numbers wrap): the same bytes or the same refusal, the same state, and the
    ACS reads the request the SC built."""
    framing = Framing(encoding=encoding, terminator=terminator)
    sides = [(Sip2Connection(framing, "sc", login=False),
              Sip2Connection(framing, "acs", login=False)) for _ in range(2)]
    sent = {True: 0, False: 0}
    for n in range(rounds):
        built = requests[n % len(requests)]
        wire: list[object] = []
        for (sc, acs), msg in zip(sides, (built, dataclasses.replace(built)), strict=True):
            typed = TYPED.get(msg.code)
            outcome = _outcome(lambda sc=sc, msg=msg, typed=typed: sc.send(msg, typed))
            wire.append((outcome, sc.state, sc.pending, sc.in_doubt))
            if not isinstance(outcome, bytes):
                continue
            acs.receive_data(outcome)
            request = acs.next_event()
            assert isinstance(request, Message)       # what the simulator sees: the request
            assert request.sequence == sent[msg is built] % 10   # a refusal uses none
            sent[msg is built] += 1
            read = dataclasses.replace(request, sequence=None)
            wire.append(read)                          # the same for both SCs
            assert built.text is not None
            if built.text.encode(encoding).decode(encoding) == built.text:
                assert read == built                   # (¥ in cp932 comes back as "\\")
            sc.receive_data(acs.send(_answer(built)))
            answer = sc.next_event()
            assert answer is not NEED_DATA
            assert sc.state == "ready"
        assert wire[:len(wire) // 2] == wire[len(wire) // 2:]
