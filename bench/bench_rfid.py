"""A stack of 10 tags on the FEIG emulator, lent: inventory, each tag read and decoded, its
AFI set for "on loan" and read back, through the kiosk's path (drivers.rfid.feig and
kiosk.rfid_station), against the bare protocol exchanges for the same work: the very frames
the driver sent (recorded from a first round), written to the same pty and their answers
read by length, with no framing, parsing, decoding or checking. Both use pyserial on the
emulator's pty; the emulator's own time is in both. Target (issue 20): per item ≤ 1.2×.

How the two are compared, so that the ratio says something about the kiosk's path and not
about the shared machine: both run on the same emulator (same thread, same tags, the same
frames answered), each warmed up first (imports, the port, the interpreter's caches); the
heap built before the first timed round is frozen (``gc.freeze``) so a collection that
happens to fall in a round walks what that round made, not the whole process; the two go
in pairs, back to back, the order alternating from pair to pair; the ratio is the median of
the pairs' ratios, and the pairs are counted in blocks whose medians (min, median, max) show
how far one block's answer strays from another's.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness import Result

TAGS = 10
BLOCKS = 5               # the pairs in blocks: one median each, to show the spread
WARM_UP = 5              # unmeasured stacks of each kind first


def run(quick: bool) -> list[Result]:
    import serial

    from drivers.rfid.feig import FeigReader
    from kiosk.rfid import SecurityPolicy, TagContent, TagSettings, encode_tag
    from kiosk.rfid_station import read_tag, set_security
    from tests.rigs.feig_emulator import FeigEmulator, stack

    rounds = 10 if quick else 300
    memories = [encode_tag(TagContent(f"1000000{n:02d}", owner="JP-1000001"))
                for n in range(TAGS)]
    policy, settings = SecurityPolicy(), TagSettings()
    with tempfile.TemporaryDirectory() as tmp:
        emulator = FeigEmulator(Path(tmp) / "usb-FEIG_bench-if00-port0", per_answer=4)
        emulator.plug()
        emulator.put(*stack(TAGS, memory=memories))
        # parity N: a pty refuses even parity the second time it is set up (see the tests)
        url = f"feig://{emulator.link}?parity=N&timeout=1"
        reader = FeigReader(url)
        bare = serial.serial_for_url(str(emulator.link), baudrate=38400, parity="N",
                                     timeout=1)
        try:
            def kiosk() -> None:
                for tag in reader.inventory():
                    report = read_tag(reader, tag.uid, settings, with_eas=False)
                    assert report.reading.ok
                    assert set_security(reader, tag.uid, policy, on_loan=True).ok

            start = len(emulator.requests)
            kiosk()
            frames = emulator.requests[start:]

            def exchanges() -> None:
                for request in frames:
                    bare.write(request)
                    head = bare.read(1)
                    if head == b"\x02":
                        size = bare.read(2)
                        length = size[0] << 8 | size[1]
                        bare.read(length - 3)
                    else:
                        bare.read(head[0] - 1)

            for _ in range(WARM_UP):
                kiosk()
                exchanges()
            pairs: list[tuple[float, float]] = []
            gc.collect()
            gc.freeze()                       # the heap so far: not walked by collections
            try:
                for n in range(rounds):       # interleaved, alternating which goes first
                    order = (kiosk, exchanges) if n % 2 else (exchanges, kiosk)
                    took = {}
                    for fn in order:
                        t0 = time.perf_counter()
                        fn()
                        took[fn] = time.perf_counter() - t0
                    pairs.append((took[kiosk], took[exchanges]))
            finally:
                gc.unfreeze()
        finally:
            reader.close()
            bare.close()
            emulator.unplug()
    ratios = [k / b for k, b in pairs]
    ratio = statistics.median(ratios)
    size = max(1, len(ratios) // BLOCKS)
    blocks = sorted(statistics.median(ratios[at:at + size])
                    for at in range(0, size * BLOCKS, size) if ratios[at:at + size])
    kiosk_s = statistics.median(k for k, _ in pairs)
    bare_s = statistics.median(b for _, b in pairs)
    return [Result("stack of 10: per item, kiosk path / bare exchanges", ratio, "ratio",
                   "<= 1.2", ratio <= 1.2,
                   {"tags": TAGS, "rounds": rounds, "exchanges_per_stack": len(frames),
                    "kiosk_ms_per_item": round(kiosk_s / TAGS * 1000, 3),
                    "bare_ms_per_item": round(bare_s / TAGS * 1000, 3),
                    "ratio_of_best": round(min(k for k, _ in pairs)
                                           / min(b for _, b in pairs), 3),
                    "block_medians": {"blocks": len(blocks), "min": round(blocks[0], 3),
                                      "median": round(statistics.median(blocks), 3),
                                      "max": round(blocks[-1], 3)}})]
