"""Sans-I/O SIP2 connection: one side of the conversation as a state machine, as h11 does HTTP.

Both sides use it: the kiosk's client (role "sc", the self-check, which asks) and the ILS
simulator (role "acs", which answers). The transport hands received bytes to
:meth:`~Sip2Connection.receive_data` (``b""`` when the peer closed the stream), writes what
:meth:`~Sip2Connection.send` returns and the ``data`` of any event that carries some, and reads
what happened with :meth:`~Sip2Connection.next_event`. Nothing here touches a socket, a clock or
a thread; tests push bytes between a client and a server connection.

What the protocol does by itself, so that no transport has to:

* Login before anything else, where the peer requires one: the SC may send nothing but a 93
  until a 94 accepts it; the ACS answers any other request with a 940.
* Sequence numbers: the SC numbers its requests 0-9, wrapping to 0; the ACS echoes the
  request's. Resend requests (96, 97) carry none. Checksums: see :mod:`sync.sip2.codec`.
* SC: a damaged answer is asked for again with 97, never by redoing the request. A 96 (the ACS
  could not read us, so did not act) gets the last message again: the request, or after a 97
  that 97, never a request the ILS may already have carried out. An answer carrying another
  request's sequence number is skipped. Past ``resend_tries`` damaged answers or 96s, or
  :data:`MAX_STRAYS` answers out of turn, it gives up (:class:`GaveUp`).
* SC: a 94 answering anything but a login is a refusal (940): the ACS does not know our login.
* SC: the peer closing the stream while an answer is awaited is what strict servers do with a
  request they refuse: :class:`Closed` names the request, whether it may have been carried out
  and where it departs from SIP2 2.00 (:mod:`sync.sip2.validate`).
* ACS: a line it cannot read is answered 96, a 97 with the last answer byte for byte.

Which requests may ever be sent twice (:data:`IDEMPOTENT`) is written here too: a request
that changes the ILS and met any failure after it was written is in doubt
(``maybe_delivered``), and only a person or an Item Information may settle it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Final, Literal

from sync.sip2.codec import (
    ChecksumError,
    MalformedMessage,
    Message,
    Sip2Error,
    decode_line,
    encode,
    make,
    tail,
    write_text,
)
from sync.sip2.framing import Framing, LineBuffer
from sync.sip2.messages import LoanAnswer
from sync.sip2.spec import RESPONSE_TO
from sync.sip2.validate import Deviation, request_deviations

__all__ = [
    "IDEMPOTENT", "MAX_STRAYS", "NEED_DATA", "TRANSITIONS", "Closed", "Event", "Framing",
    "GaveUp", "LoginLost", "NeedData", "ProtocolError", "Refuse", "Resend", "Sip2Connection",
]

log = logging.getLogger(__name__)

# Requests that change nothing at the ILS, or whose repeat changes nothing more: the only ones
# ever sent twice. Anything else (checkout, checkin, renew, fee paid) is in doubt after a
# failure once written, and is never resent: Koha and Evergreen take a repeated checkout as a
# renewal.
IDEMPOTENT = frozenset({"93", "99", "63", "23", "17", "35", "97"})
MAX_STRAYS = 10

Role = Literal["sc", "acs"]
State = Literal["login", "ready", "awaiting", "answering", "closed"]
Trigger = Literal[
    "send login", "send request", "answer", "login accepted", "login refused", "damaged",
    "resend asked", "out of turn", "login lost", "gave up", "peer closed",
    "login received", "request received", "unreadable", "unanswered",
]

# Every transition, and only these: (role, state, what happened) -> the next state. A step
# not listed is a ProtocolError. "login": a login is needed before anything else; "ready":
# nothing outstanding; "awaiting" (SC): a request sent, its answer not yet read;
# "answering" (ACS): a request read, its answer not yet sent; "closed": the peer closed the
# stream, or the SC gave up on it: open a new connection.
TRANSITIONS: Final[dict[tuple[Role, State, Trigger], State]] = {
    # the self-check asks, one request at a time
    ("sc", "login", "send login"): "awaiting",
    ("sc", "ready", "send login"): "awaiting",
    ("sc", "ready", "send request"): "awaiting",
    ("sc", "awaiting", "answer"): "ready",
    ("sc", "awaiting", "login accepted"): "ready",
    ("sc", "awaiting", "login refused"): "login",
    ("sc", "awaiting", "damaged"): "awaiting",        # a 97 written: the answer again
    ("sc", "awaiting", "resend asked"): "awaiting",   # a 96: the last message written again
    ("sc", "awaiting", "out of turn"): "awaiting",    # another request's answer: skipped
    ("sc", "awaiting", "login lost"): "closed",       # a 940: log in afresh
    ("sc", "awaiting", "gave up"): "closed",
    ("sc", "login", "peer closed"): "closed",
    ("sc", "ready", "peer closed"): "closed",
    ("sc", "awaiting", "peer closed"): "closed",
    ("sc", "closed", "peer closed"): "closed",
    # the ACS answers
    ("acs", "login", "login received"): "answering",
    ("acs", "login", "request received"): "login",    # answered 940 by the connection
    ("acs", "login", "resend asked"): "login",        # a 97: the last answer again
    ("acs", "login", "unreadable"): "login",          # answered 96
    ("acs", "ready", "login received"): "answering",
    ("acs", "ready", "request received"): "answering",
    ("acs", "ready", "resend asked"): "ready",
    ("acs", "ready", "unreadable"): "ready",
    ("acs", "answering", "login accepted"): "ready",
    ("acs", "answering", "login refused"): "login",
    ("acs", "answering", "answer"): "ready",
    ("acs", "answering", "unanswered"): "ready",      # a message the ACS does not implement
    ("acs", "login", "peer closed"): "closed",
    ("acs", "ready", "peer closed"): "closed",
    ("acs", "closed", "peer closed"): "closed",
}
_BY_ROLE: Final[dict[Role, dict[tuple[State, Trigger], State]]] = {
    role: {(state, trigger): after for (r, state, trigger), after in TRANSITIONS.items()
           if r == role}
    for role in ("sc", "acs")
}


class ProtocolError(Sip2Error):
    """A step the connection's state does not allow: our own side's mistake (a request before
    the login, a second request while an answer is awaited, an answer with nothing to answer).
    """


# -- events ------------------------------------------------------------------------------------
# next_event() returns the peer's Message when the application acts on it (SC: the answer to
# its request, or that answer typed when send() was asked so; ACS: a request to answer with
# send()), NEED_DATA, or one of these.
class NeedData:
    """No whole message yet: hand over more bytes (:meth:`Sip2Connection.receive_data`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA: Final = NeedData()


@dataclass(frozen=True)
class Resend:
    """Write ``data`` now: the protocol's own repeat. SC: a 97 for a damaged answer, or the last
    message again for a 96. ACS: the last answer again (or a 96 when there was none) for the
    97 in ``message``."""

    data: bytes
    message: Message | None = None


@dataclass(frozen=True)
class Refuse:
    """ACS: write ``data``, the connection's own answer to ``message``: a 940 for a request
    before the login, or (``message`` None) a 96 for a line it could not read (``error``)."""

    data: bytes
    message: Message | None
    error: Sip2Error | None = None


@dataclass(frozen=True)
class LoginLost:
    """SC: the ACS answered ``request`` with a 94 (940): it does not know our login (it
    restarted, or none was configured). It did not act on the request. Closed: log in afresh."""

    request: Message


@dataclass(frozen=True)
class GaveUp:
    """SC: no usable answer to ``request``: damaged or 96 past the tries, or too many answers
    out of turn. Closed. ``maybe_delivered``: it changes the ILS and may have been carried
    out."""

    request: Message
    maybe_delivered: bool


@dataclass(frozen=True)
class Closed:
    """The peer closed the stream. SC: ``request`` is the one whose answer was awaited, if any
    (``maybe_delivered`` as :class:`GaveUp`'s), and ``deviations`` where it departs from SIP2
    2.00: a strict server closes the connection on such a request instead of answering."""

    request: Message | None = None
    maybe_delivered: bool = False
    deviations: tuple[Deviation, ...] = ()

    @property
    def rejected(self) -> bool:
        """The request is why: the same bytes would meet the same close."""
        return bool(self.deviations)


Event = Message | LoanAnswer | NeedData | Resend | Refuse | LoginLost | GaveUp | Closed


def _accepts(answer: Message) -> bool:
    """A 94 that accepts the login."""
    return answer.code == "94" and dict(answer.fixed).get("ok") == "1"


class Sip2Connection(LineBuffer):
    """One side of a SIP2 conversation. ``role`` is "sc" (kiosk) or "acs" (ILS). ``login``:
    this conversation starts with a login (the SC has a user to log in with; the ACS requires
    one). ``resend_tries`` (SC): answers read per request when they arrive damaged or as 96.

    Every change of state is a lookup in :data:`TRANSITIONS` (by role); the exchange of every
    item (a request sent, its answer read) looks it up in place, the rest through
    :meth:`_move`.
    """

    def __init__(self, framing: Framing | None = None, role: Role = "sc", *,
                 login: bool = True, resend_tries: int = 3) -> None:
        if role not in ("sc", "acs"):
            raise ValueError(f"role must be 'sc' or 'acs', got {role!r}")
        super().__init__(framing)
        f = self.framing
        self.role: Role = role
        self._sc = role == "sc"
        self._table = _BY_ROLE[role]
        self._state: State = "login" if login else "ready"
        self._closed: Closed | None = None
        self._terminator, self._max_field_length = f.terminator, f.max_field_length
        self._numbered = f.error_detection
        self._next_sequence = 0
        self._resend_tries = max(1, resend_tries)
        # the request whose answer is awaited (SC) or owed (ACS), and what goes with it
        self._pending: Message | None = None
        self._want: int | None = None           # SC: the sequence number it went out with
        self._expect: str | None = None         # SC: the code of its answer
        self._typed: type[LoanAnswer] | None = None     # SC: how to hand that answer over
        # the typed reader reads lines with a checksum and the usual delimiter; the typed
        # writer writes them (tail: the checksum's format and the terminator)
        self._typed_lines = f.error_detection and f.delimiter == "|"
        self._tail = tail(f.terminator) if self._typed_lines else None
        self._attempt = self._strays = 1
        # SC: what a 96 asks for again; ACS: what a 97 does (never a 96 or a 97 itself)
        self._last: bytes | None = None

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._state

    @property
    def pending(self) -> Message | None:
        """The request whose answer is awaited (SC) or owed (ACS)."""
        return self._pending

    @property
    def in_doubt(self) -> bool:
        """SC: a request that changes the ILS has been written and not answered: whatever
        goes wrong now, it may have been carried out."""
        return self._pending is not None and self._pending.code not in IDEMPOTENT

    def _move(self, trigger: Trigger) -> None:
        try:
            self._state = self._table[self._state, trigger]
        except KeyError:
            raise ProtocolError(f"{self.role}: {trigger!r} is not allowed in state "
                                f"{self._state!r}") from None

    def _frame(self, msg: Message, sequence: int | None) -> bytes:
        return encode(msg, sequence=sequence if self._numbered else None,
                      encoding=self._encoding, terminator=self._terminator,
                      delimiter=self._delimiter, max_field_length=self._max_field_length)

    # -- bytes in: receive_data() (LineBuffer's) -----------------------------------------------
    def next_event(self) -> Event:
        """What the bytes received so far amount to (see :data:`Event`)."""
        if self._state == "awaiting":                 # SC: the usual case first
            if not self._buffer and not self._runaway:
                return self._peer_closed() if self._ended else NEED_DATA
            try:
                line = self._next_line()
            except MalformedMessage as exc:           # a runaway line
                return self._damaged(exc)
            if line is None:                          # a line not yet whole
                return self._peer_closed() if self._ended else NEED_DATA
            typed = self._typed
            if typed is not None:                     # the usual answer, read typed
                loan = typed.from_line(line, self._encoding)
                if loan is not None:
                    self._state = self._table["awaiting", "answer"]
                    self._pending = None
                    return loan
            try:
                answer = decode_line(line, self._encoding, self._delimiter, self._verify)
            except (ChecksumError, MalformedMessage) as exc:
                return self._damaged(exc)
            code = answer.code
            if code == self._expect and code != "94":
                self._state = self._table["awaiting", "answer"]
                self._pending = None
                return answer
            return self._next_answer(answer)
        if not self._sc:
            if self._state == "answering":
                raise ProtocolError("acs: answer the request (send) or leave it (unanswered) "
                                    "before reading the next")
            if self._state != "closed":
                return self._next_request()
        # SC not awaiting an answer: bytes wait for the next request, which reads them as
        # answers out of turn, or (written now) reconnects
        return self._peer_closed() if self._ended else NEED_DATA

    def _peer_closed(self) -> Closed:
        self._move("peer closed")
        if self._closed is None:
            request = self._pending
            self._closed = (Closed() if request is None or not self._sc else
                            Closed(request, request.code not in IDEMPOTENT,
                                   request_deviations(request)))
        return self._closed

    # -- the self-check ------------------------------------------------------------------------
    def send(self, msg: Message, typed: type[LoanAnswer] | None = None) -> bytes:
        """The bytes of ``msg``: SC, a request (numbered); ACS, the answer to the request
        just read (its sequence number echoed).

        ``typed`` (SC; a checkout's or a renewal's, with the usual framing): the answer's
        typed view, :class:`~sync.sip2.messages.CheckoutResponse` or
        :class:`~sync.sip2.messages.RenewResponse`. When the answer arrives as the usual
        line, :meth:`next_event` hands it over read by the codec's typed reader
        (:meth:`~sync.sip2.messages.LoanAnswer.from_line`) instead of as a
        :class:`Message`: the same answer that ``typed.from_message()`` makes of the message,
        the same transition. Any other line is read as without ``typed``."""
        if not self._sc:
            return self._answer(msg)
        code = msg.code
        sequence = self._next_sequence
        text = msg.text
        if text is not None and self._tail is not None and len(text) <= self._max_field_length:
            # the codec's typed writer, for a request its builder wrote out (every item's)
            data = write_text(msg, text, sequence, self._encoding, self._tail)
        else:
            data = encode(msg, sequence=sequence if self._numbered else None,
                          encoding=self._encoding, terminator=self._terminator,
                          delimiter=self._delimiter, max_field_length=self._max_field_length)
        # the bytes exist: only now does anything change
        try:
            self._state = self._table[self._state,
                                      "send login" if code == "93" else "send request"]
        except KeyError:
            raise ProtocolError(f"sc: cannot send {code} in state {self._state!r}"
                                + (" (before the login)" if self._state == "login" else "")
                                ) from None
        self._pending = msg
        self._expect = RESPONSE_TO.get(code)
        self._typed = typed if self._typed_lines else None
        self._attempt = self._strays = 1
        self._last = data
        if code == "97" or code == "96":  # noqa: PLR1714 (two compares beat a set's hash)
            self._want = None
        else:
            self._want = sequence if self._numbered else None
            self._next_sequence = (sequence + 1) % 10
        return data

    def _next_answer(self, answer: Message | None) -> Event:
        """The SC's reading of what came while awaiting an answer, from ``answer`` on (then
        the next line)."""
        while True:
            if answer is None:
                try:
                    answer = self._next_message()
                except (ChecksumError, MalformedMessage) as exc:
                    return self._damaged(exc)
                if answer is None:
                    return self._peer_closed() if self._ended else NEED_DATA
            code = answer.code
            request = self._pending
            assert request is not None
            if code == self._expect:
                if code == "94":
                    self._move("login accepted" if _accepts(answer) else "login refused")
                else:
                    self._move("answer")
                self._pending = None
                return answer
            if code == "94":
                self._move("login lost")
                self._pending = None
                return LoginLost(request)
            if code == "96":
                if self._attempt >= self._resend_tries:
                    return self._give_up()
                self._attempt += 1
                self._move("resend asked")
                assert self._last is not None
                return Resend(self._last)
            want = self._want
            if want is not None and answer.sequence is not None and answer.sequence != want:
                log.warning("a %s answer out of turn (sequence %d, not %d) ignored", code,
                            answer.sequence, want)
                if self._strays >= MAX_STRAYS:
                    return self._give_up()
                self._strays += 1
                self._move("out of turn")
                answer = None
                continue
            # another answer, in turn: the application judges it
            self._move("login refused" if request.code == "93" else "answer")
            self._pending = None
            return answer

    def _damaged(self, exc: Sip2Error) -> Resend | GaveUp:
        request = self._pending
        assert request is not None
        log.warning("damaged SIP2 answer to %s (%s)", request.code, exc)
        if self._attempt >= self._resend_tries:
            return self._give_up()
        self._attempt += 1
        self._move("damaged")
        # the answer asked for again, never the request redone; a 96 now repeats this 97
        self._last = self._frame(make("97"), 0)
        return Resend(self._last)

    def _give_up(self) -> GaveUp:
        request = self._pending
        assert request is not None
        self._move("gave up")
        self._pending = None
        return GaveUp(request, request.code not in IDEMPOTENT)

    # -- the ACS -------------------------------------------------------------------------------
    def _next_request(self) -> Event:
        try:
            msg = self._next_message()
        except (ChecksumError, MalformedMessage) as exc:
            self._move("unreadable")
            return Refuse(self._frame(make("96"), 0), None, exc)
        if msg is None:
            return self._peer_closed() if self._ended else NEED_DATA
        code = msg.code
        if code == "97":
            self._move("resend asked")
            return Resend(self._last if self._last is not None else self._frame(make("96"), 0),
                          msg)
        if code == "93":
            self._move("login received")
            self._pending = msg
            return msg
        if self._state == "login":
            self._move("request received")
            self._last = self._frame(make("94", {"ok": "0"}), msg.sequence or 0)
            return Refuse(self._last, msg)
        self._move("request received")
        self._pending = msg
        return msg

    def _answer(self, answer: Message) -> bytes:
        request = self._pending
        if self._state != "answering" or request is None:
            raise ProtocolError(f"acs: nothing to answer in state {self._state!r}")
        data = self._frame(answer, request.sequence or 0)
        if request.code == "93":
            self._move("login accepted" if _accepts(answer) else "login refused")
        else:
            self._move("answer")
        self._pending = None
        if answer.code != "96":                 # a 97 repeats the real answer
            self._last = data
        return data

    def unanswered(self) -> None:
        """ACS: leave the request just read without an answer (a message it does not
        implement); the next can be read."""
        self._move("unanswered")
        self._pending = None
