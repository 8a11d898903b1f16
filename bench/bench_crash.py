"""The long crash run: many SIGKILLed offline kiosks, then a replay during which the ILS is
killed several times. Reports lost and doubled loans (both must be 0; a checkout the ILS took
as a renewal is a doubled loan) and the kills survived.
The baseline here is correctness, not time: the "ratio" is acknowledged loans found exactly
once in the ledger over acknowledged loans (target 1.0, with nothing extra in the ledger)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.crash import CrashRun, free_port
from bench.harness import Result


def run(quick: bool) -> list[Result]:
    kills, cuts, patrons = (4, 2, 4) if quick else (40, 8, 18)
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent) as tmp:
        crash = CrashRun(Path(tmp), patrons=patrons, items_per_patron=3, seed=2026)
        crash.crash_phase(kills=kills, max_delay=3.0)
        crash.replay(free_port(), cut_ils=cuts, check=False)
        acknowledged, ledger = crash.check()
        renewals = crash.ils_renewals()
    once = sum(1 for loan in acknowledged if ledger.get(loan) == 1)
    lost = sum(1 for loan in acknowledged if loan not in ledger)
    doubled = sum(1 for count in ledger.values() if count > 1)
    doubled = max(doubled, renewals)
    extra = sum(1 for loan in ledger if loan not in acknowledged)
    ratio = once / len(acknowledged) if acknowledged else 0.0
    return [Result("acknowledged loans in the ledger exactly once", ratio, "ratio", "== 1.0",
                   ratio == 1.0 and lost == doubled == extra == renewals == 0
                   and crash.replay_status == 0,
                   {"kiosk_kills": crash.kills, "ils_kills_during_replay": cuts,
                    "acknowledged": len(acknowledged), "lost": lost, "doubled": doubled,
                    "renewed_by_the_ils": renewals, "replay_exit_status": crash.replay_status,
                    "not_acknowledged_but_in_ledger": extra})]
