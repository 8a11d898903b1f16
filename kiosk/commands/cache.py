"""``kiosk cache import FEED`` and ``kiosk cache status``: the offline cache, for staff.

Which cache: ``--cache PATH``, else the one ``kiosk demo --state-dir DIR`` keeps
(``--state-dir DIR``), else ``[cache] path`` of the branch config (``--config FILE``).
The embedded demo config has no path (the demo's cache is a temporary file), so with it
``--cache`` or ``--state-dir`` is required. The card key (``--key-file``, else
``[cache] key_file``, else the key the kiosk keeps beside the cache) is needed only where
card numbers are hashed — importing a feed, which makes the key beside the cache when there
is none yet, as the kiosk's first start would; the other staff commands never hash a card,
so they run without it.

Exit status: 0 done; 1 the feed was refused (nothing changed); 2 a configuration or cache
problem (the message names it).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select

from kiosk import card_key as card_keys
from kiosk.config import ConfigError, KioskConfig, load_config
from sync.cache import schema
from sync.cache.cache import Cache, create_cache_engine, open_cache
from sync.cache.models import Base, ItemRecord, JournalEntry, PatronRecord
from sync.journal import OPEN_STATES, JournalState

EXIT_OK, EXIT_REFUSED, EXIT_SETUP = 0, 1, 2


class StaffError(Exception):
    """A problem the staff member can fix; the message says how."""


# -- shared by the staff command groups (journal, cache) --------------------------------------
def cache_options() -> argparse.ArgumentParser:
    """Options every staff command on the cache takes (an argparse parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, metavar="FILE",
                        help="the branch config (TOML); default: the embedded demo config")
    parent.add_argument("--cache", type=Path, metavar="PATH",
                        help="the cache file; default: [cache] path of the config")
    parent.add_argument("--key-file", type=Path, metavar="FILE",
                        help="the card-number key; default: [cache] key_file of the config, "
                        "else the one kept beside the cache")
    parent.add_argument("--state-dir", type=Path, metavar="DIR",
                        help="the cache and key of `kiosk demo --state-dir DIR`")
    return parent


def staff_config(args: argparse.Namespace) -> KioskConfig:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise StaffError(f"configuration problem: {exc}") from exc
    state_dir = getattr(args, "state_dir", None)
    if state_dir is not None:
        # as `kiosk demo --state-dir` keeps them (kiosk.cli)
        config = replace(config, cache_path=str(Path(state_dir) / "cache.sqlite3"),
                         cache_key_file=str(Path(state_dir) / "card-key"))
    return config


def cache_path(args: argparse.Namespace, config: KioskConfig) -> Path:
    if args.cache is not None:
        return Path(args.cache)
    if config.cache_path:
        return Path(config.cache_path)
    raise StaffError(f"no cache file: the config ({config.source}) sets no [cache] path "
                     "(the demo's cache is temporary); give --cache PATH")


def card_key(args: argparse.Namespace, config: KioskConfig, *, required: bool) -> bytes:
    path = args.key_file if args.key_file is not None else (
        Path(config.cache_key_file) if config.cache_key_file else None)
    if path is None:
        # the key the kiosk keeps beside its cache when the config names none
        cache = cache_path(args, config)
        beside = card_keys.beside(cache)
        if beside.exists() or (required and not cache.exists()):
            try:     # a new kiosk's first feed: made here, as its first start would
                return card_keys.load_or_create(beside)
            except card_keys.CardKeyError as exc:
                raise StaffError(f"card key: {exc}") from exc
    if path is None and required:
        raise StaffError(f"no card key: the config ({config.source}) sets no [cache] "
                         f"key_file and there is no {card_keys.beside(cache_path(args, config))}"
                         "; give --key-file FILE (the key the kiosk hashes card numbers with)")
    if path is None:
        return os.urandom(32)   # hashes nothing: any key opens the file
    try:
        return card_keys.read_key(path)
    except card_keys.CardKeyError as exc:
        raise StaffError(f"card key: {exc}") from exc


@contextmanager
def staff_cache(args: argparse.Namespace, config: KioskConfig, *, create: bool = False,
                key_required: bool = False) -> Iterator[Cache]:
    """The kiosk's cache, migrated to this version's schema (as the kiosk would on start).
    Refuses a missing file unless ``create``: a typo must not make an empty cache."""
    path = cache_path(args, config)
    key = card_key(args, config, required=key_required)
    if not create and not path.is_file():
        raise StaffError(f"no cache at {path} (is the path right? the kiosk creates it on "
                         "its first start)")
    try:
        cache = open_cache(path, key)
    except Exception as exc:
        raise StaffError(f"cannot open the cache {path}: {exc}") from exc
    with cache:
        yield cache


def run_staff(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace,
              prog: str) -> int:
    """Run a handler; a :class:`StaffError` becomes one line on stderr and exit status 2."""
    if not getattr(args, "verbose", False):
        # opening the cache runs Alembic, which talks at INFO: not news to staff
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return handler(args)
    except StaffError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return EXIT_SETUP


class StaffCommands:
    """``kiosk GROUP NAME``: a group of staff commands on the cache, each with the cache
    options, its handler run by :func:`run_staff` (a StaffError is one line, exit 2)."""

    def __init__(self, subparsers: Any, group: str, help: str) -> None:
        self._group = group
        self._parent = cache_options()
        parser = subparsers.add_parser(group, help=help)
        self._commands = parser.add_subparsers(dest=f"{group}_command", required=True)

    def add(self, name: str, handler: Callable[[argparse.Namespace], int],
            **kwargs: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self._commands.add_parser(
            name, parents=[self._parent], **kwargs)
        prog = f"kiosk {self._group} {name}"
        parser.set_defaults(handler=lambda a: run_staff(handler, a, prog))
        return parser


def iso(when: datetime | None, config: KioskConfig) -> str | None:
    return None if when is None else when.astimezone(config.timezone).isoformat(
        timespec="seconds")


# -- kiosk cache ... ------------------------------------------------------------------------
def register(subparsers: Any) -> None:
    commands = StaffCommands(subparsers, "cache", "the offline cache: import a feed, status")
    feed = commands.add("import", _import,
                        help="import a snapshot feed (full or delta) into the cache",
                        description="Import a snapshot feed (docs/feed-format.md), "
                               "gzip or not, from a file or an https:// URL, into the cache "
                               "(created if missing: a new kiosk's first feed). All or "
                               "nothing: a refused feed leaves the cache as it was (exit 1). "
                               "Needs the card key the kiosk uses.")
    feed.add_argument("feed", metavar="FEED", help="a file path or an https:// URL")
    feed.add_argument("--json", action="store_true", help="the result as JSON")

    status = commands.add("status", _status, help="rows per table, schema, journal states, size",
                          description="What the cache holds. Reads only: it does not migrate "
                          "the file.")
    status.add_argument("--json", action="store_true", help="the status as JSON")


def _import(args: argparse.Namespace) -> int:
    from sync.cache.feed import import_feed
    from sync.cache.feed_format import FeedError

    config = staff_config(args)
    source: Path | str = args.feed if "://" in args.feed else Path(args.feed)
    with staff_cache(args, config, create=True, key_required=True) as cache:
        problem = card_keys.remember(cache_path(args, config),
                                     card_key(args, config, required=True))
        if problem:
            raise StaffError(f"card key: {problem}")
        try:
            result = import_feed(cache, source)
        except FeedError as exc:
            print(f"kiosk cache import: the feed {args.feed} was refused, the cache is "
                  f"unchanged: {exc}", file=sys.stderr)
            return EXIT_REFUSED
    summary = {"kind": result.kind, "library": result.library,
               "generated_at": iso(result.generated_at, config),
               "records": dict(result.records), "deleted": dict(result.deleted),
               "kept_newer": result.kept_newer, "lines": result.lines,
               "seconds": round(result.seconds, 3)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return EXIT_OK
    records = ", ".join(f"{n} {kind}" for kind, n in result.records.items() if n)
    print(f"imported a {result.kind} feed of {result.library or '?'} generated "
          f"{summary['generated_at']}: {records or 'no records'}; "
          f"{sum(result.deleted.values())} removed, {result.kept_newer} kept as newer")
    return EXIT_OK


def cache_status(path: Path) -> dict[str, Any]:
    """What the file holds, read without migrating it (an older kiosk may still use it)."""
    if not path.is_file():
        raise StaffError(f"no cache at {path}")
    engine = create_cache_engine(path)
    try:
        with engine.connect() as connection:
            revision = schema.current_revision(connection)
            present = set(inspect(connection).get_table_names())
            tables = {name: connection.scalar(select(func.count()).select_from(table)) or 0
                      for name, table in Base.metadata.tables.items() if name in present}
            journal: dict[str, int] = {}
            oldest_open: datetime | None = None
            if JournalEntry.__tablename__ in present:
                counted: dict[str, int] = dict(connection.execute(
                    select(JournalEntry.state, func.count()).group_by(JournalEntry.state)
                ).all())
                journal = {str(s): int(counted.get(str(s), 0)) for s in JournalState}
                oldest_open = connection.scalar(
                    select(func.min(JournalEntry.transaction_at)).where(
                        JournalEntry.state.in_([str(s) for s in OPEN_STATES])))
            newest_feed = _newest_feed_record(connection, present)
    finally:
        engine.dispose()
    size = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal"))
               if p.exists())
    return {"path": str(path), "size_bytes": size, "schema_revision": revision,
            "schema_head": schema.head_revision(), "tables": tables, "journal": journal,
            "journal_oldest_open": oldest_open, "newest_feed_record": newest_feed}


def _newest_feed_record(connection: Any, present: set[str]) -> datetime | None:
    """The import time itself is not recorded; the newest row a feed wrote is the nearest."""
    newest: datetime | None = None
    for model in (PatronRecord, ItemRecord):
        if model.__tablename__ not in present or "source" not in {
                c["name"] for c in inspect(connection).get_columns(model.__tablename__)}:
            continue
        value = connection.scalar(select(func.max(model.updated_at))
                                  .where(model.source == "feed"))
        if value is not None and (newest is None or value > newest):
            newest = value
    return newest


def _status(args: argparse.Namespace) -> int:
    config = staff_config(args)
    status = cache_status(cache_path(args, config))
    status["newest_feed_record"] = iso(status["newest_feed_record"], config)
    status["journal_oldest_open"] = iso(status["journal_oldest_open"], config)
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
        return EXIT_OK
    behind = "" if status["schema_revision"] == status["schema_head"] else (
        f" (this kiosk version expects {status['schema_head']}: migrated on the next start)")
    print(f"cache {status['path']}: {status['size_bytes'] / 1_000_000:.1f} MB, "
          f"schema {status['schema_revision']}{behind}")
    for name, count in status["tables"].items():
        print(f"  {name:<12} {count:>9}")
    if status["journal"]:
        print("journal: " + ", ".join(f"{n} {state}" for state, n in status["journal"].items()))
    print(f"newest feed record: {status['newest_feed_record'] or 'none (no feed imported)'}")
    return EXIT_OK
