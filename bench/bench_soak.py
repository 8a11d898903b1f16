"""Weeks unattended, shown (issue 21, item 4): the kiosk serves 10,000 patron sessions of
three items without a restart, and nothing links a patron to an old loan afterwards.

The kiosk as it runs: the window (offscreen) built from a branch config through
``kiosk.demo.bootstrap`` and ``ui.app.build_window``, the config's fake scanner driven as the
autopilot drives it, the real SQLite cache and journal in a temporary state directory, the
Prometheus endpoint on, the log written to a file as journald would keep it, and the ILS
simulator in its own process (``kiosk ils-sim serve`` with a state file, through the tests'
one rig for that, ``tests/rigs/ils_process.py``). Sessions: a card scanned, three items,
Finish; every 20th ends by the idle timeout instead (the window's clocks shortened: a
"second" is 10 ms); every 40th signs in with a My Number card, the
virtual card of tests/rigs on pcscd + vpcd, linked to a patron first; and every so often the
simulator is killed (SIGKILL) for a stretch of sessions, which lend offline into the journal,
then started again on the same port and state so that the kiosk's watch replays the journal.
Items are returned through the simulator's checkin (09) by the bench's own SIP2 client, as a
returns desk would: online loans after each session, offline ones once the journal drained.

Sampled every 1 % of the sessions: the process's RSS, threads and open file descriptors
(/proc/self), the SQLite files' sizes, the journal's depth. Warm-up is the first 10 %.

At the end, with the journal drained, the accepted rows' time ([privacy] keep_accepted_hours,
one minute here) is let pass and the kiosk's retention purges; then no accepted row older than
the limit may remain, and the database, WAL, shm and the log are searched byte by byte for
every offline loan (card number, keyed hash or masked number beside the item, the row's id,
the card number anywhere: kiosk.privacy.find_links), while the kiosk runs and after it closed.
``kiosk privacy report`` is saved to bench/results/soak-privacy-report.txt.

``SOAK_SESSIONS=N`` runs N sessions instead of 10,000 (``--quick``: 300).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import sqlite3
import tempfile
import time
import urllib.request
from collections import Counter, deque
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import RESULTS, Result
from bench.soak import (
    READER,
    Sample,
    SimulatorProcess,
    card_on_reader,
    file_size,
    free_port,
    open_files,
    process_figures,
)
from tests.rigs.pcscd import Pcscd

SESSIONS = 10_000
QUICK_SESSIONS = 300
ITEMS_PER_SESSION = 3
IDLE_EVERY = 20              # every 20th session ends by the idle timeout
MYNUMBER_EVERY = 40          # every 40th signs in with the My Number card
KEEP_HOURS = 1 / 60          # [privacy] keep_accepted_hours: one minute
SECOND_MS = 10               # the window's "second" (idle 90 s → 0.9 s)
STEP_SECONDS = 60.0          # no answer to one step within this: counted as stuck
log = logging.getLogger("bench.soak")


def _spells(n: int) -> tuple[int, int, int]:
    """(every how many sessions the ILS goes away, at which session of those, for how many
    sessions): the first spell and its replay fall in the warm-up."""
    return (60, 6, 15) if n <= 1000 else (250, 25, 25)


class Soak:
    def __init__(self, tmp: Path, n: int) -> None:
        self.tmp, self.n = tmp, n
        self.state = tmp / "state"
        self.state.mkdir()
        self.db = self.state / "cache.sqlite3"
        self.log_path = tmp / "kiosk.log"
        self.offline_file = tmp / "offline-loans.txt"    # on disk: not in the measured RSS
        self.sim = SimulatorProcess(tmp / "ils.sqlite3", tmp / "ils.log")
        self.pcscd = Pcscd()
        self.counts: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()
        self.samples: list[Sample] = []
        self.events: list[object] = []
        self.mynumber_problem = ""
        self.virtual: Any = None
        self.vpcd: Any = None
        self.fd_kinds: dict[str, dict[str, int]] = {}
        self.tracing = bool(os.environ.get("SOAK_TRACEMALLOC"))
        self.trace_warm: Any = None
        if self.tracing:
            import tracemalloc
            tracemalloc.start(12)

    # -- setting up -----------------------------------------------------------------------------
    def _mynumber_files(self) -> dict[str, object]:
        from cryptography.hazmat.primitives import serialization

        from tests.rigs.virtual_mynumber import CardKeys, VirtualMyNumberCard
        self.mynumber_problem = self.pcscd.ensure()
        if self.mynumber_problem:
            return {"enabled": False}
        ca = CardKeys.generate()
        anchors = self.tmp / "jpki-ca.pem"
        anchors.write_bytes(ca.ca_cert.public_bytes(serialization.Encoding.PEM))
        secret = self.tmp / "link-secret"
        secret.write_bytes(b"soak-link-secret-0123456789abcdef")
        self.virtual = VirtualMyNumberCard(CardKeys.generate(ca=(ca.ca_key, ca.ca_cert),
                                                             serial=0x50A4))
        return {"enabled": True, "reader": READER, "strong": False,
                "link_secret_file": str(secret), "trust_anchors": [str(anchors)]}

    def _config_file(self, mynumber: dict[str, object]) -> Path:
        import json

        from kiosk import card_key
        card_key.load_or_create(self.state / "card-key")
        self.metrics_port = free_port()
        toml = f"""
[devices]
scanners = ["fake-scanner://?name=soak"]
[session]
idle_seconds = 90
warning_seconds = 10
goodbye_seconds = 10
[offline]
max_items_per_patron = 1000   # the bench's patrons borrow all day long
retry_seconds = 1
[cache]
path = {json.dumps(str(self.db))}
key_file = {json.dumps(str(self.state / "card-key"))}
[metrics]
listen = "127.0.0.1:{self.metrics_port}"
[privacy]
keep_accepted_hours = {KEEP_HOURS!r}
[accessibility]
voice = false                 # no sound card here: aplay would only fail
sounds = false
[mynumber]
enabled = {json.dumps(mynumber["enabled"])}
"""
        if mynumber["enabled"]:
            toml += (f'reader = {json.dumps(READER)}\nstrong = false\n'
                     f'link_secret_file = {json.dumps(mynumber["link_secret_file"])}\n'
                     f'trust_anchors = {json.dumps(mynumber["trust_anchors"])}\n')
        path = self.tmp / "branch.toml"
        path.write_text(toml, encoding="utf-8")
        return path

    def _logging(self, card_pattern: str) -> logging.Handler:
        from kiosk.logging_setup import CardMask, KeyValueFormatter
        handler = logging.FileHandler(self.log_path, encoding="utf-8")
        handler.setFormatter(KeyValueFormatter())
        handler.addFilter(CardMask(card_pattern))
        root = logging.getLogger()
        for old in list(root.handlers):
            root.removeHandler(old)
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        return handler

    @staticmethod
    def _patrons_and_items() -> tuple[list[str], list[str]]:
        from sync.ils_sim.collection import MediaType, demo_collection
        coll = demo_collection()
        cards = [p.card for p in coll.patrons.values()
                 if not p.blocks and not p.wide_area and not p.pin and not coll.loans_of(p.card)
                 and not coll.holds_for(p.card)]
        items = [i.barcode for i in coll.items.values()
                 if i.media in (MediaType.BOOK, MediaType.PICTURE_BOOK)
                 and not (i.not_for_loan or i.ill or i.hold_for or i.barcode in coll.loans)]
        return cards, items

    # -- the event loop -------------------------------------------------------------------------
    def _pump(self, done: Callable[[], bool], seconds: float = STEP_SECONDS) -> bool:
        from PySide6.QtCore import QCoreApplication, QEventLoop
        deadline = time.monotonic() + seconds
        while not done():
            if time.monotonic() > deadline:
                return False
            # sleeps until an event comes; the wake timer (run()) brings one every 20 ms
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return True

    def _saw(self, *kinds: type) -> Callable[[], bool]:
        return lambda: any(isinstance(e, kinds) for e in self.events)

    def _count_of(self, *kinds: type) -> int:
        return sum(1 for e in self.events if isinstance(e, kinds))

    def _more(self, than: int, *kinds: type) -> Callable[[], bool]:
        return lambda: self._count_of(*kinds) > than

    # -- one visit ------------------------------------------------------------------------------
    def _visit(self, card: str, items: list[str], *, idle: bool, mynumber: bool
               ) -> tuple[list[str], list[str], list[str]]:
        """Returns (items lent online, items lent offline, items not lent)."""
        from kiosk.events import (
            CardPinRequested,
            CardRefused,
            EndReason,
            ItemAlreadyOnLoan,
            ItemCheckedOut,
            ItemRefused,
            Mode,
            PatronIdentified,
            PatronRefused,
            PinRequested,
            ScanRejected,
            SessionEnded,
        )
        from sync.ils_sim.collection import DEMO
        from tests.rigs.virtual_mynumber import VpcdClient
        window = self.window
        self.events.clear()
        if mynumber:
            self.vpcd = VpcdClient(self.virtual)
            self.vpcd.insert()
            self.counts["mynumber_sessions"] += 1
        else:
            self.fake.inject(DEMO.codabar(card))
        signed = self._pump(self._saw(PatronIdentified, PatronRefused, CardRefused,
                                      ScanRejected, PinRequested, CardPinRequested))
        identified = any(isinstance(e, PatronIdentified) for e in self.events)
        if not identified:
            for e in self.events:
                if isinstance(e, PatronRefused | CardRefused | ScanRejected):
                    self.refusals[f"{type(e).__name__}:{e.reason}"] += 1
            if not signed:
                self.counts["stuck_signing_in"] += 1
            self._back_to_idle()
            return [], [], list(items)
        online: list[str] = []
        offline: list[str] = []
        unlent: list[str] = []
        for item in items:
            before = self._count_of(ItemCheckedOut, ItemAlreadyOnLoan, ItemRefused)
            self.fake.inject(item)
            if not self._pump(self._more(before, ItemCheckedOut, ItemAlreadyOnLoan,
                                         ItemRefused)):
                self.counts["stuck_on_item"] += 1
                unlent.append(item)
                continue
            last = [e for e in self.events
                    if isinstance(e, ItemCheckedOut | ItemAlreadyOnLoan | ItemRefused)][-1]
            if isinstance(last, ItemRefused):
                self.refusals[f"ItemRefused:{last.reason}"] += 1
                unlent.append(item)
            elif isinstance(last, ItemAlreadyOnLoan):
                # "you have this already": nothing sent to the ILS (by the loan's mode)
                self.counts["already_on_loan"] += 1
                self.counts[f"already_on_loan_{last.loan.mode}"] += 1
                unlent.append(item)
            elif last.loan.mode is Mode.OFFLINE:
                offline.append(item)
            else:
                online.append(item)
        if not idle:
            window.patron.finish_clicked.emit()
        ended = self._pump(self._saw(SessionEnded))
        if not ended:
            self.counts["stuck_ending"] += 1
        for e in self.events:
            if isinstance(e, SessionEnded):
                self.counts[f"ended_{e.reason}"] += 1
                if e.reason is EndReason.IDLE and not idle:
                    self.counts["idle_unplanned"] += 1
        self._back_to_idle()
        return online, offline, unlent

    def _back_to_idle(self) -> None:
        window = self.window
        if window.current_screen is window.card_screen:
            window.card_screen.cancelled.emit()
        if window.session.signed_in:
            window.finish(self._finished)
        if not self._pump(lambda: window.current_screen is window.idle
                          and not window.worker.busy, 30):
            self.counts["stuck_goodbye"] += 1
            window.show_idle()
        if self.vpcd is not None:
            self.vpcd.remove()
            self.vpcd = None
            monitor = window.card_monitor
            if monitor is not None and not self._pump(lambda: not monitor.present, 30):
                self.counts["stuck_card_removal"] += 1

    # -- returns, offline spells, samples -------------------------------------------------------
    def _return(self, items: list[str]) -> list[str]:
        """Checks the items in at the ILS; returns those that could not be."""
        from sync.sip2.codec import Sip2Error
        left = []
        for item in items:
            try:
                self.returns.checkin(item)
                self.counts["returned"] += 1
            except (Sip2Error, OSError):
                left.append(item)
        return left

    def _note_offline(self, card: str, items: list[str]) -> None:
        """The journal rows of the loans just made: each item's newest row, whatever its
        state (the watch may have replayed it already, if the ILS came back meanwhile)."""
        with self.kiosk.cache.engine.begin() as connection:
            rows = connection.exec_driver_sql(
                "SELECT txn_id, item_id FROM journal WHERE id IN (SELECT max(id) FROM journal "
                f"WHERE item_id IN ({','.join('?' * len(items))}) GROUP BY item_id)",
                tuple(items)).all()
        with self.offline_file.open("a", encoding="ascii") as out:
            for txn, item in rows:
                out.write(f"{card} {item} {txn}\n")
        self.counts["offline_loans_noted"] += len(rows)

    def _sample(self, session: int, start: float) -> None:
        import gc

        from PySide6.QtWidgets import QApplication
        rss, threads, fds = process_figures()
        journal = self.kiosk.journal
        with self.kiosk.cache.engine.begin() as connection:
            total = connection.exec_driver_sql("SELECT count(*) FROM journal").scalar() or 0
        self.samples.append(Sample(
            session, round(time.monotonic() - start, 1), rss, threads, fds,
            file_size(self.db), file_size(self.db.with_name(self.db.name + "-wal")),
            file_size(self.db.with_name(self.db.name + "-shm")), journal.count_open(),
            int(total), len(QApplication.allWidgets()), len(gc.get_objects()),
            self.sim.up and journal.count_open() == 0))
        if session == self.n // 10 or session == self.n:
            self.fd_kinds[f"at_session_{session}"] = open_files()
        if self.tracing and session == self.n // 10:
            import tracemalloc
            self.trace_warm = tracemalloc.take_snapshot()

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> list[Result]:
        from kiosk.config import load_config
        from kiosk.demo import bootstrap, seed_cache
        from kiosk.events import EndReason
        from sync.ils_sim.collection import DEMO
        from sync.sip2.client import Sip2Client, Sip2Settings
        from ui.app import application, build_window
        from ui.window import Timings
        self._finished = EndReason.FINISHED
        mynumber = self._mynumber_files()
        config_path = self._config_file(mynumber)
        config = load_config(config_path)
        handler = self._logging(config.barcodes.card_pattern)
        self.sim.start()
        seed_cache(config)
        cards, items = self._patrons_and_items()
        mynumber_card = cards.pop() if mynumber["enabled"] else ""
        kiosk = self.kiosk = bootstrap(config, ils_address=self.sim.address)
        try:
            if mynumber["enabled"]:
                self._link(mynumber_card)
            application()
            window = self.window = build_window(kiosk, demo=False,
                                                timings=Timings(second_ms=SECOND_MS))
            window.resize(1280, 800)
            window.show()
            window.event_applied.connect(self.events.append)
            from PySide6.QtCore import QTimer
            wake = QTimer()
            wake.start(20)
            kiosk.start()
            from drivers.scanners.fake import FakeScanner
            self.fake = next(s for s in kiosk.scanners if isinstance(s, FakeScanner))
            host, port = self.sim.address
            self.returns = Sip2Client(Sip2Settings(host=host, port=port, user=DEMO.sip_user,
                                                   password=DEMO.sip_password,
                                                   institution=DEMO.institution))
            try:
                measured = self._sessions(cards, mynumber_card, items)
                privacy = self._privacy(cards + ([mynumber_card] if mynumber_card else []))
            finally:
                wake.stop()
                self.returns.close()
            window.shutdown()
        finally:
            kiosk.close()
            self.sim.stop()
            self.pcscd.stop()
        privacy.update(self._after_close())
        report = self._privacy_report(config_path)
        logging.getLogger().removeHandler(handler)
        handler.close()
        return self._results(measured, privacy, report)

    def _link(self, card: str) -> None:
        """The virtual card linked to ``card`` at the counter, before the window watches."""
        from drivers.cards.pcsc import CardReader
        from kiosk.mynumber import link
        from tests.rigs.virtual_mynumber import VpcdClient
        assert self.kiosk.mynumber is not None
        client = VpcdClient(self.virtual)
        client.insert()
        try:
            deadline = time.monotonic() + 15
            while not card_on_reader():
                if time.monotonic() > deadline:
                    raise RuntimeError("pcscd never saw the virtual card (is vpcd in use by "
                                       "another test?)")
                time.sleep(0.05)
            reader = CardReader(READER)
            read = self.kiosk.mynumber.read(reader)
            with contextlib.suppress(OSError):
                reader.disconnect()
            link(self.kiosk.cache, read, card)
        finally:
            client.remove()
        deadline = time.monotonic() + 15
        while card_on_reader() and time.monotonic() < deadline:
            time.sleep(0.05)

    def _sessions(self, cards: list[str], mynumber_card: str, pool: list[str]
                  ) -> dict[str, object]:
        n = self.n
        every, away, length = _spells(n)
        sample_every = max(n // 100, 1)
        free = deque(pool)
        to_return: list[str] = []
        offline_out: list[str] = []
        hashes = 0
        start = time.monotonic()
        self._sample(0, start)
        for i in range(n):
            phase = i % every
            if phase == away and self.sim.up:
                self.sim.kill()
                self.counts["offline_spells"] += 1
            elif phase == away + length and not self.sim.up:
                self.sim.start()
            mynumber = bool(mynumber_card) and i % MYNUMBER_EVERY == MYNUMBER_EVERY - 1
            idle = i % IDLE_EVERY == IDLE_EVERY // 2
            card = mynumber_card if mynumber else cards[hashes % len(cards)]
            if not mynumber:
                hashes += 1
            taken = [free.popleft() for _ in range(min(ITEMS_PER_SESSION, len(free)))]
            if len(taken) < ITEMS_PER_SESSION:
                self.counts["short_of_items"] += 1
            online, offline, unlent = self._visit(card, taken, idle=idle, mynumber=mynumber)
            self.counts["sessions"] += 1
            self.counts["loans_online"] += len(online)
            self.counts["loans_offline"] += len(offline)
            if offline:
                self._note_offline(card, offline)
                offline_out += offline
            to_return += online + unlent
            if self.sim.up:
                left = self._return(to_return)
                free.extend(i for i in to_return if i not in left)
                to_return = left
                if offline_out and self.kiosk.journal.count_open() == 0:
                    left = self._return(offline_out)
                    free.extend(i for i in offline_out if i not in left)
                    offline_out = left
            if (i + 1) % sample_every == 0:
                self._sample(i + 1, start)
        elapsed = time.monotonic() - start
        if self.trace_warm is not None:
            import tracemalloc
            stats = tracemalloc.take_snapshot().compare_to(self.trace_warm, "traceback")
            for stat in stats[:15]:
                print(stat, flush=True)
                for line in stat.traceback.format()[-12:]:
                    print("   ", line, flush=True)
        if not self.sim.up:
            self.sim.start()
        drained = self._pump(lambda: self.kiosk.journal.count_open() == 0, 600)
        drain_seconds = time.monotonic() - start - elapsed
        self._sample(n, start)
        return {"seconds": round(elapsed, 1), "drained": drained,
                "drain_seconds_after_last_session": round(drain_seconds, 1),
                "metrics": self._scrape()}

    def _scrape(self) -> dict[str, float]:
        """A few of the kiosk's own metrics, as Prometheus would scrape them."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics",
                                        timeout=10) as answer:
                text = answer.read().decode()
        except OSError as exc:
            return {"error": str(exc)}  # type: ignore[dict-item]
        wanted = ("process_resident_memory_bytes", "process_open_fds",
                  "kiosk_journal_pending")
        found = {}
        for line in text.splitlines():
            if line.startswith(wanted):
                name, _, value = line.rpartition(" ")
                found[name] = float(value)
        return found

    # -- privacy --------------------------------------------------------------------------------
    def _files(self) -> list[Path]:
        return [self.db, self.db.with_name(self.db.name + "-wal"),
                self.db.with_name(self.db.name + "-shm")]

    def _loans(self, cards: list[str]) -> list[Any]:
        from kiosk.privacy import PatronLink
        from sync.privacy import mask_card
        cache = self.kiosk_cache
        hashes = {c: cache.card_hash(c) for c in cards}
        with cache.engine.begin() as connection:
            kept = {t for (t,) in connection.exec_driver_sql("SELECT txn_id FROM journal")}
        loans = []
        if self.offline_file.exists():
            for line in self.offline_file.read_text(encoding="ascii").splitlines():
                card, item, txn = line.split()
                if txn not in kept:          # deleted: accepted longer ago than the limit
                    loans.append(PatronLink(card, item, hashes[card], mask_card(card), txn))
        return loans

    def _held_cards(self) -> frozenset[str]:
        """Cards the kiosk keeps in full for another reason: My Number links, rows for staff."""
        with self.kiosk_cache.engine.begin() as connection:
            linked = {c for (c,) in connection.exec_driver_sql(
                "SELECT card_number FROM mynumber_links")}
            failed = {c for (c,) in connection.exec_driver_sql(
                "SELECT card FROM journal WHERE state IN ('failed', 'renewed')")}
        return frozenset(linked | failed)

    def _privacy(self, cards: list[str]) -> dict[str, object]:
        from kiosk.privacy import find_links
        kiosk = self.kiosk
        self.kiosk_cache = kiosk.cache
        keep = timedelta(hours=kiosk.config.keep_accepted_hours)
        with kiosk.cache.engine.begin() as connection:
            # as the purge counts it: the replayer sets no closed_at, its last attempt is when
            newest = connection.exec_driver_sql(
                "SELECT max(coalesce(closed_at, last_attempt_at, transaction_at)) FROM journal"
                " WHERE state = 'done'").scalar()
        if newest is not None:                    # let the last accepted row's time pass
            closed = datetime.fromisoformat(str(newest))
            closed = closed if closed.tzinfo else closed.replace(tzinfo=UTC)
            wait = (closed + keep - datetime.now(UTC)).total_seconds() + 1
            if wait > 0:
                self._pump(lambda: False, wait)
        accepted_before, _ = kiosk.journal.accepted_summary()
        purged = kiosk.retention.purge_once()
        cutoff = datetime.now(UTC) - keep
        accepted_after, oldest = kiosk.journal.accepted_summary()
        older = 0 if oldest is None or oldest >= cutoff else accepted_after
        self.loans = self._loans(cards)
        self.held = self._held_cards()
        self.page_size = int(sqlite3.connect(self.db).execute("PRAGMA page_size").fetchone()[0])
        started = time.monotonic()
        found = find_links(self._files(), [self.log_path], self.loans, self.page_size,
                           held_cards=self.held)
        with kiosk.cache.engine.begin() as connection:
            states = {str(state): int(count) for state, count in connection.exec_driver_sql(
                "SELECT state, count(*) FROM journal GROUP BY state").all()}
        log_text = self.log_path.read_text(encoding="utf-8")
        return {"accepted_rows_before_final_purge": accepted_before,
                "purged_at_the_end": purged, "accepted_rows_left": accepted_after,
                "accepted_rows_older_than_limit": older,
                "keep_accepted_hours": kiosk.config.keep_accepted_hours,
                "journal_rows_by_state_after": states,
                "offline_loans_searched": len(self.loans),
                "cards_held_for_another_reason": len(self.held),
                "links_found_running": found[:20], "links_count_running": len(found),
                "search_seconds": round(time.monotonic() - started, 1),
                "titles_in_log": bool(re.search(r"\btitle=", log_text)),
                "log_bytes": len(log_text.encode()),
                "page_size": self.page_size}

    def _after_close(self) -> dict[str, object]:
        from kiosk.privacy import find_links
        found = find_links(self._files(), [self.log_path], self.loans, self.page_size,
                           held_cards=self.held)
        return {"links_found_closed": found[:20], "links_count_closed": len(found)}

    def _privacy_report(self, config_path: Path) -> str:
        from kiosk.cli import main
        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["privacy", "report", "--config", str(config_path)])
        text = out.getvalue()
        if code:
            text += f"\n(exit status {code})\n"
        return text

    # -- the figures ----------------------------------------------------------------------------
    def _results(self, measured: dict[str, object], privacy: dict[str, object], report: str
                 ) -> list[Result]:
        samples = self.samples
        warm_at = self.n // 10
        # the first sample after the warm-up taken as the end's is: the ILS there, the
        # journal empty (during a spell the kiosk has one socket fewer, more rows)
        warm = next((s for s in samples if s.session >= warm_at and s.steady),
                    next(s for s in samples if s.session >= warm_at))
        after = [s for s in samples if s.session >= warm.session]
        last = samples[-1]
        growth = last.rss_kb / warm.rss_kb
        peak = max(s.rss_kb for s in after) / warm.rss_kb
        sessions = self.counts["sessions"]
        rate = sessions / max(float(measured["seconds"]), 1e-9)  # type: ignore[arg-type]

        def flat(name: str) -> dict[str, object]:
            values = [getattr(s, name) for s in samples]
            return {"first": values[0], "after_warmup": getattr(warm, name),
                    "last": getattr(last, name), "max": max(values),
                    "max_after_warmup": max(getattr(s, name) for s in after)}

        threads, fds = flat("threads"), {**flat("fds"), "kinds": self.fd_kinds}
        common = {"sessions": sessions, "items_per_session": ITEMS_PER_SESSION,
                  "counts": dict(self.counts), "refusals": dict(self.refusals),
                  "mynumber": self.mynumber_problem or "on (pcscd + vpcd, virtual card)",
                  "warmup_sessions": warm.session}
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "soak-privacy-report.txt").write_text(report, encoding="utf-8")
        (RESULTS / "soak-samples.json").write_text(
            __import__("json").dumps([asdict(s) for s in samples], indent=0) + "\n",
            encoding="utf-8")
        print(report, flush=True)
        links = int(privacy["links_count_running"]) + int(privacy["links_count_closed"])  # type: ignore[call-overload]
        return [
            Result("soak memory after warm-up (last / post-warm-up RSS)", growth, "ratio",
                   "<= 1.05", growth <= 1.05,
                   {**common, "rss_kb_after_warmup": warm.rss_kb, "rss_kb_last": last.rss_kb,
                    "rss_kb_first": samples[0].rss_kb, "peak_ratio_after_warmup": round(peak, 4),
                    "growth_percent": round((growth - 1) * 100, 2),
                    "peak_growth_percent": round((peak - 1) * 100, 2),
                    "qt_widgets": flat("widgets"), "python_objects": flat("py_objects")}),
            Result("soak threads (last / post-warm-up)", last.threads / warm.threads, "ratio",
                   "<= 1.0", last.threads <= warm.threads, threads),
            Result("soak open file descriptors (last / post-warm-up)", last.fds / warm.fds,
                   "ratio", "<= 1.0", last.fds <= warm.fds, fds),
            Result("soak journal depth at the end", float(last.journal_open), "rows", "== 0",
                   last.journal_open == 0 and bool(measured["drained"]),
                   {**measured, "db_bytes": flat("db_bytes"), "wal_bytes": flat("wal_bytes"),
                    "shm_bytes": flat("shm_bytes"), "journal_rows": flat("journal_rows")}),
            # every item is returned between visits: "you have this already" is a loan lost
            # (the 10,000-session soak.json, from before its fix, counted 426)
            Result("soak items answered 'you have this already'",
                   float(self.counts["already_on_loan"]), "answers", "== 0",
                   self.counts["already_on_loan"] == 0, {"counts": dict(self.counts)}),
            Result("soak sessions per second", rate, "sessions/s", "", None,
                   {"seconds": measured["seconds"], "sessions": sessions}),
            Result("privacy: accepted rows older than the limit after the purge",
                   float(privacy["accepted_rows_older_than_limit"]), "rows", "== 0",  # type: ignore[arg-type]
                   privacy["accepted_rows_older_than_limit"] == 0, privacy),
            Result("privacy: patron-item links of old accepted loans in db/WAL/shm/log",
                   float(links), "links", "== 0", links == 0 and not privacy["titles_in_log"],
                   {"running": privacy["links_found_running"],
                    "closed": privacy["links_found_closed"],
                    "offline_loans_searched": privacy["offline_loans_searched"]}),
        ]


def run(quick: bool) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    n = int(os.environ.get("SOAK_SESSIONS", QUICK_SESSIONS if quick else SESSIONS))
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as tmp:
        return Soak(Path(tmp), n).run()
