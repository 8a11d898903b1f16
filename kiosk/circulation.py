"""The SIP2-backed :class:`kiosk.lending.Circulation`: asks the ILS and remembers what it saw in
the local cache (read-through), for offline mode.

Offline decisions (the cache and the journal) are kiosk.offline's. Online, nothing the
journal still holds is lent again: an item with an offline loan the ILS has not accepted yet
is the offline patron's ("you already have this") and nobody else's ("please ask staff"),
and the kiosk sends nothing for it. The ILS's refusals are read into the kiosk's reason
codes (kiosk.reasons), so every language can say why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk import reasons
from kiosk.barcodes import mask
from kiosk.events import CurrentLoan, ItemProblem, Loan, Mode, PatronProblem, RenewBlock
from kiosk.lending import CheckoutOutcome, Patron, PatronOutcome, RenewOutcome
from sync.cache.cache import Cache
from sync.cache.offline_view import OfflineView, Rule
from sync.journal import JournalState, OfflineJournal
from sync.sip2.client import Sip2Client, Sip2Rejected, Sip2Unavailable
from sync.sip2.codec import Sip2Error
from sync.sip2.messages import (
    CheckoutResponse,
    ItemInformation,
    PatronInformation,
    RenewResponse,
)
from sync.sip2.spec import PATRON_STATUS_FLAGS

log = logging.getLogger(__name__)


DEFAULT_RULE = Rule(loan_class="", loan_days=14, limit_group="books", max_items=10)
# SIP2 media types (CK) lent as AV: audio tape, video tape, CD/CD-ROM (and DVD)
AV_MEDIA_TYPES = frozenset({"004", "005", "006"})


def loan_class_of(cached_class: str, media_type: str) -> str:
    """The lending class the rules count by: the feed's, else one read from the SIP2 media
    type (an item only seen online has none): AV for tapes and discs, else a book."""
    if cached_class:
        return cached_class
    media = media_type.strip()
    if media in AV_MEDIA_TYPES:
        return "av"
    return "magazine" if media == "002" else "book"


def rule_for(rules: dict[str, Rule], loan_class: str) -> Rule:
    """The class's rule, else the books' (where nearly everything is), else the default."""
    return rules.get(loan_class) or rules.get("book") or DEFAULT_RULE


def due_day(start: date, days: int, closed: frozenset[date] | set[date]) -> date:
    """``days`` after ``start``, moved forward past days the library is closed."""
    day = start + timedelta(days=days)
    while day in closed:
        day += timedelta(days=1)
    return day


def renew_block(item: ItemInformation, today: date, *, tz: ZoneInfo,
                renew_due: date | None = None) -> RenewBlock | None:
    """Why the kiosk should not offer to renew this loan, from what SIP2 tells and the
    branch's rules (the seeds: not with a hold waiting, not once overdue; and never where
    the renewal would not give a later date, as on the day of the loan when a renewal counts
    from the day it is made). Everything else — renewed once already, ILL, 大型絵本 — is the
    ILS's to refuse, and its answer is shown in renewal words."""
    if item.hold_queue_length:
        return RenewBlock.HOLD_QUEUE
    due = _local_day(item.due, tz)
    if due is not None and due < today:
        return RenewBlock.OVERDUE
    if renew_due is not None and due is not None and renew_due <= due:
        return RenewBlock.NO_LATER_DATE
    return None


def _local_day(when: datetime | None, tz: ZoneInfo) -> date | None:
    if when is None:
        return None
    return (when.astimezone(tz) if when.tzinfo else when).date()


def patron_problem(info: PatronInformation, *, require_pin: bool) -> PatronProblem | None:
    """Why this patron may not borrow, from the 64 answer; None when they may. The status
    flags first; a plain "may not borrow" is made specific by the screen message."""
    if info.valid is False:
        return PatronProblem.UNKNOWN_CARD
    if require_pin and info.pin_valid is not True:
        return PatronProblem.WRONG_PIN
    status = info.status
    if status.get("card_reported_lost"):
        return PatronProblem.CARD_LOST
    if not info.may_borrow:
        if status.get("too_many_items_overdue") or status.get("recall_overdue"):
            return PatronProblem.OVERDUE
        if status.get("excessive_outstanding_fines") or status.get("excessive_outstanding_fees"):
            return PatronProblem.FINES
        return reasons.patron_problem(info.screen_message, PatronProblem.BLOCKED)
    return None


@dataclass(frozen=True)
class _LoanResult:
    """What a checkout and a renewal share: the loan, or why not."""

    loan: Loan | None = None
    title: str = ""
    problem: ItemProblem | None = None
    ils_message: str = ""
    maybe_delivered: bool = False


class OnlineCirculation:
    """Every decision is the ILS's; each answer is also written to the cache (read-through)."""

    def __init__(self, client: Sip2Client, cache: Cache | None, *, timezone: ZoneInfo,
                 require_pin: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        self._client = client
        self._cache = cache
        self._journal = OfflineJournal(cache) if cache is not None else None
        self._view = OfflineView(cache) if cache is not None else None
        self._tz = timezone
        self._require_pin = require_pin
        self._clock = clock or (lambda: datetime.now(self._tz))

    def identify(self, card: str, pin: str | None = None) -> PatronOutcome:
        try:
            info = self._client.patron_information(card, pin=pin, summary=("hold_items",))
        except Sip2Rejected as exc:
            # the ILS is there but closed on the request (the client logged why): the
            # patron is sent to staff, and the kiosk does not go offline over it
            log.error("the ILS refused the lookup of %s: %s", mask(card), exc)
            return PatronOutcome(None, PatronProblem.BLOCKED)
        except Sip2Unavailable as exc:
            log.warning("ILS unreachable while identifying %s: %s", mask(card), exc)
            return PatronOutcome(None, PatronProblem.ILS_UNAVAILABLE)
        except Sip2Error as exc:
            log.error("unexpected SIP2 answer identifying %s: %s", mask(card), exc)
            return PatronOutcome(None, PatronProblem.ILS_UNAVAILABLE)
        problem = patron_problem(info, require_pin=self._require_pin)
        if info.valid is not False:
            self._remember_patron(card, info)
        if problem is not None:
            log.info("patron %s refused: %s", mask(card), problem)
            return PatronOutcome(None, problem, info.screen_message)
        return PatronOutcome(Patron(card, info.name, info.charged_count, info.screen_message,
                                    charged_limit=info.charged_limit,
                                    holds_ready=frozenset(info.hold_items),
                                    charged_items=self._charged_items(card, info)))

    def _charged_items(self, card: str, info: PatronInformation) -> frozenset[str]:
        """What the patron has on loan, so that a re-scan of one is answered without a
        checkout (the ILS would take it as a renewal). A second 63: SIP2 asks for one list
        per request, and the first asked for the holds."""
        if info.charged_items or not info.charged_count:
            return frozenset(info.charged_items)
        try:
            return frozenset(self._client.patron_information(
                card, summary=("charged_items",)).charged_items)
        except Sip2Error as exc:        # the session goes on; a re-scan is then the ILS's
            log.warning("could not list the loans of %s: %s", mask(card), exc)
            return frozenset()

    def checkout(self, card: str, item: str) -> CheckoutOutcome:
        held = self._journalled(card, item)
        if held is not None:
            return held
        loan = self._loan("checkout", item, reasons.checkout_problem,
                          lambda: self._client.checkout(card, item, when=self._clock()))
        return CheckoutOutcome(loan.loan, loan.title, loan.problem, loan.ils_message,
                               maybe_delivered=loan.maybe_delivered)

    def current_loans(self, card: str) -> tuple[CurrentLoan, ...] | None:
        """63 with the charged-items list, then 17 for each item (title, due date, holds)."""
        try:
            info = self._client.patron_information(card, summary=("charged_items",))
            details = [self._client.item_information(item) for item in info.charged_items]
        except Sip2Error as exc:                    # Sip2Unavailable included
            log.warning("could not list the loans of %s: %s", mask(card), exc)
            return None
        today = self._clock().astimezone(self._tz).date()
        renewals = self._renewal_dates(today, [(item, d.media_type) for item, d
                                               in zip(info.charged_items, details,
                                                      strict=True)])
        loans = []
        for item, d in zip(info.charged_items, details, strict=True):
            block = renew_block(d, today, tz=self._tz, renew_due=renewals.get(item))
            loans.append(CurrentLoan(item=d.item_id or item, title=d.title,
                                     due=_local_day(d.due, self._tz), renew_block=block,
                                     renew_due=renewals.get(item) if block is None else None))
        return tuple(sorted(loans, key=lambda loan: (loan.due or date.max, loan.item)))

    def _renewal_dates(self, today: date, items: list[tuple[str, str]]) -> dict[str, date]:
        """The due date a renewal made today would give each item, by the branch's rules as
        the cache holds them (the feed's loan periods per class, closed days skipped): a
        renewal counts from the day it is made (Toyama, Kyoto)."""
        rules: dict[str, Rule] = {}
        closed: set[date] = set()
        cached: dict[str, str] = {}
        if self._view is not None:
            try:
                rules = self._view.rules()
                closed = self._view.closed_days(today, today + timedelta(days=120))
                for item, _media in items:
                    standing = self._view.item(item)
                    cached[item] = standing.loan_class if standing else ""
            except Exception:               # the cache must never stop the list
                log.exception("could not read the loan rules")
        return {item: due_day(today, rule_for(rules, loan_class_of(cached.get(item, ""),
                                                                   media)).loan_days,
                              frozenset(closed))
                for item, media in items}

    def renew(self, card: str, item: str) -> RenewOutcome:
        loan = self._loan("renewal", item, reasons.renewal_problem,
                          lambda: self._client.renew(card, item, when=self._clock()))
        return RenewOutcome(loan.loan, loan.title, loan.problem, loan.ils_message)

    def _loan(self, what: str, item: str, problem_of: Callable[[str], ItemProblem],
              ask: Callable[[], CheckoutResponse | RenewResponse]) -> _LoanResult:
        """A checkout or a renewal (``what``) asked of the ILS: its loan, or why not.

        Rejected (the ILS is there and may have made it): never sent again by the kiosk, the
        patron takes the item to the counter. Unreachable: ILS_UNAVAILABLE, and whether the
        request may have landed. A renewal's loan is a renewal whatever the ILS says."""
        try:
            answer = ask()
        except Sip2Rejected as exc:
            log.error("%s of %s in doubt, never re-sent; check it at the counter: %s", what,
                      item, exc)
            return _LoanResult(problem=ItemProblem.REFUSED,
                               maybe_delivered=exc.maybe_delivered)
        except Sip2Unavailable as exc:
            log.warning("ILS unreachable during the %s of %s: %s", what, item, exc)
            return _LoanResult(problem=ItemProblem.ILS_UNAVAILABLE, maybe_delivered=bool(
                getattr(exc, "maybe_delivered", False)))
        except Sip2Error as exc:
            log.error("unexpected SIP2 answer to the %s of %s: %s", what, item, exc)
            return _LoanResult(problem=ItemProblem.ILS_UNAVAILABLE)
        if not answer.ok:
            log.info("%s of %s refused: %s", what, item, answer.screen_message)
            return _LoanResult(None, answer.title, problem_of(answer.screen_message),
                               answer.screen_message)
        due = answer.due.astimezone(self._tz) if answer.due and answer.due.tzinfo else answer.due
        self._remember_item(item, answer.title, answer.media_type, due)
        return _LoanResult(Loan(item=item, title=answer.title, due=due.date() if due else None,
                                due_text=answer.due_text, mode=Mode.ONLINE,
                                renewal=answer.renewal or what == "renewal"),
                           answer.title, ils_message=answer.screen_message)

    def record_security(self, card: str, item: str, mode: Mode, ok: bool, state: str) -> None:
        """Online the ILS has the loan and nothing else keeps a row for it: a log line for
        staff, the item and the outcome (never the card)."""
        if ok:
            log.info("security of %s turned off after its loan (%s)", item, state or "ok")
        else:
            log.warning("security of %s NOT turned off after its loan; the loan stands, "
                        "staff check the book: %s", item, state or "no reason given")

    def end_session(self, card: str) -> None:
        try:
            self._client.end_patron_session(card)
        except Sip2Error as exc:  # the session is over for the patron either way
            log.warning("could not tell the ILS that %s's session ended: %s", mask(card), exc)

    # -- the journal ---------------------------------------------------------------------
    def _journalled(self, card: str, item: str) -> CheckoutOutcome | None:
        """The answer for an item the journal still holds, or None to ask the ILS.

        Pending or in doubt (``sending``): the offline patron has it; the same patron is told
        so, anyone else is sent to staff. Failed (the ILS refused the loan at replay):
        nobody, until staff resolve the row. Done or renewed: the ILS has the loan, and
        decides. Nothing is sent for an item held here: a checkout would be a renewal for
        the same patron (the replay then doubles it) or a second loan for another."""
        if self._journal is None or self._cache is None:
            return None
        try:
            claim = self._journal.latest_of_item(item)
            if claim is None or claim.state not in (JournalState.PENDING, JournalState.SENDING,
                                                    JournalState.FAILED):
                return None
            mine = claim.card_hash == self._cache.card_hash(card)
        except Exception:     # a journal that cannot be read must not stop lending online
            log.exception("could not read the journal for %s", item)
            return None
        if claim.state is JournalState.FAILED or not mine:
            # the item alone: no log line puts a card, even masked, beside an item
            log.warning("item %s has an offline loan the ILS has not accepted (%s): the "
                        "patron is sent to staff, nothing sent", item, claim.state)
            return CheckoutOutcome(None, claim.title, ItemProblem.ASK_STAFF)
        due = claim.due_at.astimezone(self._tz)
        return CheckoutOutcome(Loan(item=item, title=claim.title, due=due.date(),
                                    due_text=due.strftime("%Y-%m-%d"), mode=Mode.OFFLINE),
                               claim.title, already=True)

    # -- read-through cache --------------------------------------------------------------
    def _remember_patron(self, card: str, info: PatronInformation) -> None:
        if self._cache is None:
            return
        status = "".join("Y" if info.status.get(n) else " " for n in PATRON_STATUS_FLAGS)
        try:
            self._cache.remember_patron(card, valid=info.valid is not False,
                                        may_borrow=info.may_borrow, status=status,
                                        charged_count=info.charged_count,
                                        seen_at=self._clock())
        except Exception:  # the cache must never stop an online loan
            log.exception("could not cache patron %s", mask(card))

    def _remember_item(self, item: str, title: str, media_type: str,
                       due: datetime | None) -> None:
        if self._cache is None:
            return
        if due is not None and due.tzinfo is None:
            due = due.replace(tzinfo=self._tz)
        try:
            self._cache.remember_item(item, title=title, media_type=media_type,
                                      circulation_status="04", due_at=due,
                                      seen_at=self._clock())
        except Exception:
            log.exception("could not cache item %s", item)
