import pytest

from drivers.scanners.keymaps import char_for, key_for, layout_name, retype

CODABAR = "0123456789-$:/.+ABCD"


def test_a_us_scanner_on_a_jis_host_mangles_codabar_plus_and_colon() -> None:
    # Shift+the US "=" key is "~" on a JIS keycap; Shift+";" is "+".
    assert retype("A12+34:56B", typed_on="us", read_as="jis") == "A12~34+56B"


def test_repair_undoes_the_mangling_for_every_codabar_character() -> None:
    mangled = retype(CODABAR, typed_on="us", read_as="jis")
    assert mangled is not None
    assert mangled != CODABAR
    assert retype(mangled, typed_on="jis", read_as="us") == CODABAR


def test_a_jis_scanner_on_a_us_host_is_repaired_too() -> None:
    mangled = retype("A1:2+3B", typed_on="jis", read_as="us")
    assert mangled == "A1'2:3B"
    assert retype(mangled, typed_on="us", read_as="jis") == "A1:2+3B"


def test_digits_and_letters_are_the_same_on_both_layouts() -> None:
    assert retype("0123456789ABCDxyz", typed_on="us", read_as="jis") == "0123456789ABCDxyz"


def test_a_character_one_layout_cannot_type_gives_none() -> None:
    assert retype("¥", typed_on="us", read_as="jis") is None


@pytest.mark.parametrize(("name", "canonical"), [("US", "us"), ("jp", "jis"), ("jp106", "jis")])
def test_layout_aliases(name: str, canonical: str) -> None:
    assert layout_name(name) == canonical


def test_unknown_layout_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="us, jis"):
        layout_name("dvorak")


def test_caps_lock_flips_letters_only() -> None:
    a, one = key_for("us", "a"), key_for("us", "1")
    assert a is not None
    assert one is not None
    assert char_for("us", a[0], shifted=False, caps_lock=True) == "A"
    assert char_for("us", one[0], shifted=False, caps_lock=True) == "1"


def test_german_types_code_128_symbols_with_altgr() -> None:
    assert key_for("de", "@") == (16, False, True)          # AltGr+Q
    assert key_for("de", "|") == (86, False, True)          # AltGr+< (the extra key)
    assert key_for("de", "Z") == (21, True, False)          # QWERTZ
    assert char_for("de", 27, shifted=False, altgr=True) == "~"
    assert char_for("us", 16, shifted=False, altgr=True) == ""   # US has no third level


def test_a_us_scanner_on_a_german_host_is_repaired_and_altgr_symbols_say_none() -> None:
    assert retype("A1@2{B", typed_on="us", read_as="de") == 'A1"2ÜB'
    assert retype('A1"2ÜB', typed_on="de", read_as="us") == "A1@2{B"
    assert retype("@", typed_on="de", read_as="us") is None    # AltGr+Q is Alt+Q on US


def test_caps_lock_leaves_keys_without_a_capital_alone() -> None:
    assert char_for("de", 12, shifted=False, caps_lock=True) == "ß"
    assert char_for("de", 40, shifted=False, caps_lock=True) == "Ä"
    assert char_for("de", 16, shifted=False, caps_lock=True, altgr=True) == "@"
