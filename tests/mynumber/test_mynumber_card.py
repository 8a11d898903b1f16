"""My Number cards through pcscd + vpcd + the virtual card: read, link, refusals, a card
pulled mid-read, strong mode PINs, the guard, and PC/SC missing."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from card_rig import READER, Inserted, card, read_with_retry

from drivers.cards.pcsc import KENMEN_AP, KENMEN_HOJO_AP, CardReader, ForbiddenApdu
from kiosk.mynumber import MyNumberError, Problem, card_for, link
from kiosk.mynumber_card import MyNumberSettings, prove_with_pin, read_card
from sync.cache.cache import Cache, open_cache
from tests.rigs.virtual_mynumber import (
    PHONE_TOKEN,
    CardKeys,
    VirtualMyNumberCard,
)

pytestmark = pytest.mark.usefixtures("pcscd")


@pytest.fixture
def settings(anchors: Path, secret: Path) -> MyNumberSettings:
    return MyNumberSettings(enabled=True, reader=READER, link_secret_file=str(secret),
                            trust_anchors=(str(anchors),))


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    with open_cache(tmp_path / "cache.sqlite3", b"k" * 32) as c:
        yield c


def test_read_link_and_identify(ca, settings: MyNumberSettings, cache: Cache) -> None:  # type: ignore[no-untyped-def]
    with Inserted(card(ca)) as virtual:
        reader = CardReader(READER)
        read = read_card(reader, settings)
        assert len(read.link_key) == 64
        assert read.not_after > dt.datetime.now(dt.UTC)
        with pytest.raises(MyNumberError) as unknown:
            card_for(cache, read)
        assert unknown.value.problem is Problem.UNKNOWN_LINK
        link(cache, read, "21045877")
        assert card_for(cache, read) == "21045877"
        again = read_card(CardReader(READER), settings)
        assert again.link_key == read.link_key                   # the same card, same key
    sent = b"".join(virtual.received)
    assert KENMEN_AP not in sent
    assert KENMEN_HOJO_AP not in sent


def test_a_renewed_certificate_is_a_new_link(ca, settings: MyNumberSettings) -> None:  # type: ignore[no-untyped-def]
    keys = []
    for serial in (1001, 1002):
        with Inserted(card(ca, serial=serial)):
            keys.append(read_card(CardReader(READER), settings).link_key)
    assert keys[0] != keys[1]


def test_expired_smartphone_untrusted(ca, settings: MyNumberSettings) -> None:  # type: ignore[no-untyped-def]
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    for virtual, problem in [(card(ca, not_after=past), Problem.EXPIRED),
                             (card(ca, token=PHONE_TOKEN), Problem.SMARTPHONE),
                             (VirtualMyNumberCard(CardKeys.generate()), Problem.UNTRUSTED)]:
        with Inserted(virtual), pytest.raises(MyNumberError) as caught:
            read_card(CardReader(READER), settings)
        assert caught.value.problem is problem


def test_a_card_pulled_mid_read_fifty_times(ca, settings: MyNumberSettings) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(6)
    for _ in range(50):
        virtual = card(ca, serial=7, pull_after=rng.randrange(1, 9))
        with Inserted(virtual), pytest.raises(MyNumberError) as caught:
            read_card(CardReader(READER), settings)
        assert caught.value.problem in (Problem.CARD_REMOVED, Problem.NO_CARD,
                                        Problem.READ_FAILED), caught.value
        Inserted.slot = None                              # the pulled card is gone
    with Inserted(card(ca, serial=7)):                    # placed again, it reads fine
        assert read_with_retry(settings).link_key


def test_strong_mode_right_wrong_and_locked_pins(ca, settings: MyNumberSettings) -> None:  # type: ignore[no-untyped-def]
    with Inserted(card(ca, pin="4321")):
        reader = CardReader(READER)
        read = read_card(reader, settings)
        prove_with_pin(reader, read, "4321")                 # signature checked
        with pytest.raises(MyNumberError) as wrong:
            prove_with_pin(reader, read, "0000")
        assert (wrong.value.problem, wrong.value.tries_left) == (Problem.PIN_WRONG, 2)
        prove_with_pin(reader, read, "4321")                 # right again: counter reset
        locked = card(ca, pin="4321", tries_left=0)          # another patron's locked card
        Inserted.slot.card = locked  # type: ignore[union-attr]
        reader = CardReader(READER)
        read = read_card(reader, settings)
        with pytest.raises(MyNumberError) as caught:
            prove_with_pin(reader, read, "4321")
        assert caught.value.problem is Problem.PIN_LOCKED
    # a locked PIN is never tried: only the no-data VERIFY that asks for tries left went out
    verifies = [a for a in locked.received if a[:4] == bytes.fromhex("00200080")]
    assert verifies == [bytes.fromhex("00200080")]


def test_the_guard_refuses_the_forbidden_applications(ca) -> None:  # type: ignore[no-untyped-def]
    with Inserted(card(ca)) as virtual:
        reader = CardReader(READER)
        reader.connect()
        for aid in (KENMEN_AP, KENMEN_HOJO_AP, KENMEN_AP[:7]):
            with pytest.raises(ForbiddenApdu):
                reader.transmit(bytes.fromhex("00A4040C") + bytes([len(aid)]) + aid)
    assert not any(KENMEN_AP[:7] in apdu for apdu in virtual.received)


def test_a_missing_reader_is_named(settings: MyNumberSettings) -> None:
    from dataclasses import replace
    with pytest.raises(MyNumberError) as caught:
        read_card(CardReader("pcsc://?reader=Nonexistent Reader"),
                  replace(settings, reader="pcsc://?reader=Nonexistent Reader"))
    assert caught.value.problem is Problem.READER_MISSING
    assert "Virtual PCD" in caught.value.detail              # the readers there are


def test_pcscd_not_running_is_a_clear_staff_message(tmp_path: Path) -> None:
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    code = ("from drivers.cards.pcsc import CardReader, ReaderUnavailable\n"
            "try:\n    CardReader().readers()\nexcept ReaderUnavailable as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    assert "is pcscd running?" in out
