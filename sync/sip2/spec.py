"""SIP2 message tables: fixed-length fields in wire order and the variable fields each uses.

The codec is driven entirely by these tables so that adding a message is a table edit.
Field orders follow the 3M SIP2 2.00 specification; ``fields`` lists the variable fields in
the order the specification gives them (the order the kiosk sends them in), ``required``
those the specification marks as required. Real ILSes send fields in other orders, leave
required ones out and add their own: the decoder accepts all of that and keeps what it was
sent, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

DATE = 18  # YYYYMMDDZZZZHHMMSS


def _reader(fixed: tuple[tuple[str, int], ...]) -> Callable[[str], tuple[tuple[str, str], ...]]:
    """text -> its fixed part as (name, value) pairs, for a text at least as long as the fixed
    part. Written out from the table as one expression, as ``namedtuple`` and ``dataclass``
    write their methods: a one-character field is an index, a longer one a slice, and the
    pairs a tuple display; no loop, zip or slice objects at run time. Names are the table's
    own identifiers, written with repr()."""
    pairs, start = [], 2
    for name, length in fixed:
        place = f"t[{start}]" if length == 1 else f"t[{start}:{start + length}]"
        pairs.append(f"({name!r}, {place}),")
        start += length
    reader: Callable[[str], tuple[tuple[str, str], ...]] = eval(  # our own table, not input
        f"lambda t: ({''.join(pairs)})", {})
    return reader


@dataclass(frozen=True)
class MessageSpec:
    code: str
    name: str
    fixed: tuple[tuple[str, int], ...]
    # variable fields the kiosk knows, in the specification's order; others are kept
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # derived for the codec's hot paths: decoding the fixed part is one call
    fixed_length: int = field(init=False, repr=False, compare=False)
    fixed_names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    lengths: tuple[int, ...] = field(init=False, repr=False, compare=False)
    read_fixed: Callable[[str], tuple[tuple[str, str], ...]] = field(init=False, repr=False,
                                                                     compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fixed_length", sum(length for _, length in self.fixed))
        object.__setattr__(self, "fixed_names", tuple(name for name, _ in self.fixed))
        object.__setattr__(self, "lengths", tuple(length for _, length in self.fixed))
        object.__setattr__(self, "read_fixed", _reader(self.fixed))

    @property
    def is_request(self) -> bool:
        """Sent by the self-check (SC); the ACS answers with :data:`RESPONSE_TO`."""
        return self.code in RESPONSE_TO


_RESPONSE = ("ok", 1), ("renewal_ok", 1), ("magnetic_media", 1), ("desensitize", 1)
_CIRCULATION_ANSWER = ("AO", "AA", "AB", "AJ", "AH", "BT", "CI", "BH", "BV", "CK", "CH", "BK",
                       "AF", "AG")

_SPECS = (
    # -- requests from the self-check (SC) -----------------------------------------------
    MessageSpec("93", "login", (("uid_algorithm", 1), ("pwd_algorithm", 1)),
                ("CN", "CO", "CP"), ("CN", "CO")),
    MessageSpec("99", "sc_status", (("status_code", 1), ("max_print_width", 3),
                                     ("protocol_version", 4))),
    MessageSpec("63", "patron_information",
                (("language", 3), ("transaction_date", DATE), ("summary", 10)),
                ("AO", "AA", "AC", "AD", "BP", "BQ"), ("AO", "AA")),
    MessageSpec("23", "patron_status", (("language", 3), ("transaction_date", DATE)),
                ("AO", "AA", "AC", "AD"), ("AO", "AA", "AC", "AD")),
    MessageSpec("11", "checkout",
                (("sc_renewal_policy", 1), ("no_block", 1), ("transaction_date", DATE),
                 ("nb_due_date", DATE)),
                ("AO", "AA", "AB", "AC", "CH", "AD", "BO", "BI"), ("AO", "AA", "AB", "AC")),
    MessageSpec("09", "checkin",
                (("no_block", 1), ("transaction_date", DATE), ("return_date", DATE)),
                ("AP", "AO", "AB", "AC", "CH", "BI"), ("AP", "AO", "AB", "AC")),
    MessageSpec("29", "renew",
                (("third_party_allowed", 1), ("no_block", 1), ("transaction_date", DATE),
                 ("nb_due_date", DATE)),
                ("AO", "AA", "AD", "AB", "AJ", "AC", "CH", "BO"), ("AO", "AA")),
    MessageSpec("17", "item_information", (("transaction_date", DATE),), ("AO", "AB", "AC"),
                ("AO", "AB")),
    MessageSpec("35", "end_patron_session", (("transaction_date", DATE),),
                ("AO", "AA", "AC", "AD"), ("AO", "AA")),
    MessageSpec("37", "fee_paid",
                (("transaction_date", DATE), ("fee_type", 2), ("payment_type", 2),
                 ("currency_type", 3)),
                ("BV", "AO", "AA", "AC", "AD", "CG", "BK"), ("BV", "AO", "AA")),
    MessageSpec("01", "block_patron", (("card_retained", 1), ("transaction_date", DATE)),
                ("AO", "AL", "AA", "AC"), ("AO", "AL", "AA", "AC")),
    MessageSpec("15", "hold", (("hold_mode", 1), ("transaction_date", DATE)),
                ("BW", "BS", "BY", "AO", "AA", "AD", "AB", "AJ", "AC", "BO"), ("AO", "AA")),
    MessageSpec("19", "item_status_update", (("transaction_date", DATE),),
                ("AO", "AB", "AC", "CH"), ("AO", "AB", "CH")),
    MessageSpec("25", "patron_enable", (("transaction_date", DATE),),
                ("AO", "AA", "AC", "AD"), ("AO", "AA")),
    MessageSpec("65", "renew_all", (("transaction_date", DATE),),
                ("AO", "AA", "AD", "AC", "BO"), ("AO", "AA")),
    MessageSpec("97", "request_acs_resend", ()),
    # -- responses from the ILS (ACS) ----------------------------------------------------
    MessageSpec("94", "login_response", (("ok", 1),)),
    MessageSpec("98", "acs_status",
                (("online_status", 1), ("checkin_ok", 1), ("checkout_ok", 1),
                 ("acs_renewal_policy", 1), ("status_update_ok", 1), ("offline_ok", 1),
                 ("timeout_period", 3), ("retries_allowed", 3), ("date_time_sync", DATE),
                 ("protocol_version", 4)),
                ("AO", "AM", "BX", "AN", "AF", "AG"), ("AO", "BX")),
    MessageSpec("64", "patron_information_response",
                (("patron_status", 14), ("language", 3), ("transaction_date", DATE),
                 ("hold_items_count", 4), ("overdue_items_count", 4),
                 ("charged_items_count", 4), ("fine_items_count", 4),
                 ("recall_items_count", 4), ("unavailable_holds_count", 4)),
                ("AO", "AA", "AE", "BZ", "CA", "CB", "BL", "CQ", "BH", "BV", "CC", "AS",
                 "AT", "AU", "AV", "BU", "CD", "BD", "BE", "BF", "AF", "AG"),
                ("AO", "AA", "AE")),
    MessageSpec("24", "patron_status_response",
                (("patron_status", 14), ("language", 3), ("transaction_date", DATE)),
                ("AO", "AA", "AE", "BL", "CQ", "BH", "BV", "AF", "AG"), ("AO", "AA", "AE")),
    MessageSpec("12", "checkout_response", (*_RESPONSE, ("transaction_date", DATE)),
                _CIRCULATION_ANSWER, ("AO", "AA", "AB", "AJ", "AH")),
    MessageSpec("10", "checkin_response",
                (("ok", 1), ("resensitize", 1), ("magnetic_media", 1), ("alert", 1),
                 ("transaction_date", DATE)),
                # CV (alert type) is a later extension that Koha and Evergreen send
                ("AO", "AB", "AQ", "AJ", "CL", "AA", "CK", "CH", "CV", "AF", "AG"),
                ("AO", "AB", "AQ")),
    MessageSpec("30", "renew_response", (*_RESPONSE, ("transaction_date", DATE)),
                _CIRCULATION_ANSWER, ("AO", "AA", "AB", "AJ", "AH")),
    MessageSpec("18", "item_information_response",
                (("circulation_status", 2), ("security_marker", 2), ("fee_type", 2),
                 ("transaction_date", DATE)),
                ("CF", "AH", "CJ", "CM", "AB", "AJ", "BG", "BH", "BV", "CK", "AQ", "AP",
                 "CH", "AF", "AG",
                 "AA"),  # not in SIP2 2.00: the ILS simulator names the borrower here
                ("AB", "AJ")),
    MessageSpec("36", "end_session_response", (("end_session", 1), ("transaction_date", DATE)),
                ("AO", "AA", "AF", "AG"), ("AO", "AA")),
    MessageSpec("38", "fee_paid_response",
                (("payment_accepted", 1), ("transaction_date", DATE)),
                ("AO", "AA", "BK", "AF", "AG"), ("AO", "AA")),
    MessageSpec("16", "hold_response",
                (("ok", 1), ("available", 1), ("transaction_date", DATE)),
                ("BW", "BR", "BS", "AO", "AA", "AB", "AJ", "AF", "AG"), ("AO", "AA")),
    MessageSpec("20", "item_status_update_response",
                (("item_properties_ok", 1), ("transaction_date", DATE)),
                ("AB", "AJ", "CH", "AF", "AG"), ("AB",)),
    MessageSpec("26", "patron_enable_response",
                (("patron_status", 14), ("language", 3), ("transaction_date", DATE)),
                ("AO", "AA", "AE", "BL", "CQ", "AF", "AG"), ("AO", "AA", "AE")),
    MessageSpec("66", "renew_all_response",
                (("ok", 1), ("renewed_count", 4), ("unrenewed_count", 4),
                 ("transaction_date", DATE)),
                ("AO", "BM", "BN", "AF", "AG"), ("AO",)),
    MessageSpec("96", "request_sc_resend", ()),
)

SPECS: dict[str, MessageSpec] = {s.code: s for s in _SPECS}

# The ACS's answer to each SC request. Block patron (01) has none; a resend request is
# answered by the repeated message.
RESPONSE_TO: dict[str, str] = {
    "93": "94", "99": "98", "63": "64", "23": "24", "11": "12", "09": "10", "29": "30",
    "17": "18", "35": "36", "37": "38", "15": "16", "19": "20", "25": "26", "65": "66",
    "01": "24",
}

# Variable field identifiers of SIP2 2.00 and the extensions met in the wild, for
# ``to_json`` and the decode CLI. A field not listed here is still decoded and kept.
FIELD_NAMES: dict[str, str] = {
    "AA": "patron_identifier", "AB": "item_identifier", "AC": "terminal_password",
    "AD": "patron_password", "AE": "personal_name", "AF": "screen_message",
    "AG": "print_line", "AH": "due_date", "AJ": "title_identifier",
    "AL": "blocked_card_msg", "AM": "library_name", "AN": "terminal_location",
    "AO": "institution_id", "AP": "current_location", "AQ": "permanent_location",
    "AS": "hold_items", "AT": "overdue_items", "AU": "charged_items", "AV": "fine_items",
    "AY": "sequence_number", "AZ": "checksum",
    "BD": "home_address", "BE": "e_mail_address", "BF": "home_phone_number",
    "BG": "owner", "BH": "currency_type", "BI": "cancel", "BK": "transaction_id",
    "BL": "valid_patron", "BM": "renewed_items", "BN": "unrenewed_items",
    "BO": "fee_acknowledged", "BP": "start_item", "BQ": "end_item",
    "BR": "queue_position", "BS": "pickup_location", "BT": "fee_type",
    "BU": "recall_items", "BV": "fee_amount", "BW": "expiration_date",
    "BX": "supported_messages", "BY": "hold_type", "BZ": "hold_items_limit",
    "CA": "overdue_items_limit", "CB": "charged_items_limit", "CC": "fee_limit",
    "CD": "unavailable_hold_items", "CF": "hold_queue_length", "CG": "fee_identifier",
    "CH": "item_properties", "CI": "security_inhibit", "CJ": "recall_date",
    "CK": "media_type", "CL": "sort_bin", "CM": "hold_pickup_date",
    "CN": "login_user_id", "CO": "login_password", "CP": "location_code",
    "CQ": "valid_patron_password",
    # extensions (3M 2.00 addenda, Koha, Evergreen, FOLIO)
    "CR": "collection_code", "CS": "call_number", "CT": "destination_location",
    "CV": "alert_type", "CY": "hold_patron_id", "DA": "hold_patron_name",
    "PB": "birth_date", "PC": "patron_class", "PI": "patron_internet_profile",
}

# Extension fields seen in published lines from Evergreen, Polaris and SirsiDynix (see
# tests/sip2/golden): the decoder treats them as fields, never as text after a ``|``.
EXTENSION_IDS = frozenset({
    "BC", "FA", "PA", "PE", "PS", "PX", "PY", "PZ", "U1", "U2", "U3", "U4", "U5", "VN", "XI",
})

# -- what a strict server holds a request to (see validate.py) ------------------------------
# The form of each fixed field of a request, as the specification describes it and its
# examples write it. Dates are YYYYMMDDZZZZHHMMSS with ZZZZ four blanks (local time) or
# "   Z" (UTC). The nb due date of a checkout and a renewal is a date: the guide's checkout
# example fills it with the transaction date, and strict servers close the connection on 18
# blanks. The return date of a checkin may be blank, because the guide's own checkin example
# leaves it so (a validator refusing the specification's examples would be wrong).
DATE_FORM = "date"
FIXED_FORMS: dict[str, str] = {
    "uid_algorithm": "digit", "pwd_algorithm": "digit",          # 0: not encrypted
    "status_code": "status", "max_print_width": "3 digits", "protocol_version": "version",
    "language": "3 digits", "transaction_date": DATE_FORM, "summary": "summary",
    "sc_renewal_policy": "Y/N", "no_block": "Y/N", "third_party_allowed": "Y/N",
    "card_retained": "Y/N", "nb_due_date": DATE_FORM, "return_date": "date or blanks",
    "fee_type": "2 digits", "payment_type": "2 digits", "currency_type": "currency",
    "hold_mode": "hold mode",
}
# The form of a variable field of a request, where the specification gives one.
FIELD_FORMS: dict[str, str] = {
    "BO": "Y/N", "BI": "Y/N", "BP": "digits", "BQ": "digits", "BV": "amount",
    "BW": DATE_FORM,
}
# Required fields the specification's own examples send empty: the institution id (the
# checkout and block patron examples), the terminal password and the patron password (a
# kiosk without either has nothing else to send). Every other required field must say
# something.
MAY_BE_EMPTY = frozenset({"AO", "AC", "AD"})
# Requests that name their item by one of two fields, neither required on its own.
ONE_OF: dict[str, tuple[str, ...]] = {"29": ("AB", "AJ")}

# Item Information (18) circulation status codes.
CIRCULATION_STATUS: dict[str, str] = {
    "01": "other", "02": "on_order", "03": "available", "04": "charged",
    "05": "charged_not_to_be_recalled_until_earliest_recall_date", "06": "in_process",
    "07": "recalled", "08": "waiting_on_hold_shelf", "09": "waiting_to_be_reshelved",
    "10": "in_transit", "11": "claimed_returned", "12": "lost", "13": "missing",
}

# Supported messages (BX of 98): the 16 positions, in order.
SUPPORTED_MESSAGES = (
    "patron_status_request", "checkout", "checkin", "block_patron", "sc_acs_status",
    "request_sc_acs_resend", "login", "patron_information", "end_patron_session",
    "fee_paid", "item_information", "item_status_update", "patron_enable", "hold",
    "renew", "renew_all",
)

# Patron status (14 positions): 'Y' means the condition is TRUE.
PATRON_STATUS_FLAGS = (
    "charge_privileges_denied",
    "renewal_privileges_denied",
    "recall_privileges_denied",
    "hold_privileges_denied",
    "card_reported_lost",
    "too_many_items_charged",
    "too_many_items_overdue",
    "too_many_renewals",
    "too_many_claims_of_items_returned",
    "too_many_items_lost",
    "excessive_outstanding_fines",
    "excessive_outstanding_fees",
    "recall_overdue",
    "too_many_items_billed",
)
