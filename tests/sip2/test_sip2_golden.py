"""Published SIP2 lines from nine ILSes and implementations, decoded and re-encoded.

The lines live in ``golden/published_lines.json``, each with the repository and file (or
issue thread) it was found in. A published checksum either agrees with its line or it does
not (redacted test data, placeholders, typos in the 3M guide): the data file says which, and
these tests hold the codec to it both ways.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from sync.sip2 import messages
from sync.sip2.codec import ChecksumError, Message, checksum, decode, encode, parse_date, to_json

GOLDEN = Path(__file__).resolve().parent / "golden" / "published_lines.json"
ENTRIES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["entries"]
VIEWS = {cls.__name__: cls for cls in (
    messages.AcsStatus, messages.LoginResponse, messages.PatronInformation,
    messages.PatronStatus, messages.CheckoutResponse, messages.CheckinResponse,
    messages.RenewResponse, messages.ItemInformation, messages.FeePaidResponse)}


def ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in entries]


def raw(entry: dict[str, Any]) -> bytes:
    return bytes(entry["line"].encode(entry.get("encoding", "utf-8")))


def read(entry: dict[str, Any], *, verify: bool) -> Message:
    return decode(raw(entry), encoding=entry.get("encoding", "utf-8"),
                  delimiter=entry.get("delimiter", "|"), verify=verify)


def again(entry: dict[str, Any], msg: Message) -> bytes:
    """``msg`` encoded the way the source framed it: with a trailer if it had one."""
    sequence = None
    if msg.checksum_ok is not None:
        sequence = msg.sequence if msg.sequence is not None else 0
    return encode(msg, sequence=sequence, encoding=entry.get("encoding", "utf-8"),
                  delimiter=entry.get("delimiter", "|"), terminator=b"")


def plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


# -- the data file itself ----------------------------------------------------------------
def test_the_samples_come_from_at_least_five_ilses_each_with_a_source() -> None:
    assert len({e["ils"] for e in ENTRIES}) >= 5
    assert len({e["source"]["repo"] for e in ENTRIES}) >= 5
    for entry in ENTRIES:
        assert "/" in entry["source"]["repo"]
        assert entry["source"].get("path") or entry["source"].get("issue")
    assert len(set(ids(ENTRIES))) == len(ENTRIES)


def test_every_message_pair_the_kiosk_uses_has_a_published_sample() -> None:
    codes = {e["expect"]["code"] for e in ENTRIES}
    for pair in ("93", "94", "99", "98", "63", "64", "23", "24", "11", "12", "09", "10",
                 "29", "30", "17", "18", "35", "36", "37", "38", "96", "97"):
        assert pair in codes


# -- decoding ----------------------------------------------------------------------------
@pytest.mark.parametrize("entry", ENTRIES, ids=ids(ENTRIES))
def test_published_line_decodes_field_by_field(entry: dict[str, Any]) -> None:
    msg = read(entry, verify=entry["checksum"] != "mismatch")
    expect = entry["expect"]
    assert msg.code == expect["code"]
    assert msg.sequence == expect["sequence"]
    assert dict(msg.fixed) == expect["fixed"]
    assert [list(f) for f in msg.fields] == expect["fields"]
    assert msg.extra == ""
    assert to_json(msg)["checksum_ok"] == {"ok": True, "mismatch": False,
                                           "absent": None}[entry["checksum"]]


TYPED = [e for e in ENTRIES if "typed" in e]


@pytest.mark.parametrize("entry", TYPED, ids=ids(TYPED))
def test_published_line_reads_into_the_kiosks_typed_view(entry: dict[str, Any]) -> None:
    view = VIEWS[entry["typed"]["view"]].from_message(read(entry, verify=False))
    for attr, expected in entry["typed"]["attrs"].items():
        assert plain(getattr(view, attr)) == expected, attr


# -- checksums, both ways ----------------------------------------------------------------
GOOD = [e for e in ENTRIES if e["checksum"] == "ok"]
BAD = [e for e in ENTRIES if e["checksum"] == "mismatch"]
ROUND = [e for e in ENTRIES if e.get("roundtrip", True)]


@pytest.mark.parametrize("entry", GOOD, ids=ids(GOOD))
def test_where_the_published_checksum_agrees_re_encoding_gives_the_same_bytes(
        entry: dict[str, Any]) -> None:
    msg = read(entry, verify=True)
    assert msg.checksum_ok is True
    assert again(entry, msg) == raw(entry)
    assert raw(entry)[-4:].decode() == checksum(raw(entry)[:-4])


@pytest.mark.parametrize("entry", BAD, ids=ids(BAD))
def test_where_the_published_checksum_is_wrong_it_is_refused_then_readable_on_request(
        entry: dict[str, Any]) -> None:
    with pytest.raises(ChecksumError):
        read(entry, verify=True)
    msg = read(entry, verify=False)
    assert msg.checksum_ok is False
    ours = again(entry, msg)
    # everything but the four checksum digits is reproduced: the line's own sum disagrees
    assert ours[:-4] == raw(entry)[:-4]
    assert ours[-4:] != raw(entry)[-4:]


@pytest.mark.parametrize("entry", ROUND, ids=ids(ROUND))
def test_published_line_round_trips_through_encode(entry: dict[str, Any]) -> None:
    msg = read(entry, verify=False)
    data = again(entry, msg)
    back = decode(data, encoding=entry.get("encoding", "utf-8"),
                  delimiter=entry.get("delimiter", "|"))
    assert back == msg
    if entry["checksum"] == "absent":
        assert data == raw(entry)


def test_lines_without_a_last_delimiter_gain_one_when_re_encoded() -> None:
    for entry in (e for e in ENTRIES if not e.get("roundtrip", True)):
        msg = read(entry, verify=False)
        assert again(entry, msg) == raw(entry) + b"|"


# -- the facts of the field these samples show ---------------------------------------------
def by_id(name: str) -> dict[str, Any]:
    return next(e for e in ENTRIES if e["id"] == name)


def test_sierra_writes_0000_in_the_zone_and_it_is_read_as_local_time() -> None:
    when = read(by_id("sierra_valid_login"), verify=False).fx("transaction_date")
    assert when == "201610210000142637"
    assert parse_date(when) == datetime(2016, 10, 21, 14, 26, 37)


def test_a_cp850_name_decodes_only_in_cp850() -> None:
    entry = by_id("sierra_cp850_name")
    assert b"CARR\x90," in raw(entry)                       # É is 0x90 in cp850
    assert read(entry, verify=False).get("AE") == "LE CARRÉ, JOHN"
    as_utf8 = decode(raw(entry), encoding="utf-8", verify=False)
    assert as_utf8.get("AE") == "LE CARR\ufffd, JOHN"      # visibly damaged, not dropped


def test_a_resend_request_has_a_checksum_and_no_sequence_number() -> None:
    msg = read(by_id("metro_sc_resend"), verify=True)
    assert (msg.code, msg.sequence, msg.checksum_ok) == ("96", None, True)
    assert encode(messages.request_resend(), sequence=5) == b"97AZFEF5\r"


def test_a_trailer_that_cannot_be_read_is_kept_as_a_field_not_guessed() -> None:
    msg = read(by_id("metro_login_bad_trailer"), verify=True)
    assert msg.sequence is None
    assert msg.checksum_ok is None
    assert msg.get("AY") == "F765"


def test_required_fields_an_ils_leaves_out_are_reported_not_refused() -> None:
    msg = read(by_id("3m_acs_status"), verify=False)
    assert msg.missing_required == ("BX",)
    assert to_json(msg)["missing_required"] == ["BX"]
    assert messages.AcsStatus.from_message(msg).supported == ""


def test_extension_fields_stay_in_order_among_the_standard_ones() -> None:
    msg = read(by_id("polaris_valid_pin"), verify=False)
    keys = [k for k, _ in msg.fields]
    assert keys.index("BC") < keys.index("PA") < keys.index("U1") < keys.index("AF")
    assert msg.get_all("U1") == [""]
    assert parse_date(msg.get("PX")) == datetime(2018, 6, 9, 23, 59, 59)


def test_a_changed_sequence_number_changes_only_the_trailer() -> None:
    msg = read(by_id("3m_end_session_response"), verify=True)
    moved = encode(replace(msg, sequence=6), sequence=6, terminator=b"")
    original = raw(by_id("3m_end_session_response"))
    assert moved[:-9] == original[:-9]
    assert moved[-9:-4] == b"AY6AZ"
    assert decode(moved).sequence == 6
