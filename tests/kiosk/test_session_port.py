"""The patron session's paths on an in-memory library behind the Circulation port: no socket,
no cache, no simulator. What the session decides by itself (a re-scan, a second card, the
counts) is held here; what the ILS and the offline journal decide is in the integration tests
beside this one (tests/kiosk/test_session*.py, tests/offline)."""

from __future__ import annotations

from datetime import date

import pytest
from memory_circulation import Book, MemoryCirculation, Reader

from kiosk import events
from kiosk.barcodes import BarcodeRules
from kiosk.session import PatronSession

RULES = BarcodeRules(card_check="none")
HANAKO, KENICHI, BLOCKED, UNKNOWN = "21045877", "21093315", "21011112", "29999999"
BOOK, SECOND, THIRD, REFERENCE = "115540011", "115540029", "115540037", "115541019"
HELD_FOR_HANAKO, HELD_FOR_OTHER, KENICHIS = "115543024", "115543016", "115545012"


def masked(card: str) -> str:
    return f"****{card[-4:]}"


@pytest.fixture
def library() -> MemoryCirculation:
    library = MemoryCirculation().add(
        Reader(HANAKO, "山田 花子", limit=5),
        Reader(KENICHI, "佐藤 健一"),
        Reader(BLOCKED, "鈴木 一郎", problem=events.PatronProblem.FINES),
        Book(BOOK, "銀河鉄道の夜"), Book(SECOND, "雪国"), Book(THIRD, "坊っちゃん"),
        Book(REFERENCE, "広辞苑", problem=events.ItemProblem.NOT_FOR_LOAN),
        Book(HELD_FOR_HANAKO, "海辺のカフカ", hold_for=HANAKO),
        Book(HELD_FOR_OTHER, "雪国の灯台守", hold_for=KENICHI),
        Book(KENICHIS, "羅生門", renewable=False))
    library.lend(KENICHIS, KENICHI, date(2026, 12, 12))
    return library


@pytest.fixture
def session(library: MemoryCirculation) -> PatronSession:
    return PatronSession(library, RULES)


# -- identify ----------------------------------------------------------------------------------
def test_a_card_signs_the_patron_in_with_their_counts(session: PatronSession) -> None:
    [event] = session.scan(HANAKO)
    assert event == events.PatronIdentified(
        masked(HANAKO), "山田 花子", 0, remaining=5, holds_ready=1,
        counts=events.SessionCounts(holds_waiting=1, items_left=5))
    assert session.signed_in


@pytest.mark.parametrize(("card", "reason"), [(UNKNOWN, events.PatronProblem.UNKNOWN_CARD),
                                              (BLOCKED, events.PatronProblem.FINES)])
def test_a_refused_card_opens_nothing(session: PatronSession, card: str,
                                      reason: events.PatronProblem) -> None:
    [event] = session.scan(card)
    assert isinstance(event, events.PatronRefused)
    assert (event.card_masked, event.reason) == (masked(card), reason)
    assert not session.signed_in


def test_the_library_away_is_said_and_opens_nothing(library: MemoryCirculation,
                                                    session: PatronSession) -> None:
    library.available = False
    assert session.scan(HANAKO) == [events.PatronRefused(masked(HANAKO),
                                                         events.PatronProblem.ILS_UNAVAILABLE)]
    assert not session.signed_in


def test_a_pin_is_asked_for_and_tries_are_counted(library: MemoryCirculation) -> None:
    library.readers[HANAKO].pin = "1234"
    session = PatronSession(library, RULES, require_pin=True, pin_tries=2)
    assert session.scan(HANAKO) == [events.PinRequested(masked(HANAKO), 2)]
    assert session.awaiting_pin
    assert session.pin("0000") == [events.PinRequested(masked(HANAKO), 1, wrong=True)]
    [event] = session.pin("1234")
    assert isinstance(event, events.PatronIdentified)
    assert not session.awaiting_pin
    assert library.sent("identify")[-1] == ("identify", HANAKO, "1234")


def test_wrong_pins_send_the_patron_to_the_counter(library: MemoryCirculation) -> None:
    library.readers[HANAKO].pin = "1234"
    session = PatronSession(library, RULES, require_pin=True, pin_tries=2)
    session.scan(HANAKO)
    session.pin("0000")
    assert session.pin("9999") == [events.PatronRefused(masked(HANAKO),
                                                        events.PatronProblem.WRONG_PIN)]
    assert not session.awaiting_pin
    assert not session.signed_in
    assert session.pin("1234") == []                   # nothing is waiting for a PIN now


def test_an_item_before_any_card_is_refused_and_nothing_sent(
        library: MemoryCirculation, session: PatronSession) -> None:
    [event] = session.scan(BOOK)
    assert isinstance(event, events.ScanRejected)
    assert event.reason is events.ScanProblem.CARD_EXPECTED
    assert library.calls == []


def test_a_card_from_elsewhere_signs_in_and_again_is_the_same_card(
        session: PatronSession) -> None:
    [event] = session.card(HANAKO)                     # a linked My Number card
    assert isinstance(event, events.PatronIdentified)
    assert session.card(HANAKO) == [events.ScanRejected(events.ScanProblem.SAME_CARD,
                                                        masked(HANAKO))]


# -- lend and refuse ---------------------------------------------------------------------------
def test_items_are_lent_and_counted(library: MemoryCirculation,
                                    session: PatronSession) -> None:
    session.scan(HANAKO)
    [first] = session.scan(BOOK)
    [second] = session.scan(f"{SECOND}\r\n")
    assert first == events.ItemCheckedOut(
        masked(HANAKO), events.Loan(BOOK, "銀河鉄道の夜", date(2026, 12, 19), "2026-12-19",
                                    events.Mode.ONLINE),
        counts=events.SessionCounts(loans=1, holds_waiting=1, items_left=4))
    assert isinstance(second, events.ItemCheckedOut)
    assert second.counts == events.SessionCounts(loans=2, holds_waiting=1, items_left=3)
    assert [loan.item for loan in session.loans] == [BOOK, SECOND]
    assert library.loans[SECOND][0] == HANAKO


def test_the_patrons_own_hold_is_picked_up(session: PatronSession) -> None:
    session.scan(HANAKO)
    [event] = session.scan(HELD_FOR_HANAKO)
    assert isinstance(event, events.ItemCheckedOut)
    assert event.hold_pickup
    assert event.counts == events.SessionCounts(loans=1, holds_picked_up=1, holds_waiting=0,
                                                items_left=4)


@pytest.mark.parametrize(("item", "reason", "words"), [
    (REFERENCE, events.ItemProblem.NOT_FOR_LOAN, "Not for loan"),
    (HELD_FOR_OTHER, events.ItemProblem.ON_HOLD, ""),
    (KENICHIS, events.ItemProblem.ON_LOAN, ""),
    ("115549999", events.ItemProblem.UNKNOWN_ITEM, "")])
def test_a_refused_item_names_its_reason_and_counts_nothing(
        session: PatronSession, item: str, reason: events.ItemProblem, words: str) -> None:
    session.scan(HANAKO)
    [event] = session.scan(item)
    assert isinstance(event, events.ItemRefused)
    assert (event.item, event.reason, event.ils_message) == (item, reason, words)
    assert session.loans == ()


def test_the_library_going_away_mid_session_refuses_the_item_only(
        library: MemoryCirculation, session: PatronSession) -> None:
    session.scan(HANAKO)
    library.available = False
    [event] = session.scan(BOOK)
    assert isinstance(event, events.ItemRefused)
    assert event.reason is events.ItemProblem.ILS_UNAVAILABLE
    assert session.signed_in


def test_a_checkout_the_library_takes_as_a_renewal_counts_as_one(
        library: MemoryCirculation, session: PatronSession) -> None:
    session.scan(HANAKO)
    library.lend(THIRD, HANAKO, date(2026, 12, 8))     # lent after sign-in: unknown here
    [event] = session.scan(THIRD)
    assert isinstance(event, events.ItemCheckedOut)
    assert event.loan.renewal
    assert event.counts == events.SessionCounts(loans=0, renewals=1, holds_waiting=1, items_left=5)


# -- re-scan -----------------------------------------------------------------------------------
def test_a_rescan_of_this_visits_loan_sends_nothing(library: MemoryCirculation,
                                                    session: PatronSession) -> None:
    session.scan(HANAKO)
    [lent] = session.scan(BOOK)
    assert isinstance(lent, events.ItemCheckedOut)
    assert session.scan(BOOK) == [events.ItemAlreadyOnLoan(masked(HANAKO), lent.loan)]
    assert len(library.sent("checkout")) == 1
    assert len(session.loans) == 1


def test_a_rescan_of_an_older_loan_looks_its_due_date_up_once(
        library: MemoryCirculation, session: PatronSession) -> None:
    session.scan(KENICHI)
    for _ in range(2):
        [event] = session.scan(KENICHIS)
        assert event == events.ItemAlreadyOnLoan(
            masked(KENICHI),
            events.Loan(KENICHIS, "羅生門", date(2026, 12, 12), "", events.Mode.ONLINE))
    assert library.sent("checkout") == []
    assert len(library.sent("current_loans")) == 1


def test_an_item_the_journal_holds_for_them_is_theirs_already(
        library: MemoryCirculation, session: PatronSession) -> None:
    library.journalled[BOOK] = HANAKO
    session.scan(HANAKO)
    [event] = session.scan(BOOK)
    assert isinstance(event, events.ItemAlreadyOnLoan)
    assert event.loan.mode is events.Mode.OFFLINE
    assert session.loans == ()
    assert session.scan(BOOK) == [event]               # and known from then on
    assert len(library.sent("checkout")) == 1


# -- a second card -----------------------------------------------------------------------------
def test_a_second_card_asks_and_switches_nobody(library: MemoryCirculation,
                                                session: PatronSession) -> None:
    session.scan(HANAKO)
    session.scan(BOOK)
    assert session.scan(KENICHI) == [events.OtherCardScanned(masked(HANAKO), masked(KENICHI))]
    assert [call[1] for call in library.sent("identify")] == [HANAKO]
    assert library.sent("end_session") == []
    [lent] = session.scan(SECOND)                      # carried on: still Hanako's visit
    assert isinstance(lent, events.ItemCheckedOut)
    assert lent.card_masked == masked(HANAKO)


def test_the_same_card_again_is_said_and_sends_nothing(library: MemoryCirculation,
                                                       session: PatronSession) -> None:
    session.scan(HANAKO)
    [event] = session.scan(HANAKO)
    assert isinstance(event, events.ScanRejected)
    assert event.reason is events.ScanProblem.SAME_CARD
    assert len(library.sent("identify")) == 1


def test_after_finishing_the_next_card_signs_in(library: MemoryCirculation,
                                                session: PatronSession) -> None:
    session.scan(HANAKO)
    session.finish()
    [event] = session.scan(KENICHI)
    assert isinstance(event, events.PatronIdentified)
    assert event.charged_count == 1


# -- my loans and renew ------------------------------------------------------------------------
def test_my_loans_are_listed(session: PatronSession) -> None:
    session.scan(KENICHI)
    assert session.my_loans() == [events.LoansListed(
        (events.CurrentLoan(KENICHIS, "羅生門", date(2026, 12, 12)),))]


def test_my_loans_offline_or_turned_off(library: MemoryCirculation) -> None:
    off = PatronSession(library, RULES, show_loans=False)
    off.scan(KENICHI)
    assert off.my_loans() == [events.LoansUnavailable(offline=False)]
    on = PatronSession(library, RULES)
    on.scan(KENICHI)
    library.available = False
    assert on.my_loans() == [events.LoansUnavailable(offline=True)]


def test_a_renewal_is_counted_and_a_rescan_then_sends_nothing(
        library: MemoryCirculation, session: PatronSession) -> None:
    library.books[KENICHIS].renewable = True
    session.scan(KENICHI)
    [renewed] = session.renew(KENICHIS)
    assert renewed == events.ItemRenewed(
        events.Loan(KENICHIS, "羅生門", date(2026, 12, 26), "2026-12-26", events.Mode.ONLINE,
                    renewal=True),
        counts=events.SessionCounts(renewals=1, holds_waiting=1))
    assert session.scan(KENICHIS) == [events.ItemAlreadyOnLoan(masked(KENICHI), renewed.loan)]
    assert library.sent("checkout") == []


def test_a_refused_renewal_names_its_reason(session: PatronSession) -> None:
    session.scan(KENICHI)
    assert session.renew(KENICHIS) == [events.RenewRefused(
        KENICHIS, "羅生門", events.ItemProblem.RENEW_LIMIT, "Renewal limit reached")]


def test_nothing_is_renewed_or_listed_without_a_patron(library: MemoryCirculation,
                                                       session: PatronSession) -> None:
    assert session.renew(KENICHIS) == []
    assert session.my_loans() == []
    assert session.finish() == []
    assert library.calls == []


# -- finish ------------------------------------------------------------------------------------
def test_finish_ends_the_visit_with_its_loans_and_renewals(library: MemoryCirculation,
                                                          session: PatronSession) -> None:
    library.books[KENICHIS].renewable = True
    session.scan(KENICHI)
    [lent] = session.scan(BOOK)
    [renewed] = session.renew(KENICHIS)
    [ended] = session.finish()
    assert isinstance(lent, events.ItemCheckedOut)
    assert isinstance(renewed, events.ItemRenewed)
    assert ended == events.SessionEnded(
        masked(KENICHI), events.EndReason.FINISHED, (lent.loan,), None,
        renewals=(renewed.loan,),
        counts=events.SessionCounts(loans=1, renewals=1, holds_waiting=1))
    assert library.sent("end_session") == [("end_session", KENICHI)]
    assert not session.signed_in


def test_a_receipt_of_all_loans_lists_them_at_finish(library: MemoryCirculation) -> None:
    session = PatronSession(library, RULES, receipt_all_loans=True)
    session.scan(KENICHI)
    session.scan(BOOK)
    [ended] = session.finish(events.EndReason.IDLE)
    assert isinstance(ended, events.SessionEnded)
    assert ended.reason is events.EndReason.IDLE
    assert ended.all_loans is not None
    assert [loan.item for loan in ended.all_loans] == [KENICHIS, BOOK]


def test_a_visit_with_no_loans_asks_for_no_list(library: MemoryCirculation) -> None:
    session = PatronSession(library, RULES, receipt_all_loans=True)
    session.scan(KENICHI)
    [ended] = session.finish()
    assert isinstance(ended, events.SessionEnded)
    assert ended.all_loans is None
    assert library.sent("current_loans") == []

