"""The crash rig: kiosks lending offline are killed with SIGKILL at random moments; then the
ILS comes back and the journal is replayed, while the ILS or the replayer (``kiosk journal
replay``, a process of its own) is SIGKILLed at random moments. Every loan a patron saw
acknowledged must be in the simulator's ledger exactly once, and no other loan may be there.
A checkout the ILS took as a renewal (the patron had the item already) is a doubled loan even
though the ILS shows one loan: the ledger's ``renewal`` flag is counted as a second loan.

One :class:`CrashRun` is one kiosk (a state directory: cache and journal) and one ILS (a
state file: loans and the ledger, kept across its restarts). Its phases:

* :meth:`CrashRun.crash_phase`: ``kiosk demo --autopilot --offline`` runs, each SIGKILLed at
  a random moment, until the given number of kills; then one run serves the rest. A line on
  the kiosk's stdout is a loan the patron's screen showed (the autopilot prints it when the
  screen shows it): those are the acknowledged loans. Kills are timed from the kiosk's
  "start" line (its first screen), a random span into the lending still to do, so they land
  mid-lending rather than in the interpreter's start-up; a few land in the start-up on
  purpose. Each kill is classified afterwards: during start-up, before the run's first loan,
  or mid-lending, and of those, how many caught a loan the journal had committed but the
  screen had not shown yet (the journal has a row no acknowledged loan accounts for).
* :meth:`CrashRun.replay`: the simulator is started on the state file; ``kiosk journal
  replay`` runs, and at a random moment once its first checkout reached the ledger either
  the simulator or the replayer is SIGKILLed; the simulator is restarted on the same file.
  Each kill is classified: before the first send, mid-replay, or after the journal drained
  (a kill that came too late: the replayer had finished; not counted as a kill). Then one
  replay runs to the end.
* :meth:`CrashRun.check`: the acknowledged loans and the ledger.

Kiosks and replayers come from a :class:`~bench.forkserver.Launcher`: forked from a server
that has the kiosk imported (the bench: a thousand start-ups cost a second less each), or fresh
interpreters (the tests' default); the simulator is tests/rigs/ils_process.py's, as the soak
bench and the tests run it. Used by tests/offline/test_crash.py (a few kills) and
bench/bench_crash.py (many).
"""

from __future__ import annotations

import itertools
import json
import random
import signal
import socket
import sqlite3
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.forkserver import Child, Launcher
from tests.rigs.ils_process import IlsSimProcess

SIM_PASSWORD = "kiosk-demo"
STARTUP_SHARE = 0.05          # of the kiosk kills, this share is aimed at the start-up
EARLY_REPLAY_SHARE = 0.1      # of the replay kills, this share before the first send


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _count(path: Path, sql: str) -> int:
    """One number from an SQLite file, read-only (its writer may be running)."""
    if not path.exists():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        return int(db.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:        # no such table yet: a kiosk killed in start-up
        return 0
    finally:
        db.close()


@dataclass
class CrashRun:
    workdir: Path
    patrons: int = 4
    items_per_patron: int = 3
    seed: int = 1
    launcher: Launcher | None = None          # None: fresh interpreters, made on first use
    acknowledged: Counter[tuple[str, str]] = field(default_factory=Counter)  # (item, last4)
    kills: int = 0                            # kiosks SIGKILLed
    kiosk_runs: int = 0
    landed: Counter[str] = field(default_factory=Counter)         # where the kiosk kills hit
    replay_kills: Counter[str] = field(default_factory=Counter)   # "ils" / "replayer"
    replay_landed: Counter[str] = field(default_factory=Counter)
    replay_attempts: int = 0
    log: list[str] = field(default_factory=list)
    replay_status: int | None = None     # exit status of the last `kiosk journal replay`
    visits_done: int = 0                 # autopilot visits that ended (session_end seen)
    line_seconds: list[float] = field(default_factory=list)    # between autopilot lines
    startup_seconds: list[float] = field(default_factory=list)  # launch to "start"
    first_seconds: list[float] = field(default_factory=list)    # "start" to the next line
    row_seconds: list[float] = field(default_factory=list)      # per replayed row
    current_patron: str = ""             # last 4 of the card whose visit was under way

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._rng = random.Random(self.seed)
        self._own_launcher = self.launcher is None

    def _launch(self) -> Launcher:
        if self.launcher is None:
            self.launcher = Launcher(fork=False)
        return self.launcher

    def close(self) -> None:
        if self._own_launcher and self.launcher is not None:
            self.launcher.close()
            self.launcher = None

    @property
    def state_dir(self) -> Path:
        return self.workdir / "kiosk"

    @property
    def cache_db(self) -> Path:
        return self.state_dir / "cache.sqlite3"

    @property
    def sim_state(self) -> Path:
        return self.workdir / "ils-state.sqlite3"

    @property
    def stderr_log(self) -> Path:
        return self.workdir / "stderr.log"

    def journal_rows(self, where: str = "1") -> int:
        return _count(self.cache_db, f"SELECT count(*) FROM journal WHERE {where}")

    def ledger_size(self) -> int:
        return _count(self.sim_state, "SELECT count(*) FROM ledger")

    # -- offline lending ------------------------------------------------------------------
    def _demo(self) -> list[str]:
        return ["demo", "--autopilot", "--offline", "--state-dir", str(self.state_dir),
                "--patrons", str(self.patrons), "--items-per-patron", str(self.items_per_patron)]

    def _record(self, line: str) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            return
        if event.get("event") == "checkout":
            self.acknowledged[(event["item"], event["patron"][-4:])] += 1

    def _line_time(self) -> float:
        return statistics.median(self.line_seconds[-200:]) if self.line_seconds else 0.015

    def _startup_time(self) -> float:
        return statistics.median(self.startup_seconds[-50:]) if self.startup_seconds else 1.0

    def offline_run(self, kill_after: float | None = None, *, progress_lines: float = 0.0,
                    startup_kill: bool = False) -> int | None:
        """One kiosk process. ``kill_after``: SIGKILL that many seconds after its "start"
        line (None: let it finish); ``progress_lines``: instead, a random span of up to
        twice that many autopilot lines past the point where the lending the earlier runs
        did ends; ``startup_kill``: at a random moment of the start-up instead.
        Returns the exit status, None when it was killed."""
        launcher = self._launch()
        # the last visit is never skipped: a run with no visit would have nothing to do
        skip = min(self.visits_done, self.patrons - 1) if launcher.fork else 0
        ack_before = len(self.acknowledged)
        unshown_before = self.journal_rows() - ack_before
        child = launcher.run(self._demo(), stderr=self.stderr_log, on_line=self._record,
                             skip_visits=skip)
        self.kiosk_runs += 1

        def started() -> bool:
            return any('"start"' in line for _, line in child.lines)

        killed = False
        if startup_kill:
            time.sleep(self._rng.uniform(0.0, self._startup_time()))
            killed = self._kill_if_running(child)
        elif (kill_after is not None or progress_lines) and child.wait_for(started, 120):
            if kill_after is None:
                # lines this run repeats before it reaches new lending: the visit that
                # was under way (or, without skipping, every visit so far)
                redo = self._lines_to_frontier(skip)
                # the first line after the first screen comes slower than the rest
                first = (statistics.median(self.first_seconds[-50:])
                         if self.first_seconds else self._line_time())
                kill_after = first + self._line_time() * (
                    max(redo - 1, 0) + self._rng.uniform(0.0, 2 * progress_lines))
            time.sleep(kill_after)
            killed = self._kill_if_running(child)
        status = child.wait(timeout=300)
        if status is None:
            child.kill()
            raise AssertionError(f"a kiosk run did not finish in 5 minutes; see {self.stderr_log}")
        self._learn(child, skip)
        if killed and status == -signal.SIGKILL:
            self.kills += 1
            self._classify_kill(child, ack_before, unshown_before)
            return None
        return status

    def _kill_if_running(self, child: Child) -> bool:
        if child.status is not None:
            return False
        child.kill(signal.SIGKILL)
        return True

    def _lines_to_frontier(self, skip: int) -> int:
        """Autopilot lines a new run prints before its first new loan: per visit repeated,
        the patron line, a line per item it had, the session's end."""
        per_visit = self.items_per_patron + 2
        under_way = 0
        if self.current_patron:
            under_way = 1 + sum(1 for (_, last4) in self.acknowledged
                                if last4 == self.current_patron)
        return (self.visits_done - skip) * per_visit + under_way

    def _learn(self, child: Child, skip: int) -> None:
        """From the run's lines: the visits that ended, the patron under way, the pace."""
        times = [t for t, _ in child.lines]
        self.line_seconds += [b - a for a, b in itertools.pairwise(times[1:])]
        if child.lines and '"start"' in child.lines[0][1]:
            self.startup_seconds.append(child.lines[0][0] - child.started)
            if len(child.lines) > 1:
                self.first_seconds.append(child.lines[1][0] - child.lines[0][0])
        ended = 0
        for _, line in child.lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            kind = event.get("event")
            if kind == "patron":
                self.current_patron = str(event["patron"])[-4:]
            elif kind == "session_end":
                ended += 1
                self.current_patron = ""
        # a run forked with ``skip`` visits skipped starts after them; a fresh one redoes all
        self.visits_done = max(self.visits_done, skip + ended)

    def _classify_kill(self, child: Child, ack_before: int, unshown_before: int) -> None:
        events = []
        for _, line in child.lines:
            try:
                events.append(json.loads(line).get("event"))
            except ValueError:
                continue
        if "start" not in events:
            self.landed["during start-up"] += 1
        elif "checkout" not in events:
            self.landed["before the run's first loan"] += 1
        else:
            self.landed["mid-lending"] += 1
            if len(self.acknowledged) == ack_before:
                self.landed["mid-lending, re-scans only"] += 1
        # a row the screen never showed: the kill came between the journal's commit and the
        # patron's screen (the next run re-scans the item and shows it as theirs)
        if self.journal_rows() - len(self.acknowledged) > unshown_before:
            self.landed["journal committed, screen not yet shown"] += 1

    def crash_phase(self, kills: int, max_delay: float | None = None,
                    progress_lines: float | None = None) -> None:
        """Kiosk runs until ``kills`` of them were SIGKILLed, then one that finishes.
        ``max_delay``: kill at a uniform moment up to that many seconds after the kiosk's
        first screen; else ``progress_lines``: a random span into the lending still to do
        (by default most of the lending spread over the kills)."""
        if progress_lines is None:
            # most of the lending under the kills, the rest for the final run
            lines = self.patrons * (self.items_per_patron + 2)
            progress_lines = max(0.7 * lines / max(kills, 1), 1.0)
        attempts = 0
        # a run that finishes before its kill time is fine but is no kill: go on until
        # ``kills`` processes really died mid-run
        while (self.kills < kills and attempts < kills * 4
               and self.visits_done < self.patrons):     # nothing left to lend: done early
            attempts += 1
            if self._rng.random() < STARTUP_SHARE:
                self.offline_run(startup_kill=True)
            elif max_delay is not None:
                self.offline_run(self._rng.uniform(0.0, max_delay))
            else:
                self.offline_run(progress_lines=progress_lines)
        code = self.offline_run(None)
        if code != 0:
            raise AssertionError(f"the final offline run failed with exit status {code}; "
                                 f"see {self.stderr_log}")

    # -- replay -----------------------------------------------------------------------------
    def branch_config(self, port: int) -> Path:
        password = self.workdir / "sip2-password"
        password.write_text(SIM_PASSWORD)
        config = self.workdir / "branch.toml"
        config.write_text(
            "[ils]\n"
            f'host = "127.0.0.1"\nport = {port}\nuser = "kiosk"\n'
            f'password_file = "{password}"\ntimeout_seconds = 2.0\n'
            "[cache]\n"
            f'path = "{self.cache_db}"\n'
            f'key_file = "{self.state_dir / "card-key"}"\n', encoding="utf-8")
        return config

    def _learn_pace(self, since: int) -> None:
        """The replay's pace from the ledger's own clock: between consecutive checkouts."""
        from datetime import datetime
        times = [datetime.fromisoformat(str(e["received_at"]))
                 for e in self.ledger_entries(since)]
        self.row_seconds += [d for a, b in itertools.pairwise(times)
                             if 0 <= (d := (b - a).total_seconds()) < 1.0]

    def _row_time(self) -> float:
        return statistics.median(self.row_seconds[-100:]) if self.row_seconds else 0.003

    def replay(self, port: int, *, cut_ils: int = 0, kill_replayer: int = 0,
               kills: int = 0, check: bool = True) -> None:
        """Replay the journal. ``cut_ils`` times the ILS, ``kill_replayer`` times the replayer,
        and ``kills`` times one of the two (chosen at random) is SIGKILLed at a random moment
        of a replay. ``check``: a final replay that does not exit 0 (rows refused, or taken as
        renewals) raises; else its status is kept in ``replay_status`` for the caller."""
        config = self.branch_config(port)
        argv = ["journal", "replay", "--config", str(config)]
        plan = ["ils"] * cut_ils + ["replayer"] * kill_replayer
        plan += [self._rng.choice(("ils", "replayer")) for _ in range(kills)]
        self._rng.shuffle(plan)
        ils = IlsSimProcess("--state", str(self.sim_state), port=port,
                            log_file=self.stderr_log)
        ils.start()
        try:
            attempts = 0
            while plan and attempts < len(plan) * 4 + 8:
                attempts += 1
                if self.journal_rows("state IN ('pending', 'sending')") == 0:
                    break           # nothing left to replay: no kill can land mid-replay
                target = plan[0]
                killed = self._replay_with_kill(argv, ils, target, len(plan))
                if killed:
                    plan.pop(0)
                    self.replay_kills[target] += 1
            done = self._launch().run([*argv, "--json"], stderr=self.stderr_log)
            self.replay_status = done.wait(timeout=600)
            self.log.append("\n".join(line for _, line in done.lines))
            if check and self.replay_status != 0:
                raise AssertionError(f"replay failed ({self.replay_status}): {self.log[-1]}")
        finally:
            ils.stop()

    def _replay_with_kill(self, argv: list[str], ils: IlsSimProcess, target: str,
                          kills_left: int) -> bool:
        """One replay, SIGKILLing ``target`` ("ils" or "replayer") at a random moment of it:
        once a random number of its checkouts reached the ledger (up to 1.4 times the rows
        not sent yet over the ``kills_left`` kills and one: the kills spread over them), within a
        row's time after; a few at a random moment of its first half second instead.
        Returns whether the kill landed while the replayer ran."""
        self.replay_attempts += 1
        ledger_before = self.ledger_size()
        replayer = self._launch().run(argv, stderr=self.stderr_log)
        if self._rng.random() < EARLY_REPLAY_SHARE:
            time.sleep(self._rng.uniform(0.0, 0.5))
        else:
            # rows the ILS has not got yet (the rest, in doubt, are asked about, not sent)
            unsent = max(self.journal_rows() - ledger_before, 1)
            rows = self._rng.randint(1, max(1, round(1.4 * unsent / (kills_left + 1))))
            db = sqlite3.connect(f"file:{self.sim_state}?mode=ro", uri=True, timeout=60,
                                 isolation_level=None)
            try:
                while (replayer.status is None and int(db.execute(
                        "SELECT count(*) FROM ledger").fetchone()[0]) < ledger_before + rows):
                    time.sleep(0.0005)
            finally:
                db.close()
            time.sleep(self._rng.uniform(0.0, self._row_time()))
        alive = replayer.status is None
        victim = ils if target == "ils" else replayer
        if alive:
            victim.kill()                      # SIGKILL
        status = replayer.wait(timeout=120)
        if status is None:
            replayer.kill(signal.SIGKILL)
            replayer.wait(timeout=30)
        if target == "ils" and alive:
            ils.start()                        # on the same port and state file
        sent = self.ledger_size() - ledger_before
        open_after = self.journal_rows("state IN ('pending', 'sending')")
        self._learn_pace(ledger_before)
        if not alive:
            self.replay_landed["too late: the replay had finished"] += 1
            return False
        if sent == 0:
            self.replay_landed[f"{target}: before the first send"] += 1
        elif open_after == 0:
            self.replay_landed[f"{target}: after the last row"] += 1
        else:
            self.replay_landed[f"{target}: mid-replay"] += 1
        return True

    # -- the verdict --------------------------------------------------------------------------
    def ledger_entries(self, since: int = 0) -> list[dict[str, object]]:
        from sync.ils_sim.state import StateStore
        store = StateStore(self.sim_state, readonly=True)
        try:
            return [e.to_json() for e in store.ledger(since)]
        finally:
            store.close()

    def ledger_loans(self) -> Counter[tuple[str, str]]:
        """(item, last 4 of card) of every checkout the ILS recorded, with its multiplicity:
        a checkout it took as a renewal counts as one more loan (a doubled one)."""
        loans: Counter[tuple[str, str]] = Counter()
        for entry in self.ledger_entries():
            if entry.get("ok") and (entry.get("renewal") or entry.get("kind") in (
                    "checkout", "no_block_checkout", "renew", "no_block_renew")):
                loans[(str(entry["item"]), str(entry["card"])[-4:])] += 1
        return loans

    def ils_renewals(self) -> int:
        """Checkouts the ILS took as renewals: each one a doubled loan."""
        return sum(1 for entry in self.ledger_entries()
                   if entry.get("ok") and entry.get("renewal")
                   and entry.get("kind") in ("checkout", "no_block_checkout"))

    def check(self) -> tuple[set[tuple[str, str]], Counter[tuple[str, str]]]:
        """(acknowledged loans, ledger) after the run; equal sets, every count 1, when right."""
        return set(self.acknowledged), self.ledger_loans()

    def verdict(self) -> dict[str, int]:
        acknowledged, ledger = self.check()
        renewals = self.ils_renewals()
        return {"acknowledged": len(acknowledged),
                "once": sum(1 for loan in acknowledged if ledger.get(loan) == 1),
                "lost": sum(1 for loan in acknowledged if loan not in ledger),
                "doubled": max(sum(1 for n in ledger.values() if n > 1), renewals),
                "renewed_by_the_ils": renewals,
                "extra": sum(1 for loan in ledger if loan not in acknowledged)}
