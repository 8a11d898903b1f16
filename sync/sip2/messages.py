"""Request builders and typed views of the responses the kiosk acts on."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, TypeVar

from sync.sip2.codec import (
    _ID_AND_VALUE,
    KNOWN_IDS,
    Message,
    Sip2Error,
    format_date,
    make,
    parse_date,
    rendered,
)
from sync.sip2.spec import CIRCULATION_STATUS, PATRON_STATUS_FLAGS, SPECS

# A no-block checkout or renewal without its due date is refused, not filled in: the ILS
# takes the nb due date of a no-block request as the loan's due date.
_NO_BLOCK_DUE = ("a no-block request carries the due date the patron was given offline "
                 "(nb_due_date)")


def login(user: str, password: str, location: str | None = None) -> Message:
    return make("93", {"uid_algorithm": "0", "pwd_algorithm": "0"},
                [("CN", user), ("CO", password), ("CP", location)])


def sc_status(status_code: str = "0", max_print_width: int = 40) -> Message:
    return make("99", {"status_code": status_code,
                       "max_print_width": f"{max_print_width:03d}",
                       "protocol_version": "2.00"})


SUMMARY_POSITIONS = ("hold_items", "overdue_items", "charged_items", "fine_items",
                     "recall_items", "unavailable_holds")


def summary_field(*wanted: str) -> str:
    """The 10-character summary of a 63: ``Y`` at each list asked for (only one list per
    request is strictly standard; ILSes such as Koha and the simulator answer several)."""
    unknown = set(wanted) - set(SUMMARY_POSITIONS)
    if unknown:
        raise Sip2Error(f"unknown summary list(s) {sorted(unknown)}; known: {SUMMARY_POSITIONS}")
    return "".join("Y" if name in wanted else " " for name in SUMMARY_POSITIONS).ljust(10)


def patron_information(institution: str, patron: str, *, pin: str | None = None,
                       when: datetime, terminal_password: str | None = None,
                       language: str = "000", summary: str = " " * 10) -> Message:
    return make("63", {"language": language, "transaction_date": format_date(when),
                       "summary": summary},
                [("AO", institution), ("AA", patron), ("AC", terminal_password), ("AD", pin)])


def _loan_dates(when: datetime, no_block: bool,
                nb_due_date: datetime | None) -> tuple[str, str, str]:
    """A checkout's or renewal's no-block flag, transaction date and nb due date: the
    transaction date unless no-block, which needs the offline due date."""
    date = format_date(when)
    if nb_due_date is None:
        if no_block:
            raise Sip2Error(_NO_BLOCK_DUE)
        return "N", date, date
    return ("Y" if no_block else "N"), date, format_date(nb_due_date)


def checkout(institution: str, patron: str, item: str, *, when: datetime,
             no_block: bool = False, nb_due_date: datetime | None = None,
             pin: str | None = None, terminal_password: str | None = None) -> Message:
    # Sent for every item: fixed part and fields written out, and the text in one f-string
    # (see codec.rendered; tests hold it to make() and encode(), field for field).
    # The nb due date is always a date: a strict server closes the connection on 18 blanks.
    # Not a no-block request: the transaction date, as the SIP2 guide's checkout example
    # (11YN19960212    10051419960212    100514AO|...); no-block: the offline due date.
    nb, date, nb_due = _loan_dates(when, no_block, nb_due_date)
    ac = terminal_password or ""
    fixed = (("sc_renewal_policy", "N"), ("no_block", nb), ("transaction_date", date),
             ("nb_due_date", nb_due))
    text = f"11N{nb}{date}{nb_due}AO{institution}|AA{patron}|AB{item}|AC{ac}|"
    if pin is None:
        return rendered("11", fixed, (("AO", institution), ("AA", patron), ("AB", item),
                                      ("AC", ac)), text)
    return rendered("11", fixed, (("AO", institution), ("AA", patron), ("AB", item),
                                  ("AC", ac), ("AD", pin)), f"{text}AD{pin}|")


def end_patron_session(institution: str, patron: str, *, when: datetime,
                       pin: str | None = None) -> Message:
    return make("35", {"transaction_date": format_date(when)},
                [("AO", institution), ("AA", patron), ("AD", pin)])


def patron_status(institution: str, patron: str, *, when: datetime, pin: str | None = None,
                  terminal_password: str | None = None, language: str = "000") -> Message:
    # AC and AD are required fields of 23: sent empty when there is none
    return make("23", {"language": language, "transaction_date": format_date(when)},
                [("AO", institution), ("AA", patron), ("AC", terminal_password or ""),
                 ("AD", pin or "")])


def checkin(institution: str, item: str, *, when: datetime, return_date: datetime | None = None,
            location: str = "", no_block: bool = False,
            terminal_password: str | None = None) -> Message:
    """``return_date`` defaults to ``when``; an offline return replays its own date.
    ``location`` (AP, required) defaults to the institution: a required field is never sent
    empty to a server that may hold it to the specification."""
    nb = "Y" if no_block else "N"
    date = format_date(when)
    returned = format_date(return_date) if return_date else date
    ap = location or institution
    ac = terminal_password or ""
    return rendered("09", (("no_block", nb), ("transaction_date", date),
                           ("return_date", returned)),
                    (("AP", ap), ("AO", institution), ("AB", item), ("AC", ac)),
                    f"09{nb}{date}{returned}AP{ap}|AO{institution}|AB{item}|AC{ac}|")


def renew(institution: str, patron: str, item: str, *, when: datetime, no_block: bool = False,
          nb_due_date: datetime | None = None, pin: str | None = None,
          terminal_password: str | None = None) -> Message:
    # the nb due date as in checkout(): the transaction date unless no-block
    nb, date, nb_due = _loan_dates(when, no_block, nb_due_date)
    fields: tuple[tuple[str, str], ...] = (("AO", institution), ("AA", patron))
    text = f"29N{nb}{date}{nb_due}AO{institution}|AA{patron}|"
    if pin is not None:
        fields += (("AD", pin),)
        text += f"AD{pin}|"
    fields += (("AB", item),)
    text += f"AB{item}|"
    if terminal_password is not None:
        fields += (("AC", terminal_password),)
        text += f"AC{terminal_password}|"
    return rendered("29", (("third_party_allowed", "N"), ("no_block", nb),
                           ("transaction_date", date), ("nb_due_date", nb_due)), fields, text)


def item_information(institution: str, item: str, *, when: datetime,
                     terminal_password: str | None = None) -> Message:
    return make("17", {"transaction_date": format_date(when)},
                [("AO", institution), ("AB", item), ("AC", terminal_password)])


def fee_paid(institution: str, patron: str, amount: str, *, when: datetime,
             fee_type: str = "01", payment_type: str = "00", currency: str = "JPY",
             fee_id: str | None = None, transaction_id: str | None = None,
             pin: str | None = None, terminal_password: str | None = None) -> Message:
    """``amount`` is text as the ILS expects it (e.g. "300" or "2.50"): no float rounding.

    Fee types: 01 other/unknown, 02 administrative, 03 damage, 04 overdue, 05 processing,
    06 rental, 07 replacement, 08 computer access, 09 hold fee. Payment types: 00 cash,
    01 VISA, 02 credit card."""
    return make("37", {"transaction_date": format_date(when), "fee_type": fee_type,
                       "payment_type": payment_type, "currency_type": currency},
                [("BV", amount), ("AO", institution), ("AA", patron),
                 ("AC", terminal_password), ("AD", pin), ("CG", fee_id),
                 ("BK", transaction_id)])


def request_resend() -> Message:
    return make("97")


# -- typed views -------------------------------------------------------------------------
def _expect(m: Message, code: str) -> None:
    """A view of the wrong message is the caller's mix-up: say so as a SIP2 error."""
    if m.code != code:
        raise Sip2Error(f"expected a {code} message, got {m.code}")


def _number(text: str | None) -> int | None:
    """Digits as an int; anything else (blanks, '²', '１２') None: ILSes send odd things."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _status_flags(m: Message) -> dict[str, bool]:
    raw = m.fx("patron_status").ljust(14)
    return {name: raw[i].upper() == "Y" for i, name in enumerate(PATRON_STATUS_FLAGS)}


def _flag(m: Message, field_id: str) -> bool | None:
    value = m.get(field_id)
    return None if value is None else value.strip().upper() == "Y"


def _screen(m: Message) -> str:
    return " ".join(m.get_all("AF"))


@dataclass(frozen=True)
class AcsStatus:
    online: bool
    checkout_ok: bool
    offline_ok: bool
    timeout_seconds: float | None
    retries: int | None
    institution: str
    supported: str
    ils_time: datetime | None = None       # date_time_sync: the ILS's clock (naive = local)

    @classmethod
    def from_message(cls, m: Message) -> AcsStatus:
        _expect(m, "98")
        timeout = _number(m.fx("timeout_period"))
        retries = _number(m.fx("retries_allowed"))
        return cls(online=m.yes("online_status"), checkout_ok=m.yes("checkout_ok"),
                   offline_ok=m.yes("offline_ok"),
                   # 000 means "no timeout"; 999 "unknown"; unit is tenths of a second
                   timeout_seconds=(None if timeout is None or timeout in (0, 999)
                                    else timeout / 10),
                   retries=retries if retries != 999 else None,
                   institution=m.get("AO", "") or "", supported=m.get("BX", "") or "",
                   ils_time=parse_date(m.fx("date_time_sync")))


@dataclass(frozen=True)
class PatronAnswer:
    """What a patron information (64) and a patron status (24) answer share, first in both."""

    patron_id: str
    name: str
    valid: bool | None          # BL; None when the ILS did not say
    pin_valid: bool | None      # CQ
    status: dict[str, bool]

    @property
    def may_borrow(self) -> bool:
        return not self.status.get("charge_privileges_denied", False)


@dataclass(frozen=True)
class PatronInformation(PatronAnswer):
    charged_count: int
    overdue_count: int
    hold_count: int
    screen_message: str
    language: str
    charged_limit: int | None = None      # CB: how many items they may have at once
    hold_items: tuple[str, ...] = ()      # AS: holds ready for pickup (when asked for)
    charged_items: tuple[str, ...] = ()   # AU: items on loan (when asked for)

    @classmethod
    def from_message(cls, m: Message) -> PatronInformation:
        _expect(m, "64")

        def count(name: str) -> int:
            return _number(m.fx(name)) or 0

        return cls(patron_id=m.get("AA", "") or "", name=m.get("AE", "") or "",
                   valid=_flag(m, "BL"), pin_valid=_flag(m, "CQ"), status=_status_flags(m),
                   charged_count=count("charged_items_count"),
                   overdue_count=count("overdue_items_count"),
                   hold_count=count("hold_items_count"),
                   screen_message=_screen(m), language=m.fx("language"),
                   charged_limit=_number(m.get("CB")),
                   hold_items=tuple(m.get_all("AS")), charged_items=tuple(m.get_all("AU")))


_Loan = TypeVar("_Loan", bound="LoanAnswer")
_new_object = object.__new__
# where the variable fields of a 12 and a 30 begin (the same fixed part: see the spec table)
_FIELDS_AT = 2 + SPECS["12"].fixed_length
assert 2 + SPECS["30"].fixed_length == _FIELDS_AT
# the usual end of an answer: a sequence number, then the checksum's four hex digits
_USUAL_TRAILER = re.compile(rb"AY[0-9]AZ([0-9A-Fa-f]{4})\Z")


@dataclass(frozen=True)
class LoanAnswer:
    """What a checkout (12) and a renew (30) answer share, field for field, and the two
    readings of either: from its message (:meth:`from_message`), or typed straight from its
    line (:meth:`from_line`), which gives the same answer for the lines it reads. Only its
    subclasses are made: a checkout's answer never equals a renewal's."""

    ok: bool
    renewal: bool               # renewal ok: the item was already on loan to this patron
    patron_id: str
    item_id: str
    title: str
    due_text: str
    due: datetime | None
    screen_message: str
    media_type: str

    CODE: ClassVar[str]

    @classmethod
    def from_message(cls: type[_Loan], m: Message) -> _Loan:
        """One pass over the fields (the first of a repeated field wins, as
        :meth:`Message.get`). The fixed part of both begins with ``ok`` and ``renewal_ok``
        (see the spec table); a decoded message has it in that order."""
        if m.code != cls.CODE:
            _expect(m, cls.CODE)
        fields = m.fields
        first = dict(fields)
        if len(first) != len(fields):             # a repeated field: the first one wins
            first = dict(reversed(fields))
        (ok_name, ok), (renewal_name, renewal) = m.fixed[:2]
        if ok_name != "ok" or renewal_name != "renewal_ok":   # not built from the spec table
            ok, renewal = m.fx("ok"), m.fx("renewal_ok")
        screen = (" ".join([value for key, value in fields if key == "AF"])
                  if "AF" in first else "")
        return _loan_answer(cls, ok, renewal, first, screen)

    @classmethod
    def from_line(cls: type[_Loan], line: bytes, encoding: str) -> _Loan | None:
        """The codec's typed reader: the answer read in one pass from its line (cut at its
        terminator, as :func:`~sync.sip2.codec.decode_line` takes it) when the line is the
        usual answer: ``AYnAZxxxx`` at the end with a checksum that holds, this class's code,
        the usual ``|`` between fields, every field one SIP2 or a known extension defines,
        none repeated. It is then ``from_message(decode_line(line, encoding, "|", True))``,
        field for field (tests/sip2/test_sip2_typed_reader.py holds the two to it, for
        generated and recorded lines): the same answer, without the :class:`Message` in
        between. None for any other line, which the general reading takes (and refuses,
        asks again for or reads otherwise, as it must).

        :class:`~sync.sip2.connection.Sip2Connection` reads the answer it awaits so when the
        caller asks for it typed (``send(msg, typed=CheckoutResponse)``): the answer to every
        item's checkout or renewal."""
        end = len(line) - 9                       # where "AYnAZxxxx" begins
        if end < _FIELDS_AT or end > 251:         # the checksum in one Adler-32: <= 256 bytes
            return None
        trailer = _USUAL_TRAILER.match(line, end)
        if trailer is None:
            return None
        if (int(trailer[1], 16) + zlib.adler32(line[:end + 5]) - 1) & 0xFFFF:
            return None                           # damaged: the general reading asks again
        text = line[:end].decode(encoding, "replace")
        if text[:2] != cls.CODE or len(text) < _FIELDS_AT:
            return None
        segments = text[_FIELDS_AT:].split("|")
        if not segments[-1]:                      # the delimiter after the last field
            segments.pop()
        first = dict(map(_ID_AND_VALUE, segments))    # (segment[:2], segment[2:]), in C
        if len(first) != len(segments) or not KNOWN_IDS.issuperset(first):
            return None                           # repeated, empty or unknown: not usual
        return _loan_answer(cls, text[2], text[3], first, first.get("AF", ""))


def _loan_answer(cls: type[_Loan], ok: str, renewal: str, first: dict[str, str],
                 screen: str) -> _Loan:
    """A loan answer from its two flags, its fields (the first of each) and its screen
    message: the attributes written straight into it (as ``codec._message`` does): this is
    read for every item."""
    get = first.get
    due_text = get("AH", "")
    answer = _new_object(cls)
    attributes = answer.__dict__
    attributes["ok"] = ok == "1"
    attributes["renewal"] = renewal in {"Y", "y"}
    attributes["patron_id"] = get("AA", "")
    attributes["item_id"] = get("AB", "")
    attributes["title"] = get("AJ", "")
    attributes["due_text"] = due_text
    attributes["due"] = parse_date(due_text)
    attributes["screen_message"] = screen
    attributes["media_type"] = get("CK", "")
    return answer


@dataclass(frozen=True)
class CheckoutResponse(LoanAnswer):
    CODE: ClassVar[str] = "12"


@dataclass(frozen=True)
class LoginResponse:
    ok: bool

    @classmethod
    def from_message(cls, m: Message) -> LoginResponse:
        _expect(m, "94")
        return cls(ok=m.fx("ok") == "1")


@dataclass(frozen=True)
class PatronStatus(PatronAnswer):
    language: str
    fee_amount: str             # BV as sent; "" when absent
    currency: str               # BH
    screen_message: str

    @classmethod
    def from_message(cls, m: Message) -> PatronStatus:
        _expect(m, "24")
        return cls(patron_id=m.get("AA", "") or "", name=m.get("AE", "") or "",
                   valid=_flag(m, "BL"), pin_valid=_flag(m, "CQ"), status=_status_flags(m),
                   language=m.fx("language"), fee_amount=m.get("BV", "") or "",
                   currency=m.get("BH", "") or "", screen_message=_screen(m))


@dataclass(frozen=True)
class CheckinResponse:
    ok: bool
    alert: bool                 # the item needs staff: a hold to trap, a transit, ...
    alert_type: str             # CV (extension): 01 hold here, 02 hold elsewhere, 04 transit
    item_id: str
    patron_id: str              # AA: whose loan it was, when the ILS says
    title: str
    permanent_location: str
    sort_bin: str
    media_type: str
    screen_message: str

    @classmethod
    def from_message(cls, m: Message) -> CheckinResponse:
        _expect(m, "10")
        return cls(ok=m.fx("ok") == "1", alert=m.yes("alert"),
                   alert_type=m.get("CV", "") or "", item_id=m.get("AB", "") or "",
                   patron_id=m.get("AA", "") or "", title=m.get("AJ", "") or "",
                   permanent_location=m.get("AQ", "") or "", sort_bin=m.get("CL", "") or "",
                   media_type=m.get("CK", "") or "", screen_message=_screen(m))


@dataclass(frozen=True)
class RenewResponse(LoanAnswer):
    CODE: ClassVar[str] = "30"


@dataclass(frozen=True)
class ItemInformation:
    circulation_status: str     # the two-digit code; see spec.CIRCULATION_STATUS
    item_id: str
    title: str
    due_text: str
    due: datetime | None
    patron: str | None          # AA: not SIP2 2.00, but some ILSes (and the simulator) send it
    hold_queue_length: int | None
    media_type: str
    permanent_location: str
    current_location: str
    screen_message: str

    @property
    def status_name(self) -> str:
        return CIRCULATION_STATUS.get(self.circulation_status, "unknown")

    @property
    def on_loan(self) -> bool:
        return self.circulation_status in ("04", "05")

    @classmethod
    def from_message(cls, m: Message) -> ItemInformation:
        _expect(m, "18")
        due_text = m.get("AH", "") or ""
        return cls(circulation_status=m.fx("circulation_status"),
                   item_id=m.get("AB", "") or "", title=m.get("AJ", "") or "",
                   due_text=due_text, due=parse_date(due_text), patron=m.get("AA") or None,
                   hold_queue_length=_number(m.get("CF")),
                   media_type=m.get("CK", "") or "",
                   permanent_location=m.get("AQ", "") or "",
                   current_location=m.get("AP", "") or "", screen_message=_screen(m))


@dataclass(frozen=True)
class FeePaidResponse:
    accepted: bool
    patron_id: str
    transaction_id: str
    screen_message: str

    @classmethod
    def from_message(cls, m: Message) -> FeePaidResponse:
        _expect(m, "38")
        return cls(accepted=m.yes("payment_accepted"), patron_id=m.get("AA", "") or "",
                   transaction_id=m.get("BK", "") or "", screen_message=_screen(m))
