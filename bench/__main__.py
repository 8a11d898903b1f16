"""``python -m bench [NAME ...] [--quick]``: run the benchmarks, print and save their ratios."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from bench.harness import save

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    available = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    names = args.names or available
    unknown = set(names) - set(available)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; known: {available}")
    failed = False
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        results = module.run(quick=args.quick)
        path = save(name, results)
        for r in results:
            verdict = "" if r.met is None else ("  met" if r.met else "  NOT MET")
            print(f"{name}: {r.name} = {r.value:.3f} {r.unit} (target {r.target or '-'})"
                  f"{verdict}", flush=True)
            failed |= r.met is False
        print(f"{name}: saved {path}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
