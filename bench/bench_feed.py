"""Snapshot feed import: its speed against a bare executemany of the same rows, and its memory.

The feed: 1,000,000 items and 200,000 patrons (``--quick``: 50,000 and 10,000), with holds
on 2 % of the items, a few rules and closed days, as gzip NDJSON in a temporary directory.

Baseline, measured in the same run on the same machine: the least any importer must do to
put the same rows in the same tables. It reads the same gzip file line by line,
``json.loads`` each line, builds exactly the row the importer writes (the card's HMAC, the
SIP2 status flags, due dates converted to UTC) and ``executemany``-s plain INSERTs in batches
of 5,000 inside one transaction, on a cache opened the same way (WAL, synchronous=FULL). It
checks nothing. The importer also checks every field, upserts (so newer SIP2 rows survive),
counts what it kept and sweeps what a full feed no longer has. Both start from an empty
cache; the best of the runs counts. Target: importer / baseline <= 1.5.

Memory: the importer runs alone in a child process; its peak resident set during the import
(the kernel's VmHWM, reset just before, so SQLite's own allocations count too) minus its
resident set just before must stay under 300 MB, whatever the feed's size. Linux only.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import hmac
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from bench.harness import Result

ROOT = Path(__file__).resolve().parent.parent
KEY = b"bench-feed-key-0123456789abcdef!"
TOKYO = timezone(timedelta(hours=9))
GENERATED = datetime(2026, 11, 20, 3, 0, tzinfo=TOKYO)
CHUNK = 5000
RATIO_TARGET = 1.5
MEMORY_TARGET_MB = 300.0
CLASSES = ("book", "book", "book", "picture_book", "magazine", "av", "kamishibai",
           "large_picture_book")
BLOCKS = ("",) * 30 + ("card_lost", "long_overdue", "expired", "blocked")
HEADS = ("海辺の", "真夜中の", "春を待つ", "遠い町の", "最後の", "ちいさな", "青い", "霧の")
TAILS = ("図書室", "手紙", "約束", "灯台", "鉄道", "庭", "探偵", "喫茶店", "時計", "航海")


# -- the feed ------------------------------------------------------------------------------
def generate(path: Path, items: int, patrons: int) -> dict[str, int]:
    """A realistic feed, streamed to a gzip file (never held in memory)."""
    rng = random.Random(20261120)
    counts = dict.fromkeys(("patron", "item", "hold", "rule", "closed_day"), 0)
    cards = [f"{20_000_000 + n * 3}" for n in range(patrons)]
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with gzip.open(path, "wb") as out:
        def write(record: dict[str, object]) -> None:
            out.write(dumps(record).encode("utf-8") + b"\n")

        write({"type": "feed", "version": 1, "kind": "full",
               "generated_at": GENERATED.isoformat(), "library": "BENCH"})
        for card in cards:
            write({"type": "patron", "card": card, "block": rng.choice(BLOCKS),
                   "wide_area": rng.random() < 0.05, "charged_count": rng.randrange(8)})
            counts["patron"] += 1
        holds: list[tuple[str, str]] = []
        for n in range(items):
            item_id = f"{100_000_000 + n}"
            roll = rng.random()
            due = None
            status = "03"
            if roll < 0.2:
                status = "04"
                due = (GENERATED + timedelta(days=rng.randrange(-20, 15))).replace(
                    hour=23, minute=59, second=59).isoformat()
            elif roll < 0.22:
                status = "08"
                holds.append((item_id, rng.choice(cards)))
            write({"type": "item", "item_id": item_id,
                   "title": f"{rng.choice(HEADS)}{rng.choice(TAILS)} 第{n % 40 + 1}巻",
                   "loan_class": rng.choice(CLASSES), "not_for_loan": roll > 0.99,
                   "ill": 0.98 < roll <= 0.99, "circulation_status": status, "due_at": due})
            counts["item"] += 1
        for item_id, card in holds:
            write({"type": "hold", "item_id": item_id, "card": card})
            counts["hold"] += 1
        for loan_class in sorted(set(CLASSES)):
            write({"type": "rule", "loan_class": loan_class,
                   "loan_days": 7 if loan_class == "av" else 14,
                   "limit_group": "av" if loan_class == "av" else "books",
                   "max_items": 3 if loan_class == "av" else 10})
            counts["rule"] += 1
        for week in range(30):
            write({"type": "closed_day", "day": (date(2026, 11, 23) + timedelta(weeks=week))
                   .isoformat(), "reason": "休館日"})
            counts["closed_day"] += 1
        write({"type": "end", "records": sum(counts.values())})
    return counts


# -- the baseline --------------------------------------------------------------------------
_STATUS = {"": " " * 14, "card_lost": "Y   Y" + " " * 9, "long_overdue": "Y     Y" + " " * 7,
           "expired": "Y" + " " * 13, "blocked": "Y" + " " * 13}
_INSERT = {
    "patron": "INSERT INTO patrons (card_hash, valid, may_borrow, status, charged_count,"
              " updated_at, block, wide_area, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'feed')",
    "item": "INSERT INTO items (item_id, title, media_type, circulation_status, due_at,"
            " updated_at, loan_class, not_for_loan, ill, source)"
            " VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, 'feed')",
    "hold": "INSERT INTO holds (item_id, card_hash, updated_at) VALUES (?, ?, ?)",
    "rule": "INSERT INTO loan_rules (loan_class, loan_days, limit_group, max_items)"
            " VALUES (?, ?, ?, ?)",
    "closed_day": "INSERT INTO closed_days (day, reason) VALUES (?, ?)",
}


def _utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).replace(tzinfo=None).isoformat(
        sep=" ", timespec="microseconds")


def bare_executemany(db: Path, feed: Path) -> int:
    """The same rows into the same tables, with nothing checked: the floor."""
    from sync.cache import open_cache

    cache = open_cache(db, KEY)
    keyed = hmac.new(KEY, digestmod=hashlib.sha256)

    def card_hash(card: str) -> str:
        mac = keyed.copy()
        mac.update(card.encode())
        return mac.hexdigest()

    rows: int = 0
    try:
        connection = cache.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("BEGIN")
            generated = ""
            batches: dict[str, list[tuple[object, ...]]] = {t: [] for t in _INSERT}
            with gzip.open(feed, "rb") as lines:
                for line in lines:
                    r = json.loads(line)
                    kind = r["type"]
                    if kind == "patron":
                        block = r["block"]
                        row: tuple[object, ...] = (
                            card_hash(r["card"]), True, not block, _STATUS[block],
                            r["charged_count"], generated, block or None, r["wide_area"])
                    elif kind == "item":
                        due = r["due_at"]
                        row = (r["item_id"], r["title"], r["circulation_status"],
                               _utc(due) if due else None, generated, r["loan_class"],
                               r["not_for_loan"], r["ill"])
                    elif kind == "hold":
                        row = (r["item_id"], card_hash(r["card"]), generated)
                    elif kind == "rule":
                        row = (r["loan_class"], r["loan_days"], r["limit_group"],
                               r["max_items"])
                    elif kind == "closed_day":
                        row = (r["day"], r["reason"])
                    else:
                        if kind == "feed":
                            generated = _utc(r["generated_at"])
                        continue
                    batch = batches[kind]
                    batch.append(row)
                    rows += 1
                    if len(batch) >= CHUNK:
                        cursor.executemany(_INSERT[kind], batch)
                        batch.clear()
            for kind, batch in batches.items():
                if batch:
                    cursor.executemany(_INSERT[kind], batch)
            cursor.execute("COMMIT")
            cursor.close()
        finally:
            connection.close()
    finally:
        cache.close()
    return rows


# -- the importer --------------------------------------------------------------------------
def importer(db: Path, feed: Path) -> int:
    from sync.cache import open_cache
    from sync.cache.feed import import_feed

    with open_cache(db, KEY) as cache:
        result = import_feed(cache, feed, chunk=CHUNK)
    return sum(result.records.values())


def _fresh(db: Path) -> None:
    for path in db.parent.glob(db.name + "*"):
        path.unlink()


def _timed(fn: object, db: Path, feed: Path) -> tuple[float, int]:
    assert callable(fn)
    _fresh(db)
    gc.collect()
    start = time.perf_counter()
    rows = fn(db, feed)
    elapsed = time.perf_counter() - start
    _fresh(db)
    return elapsed, int(rows)


def _rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak) of this process, in MB, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _peak_rss_child(db: Path, feed: Path) -> None:
    """Run in a child process: print its resident set just before one import and the peak
    reached during it, in MB. The kernel's peak mark is reset first (clear_refs 5), so the
    migrations and imports before do not hide the import's own peak."""
    from sync.cache import open_cache
    from sync.cache.feed import import_feed

    with open_cache(db, KEY) as cache:
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")
        before = _rss_mb("VmRSS")
        result = import_feed(cache, feed, chunk=CHUNK)
        peak = _rss_mb("VmHWM")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"before_mb": before, "peak_mb": peak, "ru_maxrss_mb": maxrss,
                      "records": sum(result.records.values())}))


def _measure_memory(db: Path, feed: Path) -> dict[str, float]:
    _fresh(db)
    code = ("import sys; from pathlib import Path; from bench.bench_feed import "
            "_peak_rss_child; _peak_rss_child(Path(sys.argv[1]), Path(sys.argv[2]))")
    done = subprocess.run([sys.executable, "-c", code, str(db), str(feed)], cwd=ROOT,
                          check=True, capture_output=True, text=True, timeout=3600)
    _fresh(db)
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def run(quick: bool) -> list[Result]:
    items, patrons = (50_000, 10_000) if quick else (1_000_000, 200_000)
    repeat = 3 if quick else 2
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as tmp:
        where = Path(tmp)
        feed = where / "feed.ndjson.gz"
        db = where / "cache.sqlite3"
        started = time.perf_counter()
        counts = generate(feed, items, patrons)
        generated_in = time.perf_counter() - started
        baseline_times: list[float] = []
        importer_times: list[float] = []
        rows = {}
        for _ in range(repeat):       # interleaved, so a slow spell hits both
            seconds, rows["baseline"] = _timed(bare_executemany, db, feed)
            baseline_times.append(seconds)
            seconds, rows["importer"] = _timed(importer, db, feed)
            importer_times.append(seconds)
        if rows["baseline"] != rows["importer"]:
            raise RuntimeError(f"the runs wrote different row counts: {rows}")
        memory = _measure_memory(db, feed)
        feed_mb = feed.stat().st_size / 1e6
    baseline, imported = min(baseline_times), min(importer_times)
    ratio = imported / baseline
    growth = memory["peak_mb"] - memory["before_mb"]
    records = sum(counts.values())
    return [
        Result("import_vs_bare_executemany", ratio, "ratio", target=f"<= {RATIO_TARGET}",
               met=ratio <= RATIO_TARGET,
               details={"importer_s": round(imported, 3), "baseline_s": round(baseline, 3),
                        "importer_runs_s": [round(t, 3) for t in importer_times],
                        "baseline_runs_s": [round(t, 3) for t in baseline_times],
                        "records": records, "counts": counts,
                        "records_per_s": round(records / imported),
                        "feed_gzip_mb": round(feed_mb, 1),
                        "generate_s": round(generated_in, 1), "quick": quick}),
        Result("import_peak_rss_growth", growth, "MB", target=f"< {MEMORY_TARGET_MB:g}",
               met=growth < MEMORY_TARGET_MB,
               details={"rss_before_import_mb": round(memory["before_mb"], 1),
                        "peak_rss_during_import_mb": round(memory["peak_mb"], 1),
                        "process_max_rss_mb": round(memory["ru_maxrss_mb"], 1),
                        "records": int(memory["records"]), "chunk": CHUNK,
                        "quick": quick}),
    ]
