"""The snapshot feed's records, checked one at a time: no I/O, no database.

docs/feed-format.md is the contract with the libraries that produce feeds; this module is its
reader. A record arrives as a mapping (a JSON object, or a CSV row already turned into one by
:func:`csv_record`) and leaves as a plain tuple in the documented field order, or as a
:class:`FeedError` naming the line. Unknown fields are ignored so a report may carry extra
columns; unknown record types are refused so a typo cannot silently drop data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

FEED_VERSION: Final = 1
KINDS: Final = ("full", "delta")
TYPES: Final = ("patron", "item", "hold", "rule", "closed_day", "mynumber_link")
BLOCKS: Final = frozenset({"", "card_lost", "long_overdue", "expired", "blocked"})
# SIP2 circulation status codes (the values a 18 Item Information answer carries)
CIRCULATION_STATUSES: Final = frozenset(f"{code:02d}" for code in range(1, 14))

# Every column a CSV feed may have, in the order the exporters write them.
CSV_COLUMNS: Final = (
    "type", "version", "kind", "generated_at", "library",
    "card", "block", "wide_area", "charged_count",
    "item_id", "title", "loan_class", "not_for_loan", "ill", "circulation_status", "due_at",
    "loan_days", "limit_group", "max_items",
    "day", "reason",
    "link_key", "not_after",
    "deleted", "records",
)

Kind = Literal["full", "delta"]
PatronFields = tuple[str, str, bool, int]                        # card, block, wide_area, charged
ItemFields = tuple[str, str, str, bool, bool, str, datetime | None]
HoldFields = tuple[str, str]                                     # item_id, card
RuleFields = tuple[str, int, str, int]                           # class, days, group, max
ClosedDayFields = tuple[date, str]                               # day, reason
LinkFields = tuple[str, str, datetime]                           # link_key, card, not_after


class FeedError(Exception):
    """A feed the importer refuses. ``line`` is 1-based; 0 means the feed as a whole."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class FeedHeader:
    version: int
    kind: Kind
    generated_at: datetime
    library: str


_ABSENT: Final = object()


# -- typed fields ----------------------------------------------------------------------------
def _text(rec: Mapping[str, object], kind: str, name: str, line: int) -> str:
    value = rec.get(name, _ABSENT)
    if type(value) is str:
        return value
    if value is _ABSENT:
        raise FeedError(line, f"{kind} record has no {name!r}")
    raise FeedError(line, f"{kind} {name!r} must be a string, not {_show(value)}")


def _key(rec: Mapping[str, object], kind: str, name: str, line: int) -> str:
    value = _text(rec, kind, name, line)
    if not value or value != value.strip():
        raise FeedError(line, f"{kind} {name!r} must be non-empty, without surrounding blanks")
    return value


def _flag(rec: Mapping[str, object], kind: str, name: str, line: int) -> bool:
    value = rec.get(name, _ABSENT)
    if value is True or value is False:
        return value
    if type(value) is int and value in (0, 1):
        return value == 1
    if value is _ABSENT:
        raise FeedError(line, f"{kind} record has no {name!r}")
    raise FeedError(line, f"{kind} {name!r} must be true or false, not {_show(value)}")


def _count(rec: Mapping[str, object], kind: str, name: str, line: int) -> int:
    value = rec.get(name, _ABSENT)
    if type(value) is int and value >= 0:
        return value
    if value is _ABSENT:
        raise FeedError(line, f"{kind} record has no {name!r}")
    raise FeedError(line, f"{kind} {name!r} must be a whole number >= 0, not {_show(value)}")


def _instant(value: object, kind: str, name: str, line: int) -> datetime:
    if type(value) is not str:
        raise FeedError(line, f"{kind} {name!r} must be an ISO 8601 string, not {_show(value)}")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise FeedError(line, f"{kind} {name!r} is not an ISO 8601 date-time: "
                              f"{_show(value)}") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise FeedError(line, f"{kind} {name!r} needs a UTC offset (e.g. +09:00): "
                              f"{_show(value)}")
    return when


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- records ---------------------------------------------------------------------------------
def patron(rec: Mapping[str, object], line: int) -> PatronFields:
    card = _key(rec, "patron", "card", line)
    block = _text(rec, "patron", "block", line)
    if block not in BLOCKS:
        raise FeedError(line, f"patron 'block' must be one of {sorted(BLOCKS)}, "
                              f"not {_show(block)}")
    return (card, block, _flag(rec, "patron", "wide_area", line),
            _count(rec, "patron", "charged_count", line))


def item(rec: Mapping[str, object], line: int) -> ItemFields:
    item_id = _key(rec, "item", "item_id", line)
    title = _text(rec, "item", "title", line)
    loan_class = _text(rec, "item", "loan_class", line)
    not_for_loan = _flag(rec, "item", "not_for_loan", line)
    ill = _flag(rec, "item", "ill", line)
    status = _text(rec, "item", "circulation_status", line)
    if status not in CIRCULATION_STATUSES:
        raise FeedError(line, "item 'circulation_status' must be a SIP2 code 01..13, "
                              f"not {_show(status)}")
    due = rec.get("due_at")
    return (item_id, title, loan_class, not_for_loan, ill, status,
            None if due is None or due == "" else _instant(due, "item", "due_at", line))


def hold(rec: Mapping[str, object], line: int) -> HoldFields:
    return _key(rec, "hold", "item_id", line), _key(rec, "hold", "card", line)


def rule(rec: Mapping[str, object], line: int) -> RuleFields:
    days = _count(rec, "rule", "loan_days", line)
    if days == 0:
        raise FeedError(line, "rule 'loan_days' must be at least 1")
    return (_key(rec, "rule", "loan_class", line), days,
            _key(rec, "rule", "limit_group", line), _count(rec, "rule", "max_items", line))


def closed_day(rec: Mapping[str, object], line: int) -> ClosedDayFields:
    text = _key(rec, "closed_day", "day", line)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise FeedError(line, f"closed_day 'day' must be YYYY-MM-DD, not {_show(text)}") from None
    return day, _text(rec, "closed_day", "reason", line)


def mynumber_link(rec: Mapping[str, object], line: int) -> LinkFields:
    """A My Number card linked at a counter: the keyed hash the kiosk derives from its
    certificate (kiosk.mynumber_card.link_key, the library's link secret), never card data."""
    key = _link_key(rec, line)
    card = _key(rec, "mynumber_link", "card", line)
    if "not_after" not in rec:
        raise FeedError(line, "mynumber_link record has no 'not_after'")
    return key, card, _instant(rec["not_after"], "mynumber_link", "not_after", line)


def _link_key(rec: Mapping[str, object], line: int) -> str:
    key = _key(rec, "mynumber_link", "link_key", line)
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        raise FeedError(line, "mynumber_link 'link_key' must be 64 lower-case hex digits "
                              "(an HMAC-SHA256), not " + _show(key))
    return key


# the field that names a record, for deletions
KEY_FIELDS: Final = {"patron": "card", "item": "item_id", "hold": "item_id",
                     "rule": "loan_class", "closed_day": "day", "mynumber_link": "link_key"}


def deleted_key(kind: str, rec: Mapping[str, object], line: int) -> str:
    key = _key(rec, kind, KEY_FIELDS[kind], line)
    if kind == "closed_day":
        try:
            return date.fromisoformat(key).isoformat()
        except ValueError:
            raise FeedError(line, f"closed_day 'day' must be YYYY-MM-DD, "
                                  f"not {_show(key)}") from None
    return key


def is_deleted(rec: Mapping[str, object], line: int) -> bool:
    value = rec.get("deleted", False)
    if value is True or value is False:
        return value
    if type(value) is int and value in (0, 1):
        return value == 1
    raise FeedError(line, f"'deleted' must be true or false, not {_show(value)}")


def header(rec: Mapping[str, object], line: int) -> FeedHeader:
    if rec.get("type") != "feed":
        raise FeedError(line, "the first record must be the feed header "
                              '{"type": "feed", "version": 1, ...}')
    version = rec.get("version")
    if type(version) is not int:
        raise FeedError(line, f"feed 'version' must be a whole number, not {_show(version)}")
    if version != FEED_VERSION:
        raise FeedError(line, f"feed version {version} is not supported (this kiosk reads "
                              f"version {FEED_VERSION})")
    kind = rec.get("kind")
    if kind not in KINDS:
        raise FeedError(line, f"feed 'kind' must be 'full' or 'delta', not {_show(kind)}")
    generated = rec.get("generated_at", _ABSENT)
    if generated is _ABSENT:
        raise FeedError(line, "feed header has no 'generated_at'")
    library = _text(rec, "feed", "library", line)
    return FeedHeader(version=version, kind="full" if kind == "full" else "delta",
                      generated_at=_instant(generated, "feed", "generated_at", line),
                      library=library)


def end(rec: Mapping[str, object], line: int, records: int) -> None:
    """The end record closes the feed; its optional count must match what came before."""
    expected = rec.get("records")
    if expected is None:
        return
    if type(expected) is not int or expected < 0:
        raise FeedError(line, f"end 'records' must be a whole number, not {_show(expected)}")
    if expected != records:
        raise FeedError(line, f"the end record counts {expected} records but the feed has "
                              f"{records}: an incomplete export?")


PARSERS: Final = {"patron": patron, "item": item, "hold": hold, "rule": rule,
                  "closed_day": closed_day, "mynumber_link": mynumber_link}


# -- CSV -------------------------------------------------------------------------------------
_FLAG_COLUMNS: Final = frozenset({"wide_area", "not_for_loan", "ill", "deleted"})
_INT_COLUMNS: Final = frozenset({"charged_count", "loan_days", "max_items", "version",
                                 "records"})
_TRUE: Final = frozenset({"1", "true", "t", "yes", "y"})
_FALSE: Final = frozenset({"0", "false", "f", "no", "n"})
# the columns each CSV row type reads
_CSV_FIELDS: Final = {
    "feed": ("version", "kind", "generated_at", "library"),
    "patron": ("card", "block", "wide_area", "charged_count", "deleted"),
    "item": ("item_id", "title", "loan_class", "not_for_loan", "ill", "circulation_status",
             "due_at", "deleted"),
    "hold": ("item_id", "card", "deleted"),
    "rule": ("loan_class", "loan_days", "limit_group", "max_items", "deleted"),
    "closed_day": ("day", "reason", "deleted"),
    "mynumber_link": ("link_key", "card", "not_after", "deleted"),
    "end": ("records",),
}


def csv_columns(names: Sequence[str], line: int) -> dict[str, int]:
    """The header row: column name -> position. Unknown columns are allowed and ignored."""
    columns: dict[str, int] = {}
    for position, raw in enumerate(names):
        name = raw.strip()
        if name in columns:
            raise FeedError(line, f"column {name!r} appears twice in the header row")
        columns[name] = position
    if "type" not in columns:
        raise FeedError(line, "the header row has no 'type' column")
    return columns


def csv_record(columns: Mapping[str, int], width: int, row: Sequence[str],
               line: int) -> dict[str, object]:
    """One CSV row as the mapping a JSON record would be.

    Cells are text; whole-number and true/false columns are converted, and an empty cell in
    one of them counts as absent (so a missing count is reported, not read as 0)."""
    if len(row) != width:
        raise FeedError(line, f"the row has {len(row)} cells, the header row {width}")
    kind = row[columns["type"]].strip()
    rec: dict[str, object] = {"type": kind}
    for name in _CSV_FIELDS.get(kind, ()):
        position = columns.get(name)
        if position is None:
            continue
        cell = row[position]
        if name in _FLAG_COLUMNS:
            folded = cell.strip().lower()
            if folded in _TRUE:
                rec[name] = True
            elif folded in _FALSE:
                rec[name] = False
            elif folded:
                raise FeedError(line, f"{kind} {name!r} must be 1/0 or true/false, "
                                      f"not {_show(cell)}")
        elif name in _INT_COLUMNS:
            stripped = cell.strip()
            if stripped.isascii() and stripped.isdigit():
                rec[name] = int(stripped)
            elif stripped:
                raise FeedError(line, f"{kind} {name!r} must be a whole number >= 0, "
                                      f"not {_show(cell)}")
        else:
            rec[name] = cell
    return rec


__all__ = [
    "BLOCKS", "CIRCULATION_STATUSES", "CSV_COLUMNS", "FEED_VERSION", "KEY_FIELDS", "KINDS",
    "PARSERS", "TYPES", "FeedError", "FeedHeader", "Kind", "closed_day", "csv_columns",
    "csv_record", "deleted_key", "end", "header", "hold", "is_deleted", "item", "mynumber_link",
    "patron", "rule",
]
