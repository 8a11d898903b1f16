"""SIP2 message tables: fixed-length fields in wire order and the variable fields each uses.

The codec is driven entirely by these tables so that adding a message is a table edit.
"""

from __future__ import annotations

from dataclasses import dataclass

DATE = 18  # YYYYMMDDZZZZHHMMSS


@dataclass(frozen=True)
class MessageSpec:
    code: str
    name: str
    fixed: tuple[tuple[str, int], ...]
    # variable fields the kiosk knows; others are kept when parsed
    fields: tuple[str, ...] = ()


_SPECS = (
    # requests from the self-check (SC)
    MessageSpec("93", "login", (("uid_algorithm", 1), ("pwd_algorithm", 1)), ("CN", "CO", "CP")),
    MessageSpec("99", "sc_status", (("status_code", 1), ("max_print_width", 3),
                                     ("protocol_version", 4))),
    MessageSpec("63", "patron_information",
                (("language", 3), ("transaction_date", DATE), ("summary", 10)),
                ("AO", "AA", "AC", "AD", "BP", "BQ")),
    MessageSpec("23", "patron_status", (("language", 3), ("transaction_date", DATE)),
                ("AO", "AA", "AC", "AD")),
    MessageSpec("11", "checkout",
                (("sc_renewal_policy", 1), ("no_block", 1), ("transaction_date", DATE),
                 ("nb_due_date", DATE)),
                ("AO", "AA", "AB", "AC", "CH", "AD", "BO", "BI")),
    MessageSpec("09", "checkin",
                (("no_block", 1), ("transaction_date", DATE), ("return_date", DATE)),
                ("AP", "AO", "AB", "AC", "CH", "BI")),
    MessageSpec("17", "item_information", (("transaction_date", DATE),), ("AO", "AB", "AC")),
    MessageSpec("35", "end_patron_session", (("transaction_date", DATE),),
                ("AO", "AA", "AC", "AD")),
    MessageSpec("97", "request_acs_resend", ()),
    # responses from the ILS (ACS)
    MessageSpec("94", "login_response", (("ok", 1),)),
    MessageSpec("98", "acs_status",
                (("online_status", 1), ("checkin_ok", 1), ("checkout_ok", 1),
                 ("acs_renewal_policy", 1), ("status_update_ok", 1), ("offline_ok", 1),
                 ("timeout_period", 3), ("retries_allowed", 3), ("date_time_sync", DATE),
                 ("protocol_version", 4)),
                ("AO", "AM", "BX", "AN", "AF", "AG")),
    MessageSpec("64", "patron_information_response",
                (("patron_status", 14), ("language", 3), ("transaction_date", DATE),
                 ("hold_items_count", 4), ("overdue_items_count", 4),
                 ("charged_items_count", 4), ("fine_items_count", 4),
                 ("recall_items_count", 4), ("unavailable_holds_count", 4)),
                ("AO", "AA", "AE", "BZ", "CA", "CB", "BL", "CQ", "BH", "BV", "CC", "AS",
                 "AT", "AU", "AV", "BU", "CD", "BD", "BE", "BF", "AF", "AG")),
    MessageSpec("24", "patron_status_response",
                (("patron_status", 14), ("language", 3), ("transaction_date", DATE)),
                ("AO", "AA", "AE", "BL", "CQ", "BH", "BV", "AF", "AG")),
    MessageSpec("12", "checkout_response",
                (("ok", 1), ("renewal_ok", 1), ("magnetic_media", 1), ("desensitize", 1),
                 ("transaction_date", DATE)),
                ("AO", "AA", "AB", "AJ", "AH", "BT", "CI", "BH", "BV", "CK", "AF", "AG")),
    MessageSpec("10", "checkin_response",
                (("ok", 1), ("resensitize", 1), ("magnetic_media", 1), ("alert", 1),
                 ("transaction_date", DATE)),
                ("AO", "AB", "AQ", "AJ", "CL", "AA", "CK", "CV", "AF", "AG")),
    MessageSpec("18", "item_information_response",
                (("circulation_status", 2), ("security_marker", 2), ("fee_type", 2),
                 ("transaction_date", DATE)),
                ("CF", "AH", "CJ", "CM", "AB", "AJ", "BG", "BH", "BV", "CK", "AQ", "AP",
                 "CH", "AF", "AG",
                 "AA")),  # not in SIP2 2.00: the ILS simulator names the borrower here
    MessageSpec("36", "end_session_response", (("end_session", 1), ("transaction_date", DATE)),
                ("AO", "AA", "AF", "AG")),
    MessageSpec("96", "request_sc_resend", ()),
)

SPECS: dict[str, MessageSpec] = {s.code: s for s in _SPECS}

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
