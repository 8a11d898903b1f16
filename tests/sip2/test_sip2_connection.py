"""The SIP2 connection's state machine: a self-check (SC) and an ACS connection in memory,
bytes pushed from one to the other, literal lines where the bytes are the point.

Every transition of :data:`sync.sip2.connection.TRANSITIONS` is taken by one of the scenarios
below, each run as a test; the last test runs them all again and checks that together they
take every transition in the table, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.sip2 import messages
from sync.sip2.codec import Message, Unencodable, decode, encode, make
from sync.sip2.connection import (
    MAX_STRAYS,
    NEED_DATA,
    TRANSITIONS,
    Closed,
    Event,
    GaveUp,
    LoginLost,
    ProtocolError,
    Refuse,
    Resend,
    Sip2Connection,
)
from sync.sip2.framing import Framing

WHEN = datetime(2025, 4, 1, 10)
DATE = "20250401    100000"
Make = Callable[..., Sip2Connection]


def by_hand(data: bytes) -> str:
    """The SIP2 checksum, independently: negate the byte sum, keep 16 bits, 4 hex digits."""
    return "%04X" % (-sum(data) & 0xFFFF)


def line(text: str, terminator: bytes = b"\r") -> bytes:
    """``text`` (ending in AY<n>AZ or AZ) with its checksum and the terminator."""
    data = text.encode()
    return data + by_hand(data).encode() + terminator


def spoil(data: bytes) -> bytes:
    """The last checksum digit changed."""
    return data[:-2] + (b"1" if data[-2:-1] == b"0" else b"0") + data[-1:]


def login() -> Message:
    return messages.login("kiosk", "secret", "BRANCH")


def logged_in(make_conn: Make = Sip2Connection, **options: object
              ) -> tuple[Sip2Connection, Sip2Connection]:
    """An SC and an ACS connection, the login done."""
    sc, acs = make_conn(role="sc", **options), make_conn(role="acs", **options)
    assert hand(sc.send(login()), acs).code == "93"
    assert hand(acs.send(make("94", {"ok": "1"})), sc).code == "94"
    return sc, acs


def hand(data: bytes, to: Sip2Connection) -> Event:
    """``data`` received by ``to``; what it makes of it."""
    to.receive_data(data)
    return to.next_event()


def checkout(item: str = "600000000") -> Message:
    return messages.checkout("DEMO", "40000002", item, when=WHEN)


def lent(item: str = "600000000") -> Message:
    return make("12", {"ok": "1", "renewal_ok": "N", "magnetic_media": "N", "desensitize": "Y",
                       "transaction_date": DATE},
                [("AO", "DEMO"), ("AA", "40000002"), ("AB", item), ("AJ", "題名"),
                 ("AH", "20250415    235959")])


def status() -> Message:
    return make("98", {"online_status": "Y", "checkin_ok": "Y", "checkout_ok": "Y",
                       "acs_renewal_policy": "Y", "status_update_ok": "N", "offline_ok": "N",
                       "timeout_period": "050", "retries_allowed": "003",
                       "date_time_sync": DATE, "protocol_version": "2.00"},
                [("AO", "DEMO"), ("BX", "Y" * 16)])


# -- the scenarios ------------------------------------------------------------------------------
def login_before_anything_else(make_conn: Make) -> None:
    sc, acs = make_conn(role="sc"), make_conn(role="acs")
    assert sc.state == acs.state == "login"
    with pytest.raises(ProtocolError, match="before the login"):
        sc.send(messages.sc_status())
    data = sc.send(login())
    assert data == line("9300CNkiosk|COsecret|CPBRANCH|AY0AZ")
    assert sc.state == "awaiting"
    request = hand(data, acs)
    assert isinstance(request, Message)
    assert request.get("CN") == "kiosk"
    assert acs.state == "answering"
    assert acs.pending == request
    answer = acs.send(make("94", {"ok": "1"}))
    assert answer == line("941AY0AZ")                 # the request's sequence number echoed
    assert acs.state == "ready"
    event = hand(answer, sc)
    assert isinstance(event, Message)
    assert event.code == "94"
    assert sc.state == "ready"
    assert sc.pending is None


def a_refused_login_leaves_the_login_to_do(make_conn: Make) -> None:
    sc, acs = make_conn(role="sc"), make_conn(role="acs")
    hand(sc.send(login()), acs)
    refusal = hand(acs.send(make("94", {"ok": "0"})), sc)
    assert isinstance(refusal, Message)
    assert refusal.fx("ok") == "0"
    assert sc.state == acs.state == "login"
    with pytest.raises(ProtocolError):
        sc.send(messages.sc_status())
    hand(sc.send(login()), acs)                       # trying again is allowed
    hand(acs.send(make("94", {"ok": "1"})), sc)
    assert sc.state == acs.state == "ready"


def a_login_answered_with_anything_but_94_is_no_login(make_conn: Make) -> None:
    sc, acs = make_conn(role="sc"), make_conn(role="acs", login=False)
    hand(sc.send(login()), acs)
    event = hand(acs.send(status()), sc)               # an ACS that answers a 93 with a 98
    assert isinstance(event, Message)
    assert event.code == "98"
    assert sc.state == "login"


def a_request_before_the_login_is_answered_940_and_the_sc_starts_afresh(make_conn: Make) -> None:
    sc = make_conn(role="sc", login=False)             # a kiosk configured without a user
    acs = make_conn(role="acs")                        # an ILS that requires one
    assert sc.state == "ready"
    question = messages.patron_status("DEMO", "40000002", when=WHEN)
    refused = hand(sc.send(question), acs)
    assert isinstance(refused, Refuse)
    assert refused.message is not None
    assert refused.message.code == "23"
    assert refused.data == line("940AY0AZ")
    assert acs.state == "login"
    lost = hand(refused.data, sc)
    assert lost == LoginLost(question)
    assert sc.state == "closed"
    with pytest.raises(ProtocolError):
        sc.send(question)
    assert hand(b"", sc) == Closed()                   # then the ILS hangs up
    assert sc.next_event() == Closed()


def the_login_again_on_a_connection_in_use(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)
    assert isinstance(hand(sc.send(login()), acs), Message)
    hand(acs.send(make("94", {"ok": "1"})), sc)
    assert sc.state == acs.state == "ready"


def requests_are_numbered_and_answers_echo_them(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)                     # the login took number 0
    numbers = []
    for n in range(11):
        data = sc.send(messages.sc_status())
        assert data[-5:-1].decode() == by_hand(data[:-5])
        request = hand(data, acs)
        assert isinstance(request, Message)
        numbers.append(request.sequence)
        answer = acs.send(status())
        assert answer.endswith(f"AY{(n + 1) % 10}AZ{by_hand(answer[:-5])}\r".encode())
        reply = hand(answer, sc)
        assert isinstance(reply, Message)
        assert reply.sequence == request.sequence
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]   # 9 wraps to 0


def one_request_at_a_time(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)
    sc.send(messages.sc_status())
    with pytest.raises(ProtocolError):
        sc.send(messages.sc_status())
    with pytest.raises(ProtocolError, match="nothing to answer"):
        acs.send(status())
    assert sc.next_event() is NEED_DATA


def a_damaged_answer_is_asked_for_again_with_97(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)
    hand(sc.send(checkout()), acs)
    answer = acs.send(lent())
    again = hand(spoil(answer), sc)
    assert again == Resend(b"97AZFEF5\r")             # no sequence number; never the 11 again
    assert sc.state == "awaiting"
    assert sc.in_doubt
    repeat = hand(again.data, acs)
    assert isinstance(repeat, Resend)
    assert repeat.data == answer                        # the last answer, byte for byte
    assert repeat.message is not None
    assert repeat.message.code == "97"
    reply = hand(repeat.data, sc)
    assert isinstance(reply, Message)
    assert reply.code == "12"
    assert sc.state == "ready"
    assert not sc.in_doubt
    assert b"AY2AZ" in sc.send(messages.sc_status())   # the 97 took no number


def a_request_the_acs_could_not_read_is_sent_again(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)
    data = sc.send(checkout())
    refused = hand(spoil(data), acs)
    assert isinstance(refused, Refuse)
    assert refused.message is None
    assert refused.data == line("96AZ")
    assert acs.state == "ready"
    again = hand(refused.data, sc)
    assert again == Resend(data)                       # it did not act on it: the same bytes
    request = hand(again.data, acs)
    assert isinstance(request, Message)
    assert request.code == "11"
    assert isinstance(hand(acs.send(lent()), sc), Message)


def a_96_after_a_97_gets_the_97_never_the_checkout(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)
    hand(sc.send(checkout()), acs)
    answer = acs.send(lent())
    ask = hand(spoil(answer), sc)
    assert isinstance(ask, Resend)
    refused = hand(spoil(ask.data), acs)                # the 97 arrives damaged
    assert isinstance(refused, Refuse)
    again = hand(refused.data, sc)
    assert again == Resend(b"97AZFEF5\r")              # the 97 again: the 11 may have been done
    repeat = hand(again.data, acs)
    assert isinstance(repeat, Resend)
    assert repeat.data == answer                        # a 96 does not replace the last answer


def damage_past_the_tries_is_giving_up_in_doubt(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn, resend_tries=3)
    request = checkout()
    hand(sc.send(request), acs)
    answer = spoil(acs.send(lent()))
    assert isinstance(hand(answer, sc), Resend)
    assert isinstance(hand(line("96AZ"), sc), Resend)   # a 96 counts as a try too
    assert hand(answer, sc) == GaveUp(request, maybe_delivered=True)
    assert sc.state == "closed"
    sc, _acs = logged_in(make_conn, resend_tries=1)
    asked = messages.patron_status("DEMO", "40000002", when=WHEN)
    sc.send(asked)
    assert hand(b"24cut short\r", sc) == GaveUp(asked, maybe_delivered=False)


def an_answer_out_of_turn_is_skipped(make_conn: Make,
                                     caplog: pytest.LogCaptureFixture | None = None) -> None:
    sc, acs = logged_in(make_conn)
    hand(sc.send(checkout()), acs)
    stray = encode(status(), sequence=7)
    assert hand(stray, sc) is NEED_DATA                # read and skipped
    assert sc.state == "awaiting"
    reply = hand(stray + acs.send(lent()), sc)          # and again, with the answer behind it
    assert isinstance(reply, Message)
    assert reply.code == "12"
    if caplog is not None:
        assert "out of turn (sequence 7, not 1)" in caplog.text


def too_many_answers_out_of_turn_is_giving_up(make_conn: Make) -> None:
    sc, _acs = logged_in(make_conn)
    request = messages.sc_status()
    sc.send(request)
    stray = encode(lent(), sequence=7)
    sc.receive_data(stray * (MAX_STRAYS - 1))
    assert sc.next_event() is NEED_DATA
    assert hand(stray, sc) == GaveUp(request, maybe_delivered=False)


def a_close_after_a_request_names_the_request(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)
    blank_due = make("11", {"sc_renewal_policy": "N", "no_block": "N", "transaction_date": DATE,
                            "nb_due_date": " " * 18},
                     [("AO", "DEMO"), ("AA", "40000002"), ("AB", "600000000"), ("AC", "")])
    hand(sc.send(blank_due), acs)
    closed = hand(b"", sc)                              # a strict server hangs up
    assert isinstance(closed, Closed)
    assert closed.request == blank_due
    assert closed.maybe_delivered
    assert closed.rejected
    assert [d.field for d in closed.deviations] == ["nb_due_date"]
    assert sc.state == "closed"
    assert sc.next_event() is closed
    sc, acs = logged_in(make_conn)
    sc.send(checkout())                                 # nothing in it a strict server refuses
    closed = hand(b"", sc)
    assert isinstance(closed, Closed)
    assert closed.maybe_delivered
    assert not closed.rejected
    sc, acs = logged_in(make_conn)
    sc.send(messages.sc_status())
    assert hand(b"", sc) == Closed(messages.sc_status(), maybe_delivered=False)


def a_close_with_nothing_outstanding(make_conn: Make) -> None:
    sc, acs = make_conn(role="sc"), make_conn(role="acs")
    assert hand(b"", sc) == Closed()                   # before the login
    assert hand(b"", acs) == Closed()
    assert acs.state == "closed"
    assert acs.next_event() == Closed()
    sc, acs = logged_in(make_conn)
    assert hand(b"", sc) == Closed()
    assert hand(b"", acs) == Closed()


def the_acs_reads_a_97_and_unreadable_lines_before_the_login_too(make_conn: Make) -> None:
    acs = make_conn(role="acs")
    resent = hand(b"97AZFEF5\r", acs)
    assert isinstance(resent, Resend)
    assert resent.data == line("96AZ")                 # nothing answered yet
    refused = hand(b"no code\r", acs)
    assert isinstance(refused, Refuse)
    assert refused.data == line("96AZ")
    assert refused.error is not None
    assert acs.state == "login"


def a_request_the_acs_does_not_implement_is_left_unanswered(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn)
    unknown = Message("41", (), (("AO", "DEMO"),))     # no message of SIP2 2.00
    request = hand(sc.send(unknown), acs)
    assert isinstance(request, Message)
    with pytest.raises(ProtocolError, match="answer the request"):
        acs.next_event()
    acs.unanswered()
    assert acs.state == "ready"
    assert acs.next_event() is NEED_DATA


def an_answer_the_acs_cannot_encode_leaves_it_answering(make_conn: Make) -> None:
    sc, acs = logged_in(make_conn, framing=Framing(encoding="ascii"))
    hand(sc.send(checkout()), acs)
    with pytest.raises(Unencodable, match="ascii"):
        acs.send(lent())                                # 題名 cannot go in ASCII
    assert acs.state == "answering"
    assert isinstance(hand(acs.send(Message("12", lent().fixed, ())), sc), Message)


SCENARIOS: list[Callable[[Make], None]] = [
    login_before_anything_else, a_refused_login_leaves_the_login_to_do,
    a_login_answered_with_anything_but_94_is_no_login,
    a_request_before_the_login_is_answered_940_and_the_sc_starts_afresh,
    the_login_again_on_a_connection_in_use, requests_are_numbered_and_answers_echo_them,
    one_request_at_a_time, a_damaged_answer_is_asked_for_again_with_97,
    a_request_the_acs_could_not_read_is_sent_again,
    a_96_after_a_97_gets_the_97_never_the_checkout,
    damage_past_the_tries_is_giving_up_in_doubt, an_answer_out_of_turn_is_skipped,
    too_many_answers_out_of_turn_is_giving_up, a_close_after_a_request_names_the_request,
    a_close_with_nothing_outstanding,
    the_acs_reads_a_97_and_unreadable_lines_before_the_login_too,
    a_request_the_acs_does_not_implement_is_left_unanswered,
    an_answer_the_acs_cannot_encode_leaves_it_answering,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.__name__ for s in SCENARIOS])
def test_scenario(scenario: Callable[[Make], None]) -> None:
    scenario(Sip2Connection)


def test_an_answer_out_of_turn_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    an_answer_out_of_turn_is_skipped(Sip2Connection, caplog)


def test_the_scenarios_take_every_transition_in_the_table_and_no_other() -> None:
    taken: set[tuple[str, str, str]] = set()

    class Table(dict[tuple[str, str], str]):
        """A connection's transitions, noting each one looked up and found."""

        role = ""

        def __getitem__(self, key: tuple[str, str]) -> str:
            after = super().__getitem__(key)
            taken.add((self.role, *key))
            return after

    class Recorded(Sip2Connection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            table = Table(self._table)
            table.role = self.role
            self._table = table  # type: ignore[assignment]

    for scenario in SCENARIOS:
        scenario(Recorded)
    assert taken == set(TRANSITIONS)


# -- without error detection, and in pieces ---------------------------------------------------
def test_without_error_detection_nothing_is_numbered_and_strays_cannot_be_told() -> None:
    plain = Framing(error_detection=False)
    sc, acs = logged_in(framing=plain)
    data = sc.send(messages.sc_status())
    assert data == b"9900402.00\r"
    hand(data, acs)
    assert acs.send(status()).endswith(b"BXYYYYYYYYYYYYYYYY|\r")
    sc, acs = logged_in(framing=plain)
    sc.send(checkout())
    reply = hand(b"98YYYYNN005003" + DATE.encode() + b"2.00AODEMO|\r", sc)
    assert isinstance(reply, Message)                   # an answer in turn, for all it can tell
    assert reply.code == "98"


def test_a_crlf_ils_is_read_and_written() -> None:
    crlf = Framing(terminator=b"\r\n")
    sc, acs = logged_in(framing=crlf)
    data = sc.send(messages.sc_status())
    assert data.endswith(b"\r\n")
    assert hand(data, acs) == decode(data)
    reply = hand(acs.send(status()), sc)
    assert isinstance(reply, Message)
    assert (reply.code, reply.fixed, reply.fields) == (status().code, status().fixed,
                                                       status().fields)


def _across(data: bytes, to: Sip2Connection, cuts: list[int]) -> Event:
    """``data`` received by ``to`` in pieces of the given sizes; the first event it reads."""
    pos = 0
    for size in [*cuts, len(data)]:
        to.receive_data(data[pos:pos + size])
        pos += size
        if (event := to.next_event()) is not NEED_DATA:
            return event
    return NEED_DATA


@settings(max_examples=60, deadline=None)
@given(cuts=st.lists(st.integers(1, 30), max_size=12),
       gap=st.sampled_from([b"", b"\r", b"\n", b"\r\n"]))
def test_a_request_and_its_answer_cross_whatever_the_chunking(cuts: list[int],
                                                              gap: bytes) -> None:
    sc, acs = logged_in()
    data = sc.send(checkout())
    assert _across(gap + data, acs, cuts) == decode(data)
    answer = acs.send(lent())
    assert _across(gap + answer, sc, cuts) == decode(answer)
    assert sc.state == acs.state == "ready"


@settings(max_examples=150, deadline=None)
@given(chunks=st.lists(st.binary(max_size=80), max_size=6), code=st.sampled_from(["11", "63"]))
def test_a_connection_awaiting_an_answer_fed_any_bytes_never_raises(chunks: list[bytes],
                                                                    code: str) -> None:
    """Whatever arrives, the SC connection hands over answers and asks for what to write:
    it never raises, and never hands over a line that failed its checksum."""
    sc, _acs = logged_in()
    request = checkout() if code == "11" else messages.patron_information(
        "DEMO", "40000002", when=WHEN)
    sc.send(request)
    for chunk in [*chunks, b""]:
        sc.receive_data(chunk)
        while True:
            event = sc.next_event()
            if isinstance(event, Message):
                assert event.checksum_ok is not False
                sc.send(request)                        # ready again: the next one
            elif isinstance(event, GaveUp | Closed):
                assert event.request in (request, None)
                assert event.maybe_delivered is (event.request is not None and code == "11")
                return
            elif isinstance(event, LoginLost):
                assert event.request == request
                return
            elif event is NEED_DATA:
                break
