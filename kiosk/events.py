"""What happened in a patron session, as plain values the UI turns into words.

The core never produces patron-facing text itself: it names the reason, and the UI says it in
the patron's language from the Qt translation files. ``ils_message`` carries the ILS's own
screen message (AF) where there is one, shown as a secondary line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Mode(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


class ScanProblem(StrEnum):
    """A scan that never reached the ILS."""

    GARBAGE = "garbage"                    # unreadable, damaged label, wrong keyboard layout
    UNRECOGNISED = "unrecognised"          # readable, but neither a card nor an item
    BAD_CHECK_DIGIT = "bad_check_digit"    # looks like a card but the check digit is wrong
    RETIRED_CARD = "retired_card"          # old card series: renew at the counter
    CARD_EXPECTED = "card_expected"        # an item scanned before any card
    DUPLICATE_ITEM = "duplicate_item"      # the item is already on this session's list
    SAME_CARD = "same_card"                # the signed-in patron scanned their card again
    ISBN = "isbn"                          # the publisher's ISBN, not the library's label
    NOT_LIBRARY_CODE = "not_library_code"  # a QR code's web address or text: no card at all


class PatronProblem(StrEnum):
    UNKNOWN_CARD = "unknown_card"
    CARD_LOST = "card_lost"
    OVERDUE = "overdue"
    FINES = "fines"
    BLOCKED = "blocked"
    WRONG_PIN = "wrong_pin"
    CARD_EXPIRED = "card_expired"          # renew the registration at the counter
    ILS_UNAVAILABLE = "ils_unavailable"
    OFFLINE_UNKNOWN = "offline_unknown"    # offline, and the cache does not know the card


class ItemProblem(StrEnum):
    """Why an item was not lent (or not renewed): decided offline from the cache, or read
    from the ILS's answer (kiosk.reasons), so that every language can say it."""

    REFUSED = "refused"                    # the ILS said no and its answer names no reason
    LIMIT_REACHED = "limit_reached"
    ILS_UNAVAILABLE = "ils_unavailable"
    NOT_FOR_LOAN = "not_for_loan"          # 禁帯出: for use in the library
    ON_HOLD = "on_hold"                    # waiting for another patron
    ON_LOAN = "on_loan"                    # recorded as lent to someone else
    ILL = "ill"                            # inter-library loan: counter only
    UNKNOWN_ITEM = "unknown_item"          # not in the library's catalogue
    PATRON_BLOCKED = "patron_blocked"      # the patron may not borrow now (no reason given)
    CARD_LOST = "card_lost"
    CARD_EXPIRED = "card_expired"
    FINES = "fines"
    OVERDUE = "overdue"                    # the patron has (long) overdue items
    ASK_STAFF = "ask_staff"                # a loan recorded here offline, not yet accepted
    # renewals
    RENEW_HOLD = "renew_hold"              # someone is waiting for it
    RENEW_LIMIT = "renew_limit"            # renewed as often as the library allows
    RENEW_TOO_SOON = "renew_too_soon"      # not on the day of the loan / no later date yet
    RENEW_OVERDUE = "renew_overdue"        # past its due date (or too long past)
    NOT_RENEWABLE = "not_renewable"        # this kind of item is never renewed
    RENEW_CAP = "renew_cap"                # the longest a loan may run
    NOT_ON_LOAN = "not_on_loan"            # not on loan to this patron
    # offline only
    OFFLINE_LIMIT = "offline_limit"        # the branch's offline per-patron limit
    OFFLINE_CAP = "offline_cap"            # the kiosk's total offline loans are at the cap
    NOT_RECORDED = "not_recorded"          # the journal could not be written (disk, database)


class RenewBlock(StrEnum):
    """Why the kiosk does not offer to renew a loan (the ILS has the last word on the rest)."""

    HOLD_QUEUE = "hold_queue"              # another patron is waiting for it
    OVERDUE = "overdue"                    # past its due date: at the counter
    OFFLINE = "offline"                    # renewals need the library system
    NO_LATER_DATE = "no_later_date"        # renewed today it would be due the same day


class CardProblem(StrEnum):
    """Why a My Number card did not sign the patron in (kiosk.mynumber)."""

    DISABLED = "disabled"                  # the branch does not take My Number cards
    READER_MISSING = "reader_missing"      # no reader, or pcscd not running (staff)
    NO_CARD = "no_card"
    CARD_REMOVED = "card_removed"          # pulled during the read: place it again
    NOT_MYNUMBER = "not_a_mynumber_card"
    SMARTPHONE = "smartphone_token"        # a phone's certificate: not accepted
    READ_FAILED = "read_failed"
    UNTRUSTED = "untrusted"                # not signed by a configured trust anchor
    EXPIRED = "expired"                    # renew the certificate at the city office
    UNKNOWN_LINK = "unknown_link"          # valid card, not linked: register at the counter
    PIN_WRONG = "pin_wrong"
    PIN_LOCKED = "pin_locked"              # never retried: the counter (city office)
    SIGNATURE_BAD = "signature_bad"


class EndReason(StrEnum):
    FINISHED = "finished"
    IDLE = "idle"
    NEW_PATRON = "new_patron"


@dataclass(frozen=True)
class Loan:
    item: str
    title: str
    due: date | None
    due_text: str
    mode: Mode
    renewal: bool = False


@dataclass(frozen=True)
class CurrentLoan:
    """One of the patron's loans as the ILS lists it (not only this session's)."""

    item: str
    title: str
    due: date | None
    renew_block: RenewBlock | None = None  # None: the kiosk offers to renew it
    renew_due: date | None = None          # the due date a renewal today would give


@dataclass(frozen=True)
class SessionCounts:
    """One model of the visit, for every count the patron sees: the status line, the
    goodbye screen and the receipt offer all read it (kiosk.session keeps it)."""

    loans: int = 0                         # new loans this visit (renewals not included)
    renewals: int = 0                      # renewals, pressed or as the ILS answered a scan
    holds_picked_up: int = 0
    holds_waiting: int = 0                 # holds still on the shelf for them
    items_left: int | None = None          # how many more they may borrow, when known


@dataclass(frozen=True)
class PatronIdentified:
    card_masked: str
    name: str
    charged_count: int
    ils_message: str = ""
    remaining: int | None = None           # how many more items they may borrow, if known
    holds_ready: int = 0                   # holds waiting for them (pickup announced)
    counts: SessionCounts | None = None


@dataclass(frozen=True)
class PinRequested:
    """The branch requires a PIN: the card was read, the PIN pad is next."""

    card_masked: str
    tries_left: int
    wrong: bool = False                    # asked again after a wrong PIN


@dataclass(frozen=True)
class LoansListed:
    loans: tuple[CurrentLoan, ...]


@dataclass(frozen=True)
class LoansUnavailable:
    """The list cannot be shown: offline, or the branch turned it off."""

    offline: bool


@dataclass(frozen=True)
class ItemRenewed:
    loan: Loan
    counts: SessionCounts | None = None


@dataclass(frozen=True)
class _ItemRefusal:
    """An item the library would not lend or renew: ``reason`` says why, ``ils_message`` in
    the ILS's own words when it gave some. Each kind of refusal is its own event class (a
    refused renewal never equals a refused checkout of the same item)."""

    item: str
    title: str
    reason: ItemProblem
    ils_message: str = ""


@dataclass(frozen=True)
class RenewRefused(_ItemRefusal):
    """A renewal refused: the loan stays as it was."""


@dataclass(frozen=True)
class PatronRefused:
    card_masked: str
    reason: PatronProblem
    ils_message: str = ""


@dataclass(frozen=True)
class ScanRejected:
    reason: ScanProblem
    detail: str = ""                       # for staff logs; never a full card number
    from_pad: bool = False                 # books put on the RFID pad before any card


@dataclass(frozen=True)
class ItemCheckedOut:
    """Lent now; or renewed, when the ILS took the checkout as a renewal (``loan.renewal``):
    shown and counted as a renewal, never as a new loan."""

    card_masked: str
    loan: Loan
    hold_pickup: bool = False              # the patron's own hold, now picked up
    counts: SessionCounts | None = None


@dataclass(frozen=True)
class ItemAlreadyOnLoan:
    """The patron scanned an item they already have (borrowed before, earlier this visit,
    or lent offline and not yet sent): nothing was sent to the ILS. ``loan.due`` may be
    None when it could not be looked up."""

    card_masked: str
    loan: Loan


@dataclass(frozen=True)
class OtherCardScanned:
    """Another card while a patron is signed in: ask the patron "finished?", never switch
    in silence (the session stays open until they answer)."""

    card_masked: str                       # the patron signed in now
    other_masked: str                      # the card just scanned


@dataclass(frozen=True)
class ItemRefused(_ItemRefusal):
    """A checkout refused: the item is not lent."""


@dataclass(frozen=True)
class SessionEnded:
    card_masked: str
    reason: EndReason
    loans: tuple[Loan, ...] = field(default_factory=tuple)     # new loans only
    # every current loan, for a receipt of them all (branch option; None when not asked or
    # when the ILS could not list them: the receipt then shows this session's loans)
    all_loans: tuple[Loan, ...] | None = None
    renewals: tuple[Loan, ...] = field(default_factory=tuple)
    counts: SessionCounts | None = None


class PadItemState(StrEnum):
    """What the pad screen shows for one item on the RFID pad (kiosk.pad)."""

    WAITING_FOR_CARD = "waiting_for_card"  # on the pad before any card: "scan your card first"
    PARTS_MISSING = "parts_missing"        # a set: "please put all 3 parts on the pad"
    LENDING = "lending"                    # its checkout is being sent
    LENT = "lent"                          # lent; its security is being turned off
    SECURED = "secured"                    # lent, and the tag's security read back as off
    SECURITY_FAILED = "security_failed"    # lent, but the gate may sound: show it to staff
    ALREADY_YOURS = "already_yours"        # the patron has it (lent earlier): nothing sent
    REFUSED = "refused"                    # the library said no (``problem`` says why)
    NOT_OURS = "not_ours"                  # another library's tag: "not this library's book"
    UNREADABLE = "unreadable"              # blank, damaged or inconsistent tag: staff
    DUPLICATE = "duplicate"                # two tags name the same item: none lent, staff


@dataclass(frozen=True)
class PadItem:
    """One item on the pad, all its parts' tags together. ``detail`` is staff words (the
    tag's problem, the security read-back), never shown to patrons."""

    item: str | None                       # None for an unreadable or blank tag
    uids: tuple[str, ...]
    state: PadItemState
    title: str = ""
    parts: int = 1
    parts_seen: int = 1
    problem: ItemProblem | None = None     # REFUSED: the reason the ILS (or offline) gave
    detail: str = ""
    on_pad: bool = True                    # False: taken off after it was lent (it stays)
    ils_message: str = ""                  # REFUSED: the ILS's own words, when it gave some


@dataclass(frozen=True)
class PadChanged:
    """The whole pad after every change, in the order the items were put on it."""

    items: tuple[PadItem, ...]
    counts: SessionCounts | None = None    # the visit's counts (None: nobody signed in)


@dataclass(frozen=True)
class SecureTags:
    """A command for the RFID adapter: set these tags' security for a loan (``on_loan``)
    and read it back, then report with ``Pad.secured(item, ok, ...)``."""

    item: str
    uids: tuple[str, ...]
    on_loan: bool = True


@dataclass(frozen=True)
class SecurityNotChanged:
    """The loan stands, but the tag's security could not be turned off (a locked tag, a
    read-back that differs): "please show this book to staff". ``detail`` is for staff."""

    item: str
    title: str
    detail: str = ""


@dataclass(frozen=True)
class CardPinRequested:
    """Strong mode: the My Number card's PIN (its 4-digit user-authentication PIN)."""

    tries_left: int | None          # as the card says; None before the first try
    wrong: bool = False


@dataclass(frozen=True)
class CardRefused:
    """A My Number card that did not sign anyone in, and why."""

    reason: CardProblem
    tries_left: int | None = None


@dataclass(frozen=True)
class CardLinked:
    """Staff linked the card on the reader to a library card."""

    card_masked: str
    not_after: datetime


Event = (PatronIdentified | PatronRefused | ScanRejected | ItemCheckedOut | ItemRefused
         | SessionEnded | PinRequested | LoansListed | LoansUnavailable | ItemRenewed
         | RenewRefused | CardPinRequested | CardRefused | CardLinked | ItemAlreadyOnLoan
         | OtherCardScanned | PadChanged | SecureTags | SecurityNotChanged)
