"""The long crash run: 1,000 SIGKILLs of kiosks lending offline, and 200 SIGKILLs of the ILS
or the replayer (``kiosk journal replay``) during replay. Reports acknowledged loans, lost,
doubled and extra loans (all three must be 0; a checkout the ILS took as a renewal is a
doubled loan), the kills of each kind and where they landed.
The baseline here is correctness, not time: the "ratio" is acknowledged loans found exactly
once in the ledger over acknowledged loans (target 1.0, with nothing extra in the ledger).

The kills are spread over epochs: a fresh kiosk (18 patrons borrowing 5 items each, the
demo's offline limit per patron and day) killed ``KIOSK_KILLS_PER_EPOCH`` times while it
lends, then a fresh ILS to which its journal is replayed while the ILS or the replayer is
killed ``REPLAY_KILLS_PER_EPOCH`` times (half each, in random order); each epoch is checked
against its own ledger. A fresh kiosk per epoch keeps every kill on lending still to do: one
kiosk's visits are done after a few dozen kills. Kiosk processes are forked from a server
that has the kiosk imported (bench/forkserver.py), so a kill costs the kiosk's own start-up,
not Python's; every ``FRESH_EVERY``-th epoch starts them as fresh interpreters instead,
which redo every visit from the first (nothing is skipped), to show the forks hide nothing.

``CRASH_KIOSK_KILLS`` and ``CRASH_REPLAY_KILLS`` in the environment set smaller totals
(an estimate, or a run that must fit a time).
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.crash import CrashRun, free_port
from bench.forkserver import Launcher
from bench.harness import Result

PATRONS, ITEMS = 18, 5
KIOSK_KILLS_PER_EPOCH = 25
REPLAY_KILLS_PER_EPOCH = 5
FRESH_EVERY = 8        # every 8th epoch: fresh interpreters, not forks (nothing hidden by them)


def run(quick: bool) -> list[Result]:
    if quick:
        kiosk_kills, replay_kills = 40, 8
    else:
        kiosk_kills = int(os.environ.get("CRASH_KIOSK_KILLS", "1000"))
        replay_kills = int(os.environ.get("CRASH_REPLAY_KILLS", "200"))
    return crash_bench(kiosk_kills, replay_kills)


def crash_bench(kiosk_kills: int, replay_kills: int, seed: int = 2026) -> list[Result]:
    epochs = max(math.ceil(kiosk_kills / KIOSK_KILLS_PER_EPOCH),
                 math.ceil(replay_kills / REPLAY_KILLS_PER_EPOCH), 1)
    totals: Counter[str] = Counter()
    landed: Counter[str] = Counter()
    replay_landed: Counter[str] = Counter()
    replay_kinds: Counter[str] = Counter()
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    runs = attempts = done_epochs = epoch = 0
    root = Path(tempfile.mkdtemp(prefix="kiosk-crash-"))
    began = time.monotonic()
    previous: CrashRun | None = None
    forked_startup: list[float] = []
    fresh_startup: list[float] = []
    launched: Counter[str] = Counter()       # kiosk kills by how the kiosk was started
    with Launcher(fork=True) as launcher:
        # a kill that comes too late (the run had finished) is no kill: epochs go on past
        # the planned number, a few at most, until both totals are reached
        while (totals["kiosk_kills"] < kiosk_kills or replay_kinds["ils"] < replay_kills // 2
               or replay_kinds["replayer"] < replay_kills - replay_kills // 2
               ) and epoch < epochs + max(3, epochs // 5):
            # what is left spread over the epochs left
            left = max(epochs - epoch, 1)
            kills = math.ceil(max(kiosk_kills - totals["kiosk_kills"], 0) / left)
            # half the replay kills of the ILS, half of the replayer
            ils_cuts = math.ceil(max(replay_kills // 2 - replay_kinds["ils"], 0) / left)
            replayer_cuts = math.ceil(
                max(replay_kills - replay_kills // 2 - replay_kinds["replayer"], 0) / left)
            workdir = root / f"epoch-{epoch:03d}"
            fresh = epoch % FRESH_EVERY == FRESH_EVERY - 1
            crash = CrashRun(workdir, patrons=PATRONS, items_per_patron=ITEMS,
                             seed=seed + epoch, launcher=None if fresh else launcher)
            if previous is not None:          # the pace learnt so far: kills land better
                crash.line_seconds = previous.line_seconds[-200:]
                crash.first_seconds = previous.first_seconds[-50:]
                crash.row_seconds = previous.row_seconds[-100:]
                if not fresh:
                    crash.startup_seconds = forked_startup[-50:]
            previous = crash
            epoch += 1
            try:
                crash.crash_phase(kills=max(kills, 0))
                crash.replay(free_port(), cut_ils=ils_cuts, kill_replayer=replayer_cuts,
                             check=False)
                verdict = crash.verdict()
            except AssertionError as exc:
                failures.append(f"epoch {epoch - 1}: {exc}")
                print(f"crash: epoch {epoch - 1} failed: {exc} (kept in {workdir})", flush=True)
                continue
            finally:
                crash.close()
            if fresh:
                fresh_startup += crash.startup_seconds
            else:
                forked_startup = crash.startup_seconds
            launched["fresh interpreter" if fresh else "forked"] += crash.kills
            done_epochs += 1
            totals.update(verdict)
            totals["kiosk_kills"] += crash.kills
            landed.update(crash.landed)
            replay_landed.update(crash.replay_landed)
            replay_kinds.update(crash.replay_kills)
            runs += crash.kiosk_runs
            attempts += crash.replay_attempts
            statuses[crash.replay_status if crash.replay_status is not None else -1] += 1
            bad = verdict["lost"] or verdict["doubled"] or verdict["extra"] or \
                crash.replay_status != 0
            if bad:
                failures.append(f"epoch {epoch - 1}: {verdict}, replay status "
                                f"{crash.replay_status}; kept in {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
            print(f"crash: epoch {epoch}/{epochs}: {crash.kills} kiosk kills, "
                  f"{dict(crash.replay_kills)} replay kills, {verdict}, "
                  f"{time.monotonic() - began:.0f} s", flush=True)
    if not failures:
        shutil.rmtree(root, ignore_errors=True)
    acknowledged = totals["acknowledged"]
    ratio = totals["once"] / acknowledged if acknowledged else 0.0
    replay_total = sum(replay_kinds.values())
    met = (ratio == 1.0 and not failures and totals["lost"] == totals["doubled"]
           == totals["extra"] == 0 and totals["kiosk_kills"] >= kiosk_kills
           and replay_total >= replay_kills)
    return [Result("acknowledged loans in the ledger exactly once", ratio, "ratio", "== 1.0",
                   met,
                   {"kiosk_kills": totals["kiosk_kills"], "kiosk_kills_asked": kiosk_kills,
                    "kiosk_runs": runs, "kiosk_kills_landed": dict(landed),
                    "kiosk_kills_by_start": dict(launched),
                    "kiosk_startup_seconds_median": {
                        "forked": round(statistics.median(forked_startup), 3)
                        if forked_startup else None,
                        "fresh interpreter": round(statistics.median(fresh_startup), 3)
                        if fresh_startup else None},
                    "ils_kills_during_replay": replay_kinds["ils"],
                    "replayer_kills": replay_kinds["replayer"],
                    "replay_kills_asked": replay_kills, "replays_started": attempts,
                    "replay_kills_landed": dict(replay_landed),
                    "epochs": done_epochs, "patrons_per_epoch": PATRONS,
                    "items_per_patron": ITEMS,
                    "acknowledged": acknowledged, "once": totals["once"],
                    "lost": totals["lost"], "doubled": totals["doubled"],
                    "renewed_by_the_ils": totals["renewed_by_the_ils"],
                    "not_acknowledged_but_in_ledger": totals["extra"],
                    "final_replay_exit_statuses": {str(k): v for k, v in statuses.items()},
                    "failures": failures, "seconds": round(time.monotonic() - began)})]
