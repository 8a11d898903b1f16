"""The kiosk's requests against published client traces, field by field.

The lines are in ``golden/published_lines.json`` with where each was found (the 3M guide's
examples, Koha's and Evergreen's SIP test suites, FOLIO's edge-sip2 tests, dp2Library's);
``golden/request_shapes.json`` says, for each, the same transaction as the kiosk builds it
and what a strict server makes of the published line. A strict validator must take every
request example of the 3M guide; where a vendor's test line sends 18 blanks as the nb due
date (which its own lenient server takes), the kiosk sends the transaction date, as the
guide does, and these tests say so field by field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from sync.sip2 import messages
from sync.sip2.codec import Message, decode, encode
from sync.sip2.spec import SPECS
from sync.sip2.validate import REQUEST_CODES, date_problem, line_deviations, request_deviations

GOLDEN = Path(__file__).resolve().parent / "golden"
LINES: dict[str, dict[str, Any]] = {
    e["id"]: e for e in json.loads((GOLDEN / "published_lines.json").read_text(
        encoding="utf-8"))["entries"]}
SHAPES: dict[str, dict[str, Any]] = json.loads(
    (GOLDEN / "request_shapes.json").read_text(encoding="utf-8"))["shapes"]
REQUESTS = sorted(i for i, e in LINES.items() if e["expect"]["code"] in REQUEST_CODES)
BUILT = sorted(i for i, shape in SHAPES.items() if "builder" in shape)
BUILDERS: dict[str, Callable[..., Message]] = {
    "login": messages.login, "sc_status": messages.sc_status,
    "patron_information": messages.patron_information,
    "patron_status": messages.patron_status, "checkout": messages.checkout,
    "checkin": messages.checkin, "renew": messages.renew,
    "item_information": messages.item_information,
    "end_patron_session": messages.end_patron_session, "fee_paid": messages.fee_paid,
    "request_resend": messages.request_resend,
}
DATE_ARGS = ("when", "return_date", "nb_due_date")


def published(entry_id: str) -> Message:
    entry = LINES[entry_id]
    encoding = entry.get("encoding", "utf-8")
    return decode(entry["line"].encode(encoding), encoding=encoding,
                  delimiter=entry.get("delimiter", "|"), verify=False)


def kiosk_request(shape: dict[str, Any]) -> Message:
    args = {k: datetime.fromisoformat(v) if k in DATE_ARGS else v
            for k, v in shape["args"].items()}
    return BUILDERS[shape["builder"]](**args)


def form(value: str) -> str:
    """The form of a fixed field's value, as the shape comparison sees it."""
    if not value.strip():
        return "blanks"
    if date_problem(value) is None:
        return "date"
    if value in ("Y", "N"):
        return "Y/N"
    return "digits" if value.isascii() and value.isdigit() else "text"


# -- the data ------------------------------------------------------------------------------
def test_the_golden_requests_come_from_the_3m_guide_and_three_ils_vendors() -> None:
    sources = {LINES[i]["ils"] for i in BUILT}
    assert "3M SIP2 Developers Guide" in sources
    vendors = {s for s in sources if s.startswith(("Koha", "Evergreen", "FOLIO", "dp2"))}
    assert len(vendors) >= 3, vendors
    for entry_id in SHAPES:
        assert entry_id in LINES, entry_id
        assert LINES[entry_id]["source"]["repo"]


def test_every_request_the_kiosk_sends_has_a_golden_shape() -> None:
    codes = {LINES[i]["expect"]["code"] for i in BUILT}
    assert codes >= {"93", "99", "63", "23", "11", "09", "29", "17", "35", "37", "97"}


# -- what a strict server makes of the published lines --------------------------------------
@pytest.mark.parametrize("entry_id", REQUESTS)
def test_the_strict_validator_judges_each_published_request_as_recorded(entry_id: str) -> None:
    entry = LINES[entry_id]
    found = line_deviations(entry["line"].encode(entry.get("encoding", "utf-8")),
                            encoding=entry.get("encoding", "utf-8"),
                            delimiter=entry.get("delimiter", "|"))
    expected = SHAPES.get(entry_id, {}).get("strict_refuses", [])
    assert [d.field for d in found] == expected, [str(d) for d in found]


def test_every_request_example_of_the_3m_guide_passes_the_strict_validator() -> None:
    guide = [i for i in REQUESTS if LINES[i]["ils"] == "3M SIP2 Developers Guide"]
    assert len(guide) >= 10
    for entry_id in guide:
        assert request_deviations(published(entry_id)) == (), entry_id
    # the guide's checkout is the example that fills the nb due date with the transaction date
    checkout = published("3m_checkout")
    assert checkout.fx("nb_due_date") == checkout.fx("transaction_date")


def test_the_vendors_blank_nb_due_dates_are_what_strict_servers_refuse() -> None:
    blank = [i for i in BUILT if SHAPES[i].get("strict_refuses") == ["nb_due_date"]]
    assert {LINES[i]["ils"].split(" ")[0] for i in blank} >= {"Koha", "Evergreen"}
    for entry_id in blank:
        assert published(entry_id).fx("nb_due_date") == " " * 18


# -- the kiosk's request for the same transaction ---------------------------------------------
@pytest.mark.parametrize("entry_id", BUILT)
def test_the_kiosks_request_has_the_published_shape_field_by_field(entry_id: str) -> None:
    shape, line = SHAPES[entry_id], published(entry_id)
    ours = kiosk_request(shape)
    assert ours.code == line.code
    spec = SPECS[line.code]
    values_differ = shape.get("values_differ", {})
    forms_differ = shape.get("forms_differ", {})
    theirs_fixed, ours_fixed = dict(line.fixed), dict(ours.fixed)
    for name, length in spec.fixed:
        mine, published_value = ours_fixed[name], theirs_fixed[name]
        assert len(mine) == len(published_value) == length, name
        if name in forms_differ:
            assert form(mine) != form(published_value), name   # else the note is stale
            assert form(mine) == "date", name
            continue
        assert form(mine) == form(published_value), name
        if name not in values_differ:
            assert mine == published_value, name
    omitted = set(shape.get("omits", []))
    theirs = [(k, v) for k, v in line.fields if k not in omitted]
    assert sorted(ours.fields) == sorted(theirs)
    assert not omitted & {k for k, _ in ours.fields}
    for field_id in omitted:                    # only optional fields are left out
        assert field_id not in spec.required, field_id


@pytest.mark.parametrize("entry_id", BUILT)
def test_the_kiosks_request_for_each_golden_transaction_passes_the_strict_validator(
        entry_id: str) -> None:
    ours = kiosk_request(SHAPES[entry_id])
    assert request_deviations(ours) == ()
    assert line_deviations(encode(ours, sequence=3)) == ()      # and as sent, on the wire


def test_the_kiosk_writes_the_guides_checkout_but_for_its_renewal_policy() -> None:
    """The 3M guide's own checkout example, as the kiosk writes it: one character apart."""
    ours = encode(kiosk_request(SHAPES["3m_checkout"]), sequence=None, terminator=b"")
    guide = LINES["3m_checkout"]["line"].rsplit("AY", 1)[0].encode()
    assert ours == guide[:2] + b"N" + guide[3:]


def test_the_kiosk_sends_the_variable_fields_in_the_order_the_specification_lists_them(
        ) -> None:
    for entry_id in BUILT:
        ours = kiosk_request(SHAPES[entry_id])
        order = SPECS[ours.code].fields
        ids = [k for k, _ in ours.fields]
        assert ids == sorted(ids, key=order.index), entry_id
