"""The offline Circulation as the offline tests build it: on a seeded cache, the demo's
offline policy (a test changes what it needs), Tokyo time, the clock stopped at :data:`NOW`."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.config import load_config
from kiosk.offline import OfflineCirculation
from sync.cache.cache import Cache
from sync.cache.offline_view import OfflineView
from sync.journal import OfflineJournal

TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TOKYO)          # a Friday
POLICY = load_config(None).offline          # the demo's: loan_days = 14, five a day


def offline_at_now(cache: Cache, **policy: object) -> tuple[OfflineCirculation, OfflineJournal]:
    journal = OfflineJournal(cache)
    return OfflineCirculation(OfflineView(cache), journal, replace(POLICY, **policy),
                              timezone=TOKYO, clock=lambda: NOW), journal
