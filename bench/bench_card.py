"""My Number card placed → patron identified, against a bare loop of the same APDUs through
pyscard, in the same run, through pcscd + vpcd + the virtual card.

The kiosk's path: connect, the reads (token, certificate, CA certificate in chunks), the
chain and date checks, the HMAC link key and the link-table lookup. The baseline sends the
very APDUs the kiosk sent (recorded from the first run) on a bare pyscard connection and
does nothing with the answers. Target (issue 6): ≤ 1.2×.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.harness import Result

READER = "pcsc://?reader=Virtual PCD 00 00"


def _pcscd() -> subprocess.Popen[bytes] | None:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", 35963)) == 0:
            return None
    process = subprocess.Popen(["pcscd", "--foreground"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    return process


def run(quick: bool) -> list[Result]:
    from cryptography.hazmat.primitives import serialization
    from smartcard.scard import SCARD_LEAVE_CARD
    from smartcard.System import readers

    from drivers.cards.pcsc import CardReader
    from kiosk.mynumber import card_for, link
    from kiosk.mynumber_card import MyNumberSettings, read_card
    from sync.cache.cache import open_cache
    from tests.rigs.virtual_mynumber import CardKeys, VirtualMyNumberCard, VpcdClient

    rounds = 5 if quick else 20
    daemon = _pcscd()
    keys = CardKeys.generate()
    client = VpcdClient(VirtualMyNumberCard(keys))
    client.insert()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            anchors = Path(tmp) / "ca.pem"
            anchors.write_bytes(keys.ca_cert.public_bytes(serialization.Encoding.PEM))
            secret = Path(tmp) / "secret"
            secret.write_bytes(b"bench-link-secret-0123456789")
            settings = MyNumberSettings(enabled=True, reader=READER,
                                        link_secret_file=str(secret),
                                        trust_anchors=(str(anchors),))
            with open_cache(Path(tmp) / "cache.sqlite3", b"k" * 32) as cache:
                deadline = time.monotonic() + 10
                while True:
                    try:
                        first = CardReader(READER)
                        link(cache, read_card(first, settings), "21045877")
                        break
                    except Exception:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.1)
                apdus = list(first.sent)
                first.disconnect()
                reader_obj = next(r for r in readers() if str(r).startswith("Virtual PCD 00 00"))

                def kiosk() -> float:
                    start = time.perf_counter()
                    reader = CardReader(READER)
                    assert card_for(cache, read_card(reader, settings)) == "21045877"
                    reader.disconnect()
                    return time.perf_counter() - start

                def bare() -> float:
                    start = time.perf_counter()
                    connection = reader_obj.createConnection()
                    connection.connect(disposition=SCARD_LEAVE_CARD)
                    for apdu in apdus:
                        connection.transmit(list(apdu))
                    connection.disconnect()
                    return time.perf_counter() - start

                kiosk()
                bare()
                pairs = [(kiosk(), bare()) for _ in range(rounds)]
    finally:
        client.remove()
        if daemon is not None:
            daemon.terminate()
            daemon.wait(5)
    ratio = statistics.median(k / b for k, b in pairs)
    return [Result(name="card_to_patron_vs_bare_apdus", value=ratio, unit="ratio",
                   target="<= 1.2", met=ratio <= 1.2,
                   details={"rounds": rounds, "apdus": len(apdus),
                            "kiosk_ms_median": round(statistics.median(k for k, _ in pairs)
                                                     * 1000, 1),
                            "bare_ms_median": round(statistics.median(b for _, b in pairs)
                                                    * 1000, 1)})]
