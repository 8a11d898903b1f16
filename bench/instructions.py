"""Instructions per checkout on the kiosk side, counted by valgrind: a yardstick that, unlike the
clock on a shared virtual machine, gives the same number twice.

``python -m bench.instructions [--small N] [--large N]`` starts the ILS simulator in a process
of its own (not counted), then runs each loop of :mod:`bench.bench_client` (bare socket,
hand-written floor, the sans-I/O connection and codec, :class:`Sip2Client`) twice under ``valgrind
--tool=callgrind``, for a small and a large number of checkouts, and prints the difference per
checkout: start-up and imports cancel out. Needs valgrind (``apt-get install valgrind``).

Instructions are not time: on the virtual machines here code run right after a blocking
receive costs several times its instruction count (see bench_client), so this tells whether a
change made the client do less, not whether the round-trip ratio is met.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys

from bench import bench_client as bc

LOOPS = ("bare", "floor", "codec", "client")


class _Address:
    """The face of bench_client's simulator a loop uses, for a simulator in another process
    that the parent has already cleared."""

    def __init__(self, host: str, port: int) -> None:
        self.address = (host, port)

    def fresh(self) -> None:
        pass


def _worker(loop: str, host: str, port: int, n: int) -> None:
    """One loop over n checkouts, or (``none``) only the set-up every loop does: the
    difference is the loop's own work."""
    _coll, work = bc._collection(n)
    requests = bc._requests(work)         # what the bare loop encodes up front, in every run
    if loop != "none":
        bc._once(bc.PHASES[loop], _Address(host, port), work, requests)  # type: ignore[arg-type]


def _count(loop: str, sim: bc._Sim, n: int) -> int:
    sim.fresh()
    host, port = sim.address
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         "-m", "bench.instructions", "--worker", loop, host, str(port), str(n)],
        capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no count from valgrind: {done.stderr[-500:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions")
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=1200)
    parser.add_argument("--worker", nargs=4, metavar=("LOOP", "HOST", "PORT", "N"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        loop, host, port, n = args.worker
        _worker(loop, host, int(port), int(n))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    sim = bc._Sim(args.large, "process")
    try:
        counts = {loop: _count(loop, sim, args.large) - _count(loop, sim, args.small)
                  for loop in ("none", *LOOPS)}
    finally:
        sim.close()
    per_checkout = {loop: round((counts[loop] - counts["none"]) / (args.large - args.small))
                    for loop in LOOPS}
    print(json.dumps({"instructions_per_checkout": per_checkout,
                      "interpreter": sys.executable}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
