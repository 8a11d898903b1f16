"""Shared by every benchmark: timing, the machine's description, and the results file.

A benchmark module ``bench/bench_<name>.py`` defines ``run(quick: bool) -> list[Result]``.
Ratios, not absolute times, are what a benchmark claims: machines are noisy, so each
measurement is compared with a baseline measured in the same run on the same machine.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Result:
    name: str
    value: float                 # the measured quantity (ratio unless ``unit`` says otherwise)
    unit: str                    # "ratio", "ops/s", "MB", ...
    target: str = ""             # e.g. "<= 1.2"
    met: bool | None = None
    details: dict[str, object] = field(default_factory=dict)


def machine() -> dict[str, object]:
    # which interpreter matters as much as which version: builds differ by a fifth and more
    # (profile-guided optimisation, libpython shared or linked in)
    return {"python": sys.version.split()[0], "interpreter": os.path.realpath(sys.executable),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(), "when": datetime.now(UTC).isoformat(timespec="seconds")}


def _times(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in seconds: the least disturbed by the machine."""
    return min(_times(fn, repeat))


def median_of(fn: Callable[[], object], repeat: int = 5) -> float:
    return statistics.median(_times(fn, repeat))


def save(bench: str, results: list[Result]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{bench}.json"
    path.write_text(json.dumps({"bench": bench, "machine": machine(),
                                "results": [asdict(r) for r in results]},
                               ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
