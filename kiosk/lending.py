"""What the patron session asks of the library: the :class:`Circulation` port and its outcomes.

Plain values and one Protocol: the session (kiosk.session) knows the library through this
port only, never an adapter behind it (SIP2 to the ILS in kiosk.circulation, the cache and
the journal in kiosk.offline), and its unit tests run on an in-memory one. A refusal is an
outcome with a reason code (kiosk.events), which the UI says in the patron's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.events import CurrentLoan, ItemProblem, Loan, Mode, PatronProblem


@dataclass(frozen=True)
class Patron:
    card: str
    name: str
    charged_count: int
    ils_message: str = ""
    charged_limit: int | None = None      # the ILS's limit on items at once, when it says
    holds_ready: frozenset[str] = frozenset()   # items waiting on the hold shelf for them
    charged_items: frozenset[str] = frozenset()  # items they have on loan now, when listed
    items_left: int | None = None         # offline: worked out from the cached rules

    @property
    def remaining(self) -> int | None:
        """How many more items they may borrow, when known."""
        if self.items_left is not None:
            return self.items_left
        if self.charged_limit:
            return max(self.charged_limit - self.charged_count, 0)
        return None


@dataclass(frozen=True)
class _ItemOutcome:
    """The answer to a checkout or a renewal: the ``loan`` made, or None and the ``problem``
    (``ils_message``: the ILS's own words, when it gave some)."""

    loan: Loan | None
    title: str = ""
    problem: ItemProblem | None = None
    ils_message: str = ""


@dataclass(frozen=True)
class RenewOutcome(_ItemOutcome):
    """The answer to a renewal."""


@dataclass(frozen=True)
class PatronOutcome:
    patron: Patron | None
    problem: PatronProblem | None = None
    ils_message: str = ""


@dataclass(frozen=True)
class CheckoutOutcome(_ItemOutcome):
    """The answer to a checkout."""

    maybe_delivered: bool = False     # the ILS may have made the loan though we got no answer
    already: bool = False             # the patron has it already (``loan``): nothing was sent


class Circulation(Protocol):
    """Decides identifications, checkouts and renewals: the ILS over SIP2
    (kiosk.circulation.OnlineCirculation), the cache and the journal while it is away
    (kiosk.offline.OfflineCirculation), one or the other as it answers
    (kiosk.connectivity.ResilientCirculation); in the session's unit tests, an in-memory
    library. Blocking: call it off the GUI thread. Refusals are outcomes, never exceptions."""

    def identify(self, card: str, pin: str | None = None) -> PatronOutcome: ...

    def checkout(self, card: str, item: str) -> CheckoutOutcome: ...

    def end_session(self, card: str) -> None: ...

    def current_loans(self, card: str) -> tuple[CurrentLoan, ...] | None:
        """All the patron's loans, or None when they cannot be listed (offline)."""
        ...

    def renew(self, card: str, item: str) -> RenewOutcome: ...

    def record_security(self, card: str, item: str, mode: Mode, ok: bool, state: str) -> None:
        """The tag's security after the loan of ``item`` made in ``mode`` (an RFID pad):
        ``ok`` when it reads back as lent, ``state`` what it reads or why it failed. Online
        a log line (the item, never the card); offline written to the loan's journal row.
        Never undoes the loan; never raises for a record it cannot write (it logs)."""
        ...
