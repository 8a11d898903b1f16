"""Lending rules as data, and the pure decision on one checkout.

The defaults are Toyama City's (2 weeks for books, magazines and 紙芝居; one renewal, not for
items with a hold, ILL items, 大型絵本, or items 2+ weeks overdue), with Hirakata's one week for
AV and its 60-day long-overdue block. Nothing here reads a clock or touches a collection: the
simulator passes the patron, the item, their loans and ``now``, and applies what comes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from sync.ils_sim.collection import TOKYO, Block, Item, Loan, MediaType, Patron, end_of_day

BOOKS = "books"
AV = "av"


def _frozen(mapping: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class LendingRules:
    """A library's circulation rules as data; another branch builds its own instance."""

    loan_days: Mapping[str, int] = field(default_factory=lambda: _frozen({
        MediaType.BOOK: 14, MediaType.PICTURE_BOOK: 14, MediaType.LARGE_PICTURE_BOOK: 14,
        MediaType.MAGAZINE: 14, MediaType.KAMISHIBAI: 14, MediaType.AV: 7}))
    # media type -> the limit group it counts against; a type missing here has no limit
    limit_groups: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({
        MediaType.BOOK: BOOKS, MediaType.PICTURE_BOOK: BOOKS,
        MediaType.LARGE_PICTURE_BOOK: BOOKS, MediaType.MAGAZINE: BOOKS,
        MediaType.KAMISHIBAI: BOOKS, MediaType.AV: AV}))
    limits: Mapping[str, int] = field(default_factory=lambda: _frozen({BOOKS: 10, AV: 3}))
    hold_limit: int = 5
    long_overdue_days: int = 60          # overdue by more than this: no new loans
    max_renewals: int = 1
    renewal_max_overdue_days: int = 13   # overdue by 14 days or more: no renewal
    not_renewable: frozenset[str] = frozenset({MediaType.LARGE_PICTURE_BOOK})
    renew_ill: bool = False

    def days_for(self, media: str) -> int:
        return self.loan_days.get(media, 14)

    def group_of(self, media: str) -> str | None:
        return self.limit_groups.get(media)

    def due_from(self, start: datetime, media: str) -> datetime:
        """The due date of a loan (or renewal) counted from ``start``'s day, in Tokyo."""
        return end_of_day(_day(start) + timedelta(days=self.days_for(media)))


TOYAMA_RULES = LendingRules()


def _day(when: datetime) -> datetime:
    local = when.replace(tzinfo=TOKYO) if when.tzinfo is None else when.astimezone(TOKYO)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def days_overdue(loan: Loan, now: datetime) -> int:
    """Whole days past the due day (0 on the due day itself and before)."""
    return max(0, (_day(now) - _day(loan.due)).days)


@dataclass(frozen=True)
class Standing:
    """What a patron's record and loans say about borrowing, before any particular item."""

    blocks: frozenset[Block]
    overdue: tuple[Loan, ...]
    full_groups: frozenset[str]      # limit groups the patron has reached

    @property
    def may_borrow(self) -> bool:
        return not self.blocks

    @property
    def main_block(self) -> Block:
        """The block to tell the patron about first (a lost card before anything else)."""
        return next(b for b in (*_BLOCK_ORDER, *sorted(self.blocks)) if b in self.blocks)


_BLOCK_ORDER = (Block.CARD_LOST, Block.LONG_OVERDUE, Block.EXPIRED, Block.CHARGE_DENIED)


def patron_standing(rules: LendingRules, patron: Patron, loans: Sequence[Loan],
                    now: datetime) -> Standing:
    blocks = set(patron.blocks)
    overdue = tuple(loan for loan in loans if days_overdue(loan, now) > 0)
    if any(days_overdue(loan, now) > rules.long_overdue_days for loan in overdue):
        blocks.add(Block.LONG_OVERDUE)
    return Standing(frozenset(blocks), overdue, frozenset(full_groups(rules, loans)))


def full_groups(rules: LendingRules, loans: Sequence[Loan]) -> set[str]:
    """The limit groups in which these loans already reach the limit."""
    counts: dict[str, int] = {}
    for loan in loans:
        group = rules.group_of(loan.media)
        if group is not None:
            counts[group] = counts.get(group, 0) + 1
    return {g for g, n in counts.items() if g in rules.limits and n >= rules.limits[g]}


def pin_matches(patron: Patron, pin: str | None) -> bool:
    """CQ: the PIN given is the patron's. A patron without a PIN matches only an empty one."""
    if pin is None:
        return False
    return pin == (patron.pin or "")


class Reason(StrEnum):
    UNKNOWN_PATRON = "unknown_patron"
    WRONG_PIN = "wrong_pin"
    PATRON_BLOCKED = "patron_blocked"        # detail: the Block
    UNKNOWN_ITEM = "unknown_item"
    NOT_FOR_LOAN = "not_for_loan"
    ON_HOLD_FOR_OTHER = "on_hold_for_other"
    ON_LOAN_TO_OTHER = "on_loan_to_other"
    LIMIT_REACHED = "limit_reached"          # detail: the limit group
    RENEWAL_REFUSED = "renewal_refused"      # detail: hold, ill, media, max, overdue


@dataclass(frozen=True)
class CheckoutDecision:
    ok: bool
    reason: Reason | None = None
    detail: str = ""
    due: datetime | None = None
    renewal: bool = False
    hold_pickup: bool = False      # the patron collects their own hold; it is fulfilled
    forced: bool = False           # lent despite the rules because the SC said no-block
    message_ja: str = ""
    message_en: str = ""

    def message(self, language: str = "ja") -> str:
        """The screen message (AF) in the patron's language."""
        return self.message_en if language == "en" else self.message_ja


_COUNTER_JA = "カウンターでお問い合わせください。"
_COUNTER_EN = "Please ask at the counter."


def _messages(rules: LendingRules, reason: Reason, detail: str) -> tuple[str, str]:
    if reason is Reason.UNKNOWN_PATRON:
        return ("このカードは登録されていません。" + _COUNTER_JA,
                "This card is not registered. " + _COUNTER_EN)
    if reason is Reason.WRONG_PIN:
        return ("パスワードが違います。もう一度入力してください。",
                "The PIN is not correct. Please try again.")
    if reason is Reason.PATRON_BLOCKED:
        blocked = {
            Block.CARD_LOST.value: ("このカードは紛失届が出ています。" + _COUNTER_JA,
                                    "This card has been reported lost. " + _COUNTER_EN),
            Block.LONG_OVERDUE.value: ("返却期限を大きく過ぎた資料があるため、貸出できません。"
                                       + _COUNTER_JA,
                                       "You have items that are long overdue, so you cannot "
                                       "borrow now. " + _COUNTER_EN),
            Block.EXPIRED.value: ("カードの有効期限が切れています。カウンターで更新してください。",
                                  "Your card has expired. Please renew it at the counter."),
        }
        return blocked.get(detail, ("現在、貸出できません。" + _COUNTER_JA,
                                    "You cannot borrow at the moment. " + _COUNTER_EN))
    if reason is Reason.UNKNOWN_ITEM:
        return ("この資料は登録されていません。カウンターへお持ちください。",
                "This item is not in the catalogue. Please take it to the counter.")
    if reason is Reason.NOT_FOR_LOAN:
        return ("この資料は禁帯出（館内利用のみ）のため貸出できません。" + _COUNTER_JA,
                "This item is for use in the library only. " + _COUNTER_EN)
    if reason is Reason.ON_HOLD_FOR_OTHER:
        return ("この資料はほかの方の予約資料です。カウンターへお持ちください。",
                "This item is reserved for another patron. Please take it to the counter.")
    if reason is Reason.ON_LOAN_TO_OTHER:
        return ("この資料は貸出中の記録があります。カウンターへお持ちください。",
                "This item is recorded as on loan. Please take it to the counter.")
    if reason is Reason.LIMIT_REACHED:
        limit = rules.limits.get(detail, 0)
        if detail == AV:
            return (f"CD・DVDの貸出は{limit}点までです。これ以上は借りられません。",
                    f"You already have {limit} CDs or DVDs on loan, the most allowed.")
        return (f"本・雑誌・紙芝居の貸出は{limit}点までです。これ以上は借りられません。",
                f"You already have {limit} books, magazines or picture-story cards on loan, "
                "the most allowed.")
    renewal = {
        "hold": ("予約が入っているため延長できません。", "This item is reserved, so it cannot be "
                 "renewed."),
        "ill": ("相互貸借の資料は延長できません。", "Items borrowed from other libraries cannot "
                "be renewed."),
        "media": ("この種類の資料は延長できません。", "This kind of item cannot be renewed."),
        "max": (f"延長は{rules.max_renewals}回までです。",
                f"Items can be renewed {rules.max_renewals} time(s) only."),
        "overdue": (f"返却期限を{rules.renewal_max_overdue_days + 1}日以上過ぎているため"
                    "延長できません。",
                    f"This item is {rules.renewal_max_overdue_days + 1} or more days overdue "
                    "and cannot be renewed."),
    }
    ja, en = renewal.get(detail, ("延長できません。", "This item cannot be renewed."))
    return ja + _COUNTER_JA, en + " " + _COUNTER_EN


def refusal(rules: LendingRules, reason: Reason, detail: str = "") -> CheckoutDecision:
    """A refusal with its screen messages in Japanese and English."""
    ja, en = _messages(rules, reason, detail)
    return CheckoutDecision(False, reason, detail, message_ja=ja, message_en=en)


def check_checkout(rules: LendingRules, *, patron: Patron | None, item: Item | None,
                   patron_loans: Sequence[Loan], item_loan: Loan | None, now: datetime,
                   pin: str | None = None, no_block: bool = False,
                   nb_due_date: datetime | None = None) -> CheckoutDecision:
    """May ``patron`` take ``item`` now? Checks run in the order a librarian would.

    ``patron_loans`` are the patron's current loans, ``item_loan`` the item's (anyone's). A
    checkout of an item the patron already has is a renewal; the PIN is checked only when one
    is given and the patron has one. With ``no_block`` (an offline transaction the
    kiosk already completed) blocks, holds, limits and renewal rules are not applied: the
    patron has the item, so the loan is recorded, due ``nb_due_date`` when given. An unknown
    patron or item and a wrong PIN still refuse.
    """
    if patron is None:
        return refusal(rules, Reason.UNKNOWN_PATRON)
    if pin is not None and patron.pin is not None and pin != patron.pin:
        return refusal(rules, Reason.WRONG_PIN)
    if item is None:
        return refusal(rules, Reason.UNKNOWN_ITEM)
    standing = patron_standing(rules, patron, patron_loans, now)
    if standing.blocks and not no_block:
        return refusal(rules, Reason.PATRON_BLOCKED, standing.main_block.value)

    if item_loan is not None and item_loan.card == patron.card:
        return _renewal(rules, item, item_loan, now=now, no_block=no_block,
                        nb_due_date=nb_due_date)
    if not no_block:
        if item.not_for_loan:
            return refusal(rules, Reason.NOT_FOR_LOAN)
        if item_loan is not None:
            return refusal(rules, Reason.ON_LOAN_TO_OTHER)
        if item.hold_for is not None and item.hold_for != patron.card:
            return refusal(rules, Reason.ON_HOLD_FOR_OTHER)
        group = rules.group_of(item.media)
        if group is not None and group in standing.full_groups:
            return refusal(rules, Reason.LIMIT_REACHED, group)
    due = nb_due_date if (no_block and nb_due_date) else rules.due_from(now, item.media)
    return CheckoutDecision(True, due=due, hold_pickup=item.hold_for == patron.card,
                            forced=no_block)


def _renewal(rules: LendingRules, item: Item, loan: Loan, *, now: datetime, no_block: bool,
             nb_due_date: datetime | None) -> CheckoutDecision:
    # Toyama: two weeks from the day of the request, or from the due date if already overdue
    start = loan.due if days_overdue(loan, now) > 0 else now
    due = rules.due_from(start, item.media)
    if no_block:
        return CheckoutDecision(True, due=nb_due_date or due, renewal=True, forced=True)
    cause = None
    if item.hold_for is not None and item.hold_for != loan.card:
        cause = "hold"
    elif item.ill and not rules.renew_ill:
        cause = "ill"
    elif item.media in rules.not_renewable:
        cause = "media"
    elif loan.renewals >= rules.max_renewals:
        cause = "max"
    elif days_overdue(loan, now) > rules.renewal_max_overdue_days:
        cause = "overdue"
    if cause is not None:
        return refusal(rules, Reason.RENEWAL_REFUSED, cause)
    return CheckoutDecision(True, due=due, renewal=True)
