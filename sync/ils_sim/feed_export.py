"""The simulator's collection written as a snapshot feed (docs/feed-format.md).

This is what a library's nightly ILS report gives the kiosks; the demo seeds a new kiosk's
offline cache with it. The writer knows only the documented format (it plays the library's
side and imports nothing from the cache), so the round-trip tests check the documentation
and the importer against an independent producer.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Literal, cast

from sync.cache.feed_format import CSV_COLUMNS, FEED_VERSION
from sync.ils_sim.collection import DEMO, TOKYO, Block, Collection, Item, Loan
from sync.ils_sim.rules import TOYAMA_RULES, LendingRules, patron_standing

# SIP2 circulation status codes
AVAILABLE, CHARGED, ON_HOLD_SHELF = "03", "04", "08"
NO_LIMIT = 999                          # a class outside every limit group
_BLOCKS = {Block.CARD_LOST: "card_lost", Block.LONG_OVERDUE: "long_overdue",
           Block.EXPIRED: "expired", Block.CHARGE_DENIED: "blocked"}

Record = dict[str, object]


def export_feed(collection: Collection, path: Path | str, *,
                kind: Literal["full", "delta"] = "full",
                fmt: Literal["ndjson", "csv"] = "ndjson",
                rules: LendingRules = TOYAMA_RULES, now: datetime | None = None,
                library: str = DEMO.institution,
                closed_days: Mapping[date, str] | Iterable[tuple[date, str]] = (),
                deleted_cards: Iterable[str] = (),
                deleted_items: Iterable[str] = ()) -> dict[str, int]:
    """Write the collection as a feed; gzip when ``path`` ends in ``.gz``.

    A delta carries every record as an upsert, plus deletions of ``deleted_cards`` and
    ``deleted_items`` (a full feed cannot delete: it leaves records out). The file appears
    complete or not at all (written beside it, then renamed). Returns the records written
    per type, and ``deleted``."""
    if kind not in ("full", "delta"):
        raise ValueError(f"kind must be 'full' or 'delta', not {kind!r}")
    if fmt not in ("ndjson", "csv"):
        raise ValueError(f"fmt must be 'ndjson' or 'csv', not {fmt!r}")
    deletions = [{"type": "patron", "card": card, "deleted": True} for card in deleted_cards]
    deletions += [{"type": "item", "item_id": item, "deleted": True} for item in deleted_items]
    if deletions and kind == "full":
        raise ValueError("a full feed cannot delete records: leave them out")
    now = (now or datetime.now(TOKYO)).astimezone(TOKYO)
    closed = closed_days.items() if isinstance(closed_days, Mapping) else closed_days
    records = [*_records(collection, rules, now, closed), *deletions]
    counts = Counter(str(r["type"]) for r in records if not r.get("deleted"))
    counts["deleted"] = len(deletions)
    header: Record = {"type": "feed", "version": FEED_VERSION, "kind": kind,
                      "generated_at": now.isoformat(), "library": library}
    trailer: Record = {"type": "end", "records": len(records)}
    target = Path(path)
    with _atomic(target) as out:
        if fmt == "ndjson":
            for record in (header, *records, trailer):
                out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        else:
            _write_csv(out, (header, *records, trailer))
    return {name: counts.get(name, 0)
            for name in ("patron", "item", "hold", "rule", "closed_day", "deleted")}


def _records(collection: Collection, rules: LendingRules, now: datetime,
             closed: Iterable[tuple[date, str]]) -> Iterator[Record]:
    loans_by_card: dict[str, list[Loan]] = {}
    for lent in collection.loans.values():
        loans_by_card.setdefault(lent.card, []).append(lent)
    for card in sorted(collection.patrons):
        patron = collection.patrons[card]
        loans = loans_by_card.get(card, [])
        standing = patron_standing(rules, patron, loans, now)
        yield {"type": "patron", "card": card,
               "block": "" if standing.may_borrow else _BLOCKS[standing.main_block],
               "wide_area": patron.wide_area, "charged_count": len(loans)}
    for barcode in sorted(collection.items):
        item = collection.items[barcode]
        loan = collection.loans.get(barcode)
        yield {"type": "item", "item_id": barcode, "title": item.title,
               "loan_class": item.media.value, "not_for_loan": item.not_for_loan,
               "ill": item.ill, "circulation_status": _status(item, loan),
               "due_at": loan.due.isoformat() if loan else None}
    for barcode in sorted(collection.items):
        item = collection.items[barcode]
        if item.hold_for is not None and barcode not in collection.loans:
            yield {"type": "hold", "item_id": barcode, "card": item.hold_for}
    for loan_class, days in rules.loan_days.items():
        group = rules.group_of(loan_class)
        yield {"type": "rule", "loan_class": str(loan_class), "loan_days": days,
               "limit_group": group or str(loan_class),
               "max_items": rules.limits.get(group, NO_LIMIT) if group else NO_LIMIT}
    for day, reason in sorted(closed):
        yield {"type": "closed_day", "day": day.isoformat(), "reason": reason}


def _status(item: Item, loan: Loan | None) -> str:
    if loan is not None:
        return CHARGED
    return ON_HOLD_SHELF if item.hold_for is not None else AVAILABLE


def _write_csv(out: IO[bytes], records: Iterable[Record]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for record in records:
            writer.writerow([_cell(record.get(name)) for name in CSV_COLUMNS])
    finally:
        text.detach()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


@contextmanager
def _atomic(target: Path) -> Iterator[IO[bytes]]:
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "wb") as raw:
            if target.name.endswith(".gz"):
                with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
                    yield cast(IO[bytes], packed)
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


__all__ = ["CSV_COLUMNS", "export_feed"]
