"""The ``kiosk`` command: the kiosk itself, its demo, and the ILS simulator."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from kiosk.commands import COMMAND_MODULES
from kiosk.config import ConfigError, load_config


def _logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _run_ui(config_path: Path | None, *, demo: bool, autopilot: bool = False) -> int:
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        print(f"kiosk: configuration problem: {exc}", file=sys.stderr)
        return 2
    if autopilot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.app import run  # Qt is loaded only by the commands that show a window
    return run(config, demo=demo, autopilot=autopilot)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk", description="Library self-checkout kiosk")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="the kiosk on the embedded defaults: bundled ILS "
                               "simulator and simulated devices")
    demo.add_argument("--autopilot", action="store_true",
                      help="a scripted patron borrows three items; JSON lines on stdout; "
                      "exit 0 on success (a smoke test)")
    demo.add_argument("--config", type=Path, help="a branch config overriding the defaults")

    run = commands.add_parser("run", help="the kiosk, full screen, for a branch")
    run.add_argument("--config", type=Path, required=True, help="the branch config (TOML)")

    sim = commands.add_parser("ils-sim", help="the ILS simulator alone (SIP2 over TCP)")
    sim.add_argument("rest", nargs=argparse.REMAINDER, help="--host, --port, --encoding")

    for name in COMMAND_MODULES:
        importlib.import_module(f"kiosk.commands.{name}").register(commands)

    args, extra = parser.parse_known_args(argv)
    _logging(args.verbose)
    if getattr(args, "handler", None) is not None:
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return int(args.handler(args))
    if args.command == "ils-sim":
        from sync.ils_sim.cli import main as sim_main
        return sim_main([*extra, *args.rest])
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "demo":
        return _run_ui(args.config, demo=True, autopilot=args.autopilot)
    return _run_ui(args.config, demo=False)


if __name__ == "__main__":
    sys.exit(main())
