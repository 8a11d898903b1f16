"""The ILS's answers in the kiosk's own reason codes, so that every language says why.

SIP2 has no field for why a checkout or a renewal was refused: the reason is in the screen
message (AF), in the ILS's words and language. These tables read the phrasings of the common
ILSes' SIP2 servers and of the bundled simulator:

- Koha: ``screen_msg`` texts ("Item is on hold shelf for another patron.", "Outstanding Fines
  block issue", "Item has reached maximum renewals"…) and the ``KEY: value`` pairs it passes
  through from CanBookBeIssued / CanBookBeRenewed (``NOT_FOR_LOAN: 1``, ``TOO_MANY: 10``,
  ``too_soon``, ``on_reserve``…);
- Evergreen: its two texts ("This item is already checked out", "Patron is not allowed to
  check out the selected item") and the event text codes (``COPY_CIRC_NOT_ALLOWED``,
  ``PATRON_EXCEEDS_CHECKOUT_COUNT``, ``MAX_RENEWALS_REACHED``…);
- FOLIO (mod-circulation through edge-sip2): "Item is not loanable", "Patron has reached
  maximum limit of 10 items for loan type", "renewal would not change the due date"…;
- Sierra and Polaris: "Item is non-circulating", "TOO MANY ITEMS CHECKED OUT", "Item is on
  hold for another patron", "Renewal limit reached"…;
- Japanese systems and the simulator: 禁帯出, ほかの方の予約資料, 貸出は10点までです, 延長は1回
  までです, 借りた日に延長することはできません….

The first table entry that matches names the reason; nothing matching gives the generic
``REFUSED``, and the ILS's own text is always shown beneath, labelled as the library's.
"""

from __future__ import annotations

import re

from kiosk.events import ItemProblem, PatronProblem


def _table(*rows: tuple[ItemProblem, str]) -> tuple[tuple[ItemProblem, re.Pattern[str]], ...]:
    return tuple((problem, re.compile(pattern, re.IGNORECASE)) for problem, pattern in rows)


_ILL = r"inter-?library|\bILL\b|other librar|相互貸借|他館(から)?の?(借用|資料)"

# Why a patron may not borrow at all, as a checkout or renewal answer can say it.
_PATRON = _table(
    (ItemProblem.CARD_LOST, r"\bcard\b.{0,40}\blost\b|\blost card|CARD_LOST"
                            r"|紛失届|カード.{0,12}紛失"),
    (ItemProblem.CARD_EXPIRED, r"\bexpired\b|\bEXPIRED\b|account_expired|ACCOUNT_EXPIRED"
                               r"|有効期限"),
    (ItemProblem.FINES, r"\bfines?\b|\bfees?\b|\bdebt\b|\bDEBT\b|\bowing|oweing|\bowes?\b"
                        r"|EXCEEDS_FINES|延滞金|未納|未払"),
    (ItemProblem.OVERDUE, r"(too many|maximum number of) .{0,20}overdue|overdue (items|count)"
                          r"|USERBLOCKEDOVERDUE|EXCEEDS_OVERDUE|long overdue"
                          r"|返却期限を(大きく)?過ぎた資料|長期延滞|延滞資料"),
    (ItemProblem.PATRON_BLOCKED, r"\bpatron (is )?(blocked|barred)|\bblocked from borrowing"
                                 r"|\bDEBARRED\b|\bdebarred|PATRON_BARRED|\bGNA\b"
                                 r"|\bRESTRICTED\b|\brestriction\b|inactive (user|patron)"
                                 r"|CARD_INACTIVE|cannot borrow at the moment"
                                 r"|貸出停止|現在、?貸出できません"),
)

# Why this item may not be lent, whoever asks.
_ITEM = _table(
    (ItemProblem.ILL, _ILL),
    (ItemProblem.ON_HOLD, r"\bhold shelf\b|\bholds? for another|\bon hold\b|reserved for"
                          r"|\bRESERVED\b|RESERVE_WAITING|requested by another"
                          r"|awaiting pickup|NEEDED_FOR_HOLD|ON_HOLDS_SHELF|\bhas holds\b"
                          r"|(ほか|他)の(方|利用者|人)の予約|予約(資料|の資料|が入|中|取置)"),
    (ItemProblem.UNKNOWN_ITEM, r"\bnot found\b|could not be found|UNKNOWN_BARCODE"
                               r"|NOT_CATALOGED|COPY_NOT_FOUND|not in the catalog"
                               r"|no item with barcode|unknown (item|barcode)"
                               r"|(資料|本)は(登録されていません|見つかりません)|未登録"),
    (ItemProblem.NOT_FOR_LOAN, r"not for loan|NOT_FOR_LOAN|notforloan|not loanable"
                               r"|non-?circulating|not circulat|CIRC_NOT_ALLOWED"
                               r"|IS_REFERENCE|\breference\b|library use only"
                               r"|use in the library"
                               r"|in-library use|禁帯出|館内(利用|閲覧)のみ|貸出禁止|貸出不可"),
    (ItemProblem.ON_LOAN, r"checked out to another|ISSUED_TO_ANOTHER|already checked out"
                          r"|open (loan|circulation)|OPEN_CIRCULATION|recorded as on loan"
                          r"|貸出中"),
    (ItemProblem.LIMIT_REACHED, r"too many items|\bTOO_MANY\b|maximum (limit|number) of"
                                r"|\blimit of \d+|(checkout|loan|items?) limit"
                                r"|EXCEEDS_CHECKOUT_COUNT|max(imum)? items|most allowed"
                                r"|\d+\s*(点|冊)まで|貸出(冊数|点数)の?(上限|制限)"),
)

# Why a loan may not be renewed (checked before the tables above, for a renewal).
_RENEWAL = _table(
    (ItemProblem.ILL, _ILL),
    (ItemProblem.RENEW_HOLD, r"outstanding holds|\bon_reserve\b|\breserved\b|\bholds?\b"
                             r"|recall|予約が入"),
    (ItemProblem.RENEW_LIMIT, r"maximum (number of )?renewals|max(imum)? renewal"
                              r"|renewal limit|no more renewals|renewed the maximum"
                              r"|too many renewals|\btoo_many\b|MAX_RENEWALS|too_unseen"
                              r"|renewed as often|renewed \d+ time|延長は\d+回|延長できる回数"
                              r"|延長回数"),
    (ItemProblem.RENEW_TOO_SOON, r"\btoo[_ ]soon\b|auto_too_soon|would not change the due"
                                 r"|day (they were|it was) borrowed|loan day"
                                 r"|借りた日|貸出(した)?当日"),
    (ItemProblem.RENEW_CAP, r"auto_too_late|more than \d+ days after|日を超えて延長"),
    (ItemProblem.RENEW_OVERDUE, r"\boverdue\b|past (its|their|the) due|after the due"
                                r"|返却期限を.{0,8}過ぎ"),
    (ItemProblem.NOT_ON_LOAN, r"not (on loan|checked out) to|no_checkout|not checked out"
                              r"|貸出中ではありません"),
    (ItemProblem.NOT_RENEWABLE, r"item_denied_renewal|onsite_checkout|cannot be renewed"
                                r"|not renewable|may not be renewed|this kind of item"
                                r"|延長(は)?できません|延長不可"),
)

_PATRON_PROBLEMS = {ItemProblem.CARD_LOST: PatronProblem.CARD_LOST,
                    ItemProblem.CARD_EXPIRED: PatronProblem.CARD_EXPIRED,
                    ItemProblem.FINES: PatronProblem.FINES,
                    ItemProblem.OVERDUE: PatronProblem.OVERDUE}


def _first(tables: tuple[tuple[tuple[ItemProblem, re.Pattern[str]], ...], ...],
           text: str) -> ItemProblem | None:
    for table in tables:
        for problem, pattern in table:
            if pattern.search(text):
                return problem
    return None


def checkout_problem(screen_message: str) -> ItemProblem:
    """Why the ILS refused a checkout, from its screen message; REFUSED when it does not
    say in words the kiosk knows."""
    return _first((_PATRON, _ITEM), screen_message or "") or ItemProblem.REFUSED


def renewal_problem(screen_message: str) -> ItemProblem:
    """Why the ILS refused a renewal. The renewal phrasings first ("予約が入っている" is a
    hold on a renewal, not an item kept for someone else), then the checkout's."""
    text = screen_message or ""
    found = _first((_PATRON, _RENEWAL, _ITEM), text)
    if found is ItemProblem.ON_HOLD:
        return ItemProblem.RENEW_HOLD
    return found or ItemProblem.REFUSED


def patron_problem(screen_message: str, found: PatronProblem) -> PatronProblem:
    """A patron refusal made specific: the status flags said only "may not borrow"
    (BLOCKED); the screen message may say why (an expired card, fines)."""
    if found is not PatronProblem.BLOCKED:
        return found
    problem = _first((_PATRON,), screen_message or "")
    return _PATRON_PROBLEMS.get(problem, found) if problem is not None else found
