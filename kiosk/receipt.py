"""Receipts (貸出票): what a patron borrowed and when it is due, as ESC/POS bytes.

Printed only once the session has ended (every checkout final) and only what the branch
allows: this session's items, or no titles at all (some libraries print only the count and
due dates, so a receipt left behind tells nobody what a patron reads). The card number is
masked. Japanese is printed in the printer's kanji mode with Shift_JIS (cp932), Chinese with
the hanzi Shift_JIS has, Portuguese and Vietnamese with accents folded (the printer has none),
Korean in English (no Hangul in Shift_JIS; that would need raster printing); lines are wrapped
by display width (a kanji takes two columns). Printing blocks; the UI runs it off the GUI
thread, beside the patron queue (ui.worker ``aside``), so a slow or broken printer never holds
up the next patron.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from drivers.ports import DeviceState
from drivers.printers.port import Printer, PrinterStatus
from kiosk.events import Loan

log = logging.getLogger(__name__)

INIT = b"\x1b@"                      # ESC @
KANJI_ON = b"\x1c&"                  # FS &: Kanji mode (two-byte characters)
SHIFT_JIS = b"\x1cC\x01"             # FS C 1: Shift_JIS
CENTER, LEFT = b"\x1ba\x01", b"\x1ba\x00"
BOLD_ON, BOLD_OFF = b"\x1bE\x01", b"\x1bE\x00"
CUT = b"\n\n\n\x1dV\x42\x00"         # feed, then GS V 66 0: partial cut

WORDS = {
    "ja": {"title": "貸出票", "card": "利用者", "due": "返却期限", "items": "点",
           "thanks": "ご利用ありがとうございました", "item": "資料"},
    "en": {"title": "Loan receipt", "card": "Card", "due": "Due", "items": " item(s)",
           "thanks": "Thank you for using the library", "item": "Item"},
    # Shift_JIS printers have no accented letters: these are folded to plain letters when
    # printed (São -> Sao), which Portuguese and Vietnamese readers still read.
    "pt": {"title": "Comprovante de empréstimo", "card": "Cartão", "due": "Devolver até",
           "items": " item(ns)", "thanks": "Obrigado por usar a biblioteca", "item": "Item"},
    "vi": {"title": "Phiếu mượn", "card": "Thẻ", "due": "Hạn trả", "items": " tài liệu",
           "thanks": "Cảm ơn bạn đã sử dụng thư viện", "item": "Tài liệu"},
    # Hanzi the printer has: a Chinese reader reads these as written in Japan.
    "zh": {"title": "借出憑単 / 貸出票", "card": "借書証", "due": "返還期限", "items": "册",
           "thanks": "感謝利用図書館", "item": "資料"},
}
DAY_FIRST = {"pt", "vi"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if width(line + ch) > columns:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line or not lines else lines


@dataclass(frozen=True)
class ReceiptPolicy:
    titles: bool = True              # False: item numbers and due dates only
    columns: int = 42                # 80 mm paper, font A: 48; 58 mm: 32


def render(library: str, card_masked: str, loans: Sequence[Loan], *, when: datetime,
           language: str, policy: ReceiptPolicy = ReceiptPolicy()) -> bytes:
    words = WORDS.get(language, WORDS["en"])
    lines: list[str] = []
    for loan in loans:
        label = loan.title if policy.titles and loan.title else f"{words['item']} {loan.item}"
        lines += wrap(f"・{label}", policy.columns)
        lines.append(f"   {words['due']}: {_day(loan.due, loan.due_text, language)}")
    text = "\n".join(lines)
    header = f"{library}\n{words['title']}\n"
    count = f"{len(loans)}{words['items']}"
    body = (f"{when:%Y-%m-%d %H:%M}\n{words['card']}: {card_masked}\n"
            f"{'-' * policy.columns}\n{text}\n{'-' * policy.columns}\n{count}\n\n"
            f"{words['thanks']}\n")
    return (INIT + KANJI_ON + SHIFT_JIS + CENTER + BOLD_ON + _enc(header) + BOLD_OFF + LEFT
            + _enc(body) + CUT)


def sample_page(library: str, url: str, *, when: datetime | None = None) -> bytes:
    """What staff print from the hardware setup: kanji, alignment, the cut."""
    when = when or datetime.now()
    body = (f"{when:%Y-%m-%d %H:%M}\n{url}\n{'-' * 32}\n"
            "漢字: 図書館 貸出票 返却期限\nカナ: アイウエオ ｱｲｳｴｵ\n"
            "ASCII: 0123456789 ABC abc\n" + "-" * 32 + "\n")
    return (INIT + KANJI_ON + SHIFT_JIS + CENTER + BOLD_ON
            + _enc(f"{library}\nテスト印字 / Test page\n") + BOLD_OFF + LEFT + _enc(body) + CUT)


def _enc(text: str) -> bytes:
    """Shift_JIS, with what it lacks folded to a plain letter where there is one (é -> e,
    đ -> d) and a ? otherwise (Hangul: Korean receipts are printed in English)."""
    try:
        return text.encode("cp932")
    except UnicodeEncodeError:
        return "".join(_fold(c) for c in text).encode("cp932", errors="replace")


def _fold(char: str) -> str:
    try:
        char.encode("cp932")
        return char
    except UnicodeEncodeError:
        pass
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    plain = "".join(c for c in unicodedata.normalize("NFKD", char)
                    if not unicodedata.combining(c))
    try:
        plain.encode("cp932")
        return plain
    except UnicodeEncodeError:
        return "?"


def _day(day: date | None, text: str, language: str) -> str:
    if day is None:
        return text.strip()
    if language in ("ja", "zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    if language in DAY_FIRST:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return day.isoformat()


class ReceiptService:
    """Prints receipts and reports the printer's state to whoever listens (staff's device list,
    metrics, alerts). ``print_now`` blocks: call it off the GUI thread."""

    def __init__(self, printer: Printer, library: str, *,
                 policy: ReceiptPolicy = ReceiptPolicy(),
                 on_status: Callable[[PrinterStatus], None] | None = None,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        self.printer = printer
        self.library = library
        self.policy = policy
        self.clock = clock
        self._listeners: list[Callable[[PrinterStatus], None]] = []
        if on_status is not None:
            self._listeners.append(on_status)
        self._lock = threading.Lock()
        self.last_status: PrinterStatus | None = None

    def on_status(self, listener: Callable[[PrinterStatus], None]) -> None:
        """``listener`` hears every state the printer reports, on the printing thread."""
        self._listeners.append(listener)

    @property
    def ready(self) -> bool:
        """As far as the last print knows (a receipt is offered until one fails)."""
        status = self.last_status
        return status is None or status.ready

    def print_now(self, card_masked: str, loans: Sequence[Loan], language: str) -> bool:
        """True when printed; False (with the cause reported) when the printer could not."""
        with self._lock:
            status = self.printer.status()
            if status.ready:
                try:
                    self.printer.send(render(self.library, card_masked, loans,
                                             when=self.clock(), language=language,
                                             policy=self.policy))
                except OSError as exc:
                    status = PrinterStatus(DeviceState.DISCONNECTED,
                                           f"printing failed: {exc}")
            self._report(status)
            if not status.ready:
                log.warning("receipt not printed: %s", status.cause)
            return status.ready

    def _report(self, status: PrinterStatus) -> None:
        self.last_status = status
        for listener in list(self._listeners):
            try:
                listener(status)
            except Exception:
                log.exception("printer status listener failed")
