"""The ILS's circulation desk: one SIP2 request in, its answer out, the state written first.

No sockets here (the server moves bytes); no clock either (the caller passes ``now``). Every
checkout, renewal, checkin and fee payment is appended to the ledger together with the
change it makes, in one durable transaction, *before* the answer is built: what a kiosk is
told is what the file says. The in-memory collection is changed only after that commit, so a
failed write changes nothing and the request goes unanswered.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from sync.ils_sim.collection import TOKYO, Block, Collection, Item, Loan, MediaType, Patron
from sync.ils_sim.rules import (
    BOOKS,
    CheckoutDecision,
    LendingRules,
    Reason,
    Standing,
    check_checkout,
    check_renewal,
    patron_standing,
    pin_matches,
    refusal,
)
from sync.ils_sim.state import Kind, LedgerEntry, StateStore
from sync.privacy import mask_card
from sync.sip2.codec import Message, format_date, make, parse_date, yn
from sync.sip2.spec import PATRON_STATUS_FLAGS

log = logging.getLogger(__name__)

LIBRARY_NAME = "デモ市立図書館"
LANGUAGE_CODES = {"en": "001", "ja": "014"}     # SIP2 language codes; 000 is unknown
MEDIA_CODES = {                                  # SIP2 media types (CK)
    MediaType.BOOK: "001", MediaType.PICTURE_BOOK: "001", MediaType.LARGE_PICTURE_BOOK: "001",
    MediaType.MAGAZINE: "002", MediaType.KAMISHIBAI: "000", MediaType.LARGE_KAMISHIBAI: "000",
    MediaType.AV: "006",
}
UNKNOWN_PATRON_STATUS = "YYYY" + " " * 10
CURRENCY = "JPY"
# BX, in spec order: patron status, checkout, checkin, block patron, SC/ACS status, resend,
# login, patron information, end session, fee paid, item information, item status update,
# patron enable, hold, renew, renew all
SUPPORTED_MESSAGES = "YYYNYYYYYYYNNNYN"


def _flags(**true: bool) -> str:
    """The 14-character patron status: 'Y' where the condition is true, blank otherwise."""
    return "".join("Y" if true.get(name) else " " for name in PATRON_STATUS_FLAGS)


def patron_status_field(patron: Patron, standing: Standing) -> str:
    denied = not standing.may_borrow
    return _flags(charge_privileges_denied=denied, renewal_privileges_denied=denied,
                  hold_privileges_denied=denied or patron.wide_area,
                  card_reported_lost=Block.CARD_LOST in standing.blocks,
                  too_many_items_charged=bool(standing.full_groups),
                  too_many_items_overdue=Block.LONG_OVERDUE in standing.blocks)


@dataclass(frozen=True)
class AcsStatus:
    """What 98 says about the ILS, and what it then allows (a real ACS with checkout_ok N
    refuses checkouts; online N refuses every circulation request)."""

    online: bool = True
    checkin_ok: bool = True
    checkout_ok: bool = True
    renewal_ok: bool = True          # 98's "ACS renewal policy"
    status_update_ok: bool = False
    offline_ok: bool = True
    timeout_period: str = "050"      # tenths of a second
    retries_allowed: str = "003"

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class Request:
    msg: Message
    now: datetime
    terminal: str      # the kiosk's location (CP at login), else its address


class _PatronAnswer(NamedTuple):
    patron: Patron | None
    standing: Standing | None
    fields: list[tuple[str, str | None]]
    fixed: dict[str, str]
    summary: str


Handler = Callable[[Request], tuple[Message, str]]


class Circulation:
    """The collection, the rules and the store behind one lock; answers one request at a time.

    ``respond`` is called from the serving threads; tests read and change the collection
    through :meth:`locked`, whose changes are saved to the store on exit.
    """

    def __init__(self, collection: Collection, rules: LendingRules, institution: str,
                 store: StateStore) -> None:
        self.collection = collection
        self.rules = rules
        self.institution = institution
        self.store = store
        self.acs = AcsStatus()
        self.lock = threading.RLock()
        self._handlers: dict[str, Handler] = {
            "99": self._sc_status, "63": self._patron_information,
            "23": self._patron_status, "11": self._checkout, "09": self._checkin,
            "17": self._item_information, "35": self._end_session, "29": self._renew,
            "37": self._fee_paid,
        }

    def handles(self, code: str) -> bool:
        return code in self._handlers

    def respond(self, msg: Message, now: datetime, terminal: str = "") -> tuple[Message, str]:
        """The answer to ``msg`` and a one-line summary for the log (cards masked)."""
        with self.lock:
            return self._handlers[msg.code](Request(msg, now, terminal))

    @contextmanager
    def locked(self) -> Iterator[Collection]:
        with self.lock:
            yield self.collection
            self.store.save_snapshot(self.collection)

    def set_acs_status(self, **flags: bool | str) -> AcsStatus:
        unknown = set(flags) - set(AcsStatus.names())
        if unknown:
            raise TypeError(f"unknown ACS status flags: {sorted(unknown)}")
        with self.lock:
            self.acs = replace(self.acs, **flags)  # type: ignore[arg-type]
            return self.acs

    def ledger(self, since: int = 0) -> list[LedgerEntry]:
        with self.lock:
            return self.store.ledger(since)

    # -- helpers -------------------------------------------------------------------------
    def _record(self, req: Request, kind: Kind, card: str, item: str,
                decision: CheckoutDecision | None = None, *,
                ok: bool | None = None, reason: str = "", amount: str | None = None,
                loans: Iterable[Loan] = (), returned: Iterable[str] = (),
                holds: Mapping[str, str | None] | None = None) -> LedgerEntry:
        if decision is not None:
            ok = decision.ok
            reason = "" if decision.ok else str(decision.reason) + (
                f":{decision.detail}" if decision.detail else "")
        msg, now = req.msg, req.now
        when = _tokyo(parse_date(_fixed(msg, "transaction_date")))
        entry = LedgerEntry(
            kind=kind, card=card, item=item,
            transaction_date=when.isoformat() if when else None,
            received_at=now.isoformat(), result="ok" if ok else "refused", reason=reason,
            renewal=bool(decision and decision.ok and decision.renewal),
            due=decision.due.isoformat() if decision and decision.ok and decision.due else None,
            amount=amount, terminal=req.terminal)
        return self.store.record(entry, loans=loans, returned=returned, holds=holds)

    def _unavailable(self, what: str) -> CheckoutDecision | None:
        if not self.acs.online:
            return refusal(self.rules, Reason.ACS_UNAVAILABLE, "offline")
        allowed = {"checkout": self.acs.checkout_ok, "checkin": self.acs.checkin_ok,
                   "renewal": self.acs.renewal_ok}[what]
        return None if allowed else refusal(self.rules, Reason.ACS_UNAVAILABLE, what)

    def _standing_message(self, patron: Patron, standing: Standing,
                          pin_ok: bool | None) -> str | None:
        if pin_ok is False:
            why = refusal(self.rules, Reason.WRONG_PIN)
        elif not standing.may_borrow:
            why = refusal(self.rules, Reason.PATRON_BLOCKED, standing.main_block.value)
        elif standing.full_groups:
            why = refusal(self.rules, Reason.LIMIT_REACHED, sorted(standing.full_groups)[0])
        else:
            return None
        return why.message(patron.language)

    def _patron_answer(self, req: Request) -> _PatronAnswer:
        """What the patron status (24) and patron information (64) answers share: the patron
        and their standing (None when unknown), the variable fields, the fixed fields so far
        (date, status, language) and the log's summary."""
        patron, standing, fields_ = self._patron_fields(req.msg, req.now)
        fixed = {"transaction_date": format_date(req.now)}
        if patron is None or standing is None:
            fixed |= {"patron_status": UNKNOWN_PATRON_STATUS, "language": "000"}
        else:
            fixed |= {"patron_status": patron_status_field(patron, standing),
                      "language": LANGUAGE_CODES.get(patron.language, "000")}
        return _PatronAnswer(patron, standing, fields_, fixed,
                             f"patron={mask_card(req.msg.get('AA') or '')}")

    def _patron_fields(self, msg: Message, now: datetime
                       ) -> tuple[Patron | None, Standing | None, list[tuple[str, str | None]]]:
        card = msg.get("AA") or ""
        pin = msg.get("AD")
        patron = self.collection.patrons.get(card)
        institution = msg.get("AO") or self.institution
        if patron is None:
            unknown = refusal(self.rules, Reason.UNKNOWN_PATRON)
            return None, None, [("AO", institution), ("AA", card), ("AE", ""), ("BL", "N"),
                                ("CQ", None if pin is None else "N"),
                                ("AF", unknown.message("ja"))]
        standing = patron_standing(self.rules, patron, self.collection.loans_of(card), now)
        pin_ok = None if pin is None else pin_matches(patron, pin)
        return patron, standing, [
            ("AO", institution), ("AA", card), ("AE", patron.name),
            ("BL", "Y"), ("CQ", None if pin_ok is None else yn(pin_ok)),
            ("AF", self._standing_message(patron, standing, pin_ok))]

    # -- the messages --------------------------------------------------------------------
    def _sc_status(self, req: Request) -> tuple[Message, str]:
        now = req.now
        acs = self.acs
        answer = make("98", {
            "online_status": yn(acs.online), "checkin_ok": yn(acs.checkin_ok),
            "checkout_ok": yn(acs.checkout_ok), "acs_renewal_policy": yn(acs.renewal_ok),
            "status_update_ok": yn(acs.status_update_ok), "offline_ok": yn(acs.offline_ok),
            "timeout_period": acs.timeout_period, "retries_allowed": acs.retries_allowed,
            "date_time_sync": format_date(now), "protocol_version": "2.00"},
            [("AO", self.institution), ("AM", LIBRARY_NAME), ("BX", SUPPORTED_MESSAGES)])
        return answer, "online" if acs.online else "offline"

    def _patron_information(self, req: Request) -> tuple[Message, str]:
        msg = req.msg
        patron, standing, fields_, fixed, summary = self._patron_answer(req)
        if patron is None or standing is None:
            fixed |= dict.fromkeys(_COUNTS, "0000")
            return make("64", fixed, fields_), summary + " unknown"
        loans = self.collection.loans_of(patron.card)
        holds = self.collection.holds_for(patron.card)
        fixed |= {"hold_items_count": f"{len(holds):04d}",
                  "overdue_items_count": f"{len(standing.overdue):04d}",
                  "charged_items_count": f"{len(loans):04d}",
                  "fine_items_count": "0000", "recall_items_count": "0000",
                  "unavailable_holds_count": "0000"}
        hold_limit = 0 if patron.wide_area else self.rules.hold_limit
        fields_[3:3] = [("BZ", f"{hold_limit:04d}"),
                        ("CB", f"{self.rules.limits.get(BOOKS, 0):04d}")]
        wanted = _fixed(msg, "summary").ljust(10)
        first, last = _item_range(msg)
        for position, field_id, barcodes in (
                (0, "AS", [i.barcode for i in holds]),
                (1, "AT", [loan.item for loan in standing.overdue]),
                (2, "AU", [loan.item for loan in loans])):
            if wanted[position].upper() == "Y":
                fields_ += [(field_id, b) for b in barcodes[first - 1:last]]
        status = "may borrow" if standing.may_borrow else "blocked " + ",".join(
            sorted(standing.blocks))
        return make("64", fixed, fields_), f"{summary} {status} loans={len(loans)}"

    def _patron_status(self, req: Request) -> tuple[Message, str]:
        patron, standing, fields_, fixed, summary = self._patron_answer(req)
        if patron is None or standing is None:
            return make("24", fixed, fields_), summary + " unknown"
        status = "may borrow" if standing.may_borrow else "blocked"
        if patron.wide_area:
            status += ", may not reserve"
        return make("24", fixed, fields_), f"{summary} {status}"

    def _checkout(self, req: Request) -> tuple[Message, str]:
        msg, now = req.msg, req.now
        coll = self.collection
        card, barcode = msg.get("AA") or "", msg.get("AB") or ""
        patron, item = coll.patrons.get(card), coll.items.get(barcode)
        no_block = _yes(msg, "no_block")
        when = now
        if no_block:    # an offline transaction: it happened when the kiosk says it did
            when = _tokyo(parse_date(_fixed(msg, "transaction_date"))) or now
        decision = self._unavailable("checkout") or check_checkout(
            self.rules, patron=patron, item=item,
            patron_loans=coll.loans_of(card) if patron else (), item_loan=coll.loans.get(barcode),
            now=when, pin=msg.get("AD"), no_block=no_block,
            nb_due_date=_tokyo(parse_date(_fixed(msg, "nb_due_date"))))
        kind = Kind.NO_BLOCK_CHECKOUT if no_block else Kind.CHECKOUT
        loan: Loan | None = None
        holds: dict[str, str | None] = {}
        if decision.ok and patron is not None and item is not None:
            assert decision.due is not None
            current = coll.loans.get(barcode)
            if decision.renewal and current is not None:
                loan = replace(current, due=decision.due, renewals=current.renewals + 1)
            else:
                loan = Loan(item=barcode, card=card, media=item.media, loaned_at=when,
                            due=decision.due)
            if decision.hold_pickup:
                holds[barcode] = None
        self._record(req, kind, card, barcode, decision,
                     loans=[loan] if loan else (), holds=holds)
        if loan is not None and item is not None:
            coll.loans[barcode] = loan
            if decision.hold_pickup:
                item.hold_for = None
        answer = self._loan_answer("12", msg, now=now, decision=decision, card=card,
                                   barcode=barcode, item=item, patron=patron,
                                   renewal_ok=decision.renewal, desensitize=decision.ok)
        return answer, f"patron={mask_card(card)} item={barcode} " + _outcome(decision)

    def _loan_answer(self, code: str, msg: Message, *, now: datetime,
                     decision: CheckoutDecision, card: str, barcode: str, item: Item | None,
                     patron: Patron | None, renewal_ok: bool, desensitize: bool) -> Message:
        """12 (checkout) and 30 (renew) answers: the same fields, two flags differ."""
        return make(code, {
            "ok": "1" if decision.ok else "0", "renewal_ok": yn(renewal_ok),
            "magnetic_media": "N", "desensitize": yn(desensitize),
            "transaction_date": format_date(now)}, [
            ("AO", msg.get("AO") or self.institution), ("AA", card), ("AB", barcode),
            ("AJ", item.title if item else ""),
            ("AH", format_date(decision.due) if decision.due else ""),
            ("CK", MEDIA_CODES[item.media] if item else None),
            ("AF", None if decision.ok else
             decision.message(patron.language if patron else "ja"))])

    def _renew(self, req: Request) -> tuple[Message, str]:
        msg, now = req.msg, req.now
        coll = self.collection
        card, barcode = msg.get("AA") or "", msg.get("AB") or ""
        patron, item = coll.patrons.get(card), coll.items.get(barcode)
        current = coll.loans.get(barcode)
        no_block = _yes(msg, "no_block")
        when = now
        if no_block:
            when = _tokyo(parse_date(_fixed(msg, "transaction_date"))) or now
        decision = self._unavailable("renewal") or check_renewal(
            self.rules, patron=patron, item=item, loan=current,
            patron_loans=coll.loans_of(card) if patron else (), now=when, pin=msg.get("AD"),
            no_block=no_block, nb_due_date=_tokyo(parse_date(_fixed(msg, "nb_due_date"))))
        loan = None
        if decision.ok and current is not None:
            assert decision.due is not None
            loan = replace(current, due=decision.due, renewals=current.renewals + 1)
        self._record(req, Kind.NO_BLOCK_RENEW if no_block else Kind.RENEW, card, barcode,
                     decision, loans=[loan] if loan else ())
        if loan is not None:
            coll.loans[barcode] = loan
        answer = self._loan_answer("30", msg, now=now, decision=decision, card=card,
                                   barcode=barcode, item=item, patron=patron,
                                   renewal_ok=decision.ok, desensitize=False)
        return answer, f"patron={mask_card(card)} item={barcode} " + _outcome(decision)

    def _checkin(self, req: Request) -> tuple[Message, str]:
        msg, now = req.msg, req.now
        coll = self.collection
        barcode = msg.get("AB") or ""
        item = coll.items.get(barcode)
        loan = coll.loans.get(barcode) if item else None
        no_block = _yes(msg, "no_block")
        blocked = self._unavailable("checkin")
        ok = loan is not None and blocked is None
        alert = ok and item is not None and item.hold_for is not None
        screen: tuple[str | None, str]
        if blocked is not None:
            screen = (blocked.message_ja, f"refused {blocked.reason} {blocked.detail}")
        elif item is None:
            screen = ("この資料は登録されていません。カウンターへお持ちください。", "unknown item")
        elif loan is None:
            screen = ("この資料は貸出中ではありません。", "not on loan")
        else:
            screen = ("予約資料です。カウンターへお持ちください。" if alert else None, "returned")
        reason = "" if ok else (
            f"{blocked.reason}:{blocked.detail}" if blocked is not None else
            str(Reason.UNKNOWN_ITEM) if item is None else str(Reason.NOT_ON_LOAN))
        self._record(req, Kind.NO_BLOCK_CHECKIN if no_block else Kind.CHECKIN,
                     loan.card if loan else "", barcode, ok=ok,
                     reason=reason, returned=[barcode] if ok else ())
        if ok:
            coll.loans.pop(barcode, None)
        answer = make("10", {
            "ok": "1" if ok else "0", "resensitize": yn(ok), "magnetic_media": "N",
            "alert": yn(alert), "transaction_date": format_date(now)}, [
            ("AO", msg.get("AO") or self.institution), ("AB", barcode),
            ("AQ", item.shelf if item else None), ("AJ", item.title if item else ""),
            ("AA", loan.card if loan else None),
            ("CK", MEDIA_CODES[item.media] if item else None),
            ("CV", "01" if alert else None), ("AF", screen[0])])
        who = f" from {mask_card(loan.card)}" if loan else ""
        return answer, f"item={barcode}{who} {screen[1]}{' to hold shelf' if alert else ''}"

    def _fee_paid(self, req: Request) -> tuple[Message, str]:
        msg, now = req.msg, req.now
        """Accepted from a known patron for a positive amount, and recorded; this ILS keeps
        no fines (Japanese public libraries charge none), so nothing else changes."""
        card = msg.get("AA") or ""
        raw_amount = (msg.get("BV") or "").strip()
        currency = _fixed(msg, "currency_type").strip() or CURRENCY
        patron = self.collection.patrons.get(card)
        try:
            amount = Decimal(raw_amount)
        except InvalidOperation:
            amount = Decimal(0)
        accepted = patron is not None and amount > 0 and amount.is_finite()
        reason = "" if accepted else (
            str(Reason.UNKNOWN_PATRON) if patron is None else "bad_amount")
        self._record(req, Kind.FEE_PAID, card, msg.get("CG") or "",
                     ok=accepted, reason=reason, amount=f"{raw_amount} {currency}".strip())
        language = patron.language if patron else "ja"
        if accepted:
            screen = ("お支払いを受け付けました。" if language != "en"
                      else "Thank you, your payment has been received.")
        elif patron is None:
            screen = refusal(self.rules, Reason.UNKNOWN_PATRON).message(language)
        else:
            screen = ("金額が正しくありません。" if language != "en"
                      else "The amount is not valid.")
        answer = make("38", {"payment_accepted": yn(accepted),
                             "transaction_date": format_date(now)}, [
            ("AO", msg.get("AO") or self.institution), ("AA", card),
            ("BK", msg.get("BK")), ("AF", screen)])
        return answer, (f"patron={mask_card(card)} {raw_amount} {currency} "
                        f"{'accepted' if accepted else 'refused'}")

    def _item_information(self, req: Request) -> tuple[Message, str]:
        msg, now = req.msg, req.now
        barcode = msg.get("AB") or ""
        item = self.collection.items.get(barcode)
        fixed = {"security_marker": "00", "fee_type": "01",
                 "transaction_date": format_date(now)}
        if item is None:
            fixed["circulation_status"] = "01"
            return make("18", fixed, [
                ("AB", barcode), ("AJ", ""),
                ("AF", "この資料は登録されていません。")]), f"item={barcode} unknown"
        loan = self.collection.loans.get(barcode)
        status = "04" if loan else ("08" if item.hold_for else "03")
        fixed["circulation_status"] = status
        note = "禁帯出" if item.not_for_loan else ("相互貸借資料" if item.ill else None)
        answer = make("18", fixed, [
            ("CF", "1" if item.hold_for else "0"),
            ("AH", format_date(loan.due) if loan else None),
            ("AB", barcode), ("AJ", item.title), ("CK", MEDIA_CODES[item.media]),
            ("AQ", item.shelf), ("AP", item.shelf),
            ("AA", loan.card if loan else None), ("AF", note)])
        holder = f" on loan to {mask_card(loan.card)}" if loan else ""
        return answer, f"item={barcode} status={status}{holder}"

    def _end_session(self, req: Request) -> tuple[Message, str]:
        msg, now = req.msg, req.now
        card = msg.get("AA") or ""
        answer = make("36", {"end_session": "Y", "transaction_date": format_date(now)},
                      [("AO", msg.get("AO") or self.institution), ("AA", card)])
        return answer, f"patron={mask_card(card)}"


_COUNTS = ("hold_items_count", "overdue_items_count", "charged_items_count",
           "fine_items_count", "recall_items_count", "unavailable_holds_count")


def _outcome(decision: CheckoutDecision) -> str:
    if not decision.ok:
        return f"refused {decision.reason} {decision.detail}".rstrip()
    kind = "renewal" if decision.renewal else (
        "hold pickup" if decision.hold_pickup else "loan")
    forced = " (no block)" if decision.forced else ""
    assert decision.due is not None
    return f"{kind}{forced} due {decision.due.date().isoformat()}"


def _fixed(msg: Message, name: str) -> str:
    """A fixed field, or "" when the message lacks it (a short request from an odd SC)."""
    try:
        return msg.fx(name)
    except KeyError:
        return ""


def _yes(msg: Message, name: str) -> bool:
    return _fixed(msg, name).upper() == "Y"


def _item_range(msg: Message) -> tuple[int, int]:
    """BP/BQ: the 1-based, inclusive range of list entries the SC asked for."""
    def number(field_id: str, default: int) -> int:
        value = (msg.get(field_id) or "").strip()
        return int(value) if value.isdigit() and int(value) > 0 else default
    return number("BP", 1), number("BQ", 10_000)


def _tokyo(when: datetime | None) -> datetime | None:
    """SIP2 dates are local time: a parsed (naive) date is the library's, Tokyo."""
    if when is None:
        return None
    return when.replace(tzinfo=TOKYO) if when.tzinfo is None else when.astimezone(TOKYO)
