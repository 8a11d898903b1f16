"""Lending while the ILS is unreachable: decisions from the local cache, loans to the journal.

Every refusal names its reason. A loan is acknowledged only after the journal's commit
returns (sync/journal.py); if the journal cannot be written, nothing is acknowledged and the
patron is sent to the counter.

The loan rules are the online ones as the cache holds them: the loan period and limit of the
item's class (AV one week where the library says so), whether the feed named the class or
only SIP2's media type did; ``[offline] loan_days`` only for classes the rules do not cover.
An item the journal still holds (not yet at the ILS) is never journalled twice: the same
patron is told they have it, anyone else is refused, and a row the ILS refused keeps the item
for staff. An item whose row was replayed is lent again (it may have been returned since);
the replay asks the ILS before sending such a row.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from kiosk.barcodes import mask
from kiosk.circulation import DEFAULT_RULE, loan_class_of, rule_for
from kiosk.config import OfflinePolicy
from kiosk.events import CurrentLoan, ItemProblem, Loan, Mode, PatronProblem
from kiosk.lending import CheckoutOutcome, Patron, PatronOutcome, RenewOutcome
from sync.cache.offline_view import OfflineView, Rule
from sync.cache.unit_of_work import CheckoutFacts, LoanUnitOfWork, OfflineLoans, PatronFacts
from sync.journal import OfflineJournal

log = logging.getLogger(__name__)

# closed days are looked up this far ahead: longer than any loan period plus a long closure
CLOSED_DAYS_HORIZON = 120
BLOCKS = {"card_lost": PatronProblem.CARD_LOST, "long_overdue": PatronProblem.OVERDUE,
          "unknown": PatronProblem.UNKNOWN_CARD}


class OfflineCirculation:
    def __init__(self, view: OfflineView, journal: OfflineJournal, policy: OfflinePolicy, *,
                 timezone: ZoneInfo, clock: Callable[[], datetime] | None = None) -> None:
        # every read and write of the cache and the journal goes through a unit of work
        self._loans = OfflineLoans(view.cache, kiosk_id=journal.kiosk_id)
        self._policy = policy
        self._tz = timezone
        self._clock = clock or (lambda: datetime.now(self._tz))

    def identify(self, card: str, pin: str | None = None) -> PatronOutcome:
        if not self._policy.allowed:
            return PatronOutcome(None, PatronProblem.ILS_UNAVAILABLE)
        today = self._clock().astimezone(self._tz).date()
        # one read-only unit of work: the patron's standing and what their count needs, as
        # one snapshot (a loan on another kiosk between them cannot skew it)
        try:
            with self._loans.read() as uow:
                facts = uow.patron_facts(card, since=datetime.combine(today, time(), self._tz))
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            log.error("offline: could not read %s from the cache (%s)", mask(card), exc)
            return PatronOutcome(None, PatronProblem.ILS_UNAVAILABLE)
        standing = facts.patron
        if not standing.known:
            if not self._policy.unknown_patrons:
                log.info("offline: card %s not in the cache; refused by policy", mask(card))
                return PatronOutcome(None, PatronProblem.OFFLINE_UNKNOWN)
            return PatronOutcome(Patron(card, "", 0, items_left=self._items_left(facts)))
        if standing.block is not None:
            return PatronOutcome(None, BLOCKS.get(standing.block, PatronProblem.BLOCKED))
        return PatronOutcome(Patron(card, "", standing.charged_count,
                                    items_left=self._items_left(facts)))

    def _items_left(self, facts: PatronFacts) -> int:
        """How many more they may borrow here now, as online: the books' limit less the loans
        the ILS last reported and those not sent yet, and at most what the branch's offline
        limit for the day leaves."""
        rules = facts.rules
        books = rule_for(rules, "book")
        in_books = facts.patron.charged_count + sum(
            n for cls, n in facts.open_by_class.items()
            if rule_for(rules, cls).limit_group == books.limit_group)
        return max(min(books.max_items - in_books,
                       self._policy.max_items_per_patron - facts.loans_since), 0)

    def checkout(self, card: str, item_id: str, *, maybe_at_ils: bool = False
                 ) -> CheckoutOutcome:
        """``maybe_at_ils``: an online attempt got no answer and may have reached the ILS;
        the loan is journalled as possibly sent, so the replay checks before sending."""
        if not self._policy.allowed:
            return CheckoutOutcome(None, problem=ItemProblem.ILS_UNAVAILABLE)
        # The decision's reads and the loan's writes are one unit of work: one commit, which
        # is what the patron waits for (bench/bench_offline.py), and nothing in between.
        try:
            with self._loans.begin() as uow:
                outcome = self._checkout(uow, card, item_id, self._clock(), maybe_at_ils)
                uow.commit()     # fsync: only now may the patron see success
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            log.error("offline: loan of %s NOT recorded (%s); lending stops", item_id, exc)
            return CheckoutOutcome(None, "", ItemProblem.NOT_RECORDED)
        return outcome

    def close(self) -> None:
        self._loans.close()

    def _checkout(self, uow: LoanUnitOfWork, card: str, item_id: str, now: datetime,
                  maybe_at_ils: bool) -> CheckoutOutcome:
        policy = self._policy
        today = now.astimezone(self._tz).date()
        facts = uow.checkout_facts(
            card, item_id, since=datetime.combine(today, time(), self._tz),
            first_day=today, last_day=today + timedelta(days=CLOSED_DAYS_HORIZON),
            count_cap=policy.max_total)
        item = facts.item
        title = item.title if item else ""
        last = facts.item_last_row
        if last is not None:
            mine = last.card_hash == facts.card_hash
            already = CheckoutOutcome(self._loan(item_id, last.title or title, last.due_at),
                                      last.title or title, already=True)
            if last.state in ("pending", "sending"):
                # the same patron again (a re-scan after a restart): the loan stands
                return already if mine else CheckoutOutcome(None, title, ItemProblem.ON_LOAN)
            if last.state == "failed":
                # the ILS refused this loan at replay: staff decide whose it is
                return CheckoutOutcome(None, title, ItemProblem.ASK_STAFF)
            # Replayed already: the book is here, and the kiosk cannot know whether it went
            # back in between (a return desk never tells this cache). A new row is written;
            # the replay asks the ILS first (sync.replay: a row of an item the journal sent
            # before) and skips it if the patron still has it, so no renewal and no lost loan.
        if facts.open_total >= policy.max_total:
            log.error("offline: %d unsent loans reached the cap of %d; lending stops",
                      facts.open_total, policy.max_total)
            return CheckoutOutcome(None, title, ItemProblem.OFFLINE_CAP)
        if facts.patron_loans_since >= policy.max_items_per_patron:
            return CheckoutOutcome(None, title, ItemProblem.OFFLINE_LIMIT)
        if item is None and not policy.unknown_items:
            return CheckoutOutcome(None, "", ItemProblem.REFUSED)
        loan_class = loan_class_of(item.loan_class, item.media_type) if item else ""
        if item is not None:
            problem = self._item_problem(facts.card_hash, item.not_for_loan, item.ill,
                                         item.hold_card_hash)
            if problem is not None:
                return CheckoutOutcome(None, title, problem)
        rules = facts.rules
        rule = rule_for(rules, loan_class)
        if self._over_limit(facts, rule):
            return CheckoutOutcome(None, title, ItemProblem.LIMIT_REACHED)
        # the class's own period, as online; the branch's offline period only where the
        # cached rules have none for the class
        days = rules[loan_class].loan_days if loan_class in rules else (
            policy.loan_days or rule.loan_days)
        due = self._due(today, days, facts.closed_days)
        uow.add_loan(card=card, item_id=item_id, title=title, loan_class=loan_class,
                     transaction_at=now, due_at=due, maybe_sent=maybe_at_ils,
                     card_hash=facts.card_hash)
        # the item, never beside the card: the log outlives the journal row (kiosk.privacy)
        log.info("offline loan of %s journalled", item_id)
        return CheckoutOutcome(self._loan(item_id, title, due), title)

    def record_security(self, card: str, item: str, mode: Mode, ok: bool, state: str) -> None:
        """Into the journal row of this patron's loan of the item (the newest), beside the
        loan the replay sends: staff see it in ``kiosk journal list``. A row that cannot be
        written is logged; the loan stands either way."""
        text = f"{'ok' if ok else 'failed'}: {state}" if state else ("ok" if ok else "failed")
        try:
            with self._loans.begin() as uow:
                found = uow.record_security(item, self._loans.cache.card_hash(card), text)
                uow.commit()
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            log.error("offline: the security result of %s NOT recorded (%s): %s", item, exc,
                      text)
            return
        if not found:
            log.warning("offline: no journal row of %s for its security result: %s", item,
                        text)
        elif not ok:
            log.warning("offline: security of %s NOT turned off after its loan; the loan "
                        "stands, staff check the book: %s", item, state)

    def current_loans(self, card: str) -> tuple[CurrentLoan, ...] | None:
        return None                      # the cache counts loans but does not list them

    def renew(self, card: str, item: str) -> RenewOutcome:
        return RenewOutcome(None, problem=ItemProblem.ILS_UNAVAILABLE)

    def end_session(self, card: str) -> None:
        """Nothing to tell an ILS that is not there."""

    # ---------------------------------------------------------------------------------------
    def _item_problem(self, card_hash: str, not_for_loan: bool, ill: bool,
                      hold_card_hash: str | None) -> ItemProblem | None:
        if not_for_loan:
            return ItemProblem.NOT_FOR_LOAN
        if ill:
            return ItemProblem.ILL
        if hold_card_hash is not None and hold_card_hash != card_hash:
            return ItemProblem.ON_HOLD
        return None

    @staticmethod
    def _over_limit(facts: CheckoutFacts, rule: Rule) -> bool:
        """Loans the ILS last reported plus unsent offline loans, against the group's limit.

        The cache knows the patron's total, not per class; it is counted against the books
        group, where nearly all loans are (a documented approximation, on the safe side)."""
        group = rule.limit_group
        in_group = sum(count for cls, count in facts.patron_open_by_class.items()
                       if (facts.rules.get(cls) or DEFAULT_RULE).limit_group == group)
        if group == DEFAULT_RULE.limit_group:
            in_group += facts.patron.charged_count
        return in_group >= rule.max_items

    def _due(self, today: date, days: int, closed: frozenset[date]) -> datetime:
        """``days`` from today, moved forward past closed days; end of that day, local time."""
        day = today + timedelta(days=days)
        while day in closed:
            day += timedelta(days=1)
        return datetime.combine(day, time(23, 59, 59), self._tz)

    def _loan(self, item_id: str, title: str, due: datetime) -> Loan:
        local = due.astimezone(self._tz)
        day = local.date()
        return Loan(item=item_id, title=title, due=day, due_text=day.isoformat(),
                    mode=Mode.OFFLINE)
