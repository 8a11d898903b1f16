"""Tag data models: the published 28560-3 vector, encode → decode round trips (hypothesis) for
every model, and tags that must be reported, never guessed: blank, wrong CRC, reversed blocks,
inconsistent parts, unknown layouts, duplicates on one pad."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.rfid import (
    Extension,
    Problem,
    TagContent,
    TagReading,
    TagSettings,
    decode_tag,
    encode_tag,
    isil_key,
    iso28560_2,
    iso28560_3,
    mark_duplicates,
    rfid501,
)
from kiosk.rfid.iso15962 import (
    Compaction,
    CompactionError,
    compact,
    expand,
    expand_isil,
    fits,
    pack,
    pack_isil,
)
from kiosk.rfid.jla import JlaLayout
from kiosk.rfid.models import EncodeError

# no deadline: the machine is shared and loaded; no example database in the tree
PROPERTY = settings(deadline=None, database=None)

ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
ITEM16 = st.text(ASCII, min_size=1, max_size=16).filter(lambda s: s.strip() == s and s)
ISIL = st.from_regex(r"\A[A-Z]{2}-[A-Za-z0-9:/\-]{1,8}\Z")
PARTS = st.integers(1, 15).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n)))


# --- ISO 28560-3 ---------------------------------------------------------------------------
def vector() -> bytes:
    block = bytearray(32)
    block[0:3] = b"\x11\x01\x01"
    block[3:11] = b"11223344"
    block[21:26] = b"DE705"
    return bytes(block)


def test_the_published_vector_gives_crc_3e51() -> None:
    assert iso28560_3.crc(vector()) == 0x3E51
    memory = encode_tag(TagContent("11223344", owner="DE705"))
    assert memory[19:21] == b"\x51\x3e"
    assert memory[:19] == vector()[:19]
    assert memory[21:] == vector()[21:]


def test_the_vector_decodes() -> None:
    reading = decode_tag(encode_tag(TagContent("11223344", owner="DE705")))
    assert reading.ok
    assert reading.model == "28560-3"
    assert reading.content == TagContent("11223344", 1, 1, "DE705", 1)


@PROPERTY
@given(item=ITEM16, parts=PARTS, owner=ISIL.filter(lambda s: len(s) <= 12),
       usage=st.sampled_from([0, 1, 2, 7, 8]),
       extensions=st.lists(st.builds(Extension, st.integers(0, 0xFFFF),
                                     st.binary(max_size=20)), max_size=3))
def test_28560_3_round_trip(item: str, parts: tuple[int, int], owner: str, usage: int,
                            extensions: list[Extension]) -> None:
    content = TagContent(item, parts[0], parts[1], owner, usage, tuple(extensions))
    memory = encode_tag(content, TagSettings("28560-3"))
    assert len(memory) % 4 == 0
    for model in ("auto", "28560-3"):
        reading = decode_tag(memory, TagSettings(model))
        assert reading.ok, reading
        assert reading.model == "28560-3"
        got = reading.content
        assert got is not None
        assert (got.item, got.parts, got.part, got.usage, got.extensions) == \
            (item, parts[0], parts[1], usage, tuple(extensions))
        assert isil_key(got.owner) == isil_key(owner)


@PROPERTY
@given(item=ITEM16, owner=st.text(st.characters(min_codepoint=0x41, max_codepoint=0x5A),
                                  max_size=11))
def test_reversed_blocks_are_read_turned_round_and_said(item: str, owner: str) -> None:
    memory = encode_tag(TagContent(item, owner=owner))
    turned = iso28560_3.reverse_blocks(memory)
    reading = decode_tag(turned)
    if turned == memory:                    # a palindromic tag reads the same either way
        return
    assert reading.ok
    assert reading.content is not None
    assert reading.content.item == item
    assert any("reverse" in note for note in reading.notes)


def test_a_wrong_crc_is_reported_with_both_values() -> None:
    memory = bytearray(encode_tag(TagContent("11223344", owner="DE705")))
    memory[5] ^= 0x01                                   # one bit of the item flipped
    reading = decode_tag(bytes(memory))
    assert not reading.ok
    assert reading.problem is Problem.BAD_CRC
    assert reading.model == "28560-3"
    assert "3E51" in reading.detail


def test_a_damaged_extension_is_noted_and_the_item_still_read() -> None:
    memory = bytearray(encode_tag(TagContent("123", extensions=(Extension(1, b"abcd"),))))
    memory[36] ^= 0xFF
    reading = decode_tag(bytes(memory))
    assert reading.ok
    assert reading.content is not None
    assert reading.content.extensions == ()
    assert "XOR" in reading.notes[0]


@pytest.mark.parametrize(("parts", "part", "words"), [(2, 3, "part 3 of 2"), (0, 0, "0 parts"),
                                                       (3, 0, "part 0 of 3")])
def test_inconsistent_parts_are_reported(parts: int, part: int, words: str) -> None:
    memory = bytearray(vector())
    memory[1], memory[2] = parts, part
    value = iso28560_3.crc(bytes(memory))
    memory[19], memory[20] = value & 0xFF, value >> 8
    reading = decode_tag(bytes(memory))
    assert reading.problem is Problem.INCONSISTENT
    assert words in reading.detail


def test_an_other_version_is_not_guessed() -> None:
    memory = bytearray(vector())
    memory[0] = 0x21
    value = iso28560_3.crc(bytes(memory))
    memory[19], memory[20] = value & 0xFF, value >> 8
    assert decode_tag(bytes(memory)).problem is Problem.UNSUPPORTED_VERSION


@pytest.mark.parametrize("memory", [bytes(32), b"\xff" * 32, b"\x55" * 24 + bytes(8),
                                    b"\x55" * 32])
@pytest.mark.parametrize("model", ["auto", "28560-3", "28560-2", "rfid501"])
def test_blank_tags_are_blank(memory: bytes, model: str) -> None:
    reading = decode_tag(memory, TagSettings(model))
    assert reading.problem is Problem.BLANK
    assert "blank" in reading.detail


def test_unknown_content_is_not_guessed() -> None:
    reading = decode_tag(b"\x9a\x13" + bytes(range(30)))
    assert reading.problem is Problem.UNKNOWN_LAYOUT
    assert reading.model is None
    assert 'model = "jla"' in reading.detail


def test_a_short_read_is_truncated() -> None:
    assert decode_tag(vector()[:16], TagSettings("28560-3")).problem is Problem.TRUNCATED
    assert decode_tag(b"").problem is Problem.TRUNCATED


def test_28560_3_refuses_what_it_cannot_hold() -> None:
    with pytest.raises(EncodeError, match="1-16 ASCII"):
        encode_tag(TagContent("x" * 17))
    with pytest.raises(EncodeError, match="ASCII"):
        encode_tag(TagContent("図書"))
    with pytest.raises(EncodeError, match="part 3 of 2"):
        encode_tag(TagContent("1", parts=2, part=3))


# --- ISO/IEC 15962 compaction and ISO 28560-2 ----------------------------------------------
TEXTS = {
    Compaction.INTEGER: st.from_regex(r"\A[1-9][0-9]{0,18}\Z"),
    Compaction.NUMERIC: st.from_regex(r"\A[0-9]{1,40}\Z"),
    Compaction.FIVE_BIT: st.text(st.characters(min_codepoint=0x41, max_codepoint=0x5F),
                                 min_size=1, max_size=40),
    Compaction.SIX_BIT: st.text(st.characters(min_codepoint=0x20, max_codepoint=0x5F),
                                min_size=1, max_size=40).filter(lambda s: not s.endswith(" ")),
    Compaction.SEVEN_BIT: st.text(st.characters(max_codepoint=0x7E), min_size=1, max_size=40),
    Compaction.UTF8: st.text(min_size=1, max_size=20),
}


@pytest.mark.parametrize("scheme", list(TEXTS))
@settings(max_examples=200, deadline=None, database=None)
@given(data=st.data())
def test_every_compaction_round_trips(scheme: Compaction, data: st.DataObject) -> None:
    text = data.draw(TEXTS[scheme])
    assert fits(scheme, text)
    assert expand(scheme, pack(scheme, text)) == text


@PROPERTY
@given(text=st.text(min_size=1, max_size=30))
def test_compact_picks_the_shortest_that_holds_the_text(text: str) -> None:
    scheme, data = compact(text)
    assert expand(scheme, data) == text
    assert all(len(data) <= len(pack(s, text)) for s in TEXTS if fits(s, text))


def test_compaction_sizes() -> None:
    assert compact("123456789") == (Compaction.INTEGER, bytes.fromhex("075bcd15"))
    assert compact("0123") == (Compaction.NUMERIC, bytes.fromhex("0123"))
    assert compact("ABC")[0] is Compaction.FIVE_BIT
    assert compact("AB-12")[0] is Compaction.SIX_BIT
    assert compact("ab-12")[0] is Compaction.SEVEN_BIT
    assert pack(Compaction.NUMERIC, "123") == bytes.fromhex("123f")
    with pytest.raises(CompactionError):
        expand(Compaction.NUMERIC, bytes.fromhex("1a"))


@PROPERTY
@given(isil=st.from_regex(r"\A[A-Za-z0-9:/\-]{1,16}\Z"))
def test_isil_compaction_round_trips(isil: str) -> None:
    assert expand_isil(pack_isil(isil)) == isil


def test_isil_compaction_is_short() -> None:
    assert len(pack_isil("JP-1000001")) <= 6
    assert expand_isil(pack_isil("GB-UkOxU-CC")) == "GB-UkOxU-CC"


@PROPERTY
@given(item=st.text(min_size=1, max_size=30).filter(str.isprintable), parts=PARTS,
       owner=st.one_of(st.just(""), ISIL), usage=st.one_of(st.none(), st.integers(0, 15)))
def test_28560_2_round_trip(item: str, parts: tuple[int, int], owner: str,
                            usage: int | None) -> None:
    content = TagContent(item, parts[0], parts[1], owner, usage)
    memory = encode_tag(content, TagSettings("28560-2"))
    reading = decode_tag(memory, TagSettings("28560-2"))
    assert reading.ok, reading
    assert reading.content == content
    auto = decode_tag(memory)
    if auto.model == "28560-2":
        assert auto.content == content


def test_28560_2_known_bytes() -> None:
    memory = encode_tag(TagContent("123456789", owner="JP-1000001", usage=1),
                        TagSettings("28560-2"))
    assert memory[:6] == bytes.fromhex("11 04 07 5b cd 15")     # integer, OID 1, 4 bytes
    assert memory[6:9] == bytes.fromhex("02 01 a0")             # content parameter: 3 and 5
    assert decode_tag(memory).model == "28560-2"


def test_28560_2_with_offset_padding_and_a_high_oid() -> None:
    memory = bytes([0x80 | 0x11, 2, 1, 0x2A, 0, 0]) + bytes([0x6F, 2, 2]) + b"ab" + b"\0"
    reading = decode_tag(memory, TagSettings("28560-2"))
    assert reading.ok
    assert reading.content is not None
    assert reading.content.item == "42"
    assert ("oid17", "ab") in reading.content.details


@pytest.mark.parametrize(("memory", "problem"), [
    (bytes([0x61, 10, 0x41]), Problem.TRUNCATED),
    (bytes([0x61, 1, 0x41, 0x61, 1, 0x42, 0]), Problem.INCONSISTENT),       # OID 1 twice
    (bytes([0x21, 1, 0x1A, 0]), Problem.BAD_CHARACTERS),                    # numeric 'A'
    (bytes([0x61, 1, 0x41, 0x24, 1, 0x23, 0]), Problem.INCONSISTENT),       # set info "23"
])
def test_28560_2_bad_tags(memory: bytes, problem: Problem) -> None:
    assert decode_tag(memory, TagSettings("28560-2")).problem is problem


# --- 3M RFID501 ----------------------------------------------------------------------------
def test_rfid501_known_tag() -> None:
    memory = b"\x04\x11\x00\x01" + b"200912310123".ljust(16, b"\0") + bytes(12)
    reading = decode_tag(memory)
    assert reading.ok
    assert reading.model == "rfid501"
    assert reading.content is not None
    assert reading.content.item == "200912310123"
    assert dict(reading.content.details)["media"] == "1"


@PROPERTY
@given(item=ITEM16.filter(lambda s: "\0" not in s), parts=PARTS,
       library=st.integers(0, (1 << 20) - 1), branch=st.integers(0, 4095),
       media=st.integers(0, 255))
def test_rfid501_round_trip(item: str, parts: tuple[int, int], library: int, branch: int,
                            media: int) -> None:
    details = (("media", str(media)), ("branch", str(branch)), ("library", str(library)),
               ("custom", "0"))
    content = TagContent(item, parts[0], parts[1], usage=None, details=details)
    memory = encode_tag(content, TagSettings("rfid501"))
    assert decode_tag(memory, TagSettings("rfid501")).content == content
    assert decode_tag(memory).content == content


# --- JLA 2005, configurable ----------------------------------------------------------------
LAYOUTS = st.builds(JlaLayout, item_offset=st.integers(0, 8), item_length=st.integers(4, 20),
                    charset=st.sampled_from(["ascii", "shift_jis", "utf-8", "bcd"]),
                    owner_offset=st.just(40), owner_length=st.sampled_from([0, 12]))


@PROPERTY
@given(layout=LAYOUTS, data=st.data())
def test_jla_round_trip(layout: JlaLayout, data: st.DataObject) -> None:
    if layout.charset == "bcd":
        item = data.draw(st.from_regex(rf"\A[0-9]{{1,{layout.item_length * 2}}}\Z")
                         .filter(lambda s: s.strip("0")))          # all zeros reads as blank
    elif layout.charset == "ascii":
        item = data.draw(ITEM16.filter(lambda s: len(s) <= layout.item_length))
    else:
        item = data.draw(st.text(st.sampled_from("0123456789ABあいう図書館"), min_size=1,
                                 max_size=layout.item_length // 3))
    owner = "JP-1000001" if layout.owner_length else ""
    settings_ = TagSettings("jla", layout)
    memory = encode_tag(TagContent(item, owner=owner, usage=None), settings_)
    assert decode_tag(memory, settings_).content == TagContent(item, owner=owner, usage=None)


def test_jla_is_read_only_when_the_branch_says_so() -> None:
    memory = encode_tag(TagContent("123456789", usage=None), TagSettings("jla"))
    assert decode_tag(memory).problem is Problem.UNKNOWN_LAYOUT
    assert decode_tag(memory, TagSettings("jla")).ok


def test_jla_shift_jis_and_bad_bytes() -> None:
    layout = JlaLayout(item_length=16, charset="shift_jis")
    memory = "図書123".encode("cp932").ljust(16, b"\0")
    assert decode_tag(memory, TagSettings("jla", layout)).content == \
        TagContent("図書123", usage=None)
    broken = b"\x81" + b"\0" * 15
    assert decode_tag(broken, TagSettings("jla", layout)).problem is Problem.BAD_CHARACTERS
    assert decode_tag(bytes(16), TagSettings("jla", layout)).problem is Problem.BLANK


def test_jla_layout_checks() -> None:
    with pytest.raises(ValueError, match="jla_charset"):
        JlaLayout(charset="latin-9")
    with pytest.raises(ValueError, match="overlap"):
        JlaLayout(item_offset=0, item_length=16, owner_offset=8, owner_length=8)


# --- settings and a stack -------------------------------------------------------------------
def test_settings_from_the_config_section() -> None:
    tag = TagSettings.from_mapping({"model": "jla", "jla_item_offset": 4, "jla_item_length": 12,
                                    "jla_charset": "bcd"})
    assert tag.model == "jla"
    assert tag.jla == JlaLayout(4, 12, "bcd")
    with pytest.raises(ValueError, match="model must be one of"):
        TagSettings("iso")


def test_two_tags_naming_the_same_part_are_both_refused() -> None:
    good = decode_tag(encode_tag(TagContent("111", owner="JP-1")))
    set1 = decode_tag(encode_tag(TagContent("222", parts=2, part=1)))
    set2 = decode_tag(encode_tag(TagContent("222", parts=2, part=2)))
    readings: dict[str, TagReading] = {"A": good, "B": good, "C": set1, "D": set2}
    marked = mark_duplicates(readings)
    assert marked["A"].problem is Problem.DUPLICATE_ITEM
    assert "B" in marked["A"].detail
    assert marked["B"].problem is Problem.DUPLICATE_ITEM
    assert marked["C"].ok
    assert marked["D"].ok


def test_module_models_are_distinct() -> None:
    assert {iso28560_3.MODEL, iso28560_2.MODEL, rfid501.MODEL} == \
        {"28560-3", "28560-2", "rfid501"}


def bitwise_ccitt_false(data: bytes) -> int:
    value = 0xFFFF
    for byte in data:
        value ^= byte << 8
        for _ in range(8):
            value = ((value << 1) ^ 0x1021) & 0xFFFF if value & 0x8000 else (value << 1) & 0xFFFF
    return value


@PROPERTY
@given(block=st.binary(min_size=32, max_size=32))
def test_the_28560_3_crc_is_ccitt_false(block: bytes) -> None:
    assert iso28560_3.crc(block) == bitwise_ccitt_false(block[:19] + block[21:] + b"\0\0")
