"""``kiosk privacy report | purge``: what personal data this kiosk holds, and deleting what
is no longer needed (kiosk/privacy.py).

``report`` lists every kind of personal data the kiosk holds (the offline journal by state,
the patrons, holds and My Number links of its offline cache, the card key, logs, exports),
how much, and until when. ``purge`` deletes now the journal rows the ILS accepted more than
``[privacy] keep_accepted_hours`` ago, as the running kiosk does every ten minutes (run it
as the kiosk user, like the other staff commands on the cache).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kiosk.commands.cache import (
    EXIT_OK,
    StaffCommands,
    cache_path,
    iso,
    staff_cache,
    staff_config,
)
from kiosk.privacy import Retention, report
from sync.journal import OfflineJournal


def register(subparsers: Any) -> None:
    commands = StaffCommands(subparsers, "privacy",
                             "personal data this kiosk holds: report, purge")
    listing = commands.add("report", _report,
                           help="every kind of personal data held, how much, until when")
    listing.add_argument("--json", action="store_true", help="one JSON array")
    commands.add("purge", _purge, help="delete now the journal rows the ILS accepted more than "
                 "[privacy] keep_accepted_hours ago")


def _report(args: argparse.Namespace) -> int:
    config = staff_config(args)
    path = cache_path(args, config)
    with staff_cache(args, config) as cache:
        holdings = report(cache, config.keep_accepted_hours, cache_path=path,
                          key_path=config.cache_key_path)
    if args.json:
        json.dump([h.as_dict() for h in holdings], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    print(f"Personal data held by this kiosk ({path}):")
    for h in holdings:
        print(f"\n{h.kind}: {h.count}")
        print(f"  what:   {h.what}")
        if h.oldest is not None:
            print(f"  oldest: {iso(h.oldest, config)}")
        print(f"  kept:   {h.until}")
        if h.next_deletion is not None:
            print(f"  next deletion: {iso(h.next_deletion, config)}")
    return EXIT_OK


def _purge(args: argparse.Namespace) -> int:
    config = staff_config(args)
    with staff_cache(args, config) as cache:
        deleted = Retention(OfflineJournal(cache), config.keep_accepted_hours).purge_once()
    print(f"{deleted} journal row(s) the ILS accepted more than "
          f"{config.keep_accepted_hours:g} hours ago deleted")
    return EXIT_OK
