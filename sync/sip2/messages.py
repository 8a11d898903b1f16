"""Request builders and typed views of the responses the kiosk acts on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sync.sip2.codec import Message, format_date, make, parse_date, yn
from sync.sip2.spec import PATRON_STATUS_FLAGS

BLANK_DATE = " " * 18


def login(user: str, password: str, location: str | None = None) -> Message:
    return make("93", {"uid_algorithm": "0", "pwd_algorithm": "0"},
                [("CN", user), ("CO", password), ("CP", location)])


def sc_status(status_code: str = "0", max_print_width: int = 40) -> Message:
    return make("99", {"status_code": status_code,
                       "max_print_width": f"{max_print_width:03d}",
                       "protocol_version": "2.00"})


def patron_information(institution: str, patron: str, *, pin: str | None = None,
                       when: datetime, terminal_password: str | None = None,
                       language: str = "000") -> Message:
    return make("63", {"language": language, "transaction_date": format_date(when),
                       "summary": " " * 10},
                [("AO", institution), ("AA", patron), ("AC", terminal_password), ("AD", pin)])


def checkout(institution: str, patron: str, item: str, *, when: datetime,
             no_block: bool = False, nb_due_date: datetime | None = None,
             pin: str | None = None, terminal_password: str | None = None) -> Message:
    return make("11", {"sc_renewal_policy": "N", "no_block": yn(no_block),
                       "transaction_date": format_date(when),
                       "nb_due_date": format_date(nb_due_date) if nb_due_date else BLANK_DATE},
                [("AO", institution), ("AA", patron), ("AB", item),
                 ("AC", terminal_password or ""), ("AD", pin)])


def end_patron_session(institution: str, patron: str, *, when: datetime,
                       pin: str | None = None) -> Message:
    return make("35", {"transaction_date": format_date(when)},
                [("AO", institution), ("AA", patron), ("AD", pin)])


def request_resend() -> Message:
    return make("97")


@dataclass(frozen=True)
class AcsStatus:
    online: bool
    checkout_ok: bool
    offline_ok: bool
    timeout_seconds: float | None
    retries: int | None
    institution: str
    supported: str

    @classmethod
    def from_message(cls, m: Message) -> AcsStatus:
        timeout = m.fx("timeout_period")
        retries = m.fx("retries_allowed")
        return cls(online=m.yes("online_status"), checkout_ok=m.yes("checkout_ok"),
                   offline_ok=m.yes("offline_ok"),
                   # 000 means "no timeout"; 999 "unknown"; unit is tenths of a second
                   timeout_seconds=(int(timeout) / 10 if timeout.isdigit()
                                    and timeout not in ("000", "999") else None),
                   retries=int(retries) if retries.isdigit() and retries != "999" else None,
                   institution=m.get("AO", "") or "", supported=m.get("BX", "") or "")


@dataclass(frozen=True)
class PatronInformation:
    patron_id: str
    name: str
    valid: bool | None          # BL; None when the ILS did not say
    pin_valid: bool | None      # CQ
    status: dict[str, bool]
    charged_count: int
    overdue_count: int
    hold_count: int
    screen_message: str
    language: str

    @property
    def may_borrow(self) -> bool:
        return not self.status.get("charge_privileges_denied", False)

    @classmethod
    def from_message(cls, m: Message) -> PatronInformation:
        raw_status = m.fx("patron_status").ljust(14)
        status = {name: raw_status[i].upper() == "Y"
                  for i, name in enumerate(PATRON_STATUS_FLAGS)}

        def flag(fid: str) -> bool | None:
            value = m.get(fid)
            return None if value is None else value.strip().upper() == "Y"

        def count(name: str) -> int:
            value = m.fx(name).strip()
            return int(value) if value.isdigit() else 0

        return cls(patron_id=m.get("AA", "") or "", name=m.get("AE", "") or "",
                   valid=flag("BL"), pin_valid=flag("CQ"), status=status,
                   charged_count=count("charged_items_count"),
                   overdue_count=count("overdue_items_count"),
                   hold_count=count("hold_items_count"),
                   screen_message=" ".join(m.get_all("AF")), language=m.fx("language"))


@dataclass(frozen=True)
class CheckoutResponse:
    ok: bool
    renewal: bool
    patron_id: str
    item_id: str
    title: str
    due_text: str
    due: datetime | None
    screen_message: str
    media_type: str

    @classmethod
    def from_message(cls, m: Message) -> CheckoutResponse:
        due_text = m.get("AH", "") or ""
        return cls(ok=m.fx("ok") == "1", renewal=m.yes("renewal_ok"),
                   patron_id=m.get("AA", "") or "", item_id=m.get("AB", "") or "",
                   title=m.get("AJ", "") or "", due_text=due_text, due=parse_date(due_text),
                   screen_message=" ".join(m.get_all("AF")), media_type=m.get("CK", "") or "")
