"""Due dates read the way each language writes them, weekday included."""

from __future__ import annotations

from datetime import date

import pytest

from ui.i18n import NATIVE_NAMES, format_due

SUNDAY = date(2026, 12, 6)


@pytest.mark.parametrize(("code", "expected"), [
    ("ja", "2026年12月6日(日)"),
    ("en", "Sun 6 Dec 2026"),
    ("zh", "2026年12月6日(周日)"),
    ("ko", "2026년 12월 6일 (일)"),
    ("pt", "dom., 6 de dez. de 2026"),
    ("vi", "CN, 06/12/2026"),
])
def test_due_date_in_each_language(code: str, expected: str) -> None:
    assert format_due(SUNDAY, "", code) == expected


def test_vietnamese_weekdays_and_day_before_month() -> None:
    assert format_due(date(2026, 1, 5), "", "vi") == "Thứ 2, 05/01/2026"


def test_every_language_button_has_a_date_format_of_its_own() -> None:
    english = format_due(SUNDAY, "", "en")
    for code in NATIVE_NAMES:
        if code != "en":
            assert format_due(SUNDAY, "", code) != english, code


def test_without_a_date_the_ils_text_is_shown() -> None:
    assert format_due(None, " 20261206    000000 ", "ko") == "20261206    000000"
