"""Languages and the patron-facing words for the core's reasons.

Source strings are English; every other language comes from ``translations/kiosk_<lang>.ts``.
The idle screen greets in every configured language at once, so translators are also used
directly (``Languages.text``) besides the one installed for the current language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QEvent, QLocale, QTranslator

from kiosk.events import CardProblem, ItemProblem, PadItemState, PatronProblem, ScanProblem
from ui.translations.build import HERE, ensure_compiled

log = logging.getLogger(__name__)

# The name of each language in itself, for the language buttons.
NATIVE_NAMES = {"ja": "日本語", "en": "English", "zh": "中文", "ko": "한국어",
                "pt": "Português", "vi": "Tiếng Việt"}

K = TypeVar("K")


def _strings(table: Mapping[K, object]) -> dict[K, str]:
    """QT_TRANSLATE_NOOP marks a source string for lupdate and returns it unchanged."""
    return {key: str(value) for key, value in table.items()}


SCAN_PROBLEMS: dict[ScanProblem, str] = _strings({
    ScanProblem.GARBAGE: QT_TRANSLATE_NOOP(
        "Messages", "The barcode could not be read. Please scan it again, holding it still."),
    ScanProblem.UNRECOGNISED: QT_TRANSLATE_NOOP(
        "Messages", "This barcode is not a library card or a library item."),
    ScanProblem.BAD_CHECK_DIGIT: QT_TRANSLATE_NOOP(
        "Messages", "The number was not read correctly. Please scan it again."),
    ScanProblem.RETIRED_CARD: QT_TRANSLATE_NOOP(
        "Messages", "This card is an old type. Please have it renewed at the counter."),
    ScanProblem.CARD_EXPECTED: QT_TRANSLATE_NOOP(
        "Messages", "Please scan your library card first, then your items."),
    ScanProblem.DUPLICATE_ITEM: QT_TRANSLATE_NOOP(
        "Messages", "This item is already on your list."),
    ScanProblem.SAME_CARD: QT_TRANSLATE_NOOP(
        "Messages", "You are already signed in. Please scan your items."),
    ScanProblem.ISBN: QT_TRANSLATE_NOOP(
        "Messages", "That is the publisher's barcode. Please scan the library's label instead."),
    ScanProblem.NOT_LIBRARY_CODE: QT_TRANSLATE_NOOP(
        "Messages", "This is not a library card. Please show your library card's barcode."),
})

PATRON_PROBLEMS: dict[PatronProblem, str] = _strings({
    PatronProblem.UNKNOWN_CARD: QT_TRANSLATE_NOOP(
        "Messages", "This card is not registered. Please ask at the counter."),
    PatronProblem.CARD_LOST: QT_TRANSLATE_NOOP(
        "Messages", "This card has been reported lost. Please ask at the counter."),
    PatronProblem.OVERDUE: QT_TRANSLATE_NOOP(
        "Messages", "You have overdue items. Please return them first or ask at the counter."),
    PatronProblem.FINES: QT_TRANSLATE_NOOP(
        "Messages", "Borrowing is paused on your account. Please ask at the counter."),
    PatronProblem.BLOCKED: QT_TRANSLATE_NOOP(
        "Messages", "You cannot borrow at the moment. Please ask at the counter."),
    PatronProblem.WRONG_PIN: QT_TRANSLATE_NOOP(
        "Messages", "The PIN is not correct. Please try again or ask at the counter."),
    PatronProblem.CARD_EXPIRED: QT_TRANSLATE_NOOP(
        "Messages", "Your card has expired. Please have it renewed at the counter."),
    PatronProblem.ILS_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "Messages", "Self-checkout is not available right now. Please ask at the counter."),
    PatronProblem.OFFLINE_UNKNOWN: QT_TRANSLATE_NOOP(
        "Messages", "This card cannot be checked right now. Please ask at the counter."),
})

ITEM_PROBLEMS: dict[ItemProblem, str] = _strings({
    ItemProblem.REFUSED: QT_TRANSLATE_NOOP(
        "Messages", "This item cannot be borrowed here. Please take it to the counter."),
    ItemProblem.LIMIT_REACHED: QT_TRANSLATE_NOOP(
        "Messages", "You have reached your borrowing limit."),
    ItemProblem.ILS_UNAVAILABLE: QT_TRANSLATE_NOOP(
        "Messages", "This item could not be lent right now. Please take it to the counter."),
    ItemProblem.NOT_FOR_LOAN: QT_TRANSLATE_NOOP(
        "Messages", "This item is for use in the library only."),
    ItemProblem.ON_HOLD: QT_TRANSLATE_NOOP(
        "Messages", "This item is reserved for someone else. Please take it to the counter."),
    ItemProblem.ON_LOAN: QT_TRANSLATE_NOOP(
        "Messages", "This item is recorded as lent to someone else. Please take it to the "
        "counter."),
    ItemProblem.ILL: QT_TRANSLATE_NOOP(
        "Messages", "This item was borrowed from another library. Please take it to the "
        "counter."),
    ItemProblem.UNKNOWN_ITEM: QT_TRANSLATE_NOOP(
        "Messages", "This item is not in the library's catalogue. Please take it to the "
        "counter."),
    ItemProblem.PATRON_BLOCKED: QT_TRANSLATE_NOOP(
        "Messages", "You cannot borrow at the moment. Please ask at the counter."),
    ItemProblem.CARD_LOST: QT_TRANSLATE_NOOP(
        "Messages", "This card has been reported lost. Please ask at the counter."),
    ItemProblem.CARD_EXPIRED: QT_TRANSLATE_NOOP(
        "Messages", "Your card has expired. Please have it renewed at the counter."),
    ItemProblem.FINES: QT_TRANSLATE_NOOP(
        "Messages", "Borrowing is paused on your account. Please ask at the counter."),
    ItemProblem.OVERDUE: QT_TRANSLATE_NOOP(
        "Messages", "You have overdue items. Please return them first or ask at the counter."),
    ItemProblem.ASK_STAFF: QT_TRANSLATE_NOOP(
        "Messages", "This item has a loan recorded here that the library system has not "
        "accepted yet. Please ask the staff."),
    ItemProblem.RENEW_HOLD: QT_TRANSLATE_NOOP(
        "Messages", "Someone is waiting for this item."),
    ItemProblem.RENEW_LIMIT: QT_TRANSLATE_NOOP(
        "Messages", "It has been renewed as many times as the library allows."),
    ItemProblem.RENEW_TOO_SOON: QT_TRANSLATE_NOOP(
        "Messages", "It cannot be renewed yet: a renewal today would not give a later date."),
    ItemProblem.RENEW_OVERDUE: QT_TRANSLATE_NOOP(
        "Messages", "It is past its due date. Please return it or ask at the counter."),
    ItemProblem.NOT_RENEWABLE: QT_TRANSLATE_NOOP(
        "Messages", "Items of this kind cannot be renewed."),
    ItemProblem.RENEW_CAP: QT_TRANSLATE_NOOP(
        "Messages", "It has reached the longest time an item may be kept."),
    ItemProblem.NOT_ON_LOAN: QT_TRANSLATE_NOOP(
        "Messages", "It is not on loan to you. Please ask at the counter."),
    ItemProblem.OFFLINE_LIMIT: QT_TRANSLATE_NOOP(
        "Messages", "You have reached today's limit for this machine. Please take the rest "
        "to the counter."),
    ItemProblem.OFFLINE_CAP: QT_TRANSLATE_NOOP(
        "Messages", "Self-checkout is paused. Please take your items to the counter."),
    ItemProblem.NOT_RECORDED: QT_TRANSLATE_NOOP(
        "Messages", "This item could not be lent right now. Please take it to the counter."),
})

_PLACE_AGAIN = QT_TRANSLATE_NOOP(
    "Messages", "The card could not be read. Please place it on the reader again and leave it "
    "there.")
_CARD_COUNTER = QT_TRANSLATE_NOOP(
    "Messages", "This card cannot be used here. Please use your library card or ask at the "
    "counter.")

CARD_PROBLEMS: dict[CardProblem, str] = _strings({
    CardProblem.DISABLED: _CARD_COUNTER,
    CardProblem.READER_MISSING: QT_TRANSLATE_NOOP(
        "Messages", "The card reader is not working right now. Please scan your library card "
        "instead, or ask at the counter."),
    CardProblem.NO_CARD: _PLACE_AGAIN,
    CardProblem.CARD_REMOVED: _PLACE_AGAIN,
    CardProblem.READ_FAILED: _PLACE_AGAIN,
    CardProblem.NOT_MYNUMBER: QT_TRANSLATE_NOOP(
        "Messages", "This is not a My Number card. Please place your My Number card, or scan "
        "your library card."),
    CardProblem.SMARTPHONE: QT_TRANSLATE_NOOP(
        "Messages", "My Number on a smartphone cannot be used here. Please use the card "
        "itself or your library card."),
    CardProblem.UNTRUSTED: _CARD_COUNTER,
    CardProblem.SIGNATURE_BAD: _CARD_COUNTER,
    CardProblem.EXPIRED: QT_TRANSLATE_NOOP(
        "Messages", "The electronic certificate on this card has expired. It is renewed at "
        "your city office. Until then, please use your library card."),
    CardProblem.UNKNOWN_LINK: QT_TRANSLATE_NOOP(
        "Messages", "This My Number card is not registered with the library yet. Please "
        "register it at the counter (bring your library card)."),
    CardProblem.PIN_WRONG: QT_TRANSLATE_NOOP(
        "Messages", "The PIN is not correct. Please try again or ask at the counter."),
    CardProblem.PIN_LOCKED: QT_TRANSLATE_NOOP(
        "Messages", "The card's PIN is locked. Your city office can unlock it. Please use "
        "your library card or ask at the counter."),
})

# A refused renewal: the headline in renewal words, then why. Codes a renewal shares with a
# checkout are said as for a renewal where the checkout's words would mislead.
RENEWAL_REFUSED = str(QT_TRANSLATE_NOOP("Messages", "This item was not renewed."))
RENEW_PROBLEMS: dict[ItemProblem, str] = {
    **ITEM_PROBLEMS,
    **_strings({
        ItemProblem.REFUSED: QT_TRANSLATE_NOOP(
            "Messages", "The library system did not allow the renewal. Please ask at the "
            "counter."),
        ItemProblem.ILS_UNAVAILABLE: QT_TRANSLATE_NOOP(
            "Messages", "Renewals are not possible right now. Please try again later or ask "
            "at the counter."),
        ItemProblem.ON_HOLD: QT_TRANSLATE_NOOP(
            "Messages", "Someone is waiting for this item."),
        ItemProblem.ILL: QT_TRANSLATE_NOOP(
            "Messages", "Items borrowed from another library cannot be renewed here."),
        ItemProblem.NOT_FOR_LOAN: QT_TRANSLATE_NOOP(
            "Messages", "Items of this kind cannot be renewed."),
    }),
}


def renewal_refused(problem: ItemProblem) -> list[str]:
    """Source strings for a refused renewal: the headline, then the reason when known."""
    reason = RENEW_PROBLEMS.get(problem)
    return [RENEWAL_REFUSED] + ([reason] if reason else [])


LIBRARY_SAYS = str(QT_TRANSLATE_NOOP("Messages", "Message from the library: %1"))


def library_says(text: str) -> str:
    """The ILS's own words, beneath the kiosk's reason and labelled as the library's."""
    text = text.strip()
    return message(LIBRARY_SAYS).replace("%1", text) if text else ""


# The RFID book pad (kiosk.pad): what each item on it is, in words a child reads. Lent and
# refused items are said as for a barcode (ItemCheckedOut, ItemRefused: the same words).
PAD_STATES: dict[PadItemState, str] = _strings({
    PadItemState.WAITING_FOR_CARD: QT_TRANSLATE_NOOP(
        "Messages", "Please scan your library card first."),
    PadItemState.PARTS_MISSING: QT_TRANSLATE_NOOP(
        "Messages", "Please put all %1 parts on the pad."),
    PadItemState.LENDING: QT_TRANSLATE_NOOP("Messages", "Checking…"),
    PadItemState.LENT: QT_TRANSLATE_NOOP("Messages", "Lent."),
    PadItemState.SECURED: QT_TRANSLATE_NOOP("Messages", "Lent."),
    PadItemState.SECURITY_FAILED: QT_TRANSLATE_NOOP(
        "Messages", "Please show this item to the staff before you leave."),
    PadItemState.ALREADY_YOURS: QT_TRANSLATE_NOOP(
        "Messages", "You already have this item."),
    PadItemState.NOT_OURS: QT_TRANSLATE_NOOP(
        "Messages", "This is not this library's item. Please take it to the counter."),
    PadItemState.UNREADABLE: QT_TRANSLATE_NOOP(
        "Messages", "Its tag could not be read. Please show this item to the staff."),
    PadItemState.DUPLICATE: QT_TRANSLATE_NOOP(
        "Messages", "Please show this item to the staff."),
})
PARTS_ON_PAD = str(QT_TRANSLATE_NOOP("Messages", "%1 of %2 parts are on the pad"))
PAD_DOWN = str(QT_TRANSLATE_NOOP(
    "Messages", "The book pad is not working right now. Please scan each item's barcode "
    "instead."))
PAD_UNKNOWN_ITEM = str(QT_TRANSLATE_NOOP("Messages", "An item on the pad"))
PAD_WAITING = str(QT_TRANSLATE_NOOP(
    "Messages", "Please scan your library card first. Then the items on the pad will be lent "
    "to you."))


SOMETHING_WENT_WRONG = str(QT_TRANSLATE_NOOP(
    "Messages", "Something went wrong. Please try again or ask at the counter."))


def message(text: str) -> str:
    """Translate one of the tables' source strings into the current language."""
    return QCoreApplication.translate("Messages", text)


class Languages:
    """Loads one translator per language and installs the current one."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        ensure_compiled()
        self.codes = codes
        self.default = codes[0]
        self.current = ""
        self._translators: dict[str, QTranslator] = {}
        for code in codes:
            translator = QTranslator()
            path = HERE / f"kiosk_{code}.qm"
            if path.exists() and translator.load(str(path)):
                self._translators[code] = translator
            elif code != "en":
                log.error("no translation for %r (%s): showing English", code, path)

    def install(self, code: str) -> None:
        if code == self.current:
            return
        app = QCoreApplication.instance()
        old = self._translators.get(self.current)
        if old is not None and app is not None:
            app.removeTranslator(old)
        new = self._translators.get(code)
        if new is not None and app is not None:
            app.installTranslator(new)
        self.current = code
        # Qt posts LanguageChange to every window; deliver it now so that the screen the
        # patron is looking at changes language before anything else is drawn.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def text(self, code: str, context: str, source: str) -> str:
        translator = self._translators.get(code)
        translated = translator.translate(context, source) if translator else ""
        return translated or source


# Locale and pattern per language, each as its readers write dates, with the weekday: the
# day-first order of pt-BR and vi is what those patrons expect; month-first would misread.
DUE_FORMATS = {
    "ja": ("ja_JP", "yyyy年M月d日(ddd)"),      # 2026年12月6日(日)
    "zh": ("zh_CN", "yyyy年M月d日(ddd)"),      # 2026年12月6日(周日)
    "ko": ("ko_KR", "yyyy년 M월 d일 (ddd)"),   # 2026년 12월 6일 (일)
    "pt": ("pt_BR", "ddd, d 'de' MMM 'de' yyyy"),  # dom., 6 de dez. de 2026
    "vi": ("vi_VN", "ddd, dd/MM/yyyy"),       # CN, 06/12/2026
}
ENGLISH_DUE_FORMAT = ("en_US", "ddd d MMM yyyy")  # Sun 6 Dec 2026


def format_due(day: date | None, due_text: str, code: str) -> str:
    """A due date the way the patron reads dates: 2026年12月6日(日) or Sun 6 Dec 2026."""
    if day is None:
        return due_text.strip()
    locale, pattern = DUE_FORMATS.get(code, ENGLISH_DUE_FORMAT)
    return QLocale(locale).toString(QDate(day.year, day.month, day.day), pattern)
