"""The snapshot feed: full and delta imports into a real SQLite cache, refusals that leave the
cache untouched, the simulator's export round trip, and HTTPS with a throwaway certificate."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sync.cache import Cache, open_cache
from sync.cache.feed import FeedError, ImportResult, import_feed
from sync.cache.feed_format import CSV_COLUMNS
from sync.cache.offline_view import OfflineView, Rule
from sync.ils_sim.collection import DEMO, demo_collection
from sync.ils_sim.feed_export import export_feed
from sync.ils_sim.rules import TOYAMA_RULES

TOKYO = ZoneInfo("Asia/Tokyo")
KEY = b"feed-test-key-0123456789abcdef"
GEN = datetime(2026, 11, 20, 3, 0, tzinfo=TOKYO)              # the nightly export
BEFORE, AFTER = GEN - timedelta(hours=5), GEN + timedelta(hours=5)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=TOKYO)
BLANK = " " * 14
ALICE, BOB, CAROL, DAVE = "21045877", "21093315", "21204656", "21330907"
DUE = "2026-11-27T23:59:59+09:00"
TABLES = ("patrons", "items", "holds", "loan_rules", "closed_days", "mynumber_links")


# -- helpers -------------------------------------------------------------------------------
def head(kind: str = "full", generated_at: datetime = GEN, **extra: object) -> dict[str, object]:
    return {"type": "feed", "version": 1, "kind": kind, "generated_at": generated_at.isoformat(),
            "library": "DEMO", **extra}


def patron(card: str, block: str = "", *, wide_area: bool = False,
           charged: int = 0) -> dict[str, object]:
    return {"type": "patron", "card": card, "block": block, "wide_area": wide_area,
            "charged_count": charged}


def item(item_id: str, title: str = "ぐりとぐら", *, loan_class: str = "book",
         status: str = "03", due: str | None = None, not_for_loan: bool = False,
         ill: bool = False) -> dict[str, object]:
    return {"type": "item", "item_id": item_id, "title": title, "loan_class": loan_class,
            "not_for_loan": not_for_loan, "ill": ill, "circulation_status": status,
            "due_at": due}


def hold(item_id: str, card: str) -> dict[str, object]:
    return {"type": "hold", "item_id": item_id, "card": card}


def rule(loan_class: str, days: int, group: str, limit: int) -> dict[str, object]:
    return {"type": "rule", "loan_class": loan_class, "loan_days": days, "limit_group": group,
            "max_items": limit}


def closed(day: str, reason: str) -> dict[str, object]:
    return {"type": "closed_day", "day": day, "reason": reason}


LINK = "5f" * 32                                               # a link key (HMAC-SHA256)
CERT_END = "2030-03-31T23:59:59+09:00"


def mynumber_link(key: str, card: str, not_after: str = CERT_END) -> dict[str, object]:
    return {"type": "mynumber_link", "link_key": key, "card": card, "not_after": not_after}


def deleted(kind: str, **key: str) -> dict[str, object]:
    return {"type": kind, **key, "deleted": True}


def library_records() -> list[dict[str, object]]:
    return [
        patron(ALICE),
        patron(BOB, wide_area=True, charged=3),
        patron(CAROL, "card_lost"),
        patron(DAVE, "long_overdue", charged=2),
        item("100000001", "ぐりとぐら", loan_class="picture_book"),
        item("100000002", "富山県地名大辞典", not_for_loan=True),
        item("100000003", "相互貸借の本, 上巻", ill=True),
        item("100000004", "予約の本", status="08"),
        item("100000005", "映画DVD", loan_class="av", status="04", due=DUE),
        hold("100000004", BOB),
        rule("book", 14, "books", 10),
        rule("picture_book", 14, "books", 10),
        rule("av", 7, "av", 3),
        closed("2026-12-04", "館内整理日"),
        closed("2026-12-05", "休館日"),
        mynumber_link(LINK, ALICE),
    ]


def feed_lines(records: Sequence[dict[str, object]], header: dict[str, object] | None = None,
               *, end: bool = True) -> list[bytes]:
    lines = [json.dumps(header or head(), ensure_ascii=False).encode()]
    lines += [json.dumps(r, ensure_ascii=False).encode() for r in records]
    if end:
        lines.append(json.dumps({"type": "end", "records": len(records)}).encode())
    return [line + b"\n" for line in lines]


def write_ndjson(path: Path, records: Sequence[dict[str, object]],
                 header: dict[str, object] | None = None, *, end: bool = True) -> Path:
    data = b"".join(feed_lines(records, header, end=end))
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def csv_text(records: Sequence[dict[str, object]], header: dict[str, object] | None = None,
             columns: Sequence[str] = CSV_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    for record in (header or head(), *records, {"type": "end", "records": len(records)}):
        writer.writerow([cell(record.get(name)) for name in columns])
    return out.getvalue()


def table_rows(cache: Cache) -> dict[str, list[tuple[Any, ...]]]:
    with cache.engine.connect() as connection:
        return {t: [tuple(r) for r in connection.exec_driver_sql(
            f"SELECT * FROM {t} ORDER BY 1").all()] for t in TABLES}


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", KEY) as opened:
        yield opened


@pytest.fixture
def fed(cache: Cache, tmp_path: Path) -> Cache:
    """A cache holding the full feed of :func:`library_records`."""
    import_feed(cache, write_ndjson(tmp_path / "full.ndjson.gz", library_records()))
    return cache


# -- full imports ----------------------------------------------------------------------------
def test_a_full_gzip_ndjson_feed_fills_every_table(cache: Cache, tmp_path: Path) -> None:
    result = import_feed(cache, write_ndjson(tmp_path / "full.ndjson.gz", library_records()))

    assert isinstance(result, ImportResult)
    assert (result.kind, result.library, result.generated_at) == ("full", "DEMO", GEN)
    assert result.records == {"patron": 4, "item": 5, "hold": 1, "rule": 3, "closed_day": 2,
                              "mynumber_link": 1}
    assert result.lines == 18
    assert result.kept_newer == 0
    assert sum(result.deleted.values()) == 0
    assert result.seconds >= 0

    view = OfflineView(cache)
    alice, bob = view.patron(ALICE), view.patron(BOB)
    assert (alice.known, alice.may_borrow, alice.block, alice.wide_area) == (
        True, True, None, False)
    assert (bob.may_borrow, bob.wide_area, bob.charged_count) == (True, True, 3)
    assert view.patron(CAROL).block == "card_lost"
    assert view.patron(DAVE).block == "long_overdue"
    assert not view.patron(DAVE).may_borrow
    assert not view.patron("28888881").known

    reference = view.item("100000002")
    assert reference is not None
    assert reference.not_for_loan
    assert view.item("100000003").ill  # type: ignore[union-attr]
    waiting = view.item("100000004")
    assert waiting is not None
    assert waiting.circulation_status == "08"
    assert waiting.hold_card_hash == cache.card_hash(BOB)
    assert view.item("100000001").loan_class == "picture_book"  # type: ignore[union-attr]
    on_loan = cache.item("100000005")
    assert on_loan is not None
    assert on_loan.due_at == datetime.fromisoformat(DUE)       # the same instant, back in UTC
    assert on_loan.updated_at == GEN

    assert view.rules() == {"book": Rule("book", 14, "books", 10),
                            "picture_book": Rule("picture_book", 14, "books", 10),
                            "av": Rule("av", 7, "av", 3)}
    assert view.closed_days(date(2026, 12, 1), date(2026, 12, 31)) == {
        date(2026, 12, 4), date(2026, 12, 5)}


def test_a_csv_feed_gives_the_same_cache_as_ndjson(tmp_path: Path) -> None:
    records = library_records()
    records[5] = item("100000002", 'Title, with "quotes"\nand a second line', not_for_loan=True)
    # columns in another order, one the kiosk does not know, a BOM and an empty last row as
    # a spreadsheet writes them
    columns = [*reversed(CSV_COLUMNS), "branch_note"]
    csv_path = tmp_path / "full.csv"
    text = csv_text(records, columns=columns) + "," * (len(columns) - 1) + "\r\n"
    csv_path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    with open_cache(tmp_path / "a.sqlite3", KEY) as from_csv, \
            open_cache(tmp_path / "b.sqlite3", KEY) as from_ndjson:
        result = import_feed(from_csv, csv_path)
        import_feed(from_ndjson, write_ndjson(tmp_path / "full.ndjson", records))
        assert result.records["item"] == 5
        assert result.lines == 21       # one title spans two lines; a spreadsheet's ",,,"
        assert table_rows(from_csv) == table_rows(from_ndjson)
        assert from_csv.item("100000002").title.endswith("second line")  # type: ignore[union-attr]


def test_gzip_csv_is_read_too(cache: Cache, tmp_path: Path) -> None:
    path = tmp_path / "full.csv.gz"
    path.write_bytes(gzip.compress(csv_text(library_records()).encode()))
    assert import_feed(cache, path).records["patron"] == 4
    assert OfflineView(cache).patron(CAROL).block == "card_lost"


def test_a_full_feed_replaces_older_rows_and_keeps_what_the_kiosk_saw_later(
        fed: Cache, tmp_path: Path) -> None:
    # seen online after the next feed was generated: newer than the feed
    fed.remember_patron(ALICE, valid=True, may_borrow=False, status="Y" + BLANK[1:],
                        charged_count=7, seen_at=AFTER + timedelta(days=1))
    fed.remember_item("100000001", title="ぐりとぐら", media_type="001",
                      circulation_status="04", due_at=None, seen_at=AFTER + timedelta(days=1))
    # seen online before it, and not in it: the feed knows better
    fed.remember_patron("19983428", valid=True, may_borrow=True, status=BLANK,
                        charged_count=0, seen_at=GEN + timedelta(hours=1))
    next_gen = GEN + timedelta(days=1)
    records = [patron(ALICE, charged=1), patron(BOB), item("100000001", status="03"),
               item("100000009", "新しい本"), rule("book", 21, "books", 12)]
    result = import_feed(fed, write_ndjson(tmp_path / "next.ndjson", records, head(
        generated_at=next_gen)))

    assert result.kept_newer == 2
    assert result.deleted == {"patron": 3, "item": 4, "hold": 1, "rule": 2, "closed_day": 2,
                              "mynumber_link": 1}
    alice = fed.patron(ALICE)
    assert alice is not None
    assert (alice.may_borrow, alice.charged_count) == (False, 7)   # the SIP2 answer stands
    assert fed.item("100000001").circulation_status == "04"       # type: ignore[union-attr]
    assert fed.patron("19983428") is None
    assert fed.patron(CAROL) is None
    assert fed.item("100000009") is not None
    assert fed.item("100000005") is None
    assert OfflineView(fed).rules() == {"book": Rule("book", 21, "books", 12)}
    assert OfflineView(fed).closed_days(date(2026, 1, 1), date(2027, 12, 31)) == set()
    assert fed.counts() == {"patrons": 2, "items": 2}


def test_reimporting_the_same_full_feed_changes_nothing(fed: Cache, tmp_path: Path) -> None:
    before = table_rows(fed)
    result = import_feed(fed, write_ndjson(tmp_path / "again.ndjson", library_records()))
    assert sum(result.deleted.values()) == 0
    assert table_rows(fed) == before


# -- delta imports ---------------------------------------------------------------------------
def test_a_delta_upserts_and_deletes_only_what_it_names(fed: Cache, tmp_path: Path) -> None:
    before = table_rows(fed)
    delta = [patron(ALICE, "expired"), patron("21457163", charged=10),
             deleted("item", item_id="100000003"), deleted("hold", item_id="100000004"),
             deleted("patron", card=CAROL), deleted("rule", loan_class="av"),
             closed("2026-12-29", "年末年始"), deleted("closed_day", day="2026-12-05"),
             deleted("item", item_id="199999999")]
    result = import_feed(fed, write_ndjson(tmp_path / "delta.ndjson.gz", delta, head(
        "delta", GEN + timedelta(hours=1))))

    assert result.kind == "delta"
    assert result.records == {"patron": 3, "item": 2, "hold": 1, "rule": 1, "closed_day": 2,
                              "mynumber_link": 0}
    assert result.deleted == {"patron": 1, "item": 1, "hold": 1, "rule": 1, "closed_day": 1,
                              "mynumber_link": 0}
    view = OfflineView(fed)
    assert view.patron(ALICE).block == "expired"
    assert view.patron("21457163").charged_count == 10
    assert not view.patron(CAROL).known
    assert view.patron(BOB).known
    assert view.patron(DAVE).known
    assert view.item("100000003") is None
    assert view.item("100000004").hold_card_hash is None       # type: ignore[union-attr]
    assert set(view.rules()) == {"book", "picture_book"}
    assert view.closed_days(date(2026, 12, 1), date(2026, 12, 31)) == {
        date(2026, 12, 4), date(2026, 12, 29)}
    after = table_rows(fed)
    untouched = {r[0] for r in before["items"]} - {"100000003"}
    assert {r for r in after["items"] if r[0] in untouched} == {
        r for r in before["items"] if r[0] in untouched}


def test_a_delta_does_not_undo_what_the_kiosk_saw_after_it(fed: Cache, tmp_path: Path) -> None:
    fed.remember_patron(CAROL, valid=True, may_borrow=True, status=BLANK, charged_count=0,
                        seen_at=AFTER)
    delta = [deleted("patron", card=CAROL), patron(ALICE, "blocked")]
    result = import_feed(fed, write_ndjson(tmp_path / "late.ndjson", delta, head(
        "delta", GEN + timedelta(hours=1))))
    assert result.deleted["patron"] == 0
    carol = fed.patron(CAROL)                                   # the newer SIP2 answer stays
    assert carol is not None
    assert (carol.may_borrow, carol.status, carol.updated_at) == (True, BLANK, AFTER)
    assert OfflineView(fed).patron(ALICE).block == "blocked"


@pytest.mark.parametrize("chunk", [1, 2, 5000])
def test_a_delta_applies_one_table_in_the_feed_s_order(fed: Cache, tmp_path: Path,
                                                        chunk: int) -> None:
    delta = [item("100000020", "一度目"), deleted("item", item_id="100000020"),
             deleted("item", item_id="100000021"), item("100000021", "消してから追加"),
             item("100000022", "古い題"), item("100000022", "新しい題")]
    import_feed(fed, write_ndjson(tmp_path / "order.ndjson", delta, head(
        "delta", GEN + timedelta(hours=1))), chunk=chunk)
    assert fed.item("100000020") is None
    assert fed.item("100000021").title == "消してから追加"        # type: ignore[union-attr]
    assert fed.item("100000022").title == "新しい題"              # type: ignore[union-attr]


def test_a_csv_delta_deletes(fed: Cache, tmp_path: Path) -> None:
    path = tmp_path / "delta.csv"
    path.write_text(csv_text([deleted("patron", card=DAVE), patron(ALICE, "blocked")],
                             head("delta", GEN + timedelta(hours=1))), encoding="utf-8")
    assert import_feed(fed, path).deleted["patron"] == 1
    assert fed.patron(DAVE) is None
    assert OfflineView(fed).patron(ALICE).block == "blocked"


# -- refusals: the line is named, the cache is unchanged --------------------------------------
def many_records() -> list[dict[str, object]]:
    """Enough records that several batches are written before a late error (chunk=7)."""
    records = library_records()
    records += [patron(f"3{n:07d}") for n in range(40)]
    records += [item(f"2000000{n:02d}", f"本 {n}") for n in range(40)]
    return records


BAD_RECORDS = {
    "bad JSON": b'{"type": "item", "item_id": "1",',
    "not an object": b'["item", "1"]',
    "missing field": json.dumps({"type": "patron", "card": "1", "block": "",
                                 "wide_area": False}).encode(),
    "wrong type": json.dumps({**patron("1"), "charged_count": "3"}).encode(),
    "card as a number": json.dumps({**patron("1"), "card": 21045877}).encode(),
    "unknown block": json.dumps(patron("1", "banned")).encode(),
    "bad status": json.dumps(item("1", status="available")).encode(),
    "due date without offset": json.dumps(item("1", due="2026-11-27T23:59:59")).encode(),
    "unknown type": json.dumps({"type": "patorn", "card": "1"}).encode(),
    "empty item id": json.dumps(item("")).encode(),
    "zero loan days": json.dumps(rule("book", 0, "books", 10)).encode(),
    "bad day": json.dumps(closed("2026-13-01", "x")).encode(),
    "second header": json.dumps(head()).encode(),
    "not UTF-8": b'{"type": "item", "title": "\x93\xfa\x96\x7b"}',
}


@pytest.mark.parametrize("name", sorted(BAD_RECORDS))
def test_a_corrupt_line_is_named_and_the_cache_kept(fed: Cache, tmp_path: Path,
                                                    name: str) -> None:
    before = table_rows(fed)
    lines = feed_lines(many_records(), head(generated_at=GEN + timedelta(days=1)))
    bad_line = 70
    lines.insert(bad_line - 1, BAD_RECORDS[name] + b"\n")
    path = tmp_path / "corrupt.ndjson.gz"
    path.write_bytes(gzip.compress(b"".join(lines)))

    with pytest.raises(FeedError) as refused:
        import_feed(fed, path, chunk=7)
    assert refused.value.line == bad_line
    assert str(refused.value).startswith(f"line {bad_line}: ")
    assert table_rows(fed) == before


def test_a_truncated_gzip_is_refused_and_the_cache_kept(fed: Cache, tmp_path: Path) -> None:
    before = table_rows(fed)
    whole = gzip.compress(b"".join(feed_lines(many_records(), head(
        generated_at=GEN + timedelta(days=1)))))
    path = tmp_path / "cut.ndjson.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(FeedError, match="truncated") as refused:
        import_feed(fed, path, chunk=7)
    assert refused.value.line > 1
    assert table_rows(fed) == before


def test_a_damaged_gzip_is_refused(fed: Cache, tmp_path: Path) -> None:
    before = table_rows(fed)
    whole = bytearray(gzip.compress(b"".join(feed_lines(many_records()))))
    whole[len(whole) // 2] ^= 0xFF
    path = tmp_path / "damaged.ndjson.gz"
    path.write_bytes(bytes(whole))
    with pytest.raises(FeedError):
        import_feed(fed, path, chunk=7)
    assert table_rows(fed) == before


def test_a_feed_cut_at_a_line_end_is_refused_by_its_missing_end_record(
        fed: Cache, tmp_path: Path) -> None:
    """A half download of a full feed would otherwise sweep half the patrons away."""
    before = table_rows(fed)
    lines = feed_lines(many_records(), head(generated_at=GEN + timedelta(days=1)))
    path = tmp_path / "half.ndjson"
    path.write_bytes(b"".join(lines[:50]))
    with pytest.raises(FeedError, match="end record") as refused:
        import_feed(fed, path)
    assert refused.value.line == 51
    assert table_rows(fed) == before


def test_an_end_record_with_the_wrong_count_is_refused(fed: Cache, tmp_path: Path) -> None:
    before = table_rows(fed)
    lines = feed_lines(many_records(), end=False)
    lines.append(b'{"type": "end", "records": 9999}\n')
    path = tmp_path / "miscounted.ndjson"
    path.write_bytes(b"".join(lines))
    with pytest.raises(FeedError, match="9999") as refused:
        import_feed(fed, path)
    assert refused.value.line == len(lines)
    assert table_rows(fed) == before


def test_records_after_the_end_are_refused(fed: Cache, tmp_path: Path) -> None:
    path = tmp_path / "after.ndjson"
    path.write_bytes(b"".join(feed_lines([patron(ALICE)])) + b"\n" +
                     json.dumps(patron(BOB)).encode() + b"\n")
    with pytest.raises(FeedError, match="after the end") as refused:
        import_feed(fed, path)
    assert refused.value.line == 5


@pytest.mark.parametrize(("header", "message"), [
    ({**head(), "version": 2}, "version 2"),
    ({**head(), "kind": "partial"}, "kind"),
    ({**head(), "generated_at": "2026-11-20T03:00:00"}, "offset"),
    ({k: v for k, v in head().items() if k != "library"}, "library"),
    (patron(ALICE), "feed header"),
])
def test_a_bad_header_is_refused_on_line_1(cache: Cache, tmp_path: Path,
                                           header: dict[str, object], message: str) -> None:
    path = write_ndjson(tmp_path / "header.ndjson", [patron(ALICE)], header)
    with pytest.raises(FeedError, match=message) as refused:
        import_feed(cache, path)
    assert refused.value.line == 1
    assert cache.counts() == {"patrons": 0, "items": 0}


def test_another_library_s_feed_is_refused(cache: Cache, tmp_path: Path) -> None:
    path = write_ndjson(tmp_path / "other.ndjson", [patron(ALICE)], head(library="TOYAMA"))
    with pytest.raises(FeedError, match="TOYAMA"):
        import_feed(cache, path, library="DEMO")
    assert import_feed(cache, write_ndjson(tmp_path / "ours.ndjson", [patron(ALICE)]),
                       library="DEMO").records["patron"] == 1


def test_a_full_feed_cannot_delete(fed: Cache, tmp_path: Path) -> None:
    before = table_rows(fed)
    path = write_ndjson(tmp_path / "full.ndjson", [patron(BOB), deleted("patron", card=ALICE)])
    with pytest.raises(FeedError, match="full feed cannot delete") as refused:
        import_feed(fed, path)
    assert refused.value.line == 3
    assert table_rows(fed) == before


def test_empty_and_missing_feeds_are_refused(cache: Cache, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ndjson"
    empty.write_bytes(b"")
    with pytest.raises(FeedError, match="empty"):
        import_feed(cache, empty)
    with pytest.raises(FeedError, match="cannot open"):
        import_feed(cache, tmp_path / "absent.ndjson.gz")
    with pytest.raises(FeedError, match="only https"):
        import_feed(cache, "http://127.0.0.1:9/feed.ndjson")


@pytest.mark.parametrize(("row_change", "message"), [
    (lambda cells: cells[:-1], f"{len(CSV_COLUMNS) - 1} cells"),
    (lambda cells: [*cells[:7], "maybe", *cells[8:]], "wide_area"),
    (lambda cells: [*cells[:8], "-1", *cells[9:]], "charged_count"),
])
def test_csv_refusals_name_the_line(fed: Cache, tmp_path: Path, row_change: Any,
                                    message: str) -> None:
    before = table_rows(fed)
    records = many_records()
    records[0] = item("100000001", "二行に\nわたる題")
    rows = list(csv.reader(io.StringIO(csv_text(records), newline="")))
    # the header row, the feed row, the two-line title: row 20 starts on line 22
    assert rows[20][0] == "patron"
    rows[20] = row_change(rows[20])
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "bad.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(FeedError, match=message) as refused:
        import_feed(fed, path, chunk=3)
    assert refused.value.line == 22
    assert table_rows(fed) == before


# -- the simulator's export ----------------------------------------------------------------
@pytest.mark.parametrize("name", ["demo.ndjson.gz", "demo.csv", "demo.csv.gz", "demo.ndjson"])
def test_the_simulator_s_export_round_trips(cache: Cache, tmp_path: Path, name: str) -> None:
    collection = demo_collection(NOW)
    path = tmp_path / name
    fmt = "csv" if ".csv" in name else "ndjson"
    counts = export_feed(collection, path, fmt=fmt, now=NOW,
                         closed_days={date(2026, 11, 24): "休館日"})
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")
    assert not list(tmp_path.glob("*.partial"))

    result = import_feed(cache, path)
    assert result.generated_at == NOW
    assert result.records == {t: counts.get(t, 0) for t in result.records}
    assert counts["patron"] == len(collection.patrons) == 40
    assert counts["item"] == len(collection.items)

    view = OfflineView(cache)
    for card in collection.patrons:
        assert cache.patron(card) is not None, card
        assert view.patron(card).known
    assert not view.patron(DEMO.unknown_card).known
    assert view.patron(DEMO.good_card).may_borrow
    assert view.patron(DEMO.lost_card).block == "card_lost"
    assert view.patron(DEMO.long_overdue_card).block == "long_overdue"
    assert view.patron(DEMO.expired_card).block == "expired"
    assert view.patron(DEMO.wide_area_card).wide_area
    assert view.patron(DEMO.limit_card).charged_count == 10

    waiting = {i.barcode: i.hold_for for i in collection.items.values()
               if i.hold_for and i.barcode not in collection.loans}
    assert waiting
    for barcode, card in waiting.items():
        standing = view.item(barcode)
        assert standing is not None
        assert standing.hold_card_hash == cache.card_hash(card)
        assert standing.circulation_status == "08"
    assert view.item(DEMO.hold_pickup_item).hold_card_hash == cache.card_hash(  # type: ignore[union-attr]
        DEMO.good_card)
    assert view.item(DEMO.not_for_loan_item).not_for_loan            # type: ignore[union-attr]
    assert view.item(DEMO.ill_item).ill                              # type: ignore[union-attr]
    assert view.item(DEMO.av_item).loan_class == "av"                # type: ignore[union-attr]
    on_loan = cache.item(DEMO.on_loan_item)
    assert on_loan is not None
    assert on_loan.circulation_status == "04"
    assert on_loan.due_at == collection.loans[DEMO.on_loan_item].due
    assert view.rules()["av"] == Rule("av", TOYAMA_RULES.days_for("av"), "av", 3)
    assert view.rules()["book"].max_items == 10
    assert view.closed_days(date(2026, 11, 1), date(2026, 11, 30)) == {date(2026, 11, 24)}


def test_a_simulator_delta_removes_what_it_deletes(cache: Cache, tmp_path: Path) -> None:
    collection = demo_collection(NOW)
    export_feed(collection, tmp_path / "full.ndjson.gz", now=NOW)
    import_feed(cache, tmp_path / "full.ndjson.gz")
    del collection.items[DEMO.english_item]
    counts = export_feed(collection, tmp_path / "delta.ndjson.gz", kind="delta",
                         now=NOW + timedelta(hours=1), deleted_items=[DEMO.english_item],
                         deleted_cards=[DEMO.expired_card])
    assert counts["deleted"] == 2
    result = import_feed(cache, tmp_path / "delta.ndjson.gz")
    assert result.deleted["item"] == 1
    assert result.deleted["patron"] == 1
    assert cache.item(DEMO.english_item) is None
    assert cache.patron(DEMO.expired_card) is None
    with pytest.raises(ValueError, match="full feed cannot delete"):
        export_feed(collection, tmp_path / "bad.ndjson", deleted_items=["1"])


def database_bytes(path: Path) -> bytes:
    """The database file and any -wal / -shm beside it."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def test_card_numbers_are_never_stored_in_clear(tmp_path: Path) -> None:
    collection = demo_collection(NOW)
    db = tmp_path / "private.sqlite3"
    with open_cache(db, KEY) as cache:
        export_feed(collection, tmp_path / "demo.csv", fmt="csv", now=NOW)
        import_feed(cache, tmp_path / "demo.csv")
        assert cache.patron(DEMO.good_card) is not None
        stored = database_bytes(db)
        assert len(stored) > 10_000
        for card in collection.patrons:
            assert card.encode() not in stored, card
            assert cache.card_hash(card).encode() in stored
        assert DEMO.lendable_items[0].encode() in stored          # the scan itself works


def test_the_bulk_hasher_agrees_with_card_hash(cache: Cache) -> None:
    hasher = cache.card_hasher()
    for card in (ALICE, "0712345", "A21045877B", "図書館"):
        assert hasher(card) == cache.card_hash(card)
    with pytest.raises(ValueError, match="empty"):
        hasher("")


# -- HTTPS -----------------------------------------------------------------------------------
@dataclass
class FeedServer:
    base: str
    cafile: Path
    routes: dict[str, bytes]
    seen_auth: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:
        state: FeedServer = self.server.state
        state.seen_auth.append(self.headers.get("Authorization", ""))
        path = self.path.split("?")[0]
        if path == "/private.ndjson.gz":
            expected = "Basic " + base64.b64encode(b"kiosk:s3cret pass").decode()
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        if path == "/redirect":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}/feed")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = state.routes.get(path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if path.startswith("/cut"):
            self.wfile.write(body[: len(body) // 2])     # the connection drops mid-transfer
            self.close_connection = True
            return
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FeedServer]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a throwaway certificate")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True,
                   timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    state = FeedServer(base=f"https://127.0.0.1:{server.server_port}", cafile=cert,
                       routes={}, seen_auth=[])
    server.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_feed_is_fetched_over_verified_https(cache: Cache, tmp_path: Path,
                                              https_server: FeedServer) -> None:
    export_feed(demo_collection(NOW), tmp_path / "demo.ndjson.gz", now=NOW)
    https_server.routes["/feed.ndjson.gz"] = (tmp_path / "demo.ndjson.gz").read_bytes()
    result = import_feed(cache, f"{https_server.base}/feed.ndjson.gz?token=abc",
                         cafile=https_server.cafile)
    assert result.records["patron"] == 40
    assert cache.patron(DEMO.good_card) is not None
    assert OfflineView(cache).item(DEMO.hold_pickup_item).hold_card_hash == (  # type: ignore[union-attr]
        cache.card_hash(DEMO.good_card))


def test_https_credentials_in_the_url_are_sent_and_never_shown(
        cache: Cache, tmp_path: Path, https_server: FeedServer) -> None:
    https_server.routes["/private.ndjson.gz"] = gzip.compress(
        b"".join(feed_lines([patron(ALICE)])))
    base = https_server.base.replace("https://", "https://kiosk:s3cret%20pass@")
    assert import_feed(cache, f"{base}/private.ndjson.gz",
                       cafile=https_server.cafile).records["patron"] == 1
    wrong = https_server.base.replace("https://", "https://kiosk:wrong-pass@")
    with pytest.raises(FeedError, match="401") as refused:
        import_feed(cache, f"{wrong}/private.ndjson.gz?token=t0ps3cret",
                    cafile=https_server.cafile)
    assert "wrong-pass" not in str(refused.value)
    assert "t0ps3cret" not in str(refused.value)


def test_an_unverified_server_is_refused(cache: Cache, https_server: FeedServer) -> None:
    https_server.routes["/feed"] = b"".join(feed_lines([patron(ALICE)]))
    with pytest.raises(FeedError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify"):
        import_feed(cache, f"{https_server.base}/feed")
    assert cache.counts()["patrons"] == 0


def test_https_failures_keep_the_cache(fed: Cache, tmp_path: Path,
                                       https_server: FeedServer) -> None:
    before = table_rows(fed)
    https_server.routes["/cut.ndjson.gz"] = gzip.compress(b"".join(feed_lines(
        many_records(), head(generated_at=GEN + timedelta(days=1)))))
    with pytest.raises(FeedError):
        import_feed(fed, f"{https_server.base}/cut.ndjson.gz", cafile=https_server.cafile,
                    chunk=7)
    with pytest.raises(FeedError, match="404"):
        import_feed(fed, f"{https_server.base}/nothing-here", cafile=https_server.cafile)
    with pytest.raises(FeedError, match="only https"):
        import_feed(fed, f"{https_server.base}/redirect", cafile=https_server.cafile)
    assert table_rows(fed) == before


# -- the documentation -----------------------------------------------------------------------
DOC = Path(__file__).resolve().parents[2] / "docs" / "feed-format.md"


def doc_blocks(language: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    blocks = text.split("```" + language + "\n")[1:]
    return [block.split("```", 1)[0] for block in blocks]


def test_the_documented_examples_import(cache: Cache, tmp_path: Path) -> None:
    full_json, deletions = doc_blocks("json")[:2]
    full_csv = next(b for b in doc_blocks("") if b.startswith("type,version,kind") and
                    "\nfeed," in b)
    (tmp_path / "doc.ndjson").write_text(full_json, encoding="utf-8")
    (tmp_path / "doc.csv").write_text(full_csv, encoding="utf-8")
    result = import_feed(cache, tmp_path / "doc.ndjson", library="TOYAMA")
    assert result.records == {"patron": 2, "item": 3, "hold": 1, "rule": 2, "closed_day": 1,
                              "mynumber_link": 1}
    assert OfflineView(cache).item("115543024").hold_card_hash == cache.card_hash(  # type: ignore[union-attr]
        "21045877")
    assert import_feed(cache, tmp_path / "doc.csv").records["closed_day"] == 1

    delta = [json.loads(line) for line in deletions.splitlines() if line]
    later = datetime(2026, 11, 21, 3, 0, tzinfo=TOKYO)
    result = import_feed(cache, write_ndjson(tmp_path / "doc-delta.ndjson", delta,
                                             head("delta", later)))
    assert result.records == dict.fromkeys(result.records, 1)
    # the CSV full feed, which names no "av" rule, removed it already
    assert result.deleted == {"patron": 1, "item": 1, "hold": 1, "rule": 0, "closed_day": 0,
                              "mynumber_link": 1}
    assert cache.patron("21204656") is None
    assert cache.item("115538407") is None
    assert cache.patron("21045877") is not None


# -- My Number links -------------------------------------------------------------------------
def _linked_card(cache: Cache, key: str) -> str | None:
    from types import SimpleNamespace

    from kiosk.mynumber import MyNumberError, card_for
    try:
        return card_for(cache, SimpleNamespace(link_key=key))  # type: ignore[arg-type]
    except MyNumberError:
        return None


def test_links_from_a_feed_sign_in_and_full_feeds_keep_staff_links_made_later(
        fed: Cache, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from kiosk.mynumber import link
    assert _linked_card(fed, LINK) == ALICE
    staff_key, old_staff_key = "a1" * 32, "b2" * 32
    link(fed, SimpleNamespace(link_key=staff_key,  # type: ignore[arg-type]
                              not_after=datetime(2031, 1, 1, tzinfo=TOKYO)), BOB)
    with fed.engine.begin() as connection:       # a staff link from before the next export
        connection.exec_driver_sql(
            "INSERT INTO mynumber_links VALUES (?, ?, '2031-01-01 00:00:00.000000',"
            " '2026-11-01 00:00:00.000000', 'staff')", (old_staff_key, DAVE))
    next_gen = datetime.now(TOKYO) - timedelta(minutes=5)
    result = import_feed(fed, write_ndjson(tmp_path / "next.ndjson",
                                           [patron(ALICE), mynumber_link("c3" * 32, CAROL)],
                                           head(generated_at=next_gen)))
    assert _linked_card(fed, LINK) is None                  # the feed dropped it: gone
    assert _linked_card(fed, "c3" * 32) == CAROL
    assert _linked_card(fed, staff_key) == BOB              # made here after the export
    assert _linked_card(fed, old_staff_key) == DAVE         # staff links are never swept
    assert result.deleted["mynumber_link"] == 1


def test_a_delta_moves_and_deletes_links(fed: Cache, tmp_path: Path) -> None:
    import_feed(fed, write_ndjson(tmp_path / "d1.ndjson",
                                  [mynumber_link(LINK, BOB), mynumber_link("d4" * 32, DAVE)],
                                  head("delta", GEN + timedelta(hours=1))))
    assert _linked_card(fed, LINK) == BOB
    import_feed(fed, write_ndjson(tmp_path / "d2.ndjson",
                                  [deleted("mynumber_link", link_key=LINK)],
                                  head("delta", GEN + timedelta(hours=2))))
    assert _linked_card(fed, LINK) is None
    assert _linked_card(fed, "d4" * 32) == DAVE


@pytest.mark.parametrize(("record", "message"), [
    (mynumber_link("XYZ", ALICE), "64 lower-case hex"),
    (mynumber_link("AB" * 32, ALICE), "64 lower-case hex"),
    ({"type": "mynumber_link", "link_key": LINK, "card": ALICE}, "no 'not_after'"),
    (mynumber_link(LINK, ALICE, "2030-03-31"), "UTC offset"),
])
def test_bad_links_are_refused_with_the_line(fed: Cache, tmp_path: Path,
                                             record: dict[str, object], message: str) -> None:
    before = table_rows(fed)
    with pytest.raises(FeedError, match=message) as refused:
        import_feed(fed, write_ndjson(tmp_path / "bad.ndjson", [patron(ALICE), record],
                                      head("delta", GEN + timedelta(hours=1))))
    assert refused.value.line == 3
    assert table_rows(fed) == before
