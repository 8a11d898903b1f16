import pytest

from drivers.keymaps import char_for, key_for, layout_name, retype

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
