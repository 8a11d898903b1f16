"""``kiosk doctor [--config FILE] [--json]``: is this kiosk fit to lend? One line per check.

Checks the configuration, every configured device, the ILS (login and SC status, with the
time it took), the kiosk's clock against the ILS's (else whether NTP keeps it), the offline
cache's age and its card key (missing, or not the one the cache was built with), the
offline journal (loans waiting and for how long, loans the ILS refused or took as renewals),
the free disk space, the receipt printer and the RFID pad when one is configured (opened,
one inventory: how many tags it sees, or why it cannot). Only the table goes
out: the log lines of the checks themselves (INFO) are kept back unless ``-v``.
Each line says ok, warn or FAIL and, for anything not ok, what is
wrong in words staff can act on. Exit status 0 when nothing failed (warnings allowed),
1 when something failed, 2 when the configuration itself cannot be read.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError, KioskConfig, load_config

OK, WARN, FAIL = "ok", "warn", "FAIL"
MAX_CLOCK_SKEW = timedelta(seconds=60)
MAX_CACHE_AGE = timedelta(hours=36)          # a nightly feed, missed once at most
MIN_FREE_BYTES = 500 * 1024 * 1024
MAX_JOURNAL_AGE = timedelta(hours=24)        # the kiosk replays by itself: a day is a fault


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("doctor", help="check the config, devices, ILS, clock, cache, "
                                 "journal, disk and printer; non-zero exit on a problem")
    parser.add_argument("--config", type=Path, help="the branch config (default: the demo)")
    parser.add_argument("--json", action="store_true", help="one JSON object per check")
    parser.add_argument("--min-free-mb", type=int, default=MIN_FREE_BYTES // (1024 * 1024),
                        help="warn below this much free disk (MB)")
    parser.add_argument("--state-dir", type=Path, metavar="DIR",
                        help="the cache and key of `kiosk demo --state-dir DIR`")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = logging.getLogger()
    level = root.level
    if not getattr(args, "verbose", False):
        # the checks log what they do (a login, a simulator started): not for this table
        root.setLevel(max(level, logging.WARNING))
    try:
        return _run(args)
    finally:
        root.setLevel(level)


def _run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        _print([Check("config", FAIL, str(exc))], args.json)
        return 2
    state_dir = getattr(args, "state_dir", None)
    if state_dir is not None:       # as `kiosk demo --state-dir` keeps them
        config = replace(config, cache_path=str(state_dir / "cache.sqlite3"),
                         cache_key_file=str(state_dir / "card-key"))
    checks = [Check("config", OK, str(args.config or "embedded demo defaults"))]
    checks += check_devices(config)
    checks += check_ils(config)
    checks += check_cache(config, min_free=args.min_free_mb * 1024 * 1024)
    checks += check_printer(config)
    checks += check_rfid(config)
    checks += check_metrics(config)
    _print(checks, args.json)
    return 1 if any(c.status == FAIL for c in checks) else 0


def _print(checks: list[Check], as_json: bool) -> None:
    if as_json:
        for check in checks:
            print(json.dumps(asdict(check), ensure_ascii=False))
        return
    width = max(len(c.name) for c in checks)
    for check in checks:
        print(f"{check.name:<{width}}  {check.status:<4}  {check.detail}")


# -- devices ------------------------------------------------------------------------------------
def check_devices(config: KioskConfig) -> list[Check]:
    from drivers.registry import open_scanner
    from drivers.url import parse_device_url
    checks = []
    for url in config.scanners:
        name = f"scanner {url}"
        try:
            open_scanner(url)
        except ValueError as exc:
            checks.append(Check(name, FAIL, str(exc)))
            continue
        parsed = parse_device_url(url)
        path = parsed.path
        if parsed.scheme in ("serial", "evdev") or (parsed.scheme == "camera"
                                                    and not path.isdigit()):
            if not Path(path).exists():
                checks.append(Check(name, FAIL, f"{path} does not exist: plugged in? "
                                    "`kiosk devices` lists what is"))
                continue
        elif parsed.scheme == "camera" and not Path(f"/dev/video{path}").exists():
            checks.append(Check(name, FAIL, f"no camera /dev/video{path}"))
            continue
        checks.append(Check(name, OK, "present" if not parsed.scheme.startswith("fake") else
                            "simulated (demo)"))
    if not config.scanners:
        checks.append(Check("scanners", FAIL, "no scanner configured ([devices] scanners)"))
    return checks


# -- the ILS and its clock -------------------------------------------------------------------
@contextmanager
def _ils_address(config: KioskConfig) -> Iterator[tuple[tuple[str, int] | None,
                                                        tuple[str, str] | None]]:
    """The configured ILS; for the demo's "embedded" ILS, a simulator started for the check."""
    if not config.ils.embedded:
        yield None, None
        return
    from kiosk.demo import SIMULATOR_LOGIN
    from sync.ils_sim.server import IlsSimulator
    sim = IlsSimulator(port=0, login=SIMULATOR_LOGIN)
    port = sim.start()
    try:
        yield ("127.0.0.1", port), SIMULATOR_LOGIN
    finally:
        sim.stop()


def check_ils(config: KioskConfig, now: Callable[[], datetime] | None = None) -> list[Check]:
    from sync.sip2.client import Sip2Client
    from sync.sip2.codec import Sip2Error
    where = "embedded simulator" if config.ils.embedded else \
        f"{config.ils.host}:{config.ils.port}"
    try:
        with _ils_address(config) as (address, login):
            settings = config.ils.sip2_settings(config.institution, address=address,
                                                login=login)
            client = Sip2Client(settings)
            try:
                start = time.perf_counter()
                client.connect()                      # login + SC status
                took = (time.perf_counter() - start) * 1000
                status = client.acs_status
            finally:
                client.close()
    except ConfigError as exc:
        return [Check("ils", FAIL, str(exc)), _system_clock("the ILS could not be asked")]
    except (Sip2Error, OSError) as exc:
        return [Check("ils", FAIL, f"{where}: {exc}"), _system_clock("no ILS")]
    assert status is not None
    checks = []
    if not status.online or not status.checkout_ok:
        checks.append(Check("ils", FAIL, f"{where}: logged in, but the ILS says "
                            f"online={status.online} checkout={status.checkout_ok}"))
    else:
        checks.append(Check("ils", OK, f"{where}: login and status in {took:.0f} ms"))
    checks.append(_clock(config, status.ils_time, now))
    return checks


def _system_clock(why: str) -> Check:
    """Without the ILS's time: whether the system keeps the clock by NTP (timedatectl)."""
    try:
        done = subprocess.run(["timedatectl", "show", "--property=NTPSynchronized",
                               "--value"], capture_output=True, text=True, timeout=3,
                              check=False)
        synced = done.stdout.strip() if done.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        synced = ""
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    if synced == "yes":
        return Check("clock", OK, f"{now}, kept by NTP (not compared with the ILS: {why})")
    state = "NOT synchronised by NTP" if synced == "no" else "NTP state unknown"
    return Check("clock", WARN, f"{now}, {state}; not compared with the ILS ({why}): due "
                 "dates and offline loans depend on it (`timedatectl`)")


def _clock(config: KioskConfig, ils_time: datetime | None,
           now: Callable[[], datetime] | None) -> Check:
    if ils_time is None:
        return Check("clock", WARN, "the ILS sent no usable time in its status")
    local = (now or (lambda: datetime.now(config.timezone)))()
    if ils_time.tzinfo is None:
        ils_time = ils_time.replace(tzinfo=config.timezone)
    skew = abs(local - ils_time)
    detail = f"{skew.total_seconds():.0f} s from the ILS's clock"
    if skew > MAX_CLOCK_SKEW:
        return Check("clock", FAIL, detail + " (due dates and offline loans depend on it: "
                     "is NTP running? `timedatectl`)")
    return Check("clock", OK, detail)


# -- cache, journal, disk ----------------------------------------------------------------------
def check_cache(config: KioskConfig, *, min_free: int = MIN_FREE_BYTES,
                now: datetime | None = None) -> list[Check]:
    from kiosk.commands.cache import StaffError, cache_status
    if not config.cache_path:
        return [Check("cache", WARN, "no cache path: the demo keeps its cache in a temporary "
                      "file (set [cache] path for a branch)"), _disk(Path("/tmp"), min_free)]
    path = Path(config.cache_path)
    checks = []
    try:
        status: dict[str, Any] = cache_status(path)
    except StaffError as exc:
        checks.append(Check("cache", FAIL, f"{exc}: the kiosk cannot lend offline until a "
                            "feed is imported (`kiosk cache import`)"))
        status = {}
    if status:
        newest = status["newest_feed_record"]
        when = now or datetime.now(config.timezone)
        if newest is None:
            checks.append(Check("cache", WARN, f"{path}: no snapshot feed imported yet"))
        else:
            age = when - (newest if newest.tzinfo else newest.replace(tzinfo=config.timezone))
            text = f"{path}: newest feed record {age.total_seconds() / 3600:.1f} h old"
            checks.append(Check("cache", WARN if age > MAX_CACHE_AGE else OK,
                                text + (" (is the refresh timer running?)"
                                        if age > MAX_CACHE_AGE else "")))
        checks.append(_journal(status, now))
        checks.append(check_card_key(config))
    checks.append(_disk(path.parent if path.parent.exists() else Path("/"), min_free))
    return checks


def _journal(status: dict[str, Any], now: datetime | None) -> Check:
    journal = status.get("journal", {})
    failed, renewed = journal.get("failed", 0), journal.get("renewed", 0)
    pending = journal.get("pending", 0) + journal.get("sending", 0)
    waiting, stale = "", False
    if pending:
        oldest = status.get("journal_oldest_open")
        age = ((now or datetime.now(UTC)) - oldest) if oldest is not None else timedelta(0)
        waiting = (f"{pending} offline loan(s) waiting for the ILS, the oldest for "
                   f"{age.total_seconds() / 3600:.1f} h")
        stale = age > MAX_JOURNAL_AGE
        if stale:
            waiting += (" (the kiosk replays by itself while the ILS answers: is it running? "
                        "`kiosk journal replay` sends them now)")
    problems = []
    if renewed:
        problems.append(f"{renewed} offline loan(s) the ILS took as RENEWALS (doubled loans, "
                        "renewals used up): `kiosk journal list --state renewed`, then "
                        "`kiosk journal resolve ID`")
    if failed:
        problems.append(f"{failed} offline loan(s) refused by the ILS: `kiosk journal list "
                        "--state failed` shows them for the counter")
    if problems:
        return Check("journal", FAIL, "; ".join(problems + ([waiting] if waiting else [])))
    if waiting:
        return Check("journal", FAIL if stale else WARN, waiting)
    return Check("journal", OK, "nothing waiting")


def check_card_key(config: KioskConfig) -> Check:
    """The key the cache's card hashes were made with: there, readable, and the cache's own
    (the check noted beside the cache, and journal rows that still hold a full card)."""
    from kiosk import card_key
    from sync.cache.cache import Cache, create_cache_engine
    from sync.journal import OfflineJournal
    path = config.cache_key_path
    if path is None or not config.cache_path:
        return Check("card key", OK, "a fresh key per run (temporary cache)")
    cache_path = Path(config.cache_path)
    made_by_kiosk = not config.cache_key_file
    if not path.exists():
        if made_by_kiosk:
            return Check("card key", FAIL, f"{path} is missing: the kiosk keeps the card key "
                         "beside the cache when [cache] key_file names none, and would make a "
                         "new one at its next start, so the cache's card hashes (fed patrons, "
                         "journal, offline limits) would match nobody; restore it from a "
                         "backup, or set [cache] key_file")
        return Check("card key", FAIL, f"{path} ([cache] key_file) is missing: the kiosk "
                     "cannot open its cache")
    try:
        key = card_key.read_key(path)
    except card_key.CardKeyError as exc:
        return Check("card key", FAIL, str(exc))
    problem = card_key.verify(cache_path, key)
    if problem:
        return Check("card key", FAIL, problem)
    engine = create_cache_engine(cache_path)
    try:
        checked, wrong = OfflineJournal(Cache(engine, key)).card_hash_mismatches()
    except Exception:               # an old schema, a locked file: the noted check stands
        checked = wrong = 0
    finally:
        engine.dispose()
    if wrong:
        return Check("card key", FAIL, f"{wrong} of {checked} journal row(s) were hashed with "
                     "another card key (offline limits and re-scans miss them; the kiosk "
                     "hashes them again at its next start): was the key replaced?")
    noted = card_key.check_path(cache_path).exists()
    return Check("card key", OK, f"{path}" + (" matches the cache" if noted or checked else
                                               " (not yet checked against the cache)"))


def _disk(where: Path, min_free: int) -> Check:
    free = shutil.disk_usage(where).free
    text = f"{free / 1024 ** 3:.1f} GiB free at {where}"
    if free < min_free:
        return Check("disk", FAIL, text + f" (under {min_free / 1024 ** 2:.0f} MB: the cache "
                     "and journal need room; clear old logs)")
    return Check("disk", OK, text)


def check_printer(config: KioskConfig) -> list[Check]:
    from drivers.registry import open_printer
    url = config.printer_url
    if not url or config.receipts_policy == "never":
        return [Check("printer", OK, "none configured (no receipts)")]
    try:
        status = open_printer(url).status()
    except ValueError as exc:
        return [Check("printer", FAIL, str(exc))]
    if status.ready:
        return [Check("printer", OK, status.cause)]
    return [Check("printer", FAIL, status.cause + " (lending goes on without receipts)")]



def check_metrics(config: KioskConfig, timeout: float = 2.0) -> list[Check]:
    """The Prometheus endpoint ``[metrics] listen``: a running kiosk answering there is ok;
    nothing there, with the port free, is a warning (the kiosk is not running, or is
    restarting); the port held by another program, or answering something that is not the
    kiosk's metrics, fails with what to do."""
    import errno
    import socket
    import urllib.error
    import urllib.request
    listen = config.metrics_listen
    if not listen:
        return [Check("metrics", OK, "off ([metrics] listen not set)")]
    host, _, port_text = listen.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        port = int(port_text)
    except ValueError:
        return [Check("metrics", FAIL, f"[metrics] listen = {listen!r}: not host:port")]
    ask = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    url = f"http://{'[' + ask + ']' if ':' in ask else ask}:{port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            body = answer.read(1 << 20).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return [Check("metrics", FAIL, f"{listen}: another program answers there (HTTP "
                      f"{exc.code} for /metrics); change [metrics] listen")]
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            return [Check("metrics", FAIL, f"{listen}: something holds the port and does not "
                          "answer (another program, or a kiosk that hangs); change [metrics] "
                          "listen, or restart the kiosk")]
        if not isinstance(reason, ConnectionRefusedError):
            return [Check("metrics", FAIL, f"{listen}: cannot be reached ({reason})")]
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError as bind_error:
                if bind_error.errno == errno.EADDRINUSE:
                    return [Check("metrics", FAIL, f"{listen}: the port is taken by another "
                                  "program; change [metrics] listen")]
                return [Check("metrics", FAIL, f"{listen}: cannot listen there "
                              f"({bind_error.strerror or bind_error})")]
        return [Check("metrics", WARN, f"{listen}: free, nothing serving it (the kiosk is "
                      "not running, or restarting)")]
    if "kiosk_" not in body:
        return [Check("metrics", FAIL, f"{listen}: answers, but not with the kiosk's metrics "
                      "(another exporter?); change [metrics] listen")]
    return [Check("metrics", OK, f"the running kiosk serves {url}")]


def check_rfid(config: KioskConfig) -> list[Check]:
    """The RFID pad: opened through the registry, one inventory; how many tags it sees (and
    how many of them name an item), or the reader's own words for what is wrong."""
    from drivers.registry import open_rfid_reader
    from drivers.rfid.port import RfidError
    from kiosk.rfid_station import read_tag
    settings = config.rfid
    url = settings.reader
    if not url:
        return []
    name = f"rfid {url}"
    try:
        reader = open_rfid_reader(url)
    except ValueError as exc:
        return [Check(name, FAIL, f"{exc} ([rfid] reader)")]
    simulated = " (simulated, demo)" if url.startswith("fake") else ""
    try:
        start = time.perf_counter()
        reader.open()
        tags = reader.inventory()
        took = (time.perf_counter() - start) * 1000
        readable = sum(1 for tag in tags
                       if read_tag(reader, tag.uid, settings.tags, with_eas=False).reading.ok)
    except RfidError as exc:
        return [Check(name, FAIL, f"{exc}: patrons can still use the barcode scanner "
                      "(plugged in? `kiosk devices` lists the serial ports)")]
    except OSError as exc:
        return [Check(name, FAIL, f"cannot open the reader: {exc}")]
    finally:
        with contextlib.suppress(Exception):
            reader.close()
    if not tags:
        return [Check(name, OK, f"answers; no tag on the pad ({took:.0f} ms){simulated}")]
    unread = len(tags) - readable
    detail = (f"answers; {len(tags)} tag(s) on the pad, {readable} naming an item "
              f"({took:.0f} ms){simulated}")
    if unread:
        return [Check(name, WARN, detail + f"; {unread} tag(s) name no item (`kiosk rfid "
                      "inventory --reader URL --json` says why)")]
    return [Check(name, OK, detail)]


if __name__ == "__main__":
    sys.exit(run(argparse.Namespace(config=None, json=False,
                                    min_free_mb=MIN_FREE_BYTES // 1024 // 1024)))
