"""Receipts: what is printed, in which language and encoding, and that a printer problem
never stops lending."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from drivers.ports import DeviceState
from drivers.printers.fake import FakePrinter
from drivers.printers.port import PrinterStatus
from kiosk.events import Loan, Mode
from kiosk.receipt import CUT, KANJI_ON, SHIFT_JIS, ReceiptPolicy, ReceiptService, render, wrap

WHEN = datetime(2026, 11, 22, 14, 5)
LOANS = (Loan("115538407", "ぐりとぐらのえんそく", date(2026, 12, 6), "", Mode.ONLINE),
         Loan("115538415", "A Cat Named Tuesday", date(2026, 12, 6), "", Mode.OFFLINE))


def text_of(data: bytes) -> str:
    return data.decode("cp932", errors="replace")


def test_japanese_receipt_in_kanji_mode_with_masked_card_and_due_dates() -> None:
    data = render("富山市立図書館", "****5877", LOANS, when=WHEN, language="ja")
    assert data.startswith(b"\x1b@" + KANJI_ON + SHIFT_JIS)
    assert data.endswith(CUT)
    text = text_of(data)
    assert "貸出票" in text
    assert "****5877" in text
    assert "ぐりとぐらのえんそく" in text
    assert text.count("返却期限: 2026年12月6日") == 2
    assert "2点" in text
    assert "2026-11-22 14:05" in text


def test_english_receipt_and_the_no_titles_policy() -> None:
    text = text_of(render("Library", "****5877", LOANS, when=WHEN, language="en",
                          policy=ReceiptPolicy(titles=False)))
    assert "Loan receipt" in text
    assert "Due: 2026-12-06" in text
    assert "ぐりとぐら" not in text
    assert "Tuesday" not in text
    assert "Item 115538407" in text


def test_long_titles_wrap_by_display_width() -> None:
    lines = wrap("・" + "あ" * 30, 42)
    assert all(sum(2 if ord(c) > 0x2000 else 1 for c in line) <= 42 for line in lines)
    assert len(lines) == 2


def test_service_prints_when_ready_and_reports_paper_out_without_raising() -> None:
    printer = FakePrinter()
    seen: list[PrinterStatus] = []
    service = ReceiptService(printer, "図書館", on_status=seen.append, clock=lambda: WHEN)
    assert service.print_now("****5877", LOANS, "ja")
    assert len(printer.printed) == 1
    printer.paper_out = True
    assert not service.print_now("****5877", LOANS, "ja")
    assert len(printer.printed) == 1                      # nothing sent to an empty printer
    assert seen[-1].paper_out
    printer.paper_out, printer.unplugged = False, True
    assert not service.print_now("****5877", LOANS, "ja")
    assert seen[-1].state is DeviceState.DISCONNECTED


def test_every_listener_hears_the_printer_and_ready_follows_the_last_print() -> None:
    """Printing blocks (the window runs it off the GUI thread, tests/ui/test_journey.py);
    staff's device list, metrics and alerts each hear the printer's state."""
    printer = FakePrinter()
    first: list[PrinterStatus] = []
    second: list[PrinterStatus] = []
    service = ReceiptService(printer, "図書館", on_status=first.append, clock=lambda: WHEN)
    service.on_status(second.append)
    assert service.ready                                  # nothing known yet: offered
    printer.paper_out = True
    assert not service.print_now("****5877", LOANS, "en")
    assert not service.ready
    assert first == second
    assert first[-1].paper_out


CAFE = (Loan("115538407", "Café com Leite", date(2026, 12, 6), "", Mode.ONLINE),)


@pytest.mark.parametrize(("language", "library", "loans", "lines"), [
    # Portuguese and Vietnamese fold the accents the printer lacks
    ("pt", "Biblioteca", CAFE, ["Comprovante de emprestimo", "Devolver ate: 06/12/2026",
                                "Cafe com Leite"]),
    ("vi", "Thu vien", CAFE, ["Phieu muon", "Han tra: 06/12/2026",
                              "Cam on ban da su dung thu vien"]),
    # Chinese in the hanzi the printer has; Korean, which it has not, in English
    ("zh", "富山市立図書館", LOANS, ["返還期限: 2026年12月6日", "借出憑単"]),
    ("ko", "Library", LOANS, ["Loan receipt", "Due: 2026-12-06"]),
])
def test_each_language_prints_in_what_the_printer_has(
        language: str, library: str, loans: tuple[Loan, ...], lines: list[str]) -> None:
    text = text_of(render(library, "****5877", loans, when=WHEN, language=language))
    for line in lines:
        assert line in text
    assert "?" not in text
