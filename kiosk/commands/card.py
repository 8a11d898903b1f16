"""``kiosk card read`` and ``kiosk mynumber link --card NUMBER``: My Number cards for staff.

``card read`` waits for a card on the reader and prints ``{"kind": "mynumber", "link_key",
"not_after"}`` or ``{"error": reason}`` — never anything personal. ``mynumber link`` reads
the card the patron places and links it to the library card staff identified (the counter
procedure). Both use the branch config's ``[mynumber]`` settings (``--config``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from drivers.cards.pcsc import CardReader
from kiosk.config import ConfigError, load_config
from kiosk.mynumber import MyNumberError, Problem, link
from kiosk.mynumber_card import MyNumberSettings, read_card

WAIT_STEP = 0.25


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    card = commands.add_parser("card", help="My Number cards: read one (no personal data)")
    card_sub = card.add_subparsers(dest="card_command", required=True)
    read = card_sub.add_parser("read", help="wait for a card and print its link key")
    read.add_argument("--reader", help="pcsc://?reader=NAME (default: the config's)")
    read.add_argument("--config", type=Path)
    read.add_argument("--json", action="store_true")
    read.add_argument("--wait", type=float, default=30.0, help="seconds to wait for a card")
    read.set_defaults(handler=run_read)
    mynumber = commands.add_parser("mynumber", help="link My Number cards to library cards")
    mn_sub = mynumber.add_subparsers(dest="mynumber_command", required=True)
    linker = mn_sub.add_parser("link", help="read the card on the reader and link it")
    linker.add_argument("--card", required=True, help="the library card number")
    linker.add_argument("--config", type=Path)
    linker.add_argument("--reader")
    linker.add_argument("--wait", type=float, default=30.0)
    linker.set_defaults(handler=run_link)


def _settings(args: argparse.Namespace) -> tuple[MyNumberSettings, object]:
    config = load_config(args.config)
    settings = MyNumberSettings.from_mapping(config.mynumber)
    if args.reader:
        from dataclasses import replace
        settings = replace(settings, reader=args.reader)
    return settings, config


def _wait_read(settings: MyNumberSettings, wait: float):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + wait
    while True:
        try:
            return read_card(CardReader(settings.reader_url()), settings)
        except MyNumberError as exc:
            if exc.problem not in (Problem.NO_CARD, Problem.CARD_REMOVED) \
                    or time.monotonic() > deadline:
                raise
            time.sleep(WAIT_STEP)


def run_read(args: argparse.Namespace) -> int:
    try:
        settings, _ = _settings(args)
        read = _wait_read(settings, args.wait)
    except ConfigError as exc:
        print(json.dumps({"error": "config", "detail": str(exc)}))
        return 2
    except MyNumberError as exc:
        print(json.dumps({"error": str(exc.problem), "detail": exc.detail},
                         ensure_ascii=False))
        return 1
    print(json.dumps({"kind": "mynumber", "link_key": read.link_key,
                      "not_after": read.not_after.isoformat()}))
    return 0


def run_link(args: argparse.Namespace) -> int:
    from sync.cache.cache import open_cache
    try:
        settings, config = _settings(args)
        read = _wait_read(settings, args.wait)
    except (ConfigError, MyNumberError) as exc:
        print(f"kiosk mynumber link: {exc}", file=sys.stderr)
        return 1
    if not config.cache_path:  # type: ignore[attr-defined]
        print("kiosk mynumber link: the config has no [cache] path", file=sys.stderr)
        return 2
    with open_cache(Path(config.cache_path), config.cache_key()) as cache:  # type: ignore[attr-defined]
        link(cache, read, args.card)
    print(f"linked: card ****{args.card[-4:]} ← My Number card (certificate valid until "
          f"{read.not_after:%Y-%m-%d})")
    return 0
