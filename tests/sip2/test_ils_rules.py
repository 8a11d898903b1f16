"""The simulator's lending rules on their own, and the demo collection they lend from."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from sync.ils_sim.collection import (
    DEMO,
    TOKYO,
    Block,
    Item,
    Loan,
    MediaType,
    Patron,
    card_number,
    demo_collection,
    end_of_day,
    is_valid_card,
    mod10_w21_check,
)
from sync.ils_sim.rules import (
    AV,
    BOOKS,
    HIRAKATA_RULES,
    KYOTO_RULES,
    RENEWAL_CAUSES,
    RULE_PRESETS,
    TOYAMA_RULES,
    CheckoutDecision,
    LendingRules,
    Reason,
    check_checkout,
    check_renewal,
    days_overdue,
    patron_standing,
    refusal,
    with_long_overdue_days,
)

NOW = datetime(2025, 4, 1, 10, 0, tzinfo=TOKYO)
CARD, OTHER = "21045877", "21093315"


def patron(**kwargs: object) -> Patron:
    return Patron(CARD, "山田 花子", **kwargs)  # type: ignore[arg-type]


def item(barcode: str = "115538407", media: MediaType = MediaType.BOOK, **kwargs: object
         ) -> Item:
    return Item(barcode, "港町の小さな探偵事務所", "高橋 直樹", media, **kwargs)  # type: ignore[arg-type]


def loan(barcode: str, *, card: str = CARD, media: MediaType = MediaType.BOOK,
         due_in: int = 7, renewals: int = 0) -> Loan:
    due = end_of_day((NOW + timedelta(days=due_in)).date())
    return Loan(barcode, card, media, due - timedelta(days=14), due, renewals)


def decide(p: Patron | None, i: Item | None, loans: list[Loan] | None = None,
           item_loan: Loan | None = None, rules: LendingRules = TOYAMA_RULES,
           **kwargs: object) -> CheckoutDecision:
    return check_checkout(rules, patron=p, item=i, patron_loans=loans or [],
                          item_loan=item_loan, now=NOW, **kwargs)  # type: ignore[arg-type]


def refused(decision: CheckoutDecision, reason: Reason, detail: str = "") -> bool:
    return (not decision.ok and decision.reason is reason and decision.detail == detail
            and decision.due is None and bool(decision.message_ja)
            and bool(decision.message_en))


# -- card check digits -------------------------------------------------------------------
def test_mod10_w21_by_hand() -> None:
    # 1234567: weights from the right 2,1,2,... -> 7*2=14 (1+4), 6, 5*2=10 (1+0), 4, 3*2=6,
    # 2, 1*2=2: 5+6+1+4+6+2+2 = 26 -> (10 - 6) % 10 = 4
    assert mod10_w21_check("1234567") == "4"
    assert mod10_w21_check("0000000") == "0"
    assert mod10_w21_check("2104587") == "7"
    assert card_number("1234567") == "12345674"


def test_card_validity() -> None:
    assert is_valid_card("12345674")
    assert not is_valid_card("12345675")       # one digit wrong
    assert not is_valid_card("12345647")       # neighbours swapped
    assert not is_valid_card("1234567")        # too short
    assert not is_valid_card("１２３４５６７４")  # full-width digits
    with pytest.raises(ValueError, match="digits"):
        mod10_w21_check("12a4")


# -- loan periods ------------------------------------------------------------------------
@pytest.mark.parametrize(("media", "due_day"), [
    (MediaType.BOOK, 15), (MediaType.PICTURE_BOOK, 15), (MediaType.LARGE_PICTURE_BOOK, 15),
    (MediaType.MAGAZINE, 15), (MediaType.KAMISHIBAI, 15), (MediaType.AV, 8),
])
def test_loan_periods(media: MediaType, due_day: int) -> None:
    decision = decide(patron(), item(media=media))
    assert decision.ok
    assert decision.reason is None
    assert not decision.renewal
    assert decision.due == datetime(2025, 4, due_day, 23, 59, 59, tzinfo=TOKYO)


def test_the_due_day_is_counted_in_tokyo() -> None:
    utc = datetime(2025, 3, 31, 16, 30, tzinfo=UTC)          # 01:30 on 1 April in Tokyo
    assert TOYAMA_RULES.due_from(utc, MediaType.BOOK) == datetime(2025, 4, 15, 23, 59, 59,
                                                                 tzinfo=TOKYO)


# -- who and what ------------------------------------------------------------------------
def test_unknown_patron_and_item() -> None:
    assert refused(decide(None, item()), Reason.UNKNOWN_PATRON)
    assert refused(decide(patron(), None), Reason.UNKNOWN_ITEM)


def test_pin_is_checked_only_when_given_and_set() -> None:
    with_pin = patron(pin="1234")
    assert refused(decide(with_pin, item(), pin="9999"), Reason.WRONG_PIN)
    assert decide(with_pin, item(), pin="1234").ok
    assert decide(with_pin, item()).ok                   # the kiosk did not ask for it
    assert decide(patron(), item(), pin="0000").ok       # the patron has none


@pytest.mark.parametrize("block", [Block.CARD_LOST, Block.EXPIRED, Block.CHARGE_DENIED])
def test_blocked_patrons(block: Block) -> None:
    decision = decide(patron(blocks={block}), item())
    assert refused(decision, Reason.PATRON_BLOCKED, block.value)
    assert "カウンター" in decision.message_ja
    assert "counter" in decision.message("en")


def test_a_lost_card_is_named_before_other_blocks() -> None:
    decision = decide(patron(blocks={Block.EXPIRED, Block.CARD_LOST}), item())
    assert decision.detail == Block.CARD_LOST
    assert "紛失" in decision.message_ja


def test_long_overdue_blocks_after_60_days() -> None:
    sixty = [loan("111111111", due_in=-60)]
    sixty_one = [loan("111111111", due_in=-61)]
    assert days_overdue(sixty[0], NOW) == 60
    assert decide(patron(), item(), sixty).ok
    assert refused(decide(patron(), item(), sixty_one), Reason.PATRON_BLOCKED,
                   Block.LONG_OVERDUE)
    stricter = LendingRules(long_overdue_days=30)
    assert not decide(patron(), item(), [loan("111111111", due_in=-31)], rules=stricter).ok


def test_not_for_loan_and_on_loan_to_someone_else() -> None:
    assert refused(decide(patron(), item(not_for_loan=True)), Reason.NOT_FOR_LOAN)
    theirs = loan("115538407", card=OTHER)
    assert refused(decide(patron(), item(), item_loan=theirs), Reason.ON_LOAN_TO_OTHER)


def test_holds() -> None:
    assert refused(decide(patron(), item(hold_for=OTHER)), Reason.ON_HOLD_FOR_OTHER)
    pickup = decide(patron(), item(hold_for=CARD))
    assert pickup.ok
    assert pickup.hold_pickup
    assert not decide(patron(), item()).hold_pickup


def test_an_ill_item_lends() -> None:
    assert decide(patron(), item(ill=True)).ok


def test_limits_per_group() -> None:
    books = [loan(f"2000000{n:02d}", media=MediaType.MAGAZINE if n % 3 else MediaType.BOOK)
             for n in range(10)]
    assert refused(decide(patron(), item(), books), Reason.LIMIT_REACHED, BOOKS)
    assert refused(decide(patron(), item(media=MediaType.KAMISHIBAI), books),
                   Reason.LIMIT_REACHED, BOOKS)
    assert decide(patron(), item(media=MediaType.AV), books).ok
    assert decide(patron(), item(), books[:9]).ok
    avs = [loan(f"30000000{n}", media=MediaType.AV) for n in range(3)]
    decision = decide(patron(), item(media=MediaType.AV), avs)
    assert refused(decision, Reason.LIMIT_REACHED, AV)
    assert "3" in decision.message_ja
    assert decide(patron(), item(), avs).ok
    assert decide(patron(), item(), books, rules=LendingRules(limits={BOOKS: 20})).ok


# -- renewals ----------------------------------------------------------------------------
def test_the_same_patron_again_is_a_renewal_from_today() -> None:
    mine = loan("115538407", due_in=3)
    decision = decide(patron(), item(), [mine], item_loan=mine)
    assert decision.ok
    assert decision.renewal
    assert decision.due == end_of_day(NOW.date() + timedelta(days=14))


def test_an_overdue_renewal_counts_from_the_old_due_date() -> None:
    mine = loan("115538407", due_in=-5)
    decision = decide(patron(), item(), [mine], item_loan=mine)
    assert decision.renewal
    assert decision.due == end_of_day(NOW.date() + timedelta(days=-5 + 14))


@pytest.mark.parametrize(("the_item", "the_loan", "cause"), [
    (item(hold_for=OTHER), loan("115538407"), "hold"),
    (item(ill=True), loan("115538407"), "ill"),
    (item(media=MediaType.LARGE_PICTURE_BOOK),
     loan("115538407", media=MediaType.LARGE_PICTURE_BOOK), "media"),
    (item(), loan("115538407", renewals=1), "max"),
    (item(), loan("115538407", due_in=-14), "overdue"),
])
def test_renewals_refused(the_item: Item, the_loan: Loan, cause: str) -> None:
    assert refused(decide(patron(), the_item, [the_loan], item_loan=the_loan),
                   Reason.RENEWAL_REFUSED, cause)


def test_thirteen_days_overdue_may_still_renew() -> None:
    mine = loan("115538407", due_in=-13)
    assert decide(patron(), item(), [mine], item_loan=mine).renewal


def test_large_kamishibai_is_not_renewed_in_toyama() -> None:
    big = loan("115541028", media=MediaType.LARGE_KAMISHIBAI)
    the_item = item("115541028", media=MediaType.LARGE_KAMISHIBAI)
    assert refused(decide(patron(), the_item, [big], item_loan=big), Reason.RENEWAL_REFUSED,
                   "media")
    assert decide(patron(), the_item).ok                  # but it lends


def test_a_renewal_on_the_day_of_the_loan_keeps_the_due_date_in_toyama() -> None:
    today = Loan("115538407", CARD, MediaType.BOOK, NOW,
                 end_of_day(NOW.date() + timedelta(days=14)))
    decision = decide(patron(), item(), [today], item_loan=today)
    assert decision.renewal
    assert decision.due == today.due


def renew(the_item: Item | None, the_loan: Loan | None, *, who: Patron | None = None,
          rules: LendingRules = TOYAMA_RULES, now: datetime = NOW, **kwargs: object
          ) -> CheckoutDecision:
    p = patron() if who is None else who
    return check_renewal(rules, patron=p, item=the_item, loan=the_loan,
                         patron_loans=[the_loan] if the_loan else [], now=now,
                         **kwargs)  # type: ignore[arg-type]


def test_renew_message_decisions() -> None:
    mine = loan("115538407", due_in=3)
    ok = renew(item(), mine)
    assert ok.ok
    assert ok.renewal
    assert ok.due == end_of_day(NOW.date() + timedelta(days=14))
    assert refused(renew(item(), None), Reason.NOT_ON_LOAN)
    assert refused(renew(item(), loan("115538407", card=OTHER)), Reason.NOT_ON_LOAN)
    assert refused(renew(None, mine), Reason.UNKNOWN_ITEM)
    assert refused(check_renewal(TOYAMA_RULES, patron=None, item=item(), loan=mine,
                                 patron_loans=[], now=NOW), Reason.UNKNOWN_PATRON)
    assert refused(renew(item(), mine, who=patron(pin="1234"), pin="9999"), Reason.WRONG_PIN)
    assert refused(renew(item(), mine, who=patron(blocks={Block.CARD_LOST})),
                   Reason.PATRON_BLOCKED, Block.CARD_LOST)
    forced = renew(item(hold_for=OTHER), loan("115538407", renewals=3), no_block=True)
    assert forced.ok
    assert forced.forced


def test_kyoto_renews_once_before_the_due_date_never_on_the_loan_day() -> None:
    today = Loan("115538407", CARD, MediaType.BOOK, NOW,
                 end_of_day(NOW.date() + timedelta(days=14)))
    assert refused(renew(item(), today, rules=KYOTO_RULES), Reason.RENEWAL_REFUSED, "loan_day")
    assert renew(item(), today, rules=KYOTO_RULES, now=NOW + timedelta(days=1)).ok
    late = loan("115538407", due_in=-1)
    assert refused(renew(item(), late, rules=KYOTO_RULES), Reason.RENEWAL_REFUSED, "past_due")
    assert renew(item(), late).ok                           # Toyama allows it
    assert refused(renew(item(), loan("115538407", renewals=1), rules=KYOTO_RULES),
                   Reason.RENEWAL_REFUSED, "max")
    assert refused(renew(item(ill=True), loan("115538407"), rules=KYOTO_RULES),
                   Reason.RENEWAL_REFUSED, "ill")
    big = loan("115541010", media=MediaType.LARGE_PICTURE_BOOK)
    assert renew(item(media=MediaType.LARGE_PICTURE_BOOK), big, rules=KYOTO_RULES).ok


def test_hirakata_renews_in_steps_up_to_60_days_and_av_once() -> None:
    loaned = NOW - timedelta(days=10)
    first = Loan("115538407", CARD, MediaType.BOOK, loaned,
                 end_of_day(loaned.date() + timedelta(days=14)))
    step = renew(item(), first, rules=HIRAKATA_RULES)
    assert step.due == end_of_day(NOW.date() + timedelta(days=14))
    cap = end_of_day(loaned.date() + timedelta(days=60))
    near_cap = Loan("115538407", CARD, MediaType.BOOK, loaned,
                    end_of_day(NOW.date() + timedelta(days=40)), renewals=4)
    last = renew(item(), near_cap, rules=HIRAKATA_RULES, now=NOW + timedelta(days=39))
    assert last.ok
    assert last.due == cap                                  # the remaining days only
    at_cap = Loan("115538407", CARD, MediaType.BOOK, loaned, cap, renewals=5)
    assert refused(renew(item(), at_cap, rules=HIRAKATA_RULES, now=NOW + timedelta(days=45)),
                   Reason.RENEWAL_REFUSED, "cap")
    av = Loan("115540012", CARD, MediaType.AV, NOW - timedelta(days=3),
              end_of_day(NOW.date() + timedelta(days=4)))
    av_item = item("115540012", media=MediaType.AV)
    once = renew(av_item, av, rules=HIRAKATA_RULES)
    assert once.due == end_of_day(NOW.date() + timedelta(days=7))   # one week
    assert refused(renew(av_item, Loan(**{**vars(av), "renewals": 1}), rules=HIRAKATA_RULES),
                   Reason.RENEWAL_REFUSED, "max")
    assert refused(renew(item(), loan("115538407", due_in=-2), rules=HIRAKATA_RULES),
                   Reason.RENEWAL_REFUSED, "past_due")


def test_rule_presets_and_the_long_overdue_threshold() -> None:
    assert set(RULE_PRESETS) == {"toyama", "kyoto", "hirakata"}
    assert RULE_PRESETS["toyama"] is TOYAMA_RULES
    ninety = with_long_overdue_days(TOYAMA_RULES, 90)
    assert ninety.long_overdue_days == 90
    assert ninety.loan_days == TOYAMA_RULES.loan_days
    seventy_five = [loan("111111111", due_in=-75)]
    assert not decide(patron(), item(), seventy_five).ok
    assert decide(patron(), item(), seventy_five, rules=ninety).ok
    with pytest.raises(ValueError, match="at least one day"):
        with_long_overdue_days(TOYAMA_RULES, 0)


# -- no block (offline replay) -----------------------------------------------------------
def test_no_block_records_what_already_happened() -> None:
    nb_due = end_of_day(NOW.date() + timedelta(days=10))
    forced = decide(patron(blocks={Block.CARD_LOST}), item(not_for_loan=True, hold_for=OTHER),
                    item_loan=loan("115538407", card=OTHER), no_block=True, nb_due_date=nb_due)
    assert forced.ok
    assert forced.forced
    assert forced.due == nb_due
    assert decide(patron(), item(), no_block=True).due == end_of_day(
        NOW.date() + timedelta(days=14))
    assert refused(decide(patron(), None, no_block=True), Reason.UNKNOWN_ITEM)
    assert refused(decide(None, item(), no_block=True), Reason.UNKNOWN_PATRON)


def test_a_no_block_repeat_is_still_a_renewal() -> None:
    mine = loan("115538407", renewals=5)
    decision = decide(patron(), item(), [mine], item_loan=mine, no_block=True)
    assert decision.ok
    assert decision.renewal


# -- standing ----------------------------------------------------------------------------
def test_standing() -> None:
    loans = [loan("1", due_in=-70), loan("2", due_in=-1), loan("3", due_in=2)]
    standing = patron_standing(TOYAMA_RULES, patron(), loans, NOW)
    assert standing.blocks == {Block.LONG_OVERDUE}
    assert not standing.may_borrow
    assert [x.item for x in standing.overdue] == ["1", "2"]
    assert patron_standing(TOYAMA_RULES, patron(), loans[1:], NOW).may_borrow


@pytest.mark.parametrize(("reason", "detail"), [
    *((r, "") for r in Reason),
    *((Reason.PATRON_BLOCKED, b.value) for b in Block),
    (Reason.LIMIT_REACHED, BOOKS), (Reason.LIMIT_REACHED, AV),
    *((Reason.RENEWAL_REFUSED, c) for c in RENEWAL_CAUSES),
    *((Reason.ACS_UNAVAILABLE, d) for d in ("offline", "checkout", "checkin", "renewal")),
])
def test_every_refusal_has_japanese_and_english_words(reason: Reason, detail: str) -> None:
    decision = refusal(TOYAMA_RULES, reason, detail)
    assert not decision.ok
    assert not decision.message_ja.isascii()
    assert decision.message_en.isascii()
    assert decision.message("en") == decision.message_en
    assert decision.message("fr") == decision.message_ja      # Japanese unless English


# -- the demo collection -----------------------------------------------------------------
def test_every_fresh_demo_collection_lends_the_demo_items() -> None:
    for now in (NOW, datetime.now(TOKYO), NOW + timedelta(days=400)):
        coll = demo_collection(now)
        good = coll.patrons[DEMO.good_card]
        for barcode in (*DEMO.lendable_items, *DEMO.av_items[:3], DEMO.hold_pickup_item,
                        DEMO.english_item, DEMO.ill_item, DEMO.large_picture_book_item):
            decision = check_checkout(TOYAMA_RULES, patron=good, item=coll.items[barcode],
                                      patron_loans=coll.loans_of(good.card),
                                      item_loan=coll.loans.get(barcode), now=now)
            assert decision.ok, (barcode, decision)


def expect(coll_now: datetime, card: str, barcode: str) -> CheckoutDecision:
    coll = demo_collection(coll_now)
    return check_checkout(TOYAMA_RULES, patron=coll.patrons.get(card),
                          item=coll.items.get(barcode), patron_loans=coll.loans_of(card),
                          item_loan=coll.loans.get(barcode), now=coll_now)


def test_the_demo_refusals() -> None:
    d = DEMO
    assert expect(NOW, d.good_card, d.not_for_loan_item).reason is Reason.NOT_FOR_LOAN
    assert expect(NOW, d.good_card, d.on_hold_item).reason is Reason.ON_HOLD_FOR_OTHER
    assert expect(NOW, d.other_good_card, d.on_hold_item).hold_pickup
    assert expect(NOW, d.good_card, d.on_loan_item).reason is Reason.ON_LOAN_TO_OTHER
    assert expect(NOW, d.other_good_card, d.on_loan_item).renewal
    assert expect(NOW, d.good_card, d.unknown_item).reason is Reason.UNKNOWN_ITEM
    assert expect(NOW, d.unknown_card, d.lendable_items[0]).reason is Reason.UNKNOWN_PATRON
    assert expect(NOW, d.blocked_card, d.lendable_items[0]).detail == Block.CARD_LOST
    assert expect(NOW, d.long_overdue_card, d.lendable_items[0]).detail == Block.LONG_OVERDUE
    assert expect(NOW, d.expired_card, d.lendable_items[0]).detail == Block.EXPIRED
    assert expect(NOW, d.limit_card, d.lendable_items[0]).reason is Reason.LIMIT_REACHED
    assert expect(NOW, d.limit_card, d.av_item).ok
    assert expect(NOW, d.wide_area_card, d.lendable_items[0]).ok
    assert expect(NOW, d.english_card, d.lendable_items[0]).ok


def test_demo_cards_and_items_are_well_formed() -> None:
    coll = demo_collection(NOW)
    assert 35 <= len(coll.patrons) <= 45
    assert 280 <= len(coll.items) <= 330
    for card in coll.patrons:
        assert is_valid_card(card), card
    for barcode in coll.items:
        assert len(barcode) == 9
        assert barcode.isdigit()
    assert is_valid_card(DEMO.unknown_card)
    assert DEMO.unknown_card not in coll.patrons
    assert DEMO.unknown_item not in coll.items
    assert len(DEMO.unknown_item) == 9
    assert DEMO.codabar(DEMO.good_card) == "A21045877B"
    assert coll.patrons[DEMO.good_card].name == DEMO.good_name
    assert coll.patrons[DEMO.good_card].pin == DEMO.good_pin
    assert coll.patrons[DEMO.english_card].language == "en"
    assert coll.patrons[DEMO.wide_area_card].wide_area
    assert coll.items[DEMO.av_item].media is MediaType.AV
    assert coll.items[DEMO.ill_item].ill
    kinds = Counter(i.media for i in coll.items.values())
    assert set(kinds) == set(MediaType)
    assert sum(1 for i in coll.items.values() if i.title.isascii()) >= 10   # English titles
    for p in coll.patrons.values():
        p.name.encode("cp932")
    for i in coll.items.values():
        (i.title + i.author + i.shelf).encode("cp932")       # every title fits Shift_JIS too
    overdue = max(days_overdue(x, NOW) for x in coll.loans_of(DEMO.long_overdue_card))
    assert overdue > 60
    assert len(coll.loans_of(DEMO.limit_card)) == 10
    assert all(days_overdue(x, NOW) == 0 for x in coll.loans_of(DEMO.limit_card))


def test_demo_collections_are_deterministic_and_independent() -> None:
    first, second = demo_collection(NOW), demo_collection(NOW + timedelta(days=3))
    assert [(i.barcode, i.title, i.author) for i in first.items.values()] == [
        (i.barcode, i.title, i.author) for i in second.items.values()]
    assert list(first.patrons) == list(second.patrons)
    assert {(x.item, x.card) for x in first.loans.values()} == {
        (x.item, x.card) for x in second.loans.values()}
    first.loans.clear()
    first.items[DEMO.on_hold_item].hold_for = None
    third = demo_collection(NOW)
    assert third.loans
    assert third.items[DEMO.on_hold_item].hold_for == DEMO.other_good_card
