"""Lending that means what it says (issue 18, items 1-5): re-scans of what the patron has,
renewals where they give a later date, a second card, the visit's counts, and the ILS's
reasons in the kiosk's words. Against the simulator over TCP, with the real cache."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from kiosk import reasons
from kiosk.barcodes import BarcodeRules
from kiosk.circulation import OnlineCirculation
from kiosk.events import (
    EndReason,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemProblem,
    ItemRefused,
    ItemRenewed,
    LoansListed,
    OtherCardScanned,
    PatronIdentified,
    PatronProblem,
    PatronRefused,
    RenewBlock,
    RenewRefused,
    SessionCounts,
    SessionEnded,
)
from kiosk.session import PatronSession
from sync.cache.cache import Cache
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client

TOKYO = ZoneInfo("Asia/Tokyo")


def new_session(client: Sip2Client, cache: Cache) -> PatronSession:
    return PatronSession(OnlineCirculation(client, cache, timezone=TOKYO), BarcodeRules())


def checkouts(sim: IlsSimulator, item: str) -> list[tuple[str, bool]]:
    """(kind, taken as a renewal) of every checkout or renewal the ILS recorded for item."""
    return [(e.kind, bool(e.renewal)) for e in sim.ledger()
            if e.item == item and e.kind in ("checkout", "renew")]


# -- 1. re-scans ------------------------------------------------------------------------------
def test_a_loan_from_an_earlier_visit_scanned_again_is_not_sent(
        simulator: IlsSimulator, client: Sip2Client, cache: Cache) -> None:
    item = DEMO.lendable_items[0]
    first = new_session(client, cache)
    first.scan(DEMO.good_card)
    [lent] = first.scan(item)
    assert isinstance(lent, ItemCheckedOut)
    first.finish()
    again = new_session(client, cache)                 # the patron comes back, unsure
    again.scan(DEMO.good_card)
    [event] = again.scan(item)
    assert isinstance(event, ItemAlreadyOnLoan), event
    assert event.loan.due == lent.loan.due             # "you already have this — due …"
    assert checkouts(simulator, item) == [("checkout", False)]   # no renewal used up
    [ended] = again.finish()
    assert isinstance(ended, SessionEnded)
    assert ended.loans == ()
    assert ended.renewals == ()


def test_an_item_on_loan_from_before_is_answered_with_its_due_date(
        simulator: IlsSimulator, client: Sip2Client, cache: Cache) -> None:
    session = new_session(client, cache)
    session.scan(DEMO.other_good_card)                 # has on_loan_item from before today
    [event] = session.scan(DEMO.on_loan_item)
    assert isinstance(event, ItemAlreadyOnLoan)
    assert event.loan.due is not None
    assert event.loan.title
    assert checkouts(simulator, DEMO.on_loan_item) == []


def test_a_checkout_the_ils_takes_as_a_renewal_is_a_renewal_in_every_count(
        simulator: IlsSimulator, client: Sip2Client, cache: Cache) -> None:
    item = DEMO.lendable_items[1]
    session = new_session(client, cache)
    [who] = session.scan(DEMO.good_card)
    assert isinstance(who, PatronIdentified)
    assert who.counts is not None
    left = who.counts.items_left
    client.checkout(DEMO.good_card, item)              # lent elsewhere since they signed in
    [event] = session.scan(item)
    assert isinstance(event, ItemCheckedOut)
    assert event.loan.renewal
    assert event.counts == SessionCounts(loans=0, renewals=1, holds_picked_up=0,
                                         holds_waiting=1, items_left=left)
    [ended] = session.finish()
    assert isinstance(ended, SessionEnded)
    assert ended.loans == ()
    assert [loan.item for loan in ended.renewals] == [item]


# -- 2. renewals --------------------------------------------------------------------------
def test_renewal_is_offered_only_where_it_gives_a_later_date_and_says_it(
        client: Sip2Client, cache: Cache) -> None:
    session = new_session(client, cache)
    session.scan(DEMO.other_good_card)
    session.scan(DEMO.lendable_items[2])               # borrowed today
    [listed] = session.my_loans()
    assert isinstance(listed, LoansListed)
    today = next(ln for ln in listed.loans if ln.item == DEMO.lendable_items[2])
    assert today.renew_block is RenewBlock.NO_LATER_DATE
    assert today.renew_due is None
    older = next(ln for ln in listed.loans if ln.item == DEMO.on_loan_item)
    assert older.renew_block is None
    assert older.due is not None
    assert older.renew_due is not None
    assert older.renew_due > older.due                 # the date the button shows
    [renewed] = session.renew(older.item)
    assert isinstance(renewed, ItemRenewed)
    assert renewed.loan.due == older.renew_due         # what it said is what it gave


def test_a_refused_renewal_names_the_renewal_reason(client: Sip2Client, cache: Cache) -> None:
    session = new_session(client, cache)
    session.scan(DEMO.other_good_card)
    session.renew(DEMO.on_loan_item)
    [refused] = session.renew(DEMO.on_loan_item)
    assert isinstance(refused, RenewRefused)
    assert refused.reason is ItemProblem.RENEW_LIMIT   # not "cannot be borrowed here"


# -- 3. a second card -----------------------------------------------------------------------
def test_another_card_asks_finished_and_switches_nobody(client: Sip2Client,
                                                         cache: Cache) -> None:
    session = new_session(client, cache)
    session.scan(DEMO.good_card)
    session.scan(DEMO.lendable_items[3])
    [asked] = session.scan(DEMO.codabar(DEMO.other_good_card))
    assert isinstance(asked, OtherCardScanned)
    assert asked.card_masked == "****" + DEMO.good_card[-4:]     # "Finished, ****5877?"
    assert asked.other_masked == "****" + DEMO.other_good_card[-4:]
    assert session.signed_in
    [again] = session.scan(DEMO.lendable_items[4])      # Continue: still theirs
    assert isinstance(again, ItemCheckedOut)
    assert again.card_masked.endswith(DEMO.good_card[-4:])
    [ended] = session.finish()                          # Finish: goodbye, receipt offer
    assert isinstance(ended, SessionEnded)
    assert ended.reason is EndReason.FINISHED
    assert [loan.item for loan in ended.loans] == [DEMO.lendable_items[3],
                                                  DEMO.lendable_items[4]]


# -- 4. counts --------------------------------------------------------------------------------
def test_one_model_of_the_counts(client: Sip2Client, cache: Cache) -> None:
    holds = new_session(client, cache)
    [who] = holds.scan(DEMO.good_card)
    assert isinstance(who, PatronIdentified)
    assert who.counts is not None
    assert who.counts.holds_waiting == 1
    left = who.counts.items_left
    assert left is not None
    assert left > 1
    [picked] = holds.scan(DEMO.hold_pickup_item)
    assert isinstance(picked, ItemCheckedOut)
    assert picked.hold_pickup
    assert picked.counts == SessionCounts(loans=1, renewals=0, holds_picked_up=1,
                                          holds_waiting=0, items_left=left - 1)
    holds.finish()

    session = new_session(client, cache)
    [who] = session.scan(DEMO.other_good_card)
    assert isinstance(who, PatronIdentified)
    assert who.counts is not None
    left = who.counts.items_left
    [renewed] = session.renew(DEMO.on_loan_item)
    assert isinstance(renewed, ItemRenewed)
    assert renewed.counts is not None
    assert renewed.counts.items_left == left           # a renewal is not another item
    assert renewed.counts.renewals == 1
    assert renewed.counts.loans == 0
    [lent] = session.scan(DEMO.lendable_items[0])
    assert isinstance(lent, ItemCheckedOut)
    assert lent.counts is not None
    assert left
    assert lent.counts.items_left == left - 1
    [ended] = session.finish()
    assert isinstance(ended, SessionEnded)
    assert [loan.item for loan in ended.loans] == [DEMO.lendable_items[0]]   # borrowed: 1
    assert [loan.item for loan in ended.renewals] == [DEMO.on_loan_item]     # renewed: 1


# -- 5. reasons -----------------------------------------------------------------------------
def test_the_simulators_refusals_arrive_as_reason_codes(client: Sip2Client,
                                                         cache: Cache) -> None:
    for card in (DEMO.good_card, DEMO.english_card):   # Japanese and English messages
        session = new_session(client, cache)
        session.scan(card)
        found = {}
        for item in (DEMO.not_for_loan_item, DEMO.on_hold_item, DEMO.unknown_item):
            [event] = session.scan(item)
            assert isinstance(event, ItemRefused), event
            assert event.ils_message                   # shown beneath, as the library's
            found[item] = event.reason
        assert found == {DEMO.not_for_loan_item: ItemProblem.NOT_FOR_LOAN,
                         DEMO.on_hold_item: ItemProblem.ON_HOLD,
                         DEMO.unknown_item: ItemProblem.UNKNOWN_ITEM}
        session.finish()


def test_an_expired_card_is_named(client: Sip2Client, cache: Cache) -> None:
    [event] = new_session(client, cache).scan(DEMO.expired_card)
    assert isinstance(event, PatronRefused)
    assert event.reason is PatronProblem.CARD_EXPIRED


@pytest.mark.parametrize(("text", "reason"), [
    # Koha
    ("Item is on hold shelf for another patron.", ItemProblem.ON_HOLD),
    ("Item is reserved for another patron upon return.", ItemProblem.ON_HOLD),
    ("Item already checked out to another patron.  Please return item for check-in.",
     ItemProblem.ON_LOAN),
    ("Outstanding Fines block issue", ItemProblem.FINES),
    ("NOT_FOR_LOAN: 1", ItemProblem.NOT_FOR_LOAN),
    ("TOO_MANY: 10", ItemProblem.LIMIT_REACHED),
    ("UNKNOWN_BARCODE: 1", ItemProblem.UNKNOWN_ITEM),
    ("DEBARRED: 2026-12-31", ItemProblem.PATRON_BLOCKED),
    ("EXPIRED: 1", ItemProblem.CARD_EXPIRED),
    ("CARD_LOST: 1", ItemProblem.CARD_LOST),
    ("USERBLOCKEDOVERDUE: 3", ItemProblem.OVERDUE),
    # Evergreen
    ("This item is already checked out", ItemProblem.ON_LOAN),
    ("COPY_CIRC_NOT_ALLOWED", ItemProblem.NOT_FOR_LOAN),
    ("PATRON_EXCEEDS_CHECKOUT_COUNT", ItemProblem.LIMIT_REACHED),
    ("Patron is not allowed to check out the selected item", ItemProblem.REFUSED),
    # FOLIO
    ("Item is not loanable", ItemProblem.NOT_FOR_LOAN),
    ("Patron has reached maximum limit of 10 items for loan type", ItemProblem.LIMIT_REACHED),
    ("No item with barcode 115538407 could be found", ItemProblem.UNKNOWN_ITEM),
    ("Patron blocked from borrowing", ItemProblem.PATRON_BLOCKED),
    # Sierra, Polaris
    ("Item is non-circulating", ItemProblem.NOT_FOR_LOAN),
    ("TOO MANY ITEMS CHECKED OUT", ItemProblem.LIMIT_REACHED),
    ("Item is on hold for another patron", ItemProblem.ON_HOLD),
    ("Patron card has expired", ItemProblem.CARD_EXPIRED),
    # the simulator, and Japanese systems
    ("この資料は禁帯出（館内利用のみ）のため貸出できません。カウンターでお問い合わせください。",
     ItemProblem.NOT_FOR_LOAN),
    ("この資料はほかの方の予約資料です。カウンターへお持ちください。", ItemProblem.ON_HOLD),
    ("この資料は貸出中の記録があります。カウンターへお持ちください。", ItemProblem.ON_LOAN),
    ("本・雑誌・紙芝居の貸出は10点までです。これ以上は借りられません。", ItemProblem.LIMIT_REACHED),
    ("You already have 3 CDs or DVDs on loan, the most allowed.", ItemProblem.LIMIT_REACHED),
    ("この資料は登録されていません。カウンターへお持ちください。", ItemProblem.UNKNOWN_ITEM),
    ("This item is for use in the library only. Please ask at the counter.",
     ItemProblem.NOT_FOR_LOAN),
    ("このカードは紛失届が出ています。カウンターでお問い合わせください。", ItemProblem.CARD_LOST),
    ("返却期限を大きく過ぎた資料があるため、貸出できません。", ItemProblem.OVERDUE),
    ("カードの有効期限が切れています。カウンターで更新してください。", ItemProblem.CARD_EXPIRED),
    ("現在、貸出できません。カウンターでお問い合わせください。", ItemProblem.PATRON_BLOCKED),
    ("相互貸借資料です", ItemProblem.ILL),
    ("", ItemProblem.REFUSED),
    ("Something nobody wrote a rule for", ItemProblem.REFUSED),
])
def test_checkout_answers_of_the_common_ilses(text: str, reason: ItemProblem) -> None:
    assert reasons.checkout_problem(text) is reason


@pytest.mark.parametrize(("text", "reason"), [
    ("Item unavailable due to outstanding holds", ItemProblem.RENEW_HOLD),     # Koha
    ("Item has reached maximum renewals", ItemProblem.RENEW_LIMIT),
    ("too_soon", ItemProblem.RENEW_TOO_SOON),
    ("auto_too_late", ItemProblem.RENEW_CAP),
    ("item_denied_renewal", ItemProblem.NOT_RENEWABLE),
    ("MAX_RENEWALS_REACHED", ItemProblem.RENEW_LIMIT),                         # Evergreen
    ("renewal would not change the due date", ItemProblem.RENEW_TOO_SOON),    # FOLIO
    ("Renewal limit reached", ItemProblem.RENEW_LIMIT),                        # Sierra
    ("Item cannot be renewed because there are holds on it", ItemProblem.RENEW_HOLD),
    ("予約が入っているため延長できません。カウンターでお問い合わせください。",
     ItemProblem.RENEW_HOLD),
    ("延長は1回までです。カウンターでお問い合わせください。", ItemProblem.RENEW_LIMIT),
    ("Items can be renewed 1 time(s) only. Please ask at the counter.", ItemProblem.RENEW_LIMIT),
    ("借りた日に延長することはできません。", ItemProblem.RENEW_TOO_SOON),
    ("返却期限を14日以上過ぎているため延長できません。", ItemProblem.RENEW_OVERDUE),
    ("Items past their due date cannot be renewed.", ItemProblem.RENEW_OVERDUE),
    ("この種類の資料は延長できません。", ItemProblem.NOT_RENEWABLE),
    ("相互貸借の資料は延長できません。", ItemProblem.ILL),
    ("Items cannot be kept more than 60 days after the loan.", ItemProblem.RENEW_CAP),
    ("この資料はあなたに貸出中ではありません。", ItemProblem.NOT_ON_LOAN),
    ("このカードは紛失届が出ています。", ItemProblem.CARD_LOST),
    ("", ItemProblem.REFUSED),
])
def test_renewal_answers_of_the_common_ilses(text: str, reason: ItemProblem) -> None:
    assert reasons.renewal_problem(text) is reason
