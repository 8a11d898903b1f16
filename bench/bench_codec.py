"""SIP2 codec throughput against a bare split of the same lines, and a fuzz run.

Throughput: one operation is what the kiosk does per exchange, decoding an ILS line and
encoding a request, over a realistic mix (patron information, checkout, item information,
end session and SC status answers with Japanese titles and names, UTF-8, AY/AZ trailers).
The baseline, measured in the same run on the same lines, is the least any parser does:
``bytes.split(b"|")`` and ``bytes.decode`` of each part. The ratio is codec throughput /
bare throughput (1.0 would be as fast as not parsing at all); it has no target, it is
there to notice a regression.

Fuzz: 100,000 inputs (5,000 with --quick), random bytes and mutations of valid lines, fed
to ``decode`` in each supported encoding with and without checksum checks, and to a
connection in chunks. Met when nothing but ``Sip2Error`` was raised.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime

from bench.harness import Result, best_of
from sync.sip2 import messages
from sync.sip2.codec import Message, Sip2Error, decode, encode, format_date, make
from sync.sip2.framing import Framing, LineReader

NOW = datetime(2025, 4, 1, 10, 0)
WHEN = format_date(NOW)
ENCODINGS = ("utf-8", "cp932", "cp850", "ascii")
TITLES = ("港町の小さな探偵事務所", "くいしんぼうのあおむし", "富山県地名大辞典",
          "A Tale of Two Cities", "はじめてのおつかい", "ポケット図鑑 日本の野鳥")


def _answers(rng: random.Random) -> list[bytes]:
    """ILS lines as the kiosk receives them, one of each kind per title."""
    lines = []
    for n, title in enumerate(TITLES):
        card, item = f"2104{n:04d}", f"11553{n:04d}"
        due = format_date(datetime(2025, 4, 15, 23, 59, 59))
        for seq, msg in enumerate((
            make("64", {"patron_status": " " * 14, "language": "014", "transaction_date": WHEN,
                        "hold_items_count": "0001", "overdue_items_count": "0000",
                        "charged_items_count": f"{rng.randrange(10):04d}",
                        "fine_items_count": "0000", "recall_items_count": "0000",
                        "unavailable_holds_count": "0000"},
                 [("AO", "DEMO"), ("AA", card), ("AE", "山田 花子"), ("BZ", "0005"),
                  ("CB", "0010"), ("BL", "Y"), ("CQ", "Y"), ("AF", "ようこそ")]),
            make("12", {"ok": "1", "renewal_ok": "N", "magnetic_media": "N",
                        "desensitize": "Y", "transaction_date": WHEN},
                 [("AO", "DEMO"), ("AA", card), ("AB", item), ("AJ", title), ("AH", due),
                  ("CK", "001")]),
            make("18", {"circulation_status": "04", "security_marker": "00", "fee_type": "01",
                        "transaction_date": WHEN},
                 [("CF", "0"), ("AH", due), ("AB", item), ("AJ", title), ("CK", "001"),
                  ("AQ", "一般書架"), ("AA", card)]),
            make("36", {"end_session": "Y", "transaction_date": WHEN},
                 [("AO", "DEMO"), ("AA", card)]),
            make("98", {"online_status": "Y", "checkin_ok": "Y", "checkout_ok": "Y",
                        "acs_renewal_policy": "Y", "status_update_ok": "N", "offline_ok": "Y",
                        "timeout_period": "050", "retries_allowed": "003",
                        "date_time_sync": WHEN, "protocol_version": "2.00"},
                 [("AO", "DEMO"), ("AM", "デモ図書館"), ("BX", "YYYYYYYYYYYYYYYY")]),
        )):
            lines.append(encode(msg, sequence=seq, terminator=b""))
    return lines


def _requests() -> list[Message]:
    out: list[Message] = []
    for n, _ in enumerate(TITLES):
        card, item = f"2104{n:04d}", f"11553{n:04d}"
        out += [messages.patron_information("DEMO", card, pin="1234", when=NOW),
                messages.checkout("DEMO", card, item, when=NOW),
                messages.item_information("DEMO", item, when=NOW),
                messages.end_patron_session("DEMO", card, when=NOW),
                messages.sc_status()]
    return out


def _codec_pass(lines: list[bytes], requests: list[Message]) -> None:
    for n, (line, request) in enumerate(zip(lines, requests, strict=True)):
        decode(line)
        encode(request, sequence=n % 10)


def _bare_pass(lines: list[bytes]) -> None:
    for line in lines:
        for part in line.split(b"|"):
            part.decode("utf-8")


def _throughput(quick: bool) -> list[Result]:
    rng = random.Random(20250401)
    lines, requests = _answers(rng), _requests()
    reps = 20 if quick else 200
    work_lines, work_requests = lines * reps, requests * reps
    ops = len(work_lines)
    codec_ops, bare_ops = [], []
    for _ in range(3 if quick else 7):      # interleaved, so drift hits both sides alike
        codec_ops.append(ops / best_of(lambda: _codec_pass(work_lines, work_requests), 3))
        bare_ops.append(ops / best_of(lambda: _bare_pass(work_lines), 3))
    codec, bare = max(codec_ops), max(bare_ops)
    return [
        Result(name="codec_encode_decode_per_second", value=codec, unit="ops/s",
               details={"operation": "decode one ILS line + encode one request",
                        "mix": "64, 12, 18, 36, 98 answers / 63, 11, 17, 35, 99 requests, "
                               "UTF-8 Japanese titles, AY/AZ trailers",
                        "operations_per_pass": ops, "bare_split_ops_per_second": bare}),
        Result(name="codec_vs_bare_split_throughput", value=codec / bare, unit="ratio",
               details={"baseline": "bytes.split(b'|') + bytes.decode of each part, same "
                                    "lines, same run",
                        "codec_ops_per_second": codec, "bare_ops_per_second": bare}),
    ]


def _mutate(rng: random.Random, line: bytes) -> bytes:
    data = bytearray(line)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[at:at] = rng.randbytes(rng.randint(1, 4))
        elif op == 2 and data:
            del data[min(at, len(data) - 1)]
        elif op == 3:
            del data[at:]
        else:                                  # splice in a piece of SIP2 syntax
            data[at:at] = rng.choice((b"|", b"AY", b"AZ", b"AY1AZ", b"\r", b"\n", b"64",
                                      b"AZFFFF", b"\x83|", b"\xe3\x81"))
    return bytes(data)


def _fuzz(quick: bool) -> Result:
    total = 5_000 if quick else 100_000
    rng = random.Random(4242)
    seeds = _answers(rng) + [encode(m, sequence=3, terminator=b"") for m in _requests()]
    outcomes: Counter[str] = Counter()
    others: list[str] = []
    conn = LineReader(Framing())
    for n in range(total):
        kind = n % 3
        data = (rng.randbytes(rng.randint(0, 120)) if kind == 0
                else _mutate(rng, rng.choice(seeds)))
        encoding = ENCODINGS[n % len(ENCODINGS)]
        try:
            if kind == 2:                      # through the connection's framing
                conn.receive_data(data + b"\r")
                while conn.next_message() is not None:
                    pass
            else:
                decode(data, encoding=encoding, verify=bool(n & 4))
            outcomes["decoded"] += 1
        except Sip2Error as exc:
            outcomes[type(exc).__name__] += 1
        except Exception as exc:               # counting exactly these is the point
            outcomes["OTHER " + type(exc).__name__] += 1
            if len(others) < 5:
                others.append(f"{type(exc).__name__}: {exc} <- {data[:60]!r}")
            conn = LineReader(Framing())
    needed = 5_000 if quick else 100_000
    clean = not others
    return Result(name="fuzz_inputs_raising_only_sip2_errors", value=float(total),
                  unit="inputs", target=f">= {needed} inputs, only Sip2Error raised",
                  met=clean and total >= needed,
                  details={"outcomes": dict(outcomes), "first_other_errors": others,
                           "inputs": "1/3 random bytes, 2/3 mutated valid lines; 1/3 through "
                                     "LineReader; encodings " + ", ".join(ENCODINGS)})


def run(quick: bool) -> list[Result]:
    return [*_throughput(quick), _fuzz(quick)]
