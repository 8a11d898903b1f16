"""The ``kiosk`` command: the kiosk itself, its demo, and the ILS simulator."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import secrets
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from kiosk.commands import COMMAND_MODULES
from kiosk.config import ConfigError, KioskConfig, load_config


def _logging(verbose: bool) -> None:
    from kiosk.logging_setup import setup
    setup(verbose)


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host, int(port)


def _state_dir_config(config: KioskConfig, state_dir: Path) -> KioskConfig:
    """A persistent cache (and its key) in ``state_dir``: a demo that survives restarts."""
    state_dir.mkdir(parents=True, exist_ok=True)
    key = state_dir / "card-key"
    if not key.exists():
        key.write_bytes(secrets.token_hex(32).encode())
        key.chmod(0o600)
    return replace(config, cache_path=str(state_dir / "cache.sqlite3"),
                   cache_key_file=str(key))


NO_DISPLAY = ("kiosk: no display to open a window on: set DISPLAY (X11) or WAYLAND_DISPLAY "
              "(Wayland), or QT_QPA_PLATFORM (e.g. offscreen, eglfs, vnc); "
              "`kiosk demo --autopilot` needs none")


def _display_missing() -> bool:
    """Qt aborts (exit 134, "reinstalling may fix this") when it finds no display; say so
    first, in one line."""
    if not sys.platform.startswith("linux"):
        return False
    return not any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY",
                                                      "QT_QPA_PLATFORM"))


def _run_ui(args: argparse.Namespace, *, demo: bool) -> int:
    autopilot = getattr(args, "autopilot", False)
    if not autopilot and _display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    scratch: Path | None = None
    try:
        config = load_config(args.config)
        if getattr(args, "state_dir", None):
            config = _state_dir_config(config, args.state_dir)
        feed = getattr(args, "feed", None)
        if demo and (feed is not None or getattr(args, "ils", None) is not None):
            # a demo on another ILS (or with a feed of its own) lends offline from a cache
            # seeded as a library's nightly feed would: a file that outlives bootstrap
            if not config.cache_path:
                scratch = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
                config = _state_dir_config(config, scratch)
            from kiosk.demo import seed_cache
            seed_cache(config, feed)
    except ConfigError as exc:
        print(f"kiosk: configuration problem: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:       # a feed refused (FeedError), unreadable, a key problem
        print(f"kiosk: cannot seed the offline cache: {exc}", file=sys.stderr)
        return 2
    from kiosk.logging_setup import mask_cards_with
    mask_cards_with(config.barcodes.card_pattern)
    if autopilot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.app import DemoOptions, run  # Qt is loaded only by the commands that show a window
    options = DemoOptions(autopilot=autopilot, ils_down=getattr(args, "offline", False),
                          ils_address=getattr(args, "ils", None),
                          patrons=getattr(args, "patrons", 1),
                          items_per_patron=getattr(args, "items_per_patron", 3))
    try:
        code = run(config, demo=demo, options=options)
    except ValueError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    # Everything is closed and flushed; skip the interpreter's final garbage collection,
    # where PySide6 objects have been seen to abort the process (a refcount bug in the
    # binding), which would turn a successful run into exit status -6.
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


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
    demo.add_argument("--offline", action="store_true",
                      help="the ILS is down from the start: lend from the cache and journal")
    demo.add_argument("--ils", type=_address, metavar="HOST:PORT",
                      help="use this ILS (e.g. `kiosk ils-sim`) instead of the embedded one")
    demo.add_argument("--patrons", type=int, default=1, help="autopilot: how many patrons")
    demo.add_argument("--items-per-patron", type=int, default=3,
                      help="autopilot: items each patron borrows")
    demo.add_argument("--state-dir", type=Path,
                      help="keep the cache and journal here (default: a temporary directory)")
    demo.add_argument("--feed", type=Path, metavar="FILE",
                      help="seed the offline cache with this snapshot feed (docs/feed-format"
                      ".md); with --ils and no feed, the simulator's demo library is used, as "
                      "`kiosk ils-sim export-feed` writes it")

    run = commands.add_parser("run", help="the kiosk, full screen, for a branch")
    run.add_argument("--config", type=Path, required=True, help="the branch config (TOML)")

    # its own parser answers --help (with its subcommands), so this one adds none
    sim = commands.add_parser("ils-sim", add_help=False,
                              help="the ILS simulator: serve (the default; SIP2 over TCP), "
                              "loans, ledger, export-feed; `kiosk ils-sim --help`")
    sim.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

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
    return _run_ui(args, demo=args.command == "demo")


if __name__ == "__main__":
    sys.exit(main())
