"""Lending while the ILS is unreachable: decisions from the local cache, loans to the journal.

Every refusal names its reason. A loan is acknowledged only after the journal's commit
returns (sync/journal.py); if the journal cannot be written, nothing is acknowledged and the
patron is sent to the counter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from kiosk.barcodes import mask
from kiosk.circulation import CheckoutOutcome, Patron, PatronOutcome
from kiosk.config import OfflinePolicy
from kiosk.events import ItemProblem, Loan, Mode, PatronProblem
from sync.cache.offline_view import OfflineView, Rule
from sync.journal import OfflineJournal

log = logging.getLogger(__name__)

DEFAULT_RULE = Rule(loan_class="", loan_days=14, limit_group="books", max_items=10)
BLOCKS = {"card_lost": PatronProblem.CARD_LOST, "long_overdue": PatronProblem.OVERDUE,
          "unknown": PatronProblem.UNKNOWN_CARD}


class OfflineCirculation:
    def __init__(self, view: OfflineView, journal: OfflineJournal, policy: OfflinePolicy, *,
                 timezone: ZoneInfo, clock: Callable[[], datetime] | None = None) -> None:
        self._view = view
        self._journal = journal
        self._policy = policy
        self._tz = timezone
        self._clock = clock or (lambda: datetime.now(self._tz))

    def identify(self, card: str, pin: str | None = None) -> PatronOutcome:
        if not self._policy.allowed:
            return PatronOutcome(None, PatronProblem.ILS_UNAVAILABLE)
        standing = self._view.patron(card)
        if not standing.known:
            if not self._policy.unknown_patrons:
                log.info("offline: card %s not in the cache; refused by policy", mask(card))
                return PatronOutcome(None, PatronProblem.OFFLINE_UNKNOWN)
            return PatronOutcome(Patron(card, "", 0))
        if standing.block is not None:
            return PatronOutcome(None, BLOCKS.get(standing.block, PatronProblem.BLOCKED))
        return PatronOutcome(Patron(card, "", standing.charged_count))

    def checkout(self, card: str, item_id: str, *, maybe_at_ils: bool = False
                 ) -> CheckoutOutcome:
        """``maybe_at_ils``: an online attempt got no answer and may have reached the ILS;
        the loan is journalled as possibly sent, so the replay checks before sending."""
        now = self._clock()
        policy = self._policy
        if not policy.allowed:
            return CheckoutOutcome(None, problem=ItemProblem.ILS_UNAVAILABLE)
        item = self._view.item(item_id)
        title = item.title if item else ""
        try:
            existing = self._journal.open_loan_of_item(item_id)
            if existing is not None:
                if self._view.card_hash(card) == self._journal_card_hash(existing.id):
                    # the same patron again (a re-scan after a restart): the loan stands
                    return CheckoutOutcome(self._loan(item_id, existing.title or title,
                                                      existing.due_at), existing.title)
                return CheckoutOutcome(None, title, ItemProblem.ON_LOAN)
            if self._journal.count_open() >= policy.max_total:
                log.error("offline: %d unsent loans reached the cap of %d; lending stops",
                          policy.max_total, policy.max_total)
                return CheckoutOutcome(None, title, ItemProblem.OFFLINE_CAP)
            start_of_day = datetime.combine(now.date(), time(), self._tz)
            if self._journal.loans_since(card, start_of_day) >= policy.max_items_per_patron:
                return CheckoutOutcome(None, title, ItemProblem.OFFLINE_LIMIT)
        except SQLAlchemyError:
            log.exception("offline: the journal cannot be read")
            return CheckoutOutcome(None, title, ItemProblem.NOT_RECORDED)

        if item is None and not policy.unknown_items:
            return CheckoutOutcome(None, "", ItemProblem.REFUSED)
        loan_class = item.loan_class if item else ""
        if item is not None:
            problem = self._item_problem(card, item.not_for_loan, item.ill,
                                         item.hold_card_hash)
            if problem is not None:
                return CheckoutOutcome(None, title, problem)
        rules = self._view.rules()
        rule = rules.get(loan_class) or rules.get("book") or DEFAULT_RULE
        if self._over_limit(card, rule, rules):
            return CheckoutOutcome(None, title, ItemProblem.LIMIT_REACHED)
        due = self._due(now.date(), policy.loan_days or rule.loan_days)
        try:
            self._journal.record_loan(card=card, item_id=item_id, title=title,
                                      loan_class=loan_class, transaction_at=now, due_at=due,
                                      maybe_sent=maybe_at_ils)
        except (SQLAlchemyError, OSError) as exc:
            log.error("offline: loan of %s NOT recorded (%s); lending stops", item_id, exc)
            return CheckoutOutcome(None, title, ItemProblem.NOT_RECORDED)
        log.info("offline loan of %s to %s journalled", item_id, mask(card))
        return CheckoutOutcome(self._loan(item_id, title, due), title)

    def end_session(self, card: str) -> None:
        """Nothing to tell an ILS that is not there."""

    # ---------------------------------------------------------------------------------------
    def _journal_card_hash(self, row_id: int) -> str:
        return self._journal.card_hash_of(row_id)

    def _item_problem(self, card: str, not_for_loan: bool, ill: bool,
                      hold_card_hash: str | None) -> ItemProblem | None:
        if not_for_loan:
            return ItemProblem.NOT_FOR_LOAN
        if ill:
            return ItemProblem.ILL
        if hold_card_hash is not None and hold_card_hash != self._view.card_hash(card):
            return ItemProblem.ON_HOLD
        return None

    def _over_limit(self, card: str, rule: Rule, rules: dict[str, Rule]) -> bool:
        """Loans the ILS last reported plus unsent offline loans, against the group's limit.

        The cache knows the patron's total, not per class; it is counted against the books
        group, where nearly all loans are (a documented approximation, on the safe side)."""
        open_loans = self._journal.open_loans_of(card)
        group = rule.limit_group
        in_group = sum(count for cls, count in open_loans.items()
                       if (rules.get(cls) or DEFAULT_RULE).limit_group == group)
        if group == DEFAULT_RULE.limit_group:
            in_group += self._view.patron(card).charged_count
        return in_group >= rule.max_items

    def _due(self, today: date, days: int) -> datetime:
        """``days`` from today, moved forward past closed days; end of that day, local time."""
        day = today + timedelta(days=days)
        closed = self._view.closed_days(day, day + timedelta(days=60))
        while day in closed:
            day += timedelta(days=1)
        return datetime.combine(day, time(23, 59, 59), self._tz)

    def _loan(self, item_id: str, title: str, due: datetime) -> Loan:
        local = due.astimezone(self._tz)
        return Loan(item=item_id, title=title, due=local.date(),
                    due_text=local.strftime("%Y-%m-%d"), mode=Mode.OFFLINE)
