"""ResilientCirculation's switch on two in-memory libraries behind the Circulation port: no
socket, no cache. Online while the ILS answers; the first call that finds it away switches to
offline and is answered there at once; a checkout that may have reached the ILS is journalled
as such; renewals and loan lists are online only; a security result goes by the loan's mode.
(With SIP2 and the cache: tests/offline.)"""

from __future__ import annotations

from dataclasses import dataclass, replace

from memory_circulation import Book, MemoryCirculation, Reader

from kiosk.connectivity import ResilientCirculation
from kiosk.events import ItemProblem, Mode, PatronProblem
from kiosk.lending import CheckoutOutcome

HANAKO = "21045877"
A, B = "100001", "100002"


@dataclass
class Ils(MemoryCirculation):
    """The ILS: ``answer_lost`` makes a checkout go unanswered after it may have landed."""

    answer_lost: bool = False

    def checkout(self, card: str, item: str) -> CheckoutOutcome:
        if self.answer_lost:
            self.calls.append(("checkout", card, item))
            return CheckoutOutcome(None, problem=ItemProblem.ILS_UNAVAILABLE,
                                   maybe_delivered=True)
        return super().checkout(card, item)


@dataclass
class Cache(MemoryCirculation):
    """The offline side: loans in offline mode, and whether each might be at the ILS."""

    def checkout(self, card: str, item: str, *, maybe_at_ils: bool = False
                 ) -> CheckoutOutcome:
        outcome = super().checkout(card, item)
        self.calls[-1] += ("maybe at the ILS",) if maybe_at_ils else ()
        if outcome.loan is None:
            return outcome
        return replace(outcome, loan=replace(outcome.loan, mode=Mode.OFFLINE))


def libraries(*, start_offline: bool = False
              ) -> tuple[ResilientCirculation, Ils, Cache, list[tuple[Mode, str]]]:
    ils, cache = Ils(), Cache()
    for library in (ils, cache):
        library.add(Reader(HANAKO, "Hanako"), Book(A, "Momo"), Book(B, "Kiki"))
    resilient = ResilientCirculation(ils, cache, start_offline=start_offline)
    changes: list[tuple[Mode, str]] = []
    resilient.on_mode_change(lambda mode, cause: changes.append((mode, cause)))
    return resilient, ils, cache, changes


def test_while_the_ils_answers_everything_goes_to_it_and_nothing_to_the_cache() -> None:
    resilient, ils, cache, changes = libraries()
    assert resilient.identify(HANAKO).patron is not None
    lent = resilient.checkout(HANAKO, A)
    assert lent.loan is not None
    assert lent.loan.mode is Mode.ONLINE
    assert resilient.renew(HANAKO, A).loan is not None
    assert resilient.current_loans(HANAKO) is not None
    resilient.end_session(HANAKO)
    assert [c[0] for c in ils.calls] == ["identify", "checkout", "renew", "current_loans",
                                         "end_session"]
    assert cache.calls == []
    assert changes == []
    assert resilient.mode is Mode.ONLINE


def test_the_first_call_that_finds_the_ils_away_is_answered_offline_at_once() -> None:
    resilient, ils, cache, changes = libraries()
    ils.available = False
    who = resilient.identify(HANAKO)
    assert who.patron is not None
    assert who.problem is None
    assert resilient.mode is Mode.OFFLINE
    assert changes == [(Mode.OFFLINE, "the ILS did not answer a patron lookup")]
    assert ils.sent("identify")
    assert cache.sent("identify")
    lent = resilient.checkout(HANAKO, A)
    assert lent.loan is not None
    assert lent.loan.mode is Mode.OFFLINE
    assert ils.sent("checkout") == []                # offline now: the ILS is not asked
    assert cache.sent("checkout") == [("checkout", HANAKO, A)]


def test_a_checkout_that_may_have_reached_the_ils_is_journalled_as_such() -> None:
    resilient, ils, cache, changes = libraries()
    ils.answer_lost = True
    lent = resilient.checkout(HANAKO, A)
    assert lent.loan is not None
    assert lent.loan.mode is Mode.OFFLINE
    assert cache.sent("checkout") == [("checkout", HANAKO, A, "maybe at the ILS")]
    assert changes == [(Mode.OFFLINE, "the ILS did not answer a checkout")]
    resilient.checkout(HANAKO, B)            # an ordinary offline loan: not marked
    assert cache.sent("checkout")[-1] == ("checkout", HANAKO, B)


def test_a_checkout_the_ils_refused_stays_refused_and_online() -> None:
    resilient, ils, cache, changes = libraries()
    ils.books[A].problem = ItemProblem.NOT_FOR_LOAN
    refused = resilient.checkout(HANAKO, A)
    assert refused.problem is ItemProblem.NOT_FOR_LOAN
    assert resilient.mode is Mode.ONLINE
    assert cache.calls == []
    assert changes == []


def test_offline_renewals_and_loan_lists_are_not_offered_and_the_ils_is_not_asked() -> None:
    resilient, ils, cache, _changes = libraries(start_offline=True)
    assert resilient.renew(HANAKO, A).problem is ItemProblem.ILS_UNAVAILABLE
    assert resilient.current_loans(HANAKO) is None
    resilient.end_session(HANAKO)
    assert ils.calls == []
    assert cache.calls == []


def test_a_renewal_the_ils_does_not_answer_puts_the_kiosk_offline() -> None:
    resilient, ils, _cache, changes = libraries()
    resilient.checkout(HANAKO, A)
    ils.available = False
    assert resilient.renew(HANAKO, A).problem is ItemProblem.ILS_UNAVAILABLE
    assert changes == [(Mode.OFFLINE, "the ILS did not answer a renewal")]


def test_back_online_the_ils_answers_again_and_a_security_result_goes_by_the_loans_mode(
        ) -> None:
    resilient, ils, cache, changes = libraries(start_offline=True)
    offline_loan = resilient.checkout(HANAKO, A).loan
    assert offline_loan is not None
    assert offline_loan.mode is Mode.OFFLINE
    resilient.set_mode(Mode.ONLINE, "the ILS answers again")
    resilient.set_mode(Mode.ONLINE, "said twice")             # no change, no listener call
    assert changes == [(Mode.ONLINE, "the ILS answers again")]
    online_loan = resilient.checkout(HANAKO, B).loan
    assert online_loan is not None
    assert online_loan.mode is Mode.ONLINE
    # the offline loan's result reaches its journal row though the kiosk is online now
    resilient.record_security(HANAKO, A, Mode.OFFLINE, True, "AFI C2")
    resilient.record_security(HANAKO, B, Mode.ONLINE, False, "no answer")
    assert cache.security == {A: (True, "AFI C2")}
    assert ils.security == {B: (False, "no answer")}


def test_a_failing_mode_listener_does_not_stop_the_switch() -> None:
    resilient, ils, _cache, changes = libraries()

    def broken(_mode: Mode, _cause: str) -> None:
        raise RuntimeError("a listener that fails")

    resilient.on_mode_change(broken)
    ils.available = False
    assert resilient.identify(HANAKO).problem is not PatronProblem.ILS_UNAVAILABLE
    assert resilient.mode is Mode.OFFLINE
    assert len(changes) == 1
