"""An in-memory library behind the :class:`kiosk.lending.Circulation` port, for the session's
unit tests: no socket, no cache, decisions as an ILS makes them, and a record of every call
so a test can say what was (and was not) sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.events import CurrentLoan, ItemProblem, Loan, Mode, PatronProblem
from kiosk.lending import CheckoutOutcome, Patron, PatronOutcome, RenewOutcome

TODAY = date(2026, 12, 5)
LOAN_DAYS = 14


@dataclass
class Reader:
    """A patron as the library knows them."""

    card: str
    name: str
    pin: str | None = None                 # None: no PIN asked
    problem: PatronProblem | None = None   # why they may not borrow
    limit: int | None = None               # items at once


@dataclass
class Book:
    item: str
    title: str
    problem: ItemProblem | None = None     # why it is never lent here
    hold_for: str | None = None            # on the hold shelf for this card
    renewable: bool = True


@dataclass
class MemoryCirculation:
    readers: dict[str, Reader] = field(default_factory=dict)
    books: dict[str, Book] = field(default_factory=dict)
    loans: dict[str, tuple[str, date]] = field(default_factory=dict)   # item → (card, due)
    journalled: dict[str, str] = field(default_factory=dict)  # item → card, not yet sent
    available: bool = True                 # False: every call finds the library away
    calls: list[tuple[str, ...]] = field(default_factory=list)
    security: dict[str, tuple[bool, str]] = field(default_factory=dict)   # item → result

    def add(self, *things: Reader | Book) -> MemoryCirculation:
        for thing in things:
            if isinstance(thing, Reader):
                self.readers[thing.card] = thing
            else:
                self.books[thing.item] = thing
        return self

    def lend(self, item: str, card: str, due: date) -> None:
        """A loan made before the visit."""
        self.loans[item] = (card, due)

    def sent(self, kind: str) -> list[tuple[str, ...]]:
        return [call for call in self.calls if call[0] == kind]

    # -- the port ---------------------------------------------------------------------------
    def identify(self, card: str, pin: str | None = None) -> PatronOutcome:
        self.calls.append(("identify", card, pin or ""))
        if not self.available:
            return PatronOutcome(None, PatronProblem.ILS_UNAVAILABLE)
        reader = self.readers.get(card)
        if reader is None:
            return PatronOutcome(None, PatronProblem.UNKNOWN_CARD)
        if reader.pin is not None and pin != reader.pin:
            return PatronOutcome(None, PatronProblem.WRONG_PIN)
        if reader.problem is not None:
            return PatronOutcome(None, reader.problem, "Please see staff")
        charged = frozenset(i for i, (c, _due) in self.loans.items() if c == card)
        holds = frozenset(b.item for b in self.books.values() if b.hold_for == card)
        return PatronOutcome(Patron(card, reader.name, len(charged), charged_limit=reader.limit,
                                    holds_ready=holds, charged_items=charged))

    def checkout(self, card: str, item: str) -> CheckoutOutcome:
        self.calls.append(("checkout", card, item))
        book = self.books.get(item)
        title = book.title if book else ""
        if item in self.journalled:             # as the adapters answer for the journal
            if self.journalled[item] != card:
                return CheckoutOutcome(None, title, ItemProblem.ASK_STAFF)
            return CheckoutOutcome(self._loan(item, TODAY + timedelta(LOAN_DAYS), Mode.OFFLINE),
                                   title, already=True)
        if not self.available:
            return CheckoutOutcome(None, problem=ItemProblem.ILS_UNAVAILABLE)
        if book is None:
            return CheckoutOutcome(None, problem=ItemProblem.UNKNOWN_ITEM)
        if book.problem is not None:
            return CheckoutOutcome(None, title, book.problem, "Not for loan")
        if book.hold_for not in (None, card):
            return CheckoutOutcome(None, title, ItemProblem.ON_HOLD)
        holder = self.loans.get(item)
        if holder is not None and holder[0] != card:
            return CheckoutOutcome(None, title, ItemProblem.ON_LOAN)
        due = TODAY + timedelta(LOAN_DAYS)
        renewal = holder is not None            # a checkout of one's own loan is a renewal
        self.loans[item] = (card, due)
        if book.hold_for == card:
            book.hold_for = None
        return CheckoutOutcome(self._loan(item, due, Mode.ONLINE, renewal=renewal), title)

    def current_loans(self, card: str) -> tuple[CurrentLoan, ...] | None:
        self.calls.append(("current_loans", card))
        if not self.available:
            return None
        return tuple(sorted((CurrentLoan(item, self.books[item].title, due)
                             for item, (holder, due) in self.loans.items() if holder == card),
                            key=lambda loan: (loan.due or date.max, loan.item)))

    def renew(self, card: str, item: str) -> RenewOutcome:
        self.calls.append(("renew", card, item))
        if not self.available:
            return RenewOutcome(None, problem=ItemProblem.ILS_UNAVAILABLE)
        book = self.books.get(item)
        title = book.title if book else ""
        holder = self.loans.get(item)
        if book is None or holder is None or holder[0] != card:
            return RenewOutcome(None, title, ItemProblem.NOT_ON_LOAN)
        if not book.renewable:
            return RenewOutcome(None, title, ItemProblem.RENEW_LIMIT, "Renewal limit reached")
        due = holder[1] + timedelta(LOAN_DAYS)
        self.loans[item] = (card, due)
        return RenewOutcome(self._loan(item, due, Mode.ONLINE, renewal=True), title)

    def end_session(self, card: str) -> None:
        self.calls.append(("end_session", card))

    def record_security(self, card: str, item: str, mode: Mode, ok: bool, state: str) -> None:
        """Kept as the journal would keep it: the loan's security result, by item."""
        self.calls.append(("record_security", card, item, str(mode), "ok" if ok else "failed",
                           state))
        self.security[item] = (ok, state)

    def _loan(self, item: str, due: date, mode: Mode, *, renewal: bool = False) -> Loan:
        return Loan(item, self.books[item].title if item in self.books else "", due,
                    due.isoformat(), mode, renewal=renewal)
