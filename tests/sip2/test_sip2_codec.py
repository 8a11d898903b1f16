"""The sans-I/O SIP2 codec and its framing against literal lines, checksums summed by hand."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sync.sip2 import messages
from sync.sip2.codec import (
    ChecksumError,
    FieldTooLong,
    MalformedMessage,
    Sip2Error,
    Unencodable,
    decode,
    encode,
    make,
    parse_date,
    to_json,
)
from sync.sip2.framing import Framing, LineReader

WHEN = "20250401    100000"


def by_hand(data: bytes) -> str:
    """The SIP2 checksum, independently: negate the byte sum, keep 16 bits, 4 hex digits."""
    total = 0
    for byte in data:
        total += byte
    return "%04X" % ((0x10000 - total % 0x10000) % 0x10000)


def framed(text: str, encoding: str = "utf-8", terminator: bytes = b"\r") -> bytes:
    """``text`` ends with AY<n>AZ; add the checksum of its encoded bytes and the terminator."""
    data = text.encode(encoding)
    return data + by_hand(data).encode("ascii") + terminator


# -- checksums and literal lines ---------------------------------------------------------
def test_the_spec_example_sc_status_line() -> None:
    line = b"9900302.00AY1AZFCA5\r"
    assert by_hand(b"9900302.00AY1AZ") == "FCA5"
    assert encode(messages.sc_status(max_print_width=30), sequence=1) == line
    msg = decode(line)
    assert msg.code == "99"
    assert msg.sequence == 1
    assert msg.fx("protocol_version") == "2.00"


def test_login_line_out_and_in() -> None:
    text = "9300CNkiosk|COkiosk-demo|CPDEMO-KIOSK-1|AY0AZ"
    expected = framed(text)
    assert expected.endswith(b"AY0AZ" + by_hand(text.encode()).encode() + b"\r")
    assert encode(messages.login("kiosk", "kiosk-demo", "DEMO-KIOSK-1"), sequence=0) == expected
    msg = decode(expected)
    assert (msg.get("CN"), msg.get("CO"), msg.get("CP")) == ("kiosk", "kiosk-demo",
                                                             "DEMO-KIOSK-1")


def test_no_error_detection_means_no_trailer() -> None:
    assert encode(messages.login("a", "b"), sequence=None) == b"9300CNa|COb|\r"
    assert decode(b"9300CNa|COb|").sequence is None


def patron_64(name: str) -> str:
    return ("64" + " " * 14 + "014" + WHEN + "0001" + "0000" + "0002" + "0000" * 3
            + f"AODEMO|AA21045877|AE{name}|BLY|CQY|AY2AZ")


def test_japanese_name_checksums_differ_between_utf8_and_cp932() -> None:
    text = patron_64("山田 花子")
    utf8, sjis = framed(text, "utf-8"), framed(text, "cp932")
    assert utf8 != sjis
    assert utf8[-5:-1] != sjis[-5:-1]                  # the checksums themselves differ
    assert len(utf8) - len(sjis) == 4                  # 4 kanji: 3 bytes each vs 2
    for line, encoding in ((utf8, "utf-8"), (sjis, "cp932")):
        msg = decode(line, encoding=encoding)
        info = messages.PatronInformation.from_message(msg)
        assert info.name == "山田 花子"
        assert info.valid is True
        assert info.pin_valid is True
        assert info.hold_count == 1
        assert info.charged_count == 2
        assert info.may_borrow
        assert msg.sequence == 2
        assert encode(msg, sequence=2, encoding=encoding) == line


def test_a_loan_answer_with_a_repeated_field_reads_the_first_as_message_get_does() -> None:
    text = ("121NNY" + WHEN + "AODEMO|AA21045877|AB115538407|AFお知らせ1|AJ題名|"
            "AH20250415    235959|AH20250501    235959|AFお知らせ2|CK001|CK002|AY3AZ")
    msg = decode(framed(text))
    for typed in (messages.CheckoutResponse.from_message(msg),
                  messages.RenewResponse.from_message(decode(framed("30" + text[2:])))):
        assert typed.due_text == msg.get("AH") == "20250415    235959"
        assert typed.due == datetime(2025, 4, 15, 23, 59, 59)
        assert typed.media_type == msg.get("CK") == "001"
        assert typed.screen_message == "お知らせ1 お知らせ2"       # every AF, in order
        assert typed.title == "題名"


def test_the_right_bytes_in_the_wrong_encoding_still_frame_but_garble() -> None:
    line = framed(patron_64("山田 花子"), "cp932")
    msg = decode(line, encoding="utf-8")       # the checksum is over bytes, so it passes
    assert msg.get("AE") != "山田 花子"


def test_checkout_answer_parses_into_a_loan() -> None:
    text = ("121NNY" + WHEN + "AODEMO|AA21045877|AB115538407|AJ港町の小さな探偵事務所|"
            "AH20250415    235959|CK001|AY3AZ")
    answer = messages.CheckoutResponse.from_message(decode(framed(text)))
    assert answer.ok
    assert not answer.renewal
    assert answer.item_id == "115538407"
    assert answer.title == "港町の小さな探偵事務所"
    assert answer.due == datetime(2025, 4, 15, 23, 59, 59)
    assert answer.due_text == "20250415    235959"
    assert answer.media_type == "001"
    # built without the dataclass __init__: every field there, equal to one built with it
    assert set(vars(answer)) == {f.name for f in dataclasses.fields(answer)}
    assert answer == messages.CheckoutResponse(**vars(answer))
    renewal = messages.RenewResponse.from_message(decode(framed("30" + text[2:])))
    assert set(vars(renewal)) == {f.name for f in dataclasses.fields(renewal)}


def test_checkout_refusal_parses_with_its_screen_message() -> None:
    text = ("120NNN" + WHEN + "AODEMO|AA21045877|AB115542018|AJ富山県地名大辞典|AH|"
            "AFこの資料は禁帯出です。|AY4AZ")
    answer = messages.CheckoutResponse.from_message(decode(framed(text)))
    assert not answer.ok
    assert answer.due is None
    assert answer.screen_message == "この資料は禁帯出です。"


def test_a_bad_checksum_is_refused() -> None:
    good = framed("9300CNa|COb|AY0AZ")
    bad_sum = good[:-2] + (b"0" if good[-2:-1] != b"0" else b"1") + b"\r"
    with pytest.raises(ChecksumError):
        decode(bad_sum)
    bad_body = good.replace(b"COb", b"COc")
    with pytest.raises(ChecksumError):
        decode(bad_body)
    assert decode(bad_body, verify=False).get("CO") == "c"


def test_lower_case_checksum_digits_are_accepted() -> None:
    text = "9900302.00AY1AZ"
    assert decode((text + by_hand(text.encode()).lower() + "\r").encode()).code == "99"


def test_no_message_code_is_malformed() -> None:
    with pytest.raises(MalformedMessage):
        decode(b"xx")
    with pytest.raises(MalformedMessage):
        decode(b"64  ")          # fixed fields cut short


# -- fields ------------------------------------------------------------------------------
def test_a_bar_inside_a_value_is_kept() -> None:
    text = "120NNY" + WHEN + "AODEMO|AA21045877|AB1|AJ赤と|青の本|AH|AY5AZ"
    msg = decode(framed(text))
    assert msg.get("AJ") == "赤と|青の本"
    assert msg.get("AH") == ""


def test_a_bar_cannot_be_sent_inside_a_value() -> None:
    with pytest.raises(Sip2Error):
        encode(make("35", {"transaction_date": WHEN}, [("AO", "a|b")]), sequence=0)


def test_fields_longer_than_255_characters_are_refused() -> None:
    fine = make("35", {"transaction_date": WHEN}, [("AO", "x" * 255)])
    assert b"AO" + b"x" * 255 + b"|" in encode(fine, sequence=0)
    with pytest.raises(FieldTooLong):
        encode(make("35", {"transaction_date": WHEN}, [("AO", "x" * 256)]), sequence=0)


def test_a_title_cp850_cannot_hold_is_unencodable_not_dropped() -> None:
    answer = make("12", {"ok": "1", "renewal_ok": "N", "magnetic_media": "N",
                         "desensitize": "Y", "transaction_date": WHEN},
                  [("AB", "115538415"), ("AJ", "くいしんぼうのあおむし")])
    with pytest.raises(Unencodable):
        encode(answer, sequence=0, encoding="cp850")
    cafe = make("12", {"ok": "1", "renewal_ok": "N", "magnetic_media": "N",
                       "desensitize": "Y", "transaction_date": WHEN}, [("AJ", "Café")])
    data = encode(cafe, sequence=0, encoding="cp850")
    assert b"AJCaf\x82|" in data                      # é is 0x82 in cp850
    assert decode(data, encoding="cp850").get("AJ") == "Café"


def test_unknown_fields_are_kept() -> None:
    msg = decode(framed("36Y" + WHEN + "AODEMO|AA1|ZZlocal extension|AY6AZ"))
    assert msg.get("ZZ") == "local extension"


def test_make_checks_fixed_fields() -> None:
    with pytest.raises(Sip2Error):
        make("36", {"end_session": "YES", "transaction_date": WHEN})
    with pytest.raises(Sip2Error):
        make("36", {"end_session": "Y"})
    with pytest.raises(Sip2Error):
        make("00")


# -- dates -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("20250415    235959", datetime(2025, 4, 15, 23, 59, 59)),
    ("20250415UTC 120000", datetime(2025, 4, 15, 12, 0, 0, tzinfo=UTC)),
    ("20250415   Z120000", datetime(2025, 4, 15, 12, 0, 0, tzinfo=UTC)),
    ("20110102UTC102030", datetime(2011, 1, 2, 10, 20, 30, tzinfo=UTC)),
    ("20250415+0900120000", datetime(2025, 4, 15, 12, tzinfo=timezone(timedelta(hours=9)))),
    ("202504150000120000", datetime(2025, 4, 15, 12, 0, 0)),     # 0000 is read as local
    ("20250415", datetime(2025, 4, 15)),
    ("  20250415    235959  ", datetime(2025, 4, 15, 23, 59, 59)),
    ("2025-04-15", datetime(2025, 4, 15)),
    ("2025-04-15 10:30:00", datetime(2025, 4, 15, 10, 30)),
    ("2025/04/15", datetime(2025, 4, 15)),
    ("04/15/2025", datetime(2025, 4, 15)),
    ("", None),
    (None, None),
    ("next Tuesday", None),
    ("20251399    000000", None),
    ("返却期限 4月15日", None),
])
def test_due_dates_are_parsed_defensively(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text) == expected


# -- framing (the conversation itself: test_sip2_connection) -----------------------------
def test_crlf_terminator_out_and_in() -> None:
    crlf = Framing(terminator=b"\r\n")
    first, second = (encode(messages.sc_status(), sequence=n, terminator=crlf.terminator)
                     for n in (0, 1))
    assert first.endswith(b"\r\n")
    assert first[:-2].endswith(by_hand(first[:-6]).encode())
    reader = LineReader()                              # a CR-only reader copes as well
    stream = first + second
    cut = len(first) - 1                               # between the CR and the LF
    reader.receive_data(stream[:cut])
    assert reader.next_message() is not None
    reader.receive_data(stream[cut:])
    msg = reader.next_message()
    assert msg is not None
    assert msg.sequence == 1
    assert reader.next_message() is None


def test_bytes_arrive_one_at_a_time() -> None:
    reader = LineReader()
    line = encode(messages.patron_information("DEMO", "21045877",
                                              when=datetime(2025, 4, 1, 10)), sequence=3)
    for i in range(len(line) - 1):
        reader.receive_data(line[i:i + 1])
        assert reader.next_message() is None
    reader.receive_data(line[-1:])
    msg = reader.next_message()
    assert msg is not None
    assert msg.get("AA") == "21045877"
    assert msg.fx("transaction_date") == WHEN


def test_a_damaged_message_is_consumed_and_the_next_one_read() -> None:
    good = framed("9300CNa|COb|AY0AZ")
    damaged = good.replace(b"COb", b"COc")
    reader = LineReader()
    reader.receive_data(damaged + good)
    with pytest.raises(ChecksumError):
        reader.next_message()
    msg = reader.next_message()
    assert msg is not None
    assert msg.get("CO") == "b"


def test_a_runaway_line_without_terminator_is_refused() -> None:
    reader = LineReader()
    reader.receive_data(b"9" * (LineReader.MAX_BUFFER + 1))
    reader.receive_data(framed("941AY0AZ"))
    with pytest.raises(MalformedMessage, match="no terminator"):
        reader.next_message()                          # dropped, and read as one bad line
    msg = reader.next_message()
    assert msg is not None
    assert msg.code == "94"


# -- the builders and views added for the client ----------------------------------------
NOW = datetime(2025, 4, 1, 10)


def test_new_request_builders_write_the_spec_field_order() -> None:
    assert encode(messages.patron_status("DEMO", "21045877", when=NOW, pin="1234"),
                  sequence=None) == b"23000" + WHEN.encode() + b"AODEMO|AA21045877|AC|AD1234|\r"
    assert encode(messages.checkin("DEMO", "115538407", when=NOW, location="KIOSK-1"),
                  sequence=None) == (b"09N" + WHEN.encode() + WHEN.encode()
                                     + b"APKIOSK-1|AODEMO|AB115538407|AC|\r")
    assert encode(messages.renew("DEMO", "21045877", "115538407", when=NOW, no_block=True,
                                 nb_due_date=datetime(2025, 4, 15, 23, 59, 59)),
                  sequence=None) == (b"29NY" + WHEN.encode() + b"20250415    235959"
                                     + b"AODEMO|AA21045877|AB115538407|\r")
    assert encode(messages.item_information("DEMO", "115538407", when=NOW),
                  sequence=None) == b"17" + WHEN.encode() + b"AODEMO|AB115538407|\r"
    assert encode(messages.fee_paid("DEMO", "21045877", "300", when=NOW, fee_id="F1"),
                  sequence=None) == (b"37" + WHEN.encode() + b"0100JPY"
                                     + b"BV300|AODEMO|AA21045877|CGF1|\r")


def test_an_offline_return_keeps_its_own_return_date() -> None:
    back = datetime(2025, 3, 30, 17, 5)
    msg = messages.checkin("DEMO", "1", when=NOW, return_date=back, no_block=True)
    assert msg.fx("no_block") == "Y"
    assert parse_date(msg.fx("return_date")) == back


def test_item_information_names_the_borrower_when_the_ils_does() -> None:
    text = ("18040001" + WHEN + "CF0|AH20250415    235959|AB115538407|AJ港町|CK001|"
            "AA21045877|AY7AZ")
    info = messages.ItemInformation.from_message(decode(framed(text)))
    assert info.on_loan
    assert info.status_name == "charged"
    assert info.patron == "21045877"
    assert info.due == datetime(2025, 4, 15, 23, 59, 59)
    assert info.hold_queue_length == 0
    bare = messages.ItemInformation.from_message(decode(b"18030001" + WHEN.encode()))
    assert (bare.patron, bare.due, bare.hold_queue_length, bare.title) == (None, None, None, "")


def test_missing_optional_fields_leave_views_with_defaults() -> None:
    answer = messages.RenewResponse.from_message(decode(b"300NUN" + WHEN.encode()))
    assert (answer.ok, answer.renewal, answer.item_id, answer.due) == (False, False, "", None)
    status = messages.PatronStatus.from_message(decode(b"24" + b"Y" * 14 + b"000"
                                                       + WHEN.encode()))
    assert not status.may_borrow
    assert (status.valid, status.pin_valid, status.name) == (None, None, "")
    checkin = messages.CheckinResponse.from_message(decode(b"101YNY" + WHEN.encode()
                                                           + b"CV01|"))
    assert checkin.ok
    assert checkin.alert
    assert checkin.alert_type == "01"
    paid = messages.FeePaidResponse.from_message(decode(b"38N" + WHEN.encode()))
    assert not paid.accepted
    assert messages.LoginResponse.from_message(decode(b"940")).ok is False


# -- more of the codec -------------------------------------------------------------------
def test_shift_jis_bytes_that_look_like_the_delimiter_stay_inside_the_title() -> None:
    title = "ポケットソング"                       # ポ is 0x83 0x7C in cp932: 0x7C is '|'
    msg = make("12", {"ok": "1", "renewal_ok": "N", "magnetic_media": "N",
                      "desensitize": "Y", "transaction_date": WHEN},
               [("AB", "1"), ("AJ", title), ("AH", "")])
    line = encode(msg, sequence=1, encoding="cp932")
    assert line.count(b"|") > 3                    # more 0x7C bytes than delimiters
    assert decode(line, encoding="cp932").get("AJ") == title


def test_a_bar_before_capitals_stays_in_free_text_but_not_elsewhere() -> None:
    msg = decode(b"120NNY" + WHEN.encode() + b"AA1|QQ7|ABX|AJRed|OK Computer|AHdue|")
    assert msg.get("AJ") == "Red|OK Computer"     # OK is no field we know: part of the title
    assert msg.get("AH") == "due"                 # AH is a field, even after a title
    assert msg.get("QQ") == "7"                   # unknown, but not after free text: a field
    screen = decode(b"36Y" + WHEN.encode() + b"AO1|AA2|AFSee|QQ desk|AFthen|PB19800424|")
    assert screen.get_all("AF") == ["See|QQ desk", "then"]
    assert screen.get("PB") == "19800424"         # an extension seen in the wild is known


def test_to_json_keeps_order_repeats_and_the_checksum_verdict() -> None:
    line = framed("36Y" + WHEN + "AODEMO|AA1|ZZx|AFone|AFtwo|AY6AZ")
    view = to_json(decode(line))
    assert view == {"code": "36", "name": "end_session_response", "known": True,
                    "fixed": {"end_session": "Y", "transaction_date": WHEN},
                    "fields": [["AO", "DEMO"], ["AA", "1"], ["ZZ", "x"], ["AF", "one"],
                               ["AF", "two"]],
                    "sequence": 6, "checksum_ok": True}
    damaged = line.replace(b"one", b"ono")
    assert to_json(decode(damaged, verify=False))["checksum_ok"] is False
    assert to_json(messages.request_resend())["checksum_ok"] is None
    assert json.loads(json.dumps(view)) == view


def test_an_unknown_message_code_is_kept_with_its_fields() -> None:
    msg = decode(b"00 odd fixed part|AOx|AY1AZ", verify=False)
    assert msg.name == "unknown_00"
    assert msg.extra == " odd fixed part"
    assert msg.get("AO") == "x"
    assert to_json(msg)["known"] is False


def test_line_breaks_inside_values_are_refused() -> None:
    for bad in ("a\rb", "a\nb"):
        with pytest.raises(Sip2Error):
            encode(make("35", {"transaction_date": WHEN}, [("AO", bad)]), sequence=0)


def test_a_fixed_field_of_the_wrong_length_is_refused_even_without_make() -> None:
    from sync.sip2.codec import Message
    with pytest.raises(Sip2Error):
        encode(Message("36", (("end_session", "YES"), ("transaction_date", WHEN))),
               sequence=0)


def test_an_unknown_encoding_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="encoding"):
        Framing(encoding="no-such-codec")
    with pytest.raises(Sip2Error):
        decode(b"941", encoding="no-such-codec")


def test_a_lf_only_ils_is_framed_too() -> None:
    reader = LineReader(Framing(terminator=b"\n"))
    reader.receive_data(framed("941AY0AZ", terminator=b"\n") + b"\n\n"
                        + framed("941AY1AZ", terminator=b"\n"))
    first, second = reader.next_message(), reader.next_message()
    assert first is not None
    assert second is not None
    assert (first.sequence, second.sequence) == (0, 1)


def test_a_flood_of_empty_lines_is_skipped_without_recursion() -> None:
    reader = LineReader()
    reader.receive_data(b"\r" * 60_000 + framed("941AY0AZ"))
    msg = reader.next_message()
    assert msg is not None
    assert msg.code == "94"


def test_a_view_of_the_wrong_message_is_a_sip2_error() -> None:
    with pytest.raises(Sip2Error):
        messages.PatronStatus.from_message(decode(b"941"))
    with pytest.raises(Sip2Error):
        messages.ItemInformation.from_message(decode(b"36Y" + WHEN.encode()))


def test_odd_digits_in_counts_are_no_numbers() -> None:
    info = messages.ItemInformation.from_message(decode(b"18040001" + WHEN.encode()
                                                        + "CF²|".encode()))
    assert info.hold_queue_length is None
    status = messages.AcsStatus.from_message(decode(
        ("98YYYYNN１２３999" + WHEN + "2.00AODEMO|BX" + "Y" * 16 + "|").encode()))
    assert status.timeout_seconds is None
    assert status.retries is None
