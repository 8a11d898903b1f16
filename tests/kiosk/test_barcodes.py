"""Card and item numbers: check digits, normalisation, classification, config validation."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.barcodes import (
    CHECK_SCHEMES,
    BarcodeRules,
    Rejection,
    RejectReason,
    Scan,
    classify,
    compute_check,
    has_valid_check,
    mask,
)

RULES = BarcodeRules()                 # Toyama: 8-digit cards (mod10w21), 9-digit items
CARD = "12345674"                      # data 1234567, check 4 (worked below)
ITEM = "115538407"


# --- check digits -------------------------------------------------------------------------

@pytest.mark.parametrize(("scheme", "data", "check"), [
    # mod10w21, weights 2,1,2,… from the rightmost data digit; products' digits summed.
    # 1234567: 7·2=14→5, 6·1=6, 5·2=10→1, 4·1=4, 3·2=6, 2·1=2, 1·2=2; sum 26 → (10−6)%10 = 4
    ("mod10w21", "1234567", "4"),
    # 7992739871: 1·2=2, 7, 8·2=16→7, 9, 3·2=6, 7, 2·2=4, 9, 9·2=18→9, 7; sum 67 → 3
    ("mod10w21", "7992739871", "3"),
    # 2000000: the 2 is 7th from the right → weight 2 → 4; sum 4 → 6
    ("mod10w21", "2000000", "6"),
    # all zeros: sum 0 → (10−0)%10 = 0
    ("mod10w21", "0000000", "0"),
    # mod16, start/stop included: A=16, 1+2+3+4=10, B=17; sum 43; 43%16=11 → 16−11=5 → "5"
    ("mod16", "A1234B", "5"),
    # A=16, 5, B=17; sum 38; 38%16=6 → 10 → "-"
    ("mod16", "A5B", "-"),
    # A=16, 1+1, B=17; sum 35; 35%16=3 → 13 → "/"
    ("mod16", "A11B", "/"),
    # without start/stop: 1+2+3+4 = 10 → 6
    ("mod16", "1234", "6"),
    # 9+9 = 18; 18%16=2 → 14 → "."
    ("mod16", "99", "."),
    # 8+8+A=16 = 32; 32%16=0 → (16−0)%16 = 0 → "0"
    ("mod16", "88A", "0"),
    # C=18 + 9 + D=19 = 46; 46%16=14 → 2 → "2"
    ("mod16", "C9D", "2"),
    # 7DR: 1234567 = 7·176366 + 5 → 5
    ("7dr", "1234567", "5"),
    # 100 = 7·14 + 2 → 2
    ("7dr", "100", "2"),
    # 7 = 7·1 + 0 → 0
    ("7dr", "0000007", "0"),
    # 7DSR: 7 − 5 = 2
    ("7dsr", "1234567", "2"),
    # 7 − 2 = 5
    ("7dsr", "100", "5"),
    # a multiple of 7: 7 − 0 = 7
    ("7dsr", "0000007", "7"),
    ("none", "1234567", ""),
])
def test_check_digits_worked_by_hand(scheme: str, data: str, check: str) -> None:
    assert compute_check(scheme, data) == check
    if scheme != "mod16" or not data[0].isalpha():
        assert has_valid_check(scheme, data + check)
    if check.isdigit():
        wrong = str((int(check) + 1) % 10)
        assert not has_valid_check(scheme, data + wrong) or scheme == "none"


def test_mod16_checks_a_wrapped_code_with_the_check_before_the_stop() -> None:
    assert has_valid_check("mod16", "A12345B")       # 16+15+17 = 48 ≡ 0 (mod 16)
    assert has_valid_check("mod16", "a12345b")       # lower-case start/stop count the same
    assert not has_valid_check("mod16", "A12346B")
    assert has_valid_check("mod16", "A5-B")
    assert has_valid_check("mod16", "12346")


@pytest.mark.parametrize(("scheme", "data"), [
    ("mod10w21", "12a4"), ("mod10w21", ""), ("7dr", "１２３"), ("7dsr", "1_000"),
    ("7dr", "²"), ("mod16", "12x"), ("luhn", "123"),
])
def test_compute_check_refuses_what_it_cannot_weigh(scheme: str, data: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        compute_check(scheme, data)


@pytest.mark.parametrize("full", ["", "4", "x", "12a4", "1234567x", "\x00"])
@pytest.mark.parametrize("scheme", ["mod10w21", "mod16", "7dr", "7dsr", "bogus"])
def test_has_valid_check_never_raises(scheme: str, full: str) -> None:
    assert has_valid_check(scheme, full) is False


def test_none_accepts_anything() -> None:
    assert has_valid_check("none", "anything")


def test_seven_check_handles_long_numbers_without_int_limits() -> None:
    # int() would refuse more than 4300 digits. 10^6 ≡ 1 (mod 7), so 999999 = 7·142857 and
    # any run of nines whose length is a multiple of 6 is divisible by 7: 10002 = 6·1667.
    assert compute_check("7dr", "9" * 10_002) == "0"
    # 10000 nines = 10^10000 − 1; 10000 = 6·1666 + 4, 10^4 = 10000 = 7·1428 + 4 → 4 − 1 = 3
    assert compute_check("7dr", "9" * 10_000) == "3"


# --- masking ------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "masked"), [
    ("12345678", "****5678"), ("1234567", "****4567"), ("12345", "****2345"),
    ("1234567890123", "****0123"), ("1234", "****"), ("12", "****"), ("", ""),
])
def test_mask_keeps_only_the_last_four_behind_four_stars(value: str, masked: str) -> None:
    assert mask(value) == masked


def test_one_masking_everywhere_a_card_is_shown() -> None:
    """The kiosk's events and logs, the journal's rows and the simulator's logs mask alike."""
    from sync import journal
    from sync.ils_sim import circulation
    from sync.privacy import mask_card
    assert mask is journal.mask_card is circulation.mask_card is mask_card


# --- classification -----------------------------------------------------------------------

def card(value: str = CARD) -> Scan:
    return Scan("card", value, mask(value))


@pytest.mark.parametrize("raw", [
    CARD,
    f"A{CARD}B",                       # Codabar start/stop as a camera returns them
    f"c{CARD}d",                       # either case
    f"{CARD}\r", f"{CARD}\n", f"{CARD}\r\n", f"  {CARD}\t",
    f"]F0A{CARD}B\r\n",                # AIM Codabar + start/stop + CRLF
    f"]F0{CARD}", f"]A0{CARD}", f"]C0{CARD}", f"]Q1{CARD}",
    "１２３４５６７４",                  # full-width digits from an IME
    "Ａ１２３４５６７４Ｂ",              # full-width Codabar
    f"\u3000{CARD}\u3000",             # ideographic spaces
])
def test_a_valid_card_in_every_disguise(raw: str) -> None:
    assert classify(raw, RULES) == card()


def test_an_item_number_is_not_a_card() -> None:
    assert classify(ITEM, RULES) == Scan("item", ITEM, "****8407")
    assert classify(f"A{ITEM}A\r", RULES) == Scan("item", ITEM, "****8407")
    assert classify(f"]F0{ITEM}", RULES).kind == "item"  # type: ignore[union-attr]


def test_isbn_valid_and_invalid() -> None:
    # 978483400082|5: 9+21+8+12+8+9+4+0+0+0+8+6 = 85 (weights 1,3,…) → (10−5)%10 = 5
    assert classify("9784834000825", RULES) == Scan("isbn", "9784834000825", "****0825")
    assert classify("]E09784834000825\r", RULES) == Scan("isbn", "9784834000825",
                                                          "****0825")
    wrong = classify("9784834000826", RULES)
    assert isinstance(wrong, Rejection)
    assert wrong.reason is RejectReason.UNRECOGNISED
    not_isbn = classify("4901234567894", RULES)           # a valid EAN-13, but not 978/979
    assert isinstance(not_isbn, Rejection)
    assert not_isbn.reason is RejectReason.UNRECOGNISED
    off = dataclasses.replace(RULES, accept_isbn=False)
    assert classify("9784834000825", off) == Rejection(
        RejectReason.UNRECOGNISED, classify("9784834000825", off).detail)  # type: ignore[union-attr]


def test_bad_check_digit_on_a_card() -> None:
    result = classify("12345675", RULES)
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.BAD_CHECK_DIGIT
    assert "12345675" not in result.detail
    assert "****5675" in result.detail


def test_item_check_digit_is_applied() -> None:
    rules = dataclasses.replace(RULES, item_check="7dr")
    # 11553840 = 7·1650548 + 4 → check 4
    assert classify("115538404", rules) == Scan("item", "115538404", "****8404")
    result = classify("115538407", rules)
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.BAD_CHECK_DIGIT


def test_overlapping_patterns_are_told_apart_by_the_check_digit() -> None:
    rules = BarcodeRules(item_pattern=r"\d{8,9}")
    assert classify(CARD, rules).kind == "card"            # type: ignore[union-attr]
    assert classify("12345675", rules).kind == "item"      # type: ignore[union-attr]


def test_retired_prefix() -> None:
    rules = BarcodeRules(retired_card_prefixes=("07",))
    retired = "0700000" + compute_check("mod10w21", "0700000")
    result = classify(f"A{retired}B", rules)
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.RETIRED_CARD
    assert retired not in result.detail
    assert classify(CARD, rules) == card()
    # a retired-series number that was misread is a misread first
    wrong = retired[:-1] + str((int(retired[-1]) + 1) % 10)
    assert classify(wrong, rules).reason is RejectReason.BAD_CHECK_DIGIT  # type: ignore[union-attr]


def test_mod16_card_as_transmitted() -> None:
    rules = BarcodeRules(card_pattern=r"\d{7}[-$:/.+0-9]", card_check="mod16")
    # with start/stop: A=16 + (1+2+3+4+5+6+7 = 28) + B=17 = 61; 61%16 = 13 → 16−13 = 3
    assert compute_check("mod16", "A1234567B") == "3"
    assert classify("A12345673B", rules) == Scan("card", "12345673", "****5673")
    # A=16 + 2 + B=17 = 35; 35%16 = 3 → 13 → "/"
    assert classify("A0000002/B", rules) == Scan("card", "0000002/", "****002/")
    # without start/stop: 28 % 16 = 12 → 4 → "4"
    assert classify("12345674", rules) == Scan("card", "12345674", "****5674")
    assert classify("A12345674B", rules).reason is RejectReason.BAD_CHECK_DIGIT  # type: ignore[union-attr]


@pytest.mark.parametrize(("raw", "reason"), [
    ("", RejectReason.EMPTY),
    ("   \r\n", RejectReason.EMPTY),
    ("\u3000", RejectReason.EMPTY),
    ("]F0\r\n", RejectReason.EMPTY),
    ("~!@#", RejectReason.GARBAGE),
    ("~!#%?", RejectReason.GARBAGE),
    ("\x1b[A", RejectReason.GARBAGE),                 # an arrow key from a wedge
    ("1234\x005674", RejectReason.GARBAGE),
    ("1234\r5674", RejectReason.GARBAGE),             # two reads run together
    ("ｶｰﾄﾞ", RejectReason.GARBAGE),                   # half-width katakana
    ("１２３４５６７４ー", RejectReason.GARBAGE),
    ("A1234~5678B", RejectReason.GARBAGE),            # '+' through a US/JIS layout mismatch
    ("A1234*5678B", RejectReason.GARBAGE),
    ("]", RejectReason.GARBAGE),
    ("1" * 65, RejectReason.TOO_LONG),
    ("1" * 10_000, RejectReason.TOO_LONG),
    ("1234567", RejectReason.UNRECOGNISED),           # one digit short
    ("HELLO", RejectReason.UNRECOGNISED),
    ("AB", RejectReason.UNRECOGNISED),
    ("A1234+5678B", RejectReason.UNRECOGNISED),       # Codabar, stripped, but no pattern fits
    ("1920093012007", RejectReason.UNRECOGNISED),     # a Japanese book's second JAN code
])
def test_rejections(raw: str, reason: RejectReason) -> None:
    result = classify(raw, RULES)
    assert isinstance(result, Rejection)
    assert result.reason is reason
    assert result.detail
    assert result.detail.isascii()
    assert result.detail.isprintable()


def test_details_never_hold_a_card_number() -> None:
    for raw in ("12345675", "123456789012", "X12345678"):
        result = classify(raw, RULES)
        assert isinstance(result, Rejection)
        assert "12345678" not in result.detail
        assert "2345675" not in result.detail


def test_reject_reasons_are_strings() -> None:
    assert str(RejectReason.BAD_CHECK_DIGIT) == "bad_check_digit"
    assert {r.value for r in RejectReason} == {"empty", "garbage", "too_long",
                                               "bad_check_digit", "retired_card",
                                               "unrecognised", "not_library_code"}


# --- configuration ------------------------------------------------------------------------

def test_from_mapping_defaults_and_values() -> None:
    assert BarcodeRules.from_mapping({}) == RULES
    rules = BarcodeRules.from_mapping({
        "card_pattern": r"^\d{7}$", "card_check": "7DSR", "item_pattern": r"^\d{10}$",
        "item_check": "none", "retired_card_prefixes": ["07", "08"], "accept_isbn": False,
        "max_length": 32})
    assert rules == BarcodeRules(r"^\d{7}$", "7dsr", r"^\d{10}$", "none", ("07", "08"),
                                 False, 32)


@pytest.mark.parametrize(("data", "named"), [
    ({"card_patern": r"\d{8}"}, "card_patern"),
    ({"card_pattern": "("}, "card_pattern"),
    ({"item_pattern": "[0-9"}, "item_pattern"),
    ({"card_pattern": 8}, "card_pattern"),
    ({"card_check": "luhn"}, "card_check"),
    ({"item_check": 10}, "item_check"),
    ({"retired_card_prefixes": "07"}, "retired_card_prefixes"),
    ({"retired_card_prefixes": [7]}, "retired_card_prefixes"),
    ({"retired_card_prefixes": [""]}, "retired_card_prefixes"),
    ({"accept_isbn": "yes"}, "accept_isbn"),
    ({"max_length": "64"}, "max_length"),
    ({"max_length": 0}, "max_length"),
    ({"max_length": True}, "max_length"),
])
def test_from_mapping_names_the_bad_key(data: dict[str, object], named: str) -> None:
    with pytest.raises(ValueError, match=rf"^{named}: "):
        BarcodeRules.from_mapping(data)


def test_the_constructor_validates_too() -> None:
    with pytest.raises(ValueError, match="card_pattern"):
        BarcodeRules(card_pattern="(")
    with pytest.raises(ValueError, match="item_check"):
        BarcodeRules(item_check="luhn")  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------

RULE_VARIANTS = st.builds(
    BarcodeRules,
    card_check=st.sampled_from(CHECK_SCHEMES),
    item_check=st.sampled_from(CHECK_SCHEMES),
    retired_card_prefixes=st.sampled_from([(), ("0",), ("07", "6")]),
    accept_isbn=st.booleans(),
    max_length=st.integers(1, 80),
)


@given(st.text(), RULE_VARIANTS)
@example("\ud800", RULES)                      # a lone surrogate
@example("]F0" + "\u0301" * 70, RULES)
@example("\ufdfa" * 10, RULES)                 # NFKC expands this to 18 characters each
@example("A-B", RULES)
def test_classify_never_raises(raw: str, rules: BarcodeRules) -> None:
    result = classify(raw, rules)
    assert isinstance(result, Scan | Rejection)
    if isinstance(result, Rejection):
        assert result.detail.isascii()
        assert result.detail.isprintable()
    else:
        assert result.value
        assert len(result.value) <= rules.max_length


@given(st.text(alphabet=st.characters(codec="ascii")), RULE_VARIANTS)
def test_classify_never_raises_on_ascii(raw: str, rules: BarcodeRules) -> None:
    classify(raw, rules)


def codabar_wrap(value: str, start: str, stop: str) -> str:
    return f"{start}{value}{stop}"


@given(data=st.text(alphabet="0123456789", min_size=7, max_size=7),
       start=st.sampled_from("ABCDabcd"), stop=st.sampled_from("ABCDabcd"),
       suffix=st.sampled_from(["", "\r", "\n", "\r\n"]))
def test_codabar_wrapping_does_not_change_a_valid_card(data: str, start: str, stop: str,
                                                       suffix: str) -> None:
    number = data + compute_check("mod10w21", data)
    plain = classify(number, RULES)
    assert plain == card(number)
    assert classify(codabar_wrap(number, start, stop) + suffix, RULES) == plain


@given(data=st.text(alphabet="0123456789", min_size=1, max_size=30),
       scheme=st.sampled_from(CHECK_SCHEMES))
def test_computed_checks_validate(data: str, scheme: str) -> None:
    assert has_valid_check(scheme, data + compute_check(scheme, data))


@pytest.mark.parametrize("raw", [
    "https://lib.example.jp/my/21045877",
    "http://code.google.com",
    "www.example.jp",
    "WIFI:S:library-guest;T:WPA;P:secret;;",
    "BEGIN:VCARD\nFN:Taro\nEND:VCARD",
    "LIBCARD:21045877\nNAME:TARO",
    "Google Print Ads - T.G.I.A.F. - January 2008",
])
def test_a_phone_code_holding_an_address_or_text_is_not_a_library_card(raw: str) -> None:
    result = classify(raw, RULES)
    assert isinstance(result, Rejection)
    assert result.reason is RejectReason.NOT_LIBRARY_CODE
    assert "secret" not in result.detail
    assert "Taro" not in result.detail


@pytest.mark.parametrize("raw", ["A21045877B", "C115538407D", "A123:45/6B", "LIB-0042.77"])
def test_library_codes_with_colons_and_slashes_are_not_taken_for_addresses(raw: str) -> None:
    result = classify(raw, RULES)
    assert not (isinstance(result, Rejection)
                and result.reason is RejectReason.NOT_LIBRARY_CODE)
