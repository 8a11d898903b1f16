"""The rest of the patron journey against the simulator over TCP: PIN pad, holds picked up,
limits shown, the patron's loans and renewals, and what offline does to them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.barcodes import BarcodeRules
from kiosk.circulation import OnlineCirculation, renew_block
from kiosk.events import (
    ItemCheckedOut,
    ItemProblem,
    ItemRenewed,
    LoansListed,
    LoansUnavailable,
    PatronIdentified,
    PatronProblem,
    PatronRefused,
    PinRequested,
    RenewBlock,
    RenewRefused,
    SessionEnded,
)
from kiosk.session import PatronSession
from sync.cache.cache import Cache
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client
from sync.sip2.messages import ItemInformation

TOKYO = ZoneInfo("Asia/Tokyo")


def make_session(client: Sip2Client, cache: Cache, *, require_pin: bool = False,
                 show_loans: bool = True) -> PatronSession:
    circulation = OnlineCirculation(client, cache, timezone=TOKYO, require_pin=require_pin)
    return PatronSession(circulation, BarcodeRules(), require_pin=require_pin,
                         show_loans=show_loans)


def test_pin_pad_right_pin_opens_the_session(client: Sip2Client, cache: Cache) -> None:
    session = make_session(client, cache, require_pin=True)
    [asked] = session.scan(DEMO.codabar(DEMO.good_card))
    assert asked == PinRequested(asked.card_masked, tries_left=3)
    assert DEMO.good_card not in asked.card_masked
    assert session.awaiting_pin
    assert not session.signed_in
    [event] = session.pin(DEMO.good_pin)
    assert isinstance(event, PatronIdentified)
    assert session.signed_in


def test_pin_pad_three_wrong_pins_send_the_patron_to_the_counter(client: Sip2Client,
                                                                 cache: Cache) -> None:
    session = make_session(client, cache, require_pin=True)
    session.scan(DEMO.codabar(DEMO.good_card))
    assert session.pin("0000") == [PinRequested(_masked(DEMO.good_card), 2, wrong=True)]
    [again] = session.pin("1111")
    assert isinstance(again, PinRequested)
    assert again.tries_left == 1
    [refused] = session.pin("2222")
    assert isinstance(refused, PatronRefused)
    assert refused.reason is PatronProblem.WRONG_PIN
    assert not session.awaiting_pin
    assert not session.signed_in


def _masked(card: str) -> str:
    from kiosk.barcodes import mask
    return mask(card)


def test_without_a_pin_rule_no_pad(client: Sip2Client, cache: Cache) -> None:
    session = make_session(client, cache)
    [event] = session.scan(DEMO.codabar(DEMO.good_card))
    assert isinstance(event, PatronIdentified)


def test_holds_waiting_and_limits_are_announced_and_pickup_is_marked(
        client: Sip2Client, cache: Cache) -> None:
    session = make_session(client, cache)
    [who] = session.scan(DEMO.codabar(DEMO.good_card))
    assert isinstance(who, PatronIdentified)
    assert who.holds_ready == 1
    assert who.remaining is not None
    assert who.remaining > 0
    [picked] = session.scan(DEMO.hold_pickup_item)
    assert isinstance(picked, ItemCheckedOut)
    assert picked.hold_pickup
    [plain] = session.scan(DEMO.lendable_items[0])
    assert isinstance(plain, ItemCheckedOut)
    assert not plain.hold_pickup


def test_a_patron_at_the_limit_is_told_no_more_remain(client: Sip2Client, cache: Cache) -> None:
    session = make_session(client, cache)
    [who] = session.scan(DEMO.codabar(DEMO.limit_card))
    assert isinstance(who, PatronIdentified)
    assert who.remaining == 0


def test_my_loans_lists_every_loan_with_due_dates(client: Sip2Client, cache: Cache) -> None:
    session = make_session(client, cache)
    session.scan(DEMO.codabar(DEMO.other_good_card))
    session.scan(DEMO.lendable_items[1])
    [listed] = session.my_loans()
    assert isinstance(listed, LoansListed)
    items = [loan.item for loan in listed.loans]
    assert DEMO.on_loan_item in items             # from before today
    assert DEMO.lendable_items[1] in items        # and the one just borrowed
    assert all(loan.title and loan.due for loan in listed.loans)
    assert [loan.due for loan in listed.loans] == sorted(loan.due for loan in listed.loans)
    older = next(loan for loan in listed.loans if loan.item == DEMO.on_loan_item)
    assert older.renew_block is None
    today = next(loan for loan in listed.loans if loan.item == DEMO.lendable_items[1])
    assert today.renew_block is RenewBlock.NO_LATER_DATE      # borrowed today: same date


def _info(**kw: object) -> ItemInformation:
    base = ItemInformation(
        circulation_status="04", item_id="1", title="t", due_text="", due=None, patron=None,
        hold_queue_length=0, media_type="001", permanent_location="", current_location="",
        screen_message="")
    return replace(base, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("info", "block"), [
    (_info(due=datetime(2026, 11, 30, 23, 59)), None),
    (_info(due=datetime(2026, 11, 21, 23, 59)), RenewBlock.OVERDUE),
    (_info(due=datetime(2026, 11, 22, 23, 59)), None),             # due today: still fine
    (_info(due=datetime(2026, 11, 30), hold_queue_length=2), RenewBlock.HOLD_QUEUE),
    (_info(due=None), None),
])
def test_renew_offer_rules(info: ItemInformation, block: RenewBlock | None) -> None:
    assert renew_block(info, date(2026, 11, 22), tz=TOKYO) is block


def test_renew_a_loan_then_the_ils_refuses_a_second_renewal(client: Sip2Client,
                                                            cache: Cache) -> None:
    session = make_session(client, cache)
    session.scan(DEMO.codabar(DEMO.other_good_card))
    [listed] = session.my_loans()
    assert isinstance(listed, LoansListed)
    loan = next(ln for ln in listed.loans if ln.item == DEMO.on_loan_item)
    [renewed] = session.renew(loan.item)
    assert isinstance(renewed, ItemRenewed), renewed
    assert renewed.loan.renewal
    assert renewed.loan.due is not None
    [second] = session.renew(loan.item)           # the seeds' libraries: once only
    assert isinstance(second, RenewRefused)
    assert second.reason is ItemProblem.RENEW_LIMIT
    assert second.ils_message                     # the ILS's own words, shown beneath


def test_the_branch_can_turn_the_loan_list_off(client: Sip2Client, cache: Cache) -> None:
    session = make_session(client, cache, show_loans=False)
    session.scan(DEMO.codabar(DEMO.other_good_card))
    assert session.my_loans() == [LoansUnavailable(offline=False)]


def test_offline_the_list_and_renewals_are_unavailable(
        simulator: IlsSimulator, client: Sip2Client, cache: Cache) -> None:
    session = make_session(client, cache)
    session.scan(DEMO.codabar(DEMO.other_good_card))
    simulator.stop()
    client.close()
    assert session.my_loans() == [LoansUnavailable(offline=True)]
    [refused] = session.renew(DEMO.on_loan_item)
    assert isinstance(refused, RenewRefused)
    assert refused.reason is ItemProblem.ILS_UNAVAILABLE


def test_a_receipt_of_all_current_loans_when_the_branch_asks_for_it(client: Sip2Client,
                                                                   cache: Cache) -> None:
    circulation = OnlineCirculation(client, cache, timezone=TOKYO)
    session = PatronSession(circulation, BarcodeRules(), receipt_all_loans=True)
    session.scan(DEMO.codabar(DEMO.other_good_card))          # already has on_loan_item
    session.scan(DEMO.lendable_items[0])
    [ended] = session.finish()
    assert isinstance(ended, SessionEnded)
    assert [loan.item for loan in ended.loans] == [DEMO.lendable_items[0]]
    assert ended.all_loans is not None
    assert {loan.item for loan in ended.all_loans} == {DEMO.on_loan_item,
                                                       DEMO.lendable_items[0]}
    plain = make_session(client, cache)                       # the default: this visit only
    plain.scan(DEMO.codabar(DEMO.other_good_card))
    plain.scan(DEMO.lendable_items[1])
    [ended] = plain.finish()
    assert ended.all_loans is None
