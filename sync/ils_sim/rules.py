"""Lending rules as data, and the pure decisions on one checkout or one renewal.

The defaults are Toyama City's (2 weeks for books, magazines and 紙芝居; one renewal, two weeks
from the day of the request or from the due date when already overdue; not for items with a
hold, ILL items, 大型絵本・大型紙芝居, or items 2+ weeks overdue), with Hirakata's one week for
AV and its 60-day long-overdue block. :data:`KYOTO_RULES` and :data:`HIRAKATA_RULES` are the
other seed libraries' renewal rules. Nothing here reads a clock or touches a collection: the
simulator passes the patron, the item, their loans and ``now``, and applies what comes back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

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
        MediaType.MAGAZINE: 14, MediaType.KAMISHIBAI: 14, MediaType.LARGE_KAMISHIBAI: 14,
        MediaType.AV: 7}))
    # media type -> the limit group it counts against; a type missing here has no limit
    limit_groups: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({
        MediaType.BOOK: BOOKS, MediaType.PICTURE_BOOK: BOOKS,
        MediaType.LARGE_PICTURE_BOOK: BOOKS, MediaType.MAGAZINE: BOOKS,
        MediaType.KAMISHIBAI: BOOKS, MediaType.LARGE_KAMISHIBAI: BOOKS, MediaType.AV: AV}))
    limits: Mapping[str, int] = field(default_factory=lambda: _frozen({BOOKS: 10, AV: 3}))
    hold_limit: int = 5
    long_overdue_days: int = 60          # overdue by more than this: no new loans
    max_renewals: int = 1
    max_renewals_by_media: Mapping[str, int] = field(default_factory=lambda: _frozen({}))
    renewal_max_overdue_days: int = 13   # overdue by 14 days or more: no renewal
    not_renewable: frozenset[str] = frozenset({MediaType.LARGE_PICTURE_BOOK,
                                               MediaType.LARGE_KAMISHIBAI})
    renew_ill: bool = False
    renew_after_due: bool = True         # Kyoto, Hirakata: only before the due date
    renew_on_loan_day: bool = True       # Kyoto: not on the day of the loan
    # "request": from the day of the request (from the due date once overdue); "due": always
    # from the due date
    renewal_counts_from: Literal["request", "due"] = "request"
    renewal_cap_days: int | None = None  # Hirakata: never due more than 60 days after the loan

    def days_for(self, media: str) -> int:
        return self.loan_days.get(media, 14)

    def renewals_allowed(self, media: str) -> int:
        return self.max_renewals_by_media.get(media, self.max_renewals)

    def group_of(self, media: str) -> str | None:
        return self.limit_groups.get(media)

    def due_from(self, start: datetime, media: str) -> datetime:
        """The due date of a loan (or renewal) counted from ``start``'s day, in Tokyo."""
        return end_of_day(_day(start) + timedelta(days=self.days_for(media)))


TOYAMA_RULES = LendingRules()
# Kyoto Prefectural: once, only before the due date, not on the day of the loan, never with a
# hold or for an item from another library
KYOTO_RULES = LendingRules(renew_after_due=False, renew_on_loan_day=False,
                           not_renewable=frozenset())
# Hirakata: in 2-week steps as often as wanted up to 60 days from the loan; AV one week, once;
# not after the due date; holds up to 15
HIRAKATA_RULES = LendingRules(max_renewals=99, max_renewals_by_media=_frozen({MediaType.AV: 1}),
                              renew_after_due=False, renewal_cap_days=60,
                              not_renewable=frozenset(), hold_limit=15)
RULE_PRESETS: Mapping[str, LendingRules] = MappingProxyType({
    "toyama": TOYAMA_RULES, "kyoto": KYOTO_RULES, "hirakata": HIRAKATA_RULES})


def with_long_overdue_days(rules: LendingRules, days: int) -> LendingRules:
    """The same rules with another 長期延滞 threshold (30, 60, 90 days at different cities)."""
    if days < 1:
        raise ValueError(f"long overdue threshold must be at least one day, not {days}")
    return replace(rules, long_overdue_days=days)


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
    RENEWAL_REFUSED = "renewal_refused"      # detail: one of RENEWAL_CAUSES
    NOT_ON_LOAN = "not_on_loan"              # a renewal of an item the patron does not have
    ACS_UNAVAILABLE = "acs_unavailable"      # detail: offline, checkout, checkin, renewal


RENEWAL_CAUSES = ("hold", "ill", "media", "max", "loan_day", "past_due", "overdue", "cap")


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


# the refusals whose words do not depend on the rules or the detail
_FIXED: dict[Reason, tuple[str, str]] = {
    Reason.UNKNOWN_PATRON: ("このカードは登録されていません。" + _COUNTER_JA,
                            "This card is not registered. " + _COUNTER_EN),
    Reason.WRONG_PIN: ("パスワードが違います。もう一度入力してください。",
                       "The PIN is not correct. Please try again."),
    Reason.UNKNOWN_ITEM: ("この資料は登録されていません。カウンターへお持ちください。",
                          "This item is not in the catalogue. Please take it to the counter."),
    Reason.NOT_FOR_LOAN: ("この資料は禁帯出（館内利用のみ）のため貸出できません。" + _COUNTER_JA,
                          "This item is for use in the library only. " + _COUNTER_EN),
    Reason.ON_HOLD_FOR_OTHER: (
        "この資料はほかの方の予約資料です。カウンターへお持ちください。",
        "This item is reserved for another patron. Please take it to the counter."),
    Reason.ON_LOAN_TO_OTHER: ("この資料は貸出中の記録があります。カウンターへお持ちください。",
                              "This item is recorded as on loan. Please take it to the counter."),
    Reason.NOT_ON_LOAN: ("この資料はあなたに貸出中ではありません。" + _COUNTER_JA,
                         "This item is not on loan to you. " + _COUNTER_EN),
}


def _messages(rules: LendingRules, reason: Reason, detail: str) -> tuple[str, str]:
    if reason in _FIXED:
        return _FIXED[reason]
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
    if reason is Reason.LIMIT_REACHED:
        limit = rules.limits.get(detail, 0)
        if detail == AV:
            return (f"CD・DVDの貸出は{limit}点までです。これ以上は借りられません。",
                    f"You already have {limit} CDs or DVDs on loan, the most allowed.")
        return (f"本・雑誌・紙芝居の貸出は{limit}点までです。これ以上は借りられません。",
                f"You already have {limit} books, magazines or picture-story cards on loan, "
                "the most allowed.")
    if reason is Reason.ACS_UNAVAILABLE:
        what = {"checkin": ("ただいま返却の手続きができません。",
                            "Returns cannot be processed at the moment."),
                "renewal": ("ただいま延長の手続きができません。",
                            "Renewals cannot be processed at the moment.")}
        ja, en = what.get(detail, ("ただいま貸出の手続きができません。",
                                   "Loans cannot be processed at the moment."))
        return ja + _COUNTER_JA, en + " " + _COUNTER_EN
    renewal = {
        "hold": ("予約が入っているため延長できません。", "This item is reserved, so it cannot be "
                 "renewed."),
        "ill": ("相互貸借の資料は延長できません。", "Items borrowed from other libraries cannot "
                "be renewed."),
        "media": ("この種類の資料は延長できません。", "This kind of item cannot be renewed."),
        "max": ((f"延長は{rules.max_renewals}回までです。",
                 f"Items can be renewed {rules.max_renewals} time(s) only.")
                if rules.max_renewals < 10 else
                ("延長できる回数を超えています。",
                 "This item has been renewed as often as allowed.")),
        "overdue": (f"返却期限を{rules.renewal_max_overdue_days + 1}日以上過ぎているため"
                    "延長できません。",
                    f"This item is {rules.renewal_max_overdue_days + 1} or more days overdue "
                    "and cannot be renewed."),
        "loan_day": ("借りた日に延長することはできません。",
                     "Items cannot be renewed on the day they were borrowed."),
        "past_due": ("返却期限を過ぎた資料は延長できません。",
                     "Items past their due date cannot be renewed."),
        "cap": (f"貸出日から{rules.renewal_cap_days}日を超えて延長することはできません。",
                f"Items cannot be kept more than {rules.renewal_cap_days} days after the loan."),
    }
    ja, en = renewal.get(detail, ("延長できません。", "This item cannot be renewed."))
    return ja + _COUNTER_JA, en + " " + _COUNTER_EN


def refusal(rules: LendingRules, reason: Reason, detail: str = "") -> CheckoutDecision:
    """A refusal with its screen messages in Japanese and English."""
    ja, en = _messages(rules, reason, detail)
    return CheckoutDecision(False, reason, detail, message_ja=ja, message_en=en)


def _known(rules: LendingRules, patron: Patron | None, item: Item | None,
           pin: str | None) -> tuple[Patron, Item] | CheckoutDecision:
    """The patron and the item, or what refuses a checkout or a renewal whatever
    ``no_block`` says: an unknown patron, a wrong PIN (checked only when one is given and
    the patron has one), an unknown item."""
    if patron is None:
        return refusal(rules, Reason.UNKNOWN_PATRON)
    if pin is not None and patron.pin is not None and pin != patron.pin:
        return refusal(rules, Reason.WRONG_PIN)
    if item is None:
        return refusal(rules, Reason.UNKNOWN_ITEM)
    return patron, item


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
    known = _known(rules, patron, item, pin)
    if isinstance(known, CheckoutDecision):
        return known
    patron, item = known
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


def check_renewal(rules: LendingRules, *, patron: Patron | None, item: Item | None,
                  loan: Loan | None, patron_loans: Sequence[Loan], now: datetime,
                  pin: str | None = None, no_block: bool = False,
                  nb_due_date: datetime | None = None) -> CheckoutDecision:
    """May ``patron`` renew ``item`` (SIP2 29)? ``loan`` is the item's current loan, anyone's.

    A blocked patron may not renew (the renewal privileges denied flag says so); with
    ``no_block`` the renewal is recorded whatever the rules say, as for a checkout.
    """
    known = _known(rules, patron, item, pin)
    if isinstance(known, CheckoutDecision):
        return known
    patron, item = known
    if loan is None or loan.card != patron.card:
        return refusal(rules, Reason.NOT_ON_LOAN)
    standing = patron_standing(rules, patron, patron_loans, now)
    if standing.blocks and not no_block:
        return refusal(rules, Reason.PATRON_BLOCKED, standing.main_block.value)
    return _renewal(rules, item, loan, now=now, no_block=no_block, nb_due_date=nb_due_date)


def renewal_due(rules: LendingRules, loan: Loan, now: datetime) -> datetime:
    """The due date a renewal asked for ``now`` gives, before any refusal.

    Toyama: a loan period from the day of the request, or from the old due date when the item
    is already overdue; capped at ``renewal_cap_days`` after the loan where a library has one.
    """
    overdue = days_overdue(loan, now) > 0
    start = loan.due if overdue or rules.renewal_counts_from == "due" else now
    due = rules.due_from(start, loan.media)
    if rules.renewal_cap_days is not None:
        cap = end_of_day(_day(loan.loaned_at).date() + timedelta(days=rules.renewal_cap_days))
        due = min(due, cap)
    return due


def _renewal(rules: LendingRules, item: Item, loan: Loan, *, now: datetime, no_block: bool,
             nb_due_date: datetime | None) -> CheckoutDecision:
    due = renewal_due(rules, replace(loan, media=item.media), now)
    if no_block:
        return CheckoutDecision(True, due=nb_due_date or due, renewal=True, forced=True)
    overdue = days_overdue(loan, now)
    cause = None
    if item.hold_for is not None and item.hold_for != loan.card:
        cause = "hold"
    elif item.ill and not rules.renew_ill:
        cause = "ill"
    elif item.media in rules.not_renewable:
        cause = "media"
    elif loan.renewals >= rules.renewals_allowed(item.media):
        cause = "max"
    elif not rules.renew_on_loan_day and _day(now) == _day(loan.loaned_at):
        cause = "loan_day"
    elif overdue > 0 and not rules.renew_after_due:
        cause = "past_due"
    elif overdue > rules.renewal_max_overdue_days:
        cause = "overdue"
    elif rules.renewal_cap_days is not None and due <= loan.due:
        cause = "cap"
    if cause is not None:
        return refusal(rules, Reason.RENEWAL_REFUSED, cause)
    return CheckoutDecision(True, due=due, renewal=True)
