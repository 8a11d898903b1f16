"""``kiosk ils-sim``: the ILS simulator on its own, for staff trying a kiosk against "an ILS".

One log line per request, card numbers masked to their last four digits, PINs and passwords
never. Runs until SIGINT or SIGTERM, then exits 0.
"""

from __future__ import annotations

import argparse
import codecs
import logging
import signal
import sys
import threading
from contextlib import suppress
from types import FrameType
from typing import Any

from sync.ils_sim.server import DEFAULT_LOGIN, IlsSimulator
from sync.sip2.connection import Framing

log = logging.getLogger("sync.ils_sim")

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk ils-sim",
                                     description="A SIP2 ILS simulator with a demo library.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=6001, help="TCP port (0: a free one)")
    parser.add_argument("--encoding", default="utf-8",
                        help="SIP2 character encoding: utf-8, cp932, cp850, ascii, ...")
    parser.add_argument("--terminator", choices=("CR", "CRLF"), default="CR",
                        help="message terminator")
    parser.add_argument("--no-login", action="store_true",
                        help="accept requests without a 93 login")
    return parser


def _logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(message)s")
    if log.getEffectiveLevel() > logging.INFO:
        log.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        codecs.lookup(args.encoding)
    except LookupError:
        _parser().error(f"unknown encoding {args.encoding!r}")
    _logging()
    framing = Framing(encoding=args.encoding,
                      terminator=b"\r\n" if args.terminator == "CRLF" else b"\r")
    sim = IlsSimulator(args.host, args.port, framing=framing,
                       login=None if args.no_login else DEFAULT_LOGIN)
    try:
        port = sim.start()
    except OSError as exc:
        print(f"kiosk ils-sim: cannot listen on {args.host}:{args.port}: {exc}",
              file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(ValueError):   # not the main thread: the caller stops us otherwise
            previous[sig] = signal.signal(sig, on_signal)
    log.info("ILS simulator listening on %s:%d (%s, %s, %s); Ctrl-C stops it", args.host,
             port, args.encoding, args.terminator,
             "no login" if args.no_login else f"login as {DEFAULT_LOGIN[0]!r}")
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("ILS simulator stopped")
    return 0
