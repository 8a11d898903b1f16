"""The RFID pad in the patron session (issue 20, item 3): a stack lent through the session's
one path, sets lent whole, other libraries' and unreadable tags refused, a book taken off
handled safely, never lent twice, security turned off or the patron sent to staff with the
loan standing. Unit tests on the in-memory library (no socket); the last one runs the real
FEIG reader emulator on a pty, the reader station, the PadWatcher and the SIP2 simulator."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

from drivers.rfid.feig import FeigReader
from drivers.rfid.pad import PadWatcher
from kiosk.barcodes import BarcodeRules
from kiosk.circulation import OnlineCirculation
from kiosk.events import (
    Event,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemProblem,
    ItemRefused,
    PadChanged,
    PadItem,
    PadItemState,
    PatronIdentified,
    ScanProblem,
    ScanRejected,
    SecureTags,
    SecurityNotChanged,
    SessionCounts,
)
from kiosk.lending import CheckoutOutcome, PatronOutcome
from kiosk.metrics import Metrics
from kiosk.pad import Pad, TagSeen
from kiosk.rfid import (
    Problem,
    SecurityPolicy,
    SecurityState,
    TagContent,
    TagReading,
    TagSettings,
    encode_tag,
)
from kiosk.rfid_station import read_tag, set_security
from kiosk.session import PatronSession
from sync.cache.cache import Cache
from sync.ils_sim.collection import DEMO
from sync.ils_sim.server import IlsSimulator
from sync.sip2.client import Sip2Client
from tests.ils_fixtures import cache, client, simulator  # noqa: F401 (SIP2 fixtures)
from tests.kiosk.memory_circulation import TODAY, Book, MemoryCirculation, Reader
from tests.rigs.feig_emulator import EmulatedTag, FeigEmulator

T = TypeVar("T")
CARD = "21045877"
OURS = "JP-1000001"
A, B, C, SET = "100000001", "100000002", "100000003", "200000001"
NOT_FOR_LOAN, HOLD = "100000009", "100000010"


def tag(uid: str, item: str, *, parts: int = 1, part: int = 1, owner: str = "") -> TagSeen:
    return TagSeen(uid, TagReading("iso28560-3", TagContent(item, parts, part, owner)))


def library(lib: MemoryCirculation | None = None) -> MemoryCirculation:
    return (lib or MemoryCirculation()).add(
        Reader(CARD, "山田 花子", limit=10), Reader("21093315", "佐藤 健一"),
        Book(A, "ぐりとぐら"), Book(B, "はらぺこあおむし"), Book(C, "ねないこだれだ"),
        Book(SET, "英語のうた CD 3枚組"), Book(NOT_FOR_LOAN, "富山県地名大辞典",
                                          problem=ItemProblem.NOT_FOR_LOAN),
        Book(HOLD, "おつきさまのさんぽ", hold_for=CARD), Book("JP-A1", "町の古地図"))


@pytest.fixture
def lib() -> MemoryCirculation:
    return library()


@pytest.fixture
def session(lib: MemoryCirculation) -> PatronSession:
    return PatronSession(lib, BarcodeRules())


@pytest.fixture
def pad(session: PatronSession) -> Pad:
    return Pad(session, own_isil=OURS)


def sign_in(session: PatronSession, pad: Pad) -> list[Event]:
    [opened] = session.card(CARD)
    assert isinstance(opened, PatronIdentified)
    return pad.signed_in()


def last_pad(events: list[Event]) -> PadChanged:
    changed = [e for e in events if isinstance(e, PadChanged)]
    assert changed, events
    return changed[-1]


def states(events: list[Event]) -> dict[str | None, PadItemState]:
    return {i.item: i.state for i in last_pad(events).items}


def checkouts(lib: MemoryCirculation) -> list[str]:
    return [call[2] for call in lib.sent("checkout")]


def of(events: list[Event], kind: type[T]) -> list[T]:
    return [e for e in events if isinstance(e, kind)]


# -- books before any card ------------------------------------------------------------------
def test_books_before_any_card_wait_listed_and_are_lent_once_the_patron_signs_in(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    events = pad.seen([tag("U1", A), tag("U2", B)], [])
    assert isinstance(events[0], ScanRejected)
    assert events[0].reason is ScanProblem.CARD_EXPECTED          # "scan your card first"
    assert events[0].from_pad                      # said as books waiting, not a barcode
    assert states(events) == {A: PadItemState.WAITING_FOR_CARD,
                              B: PadItemState.WAITING_FOR_CARD}
    assert last_pad(events).counts is None
    assert lib.sent("checkout") == []
    events = sign_in(session, pad)
    assert checkouts(lib) == [A, B]                                # in the order put down
    assert [e.loan.item for e in of(events, ItemCheckedOut)] == [A, B]
    assert states(events) == {A: PadItemState.LENT, B: PadItemState.LENT}
    assert last_pad(events).counts == SessionCounts(loans=2, holds_waiting=1, items_left=8)
    assert pad.signed_in() == [PadChanged(last_pad(events).items, last_pad(events).counts)]
    assert checkouts(lib) == [A, B]                                # nothing twice


def test_books_waiting_are_listed_by_the_title_the_kiosk_knows_until_the_ils_answers(
        lib: MemoryCirculation, session: PatronSession) -> None:
    known = {A: "ぐりとぐら (the cache's)", "UNKNOWN-1": ""}
    asked: list[str] = []

    def title_of(item: str) -> str:
        asked.append(item)
        return known.get(item, "")

    pad = Pad(session, own_isil=OURS, title_of=title_of)
    events = pad.seen([tag("U1", A), tag("U2", "UNKNOWN-1")], [])
    assert [(i.item, i.title) for i in last_pad(events).items] == [
        (A, "ぐりとぐら (the cache's)"), ("UNKNOWN-1", "")]
    pad.seen([tag("U1", A)], [])                     # seen again: looked up once a visit
    assert asked == [A, "UNKNOWN-1"]
    events = sign_in(session, pad)
    titles = {i.item: i.title for i in last_pad(events).items}
    assert titles[A] == "ぐりとぐら"                  # the ILS's answer wins once it comes
    # refused, and no title from the cache or the ILS: listed by its number (the screen's)
    assert titles["UNKNOWN-1"] == ""
    pad.clear()
    pad.seen([tag("U1", A)], [])                     # the next visit looks again
    assert asked == [A, "UNKNOWN-1", A]


def test_another_librarys_tag_is_not_given_our_books_title(session: PatronSession) -> None:
    asked: list[str] = []
    pad = Pad(session, own_isil=OURS, title_of=lambda item: asked.append(item) or "ours")
    events = pad.seen([tag("U1", A, owner="JP-2000002")], [])
    [item] = last_pad(events).items
    assert item.state is PadItemState.NOT_OURS
    assert item.title == ""
    assert asked == []


def test_titles_are_forgotten_at_a_visits_end_even_when_nothing_was_lent(
        session: PatronSession) -> None:
    asked: list[str] = []
    pad = Pad(session, own_isil=OURS, title_of=lambda item: asked.append(item) or "t")
    pad.seen([tag("U1", A)], [])                     # put down before any card
    pad.seen([], ["U1"])                             # and taken off again: nothing listed
    assert pad.clear() == []                         # an empty pad says nothing...
    pad.seen([tag("U1", A)], [])
    assert asked == [A, A]                           # ...but the title is looked up anew


def test_a_refused_book_the_ils_gives_no_title_keeps_the_cached_one(
        lib: MemoryCirculation, session: PatronSession) -> None:
    pad = Pad(session, own_isil=OURS, title_of=lambda item: "町の古地図 (cached)")
    sign_in(session, pad)
    events = pad.seen([tag("U9", "NOT-IN-CATALOGUE")], [])
    [refused] = [i for i in last_pad(events).items if i.item == "NOT-IN-CATALOGUE"]
    assert refused.state is PadItemState.REFUSED
    assert refused.title == "町の古地図 (cached)"


def test_the_first_pad_change_shows_lending_then_each_loan_its_own(
        session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    events = pad.seen([tag("U1", A), tag("U2", B)], [])
    first = events[0]
    assert isinstance(first, PadChanged)
    assert {i.state for i in first.items} == {PadItemState.LENDING}
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["PadChanged", "ItemCheckedOut", "SecureTags", "PadChanged",
                     "ItemCheckedOut", "SecureTags", "PadChanged"]
    titles = {i.item: i.title for i in last_pad(events).items}
    assert titles == {A: "ぐりとぐら", B: "はらぺこあおむし"}


# -- one path with the scanned items ---------------------------------------------------------
def test_the_pad_lends_through_the_session_path_already_yours_hold_refusal_and_counts(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    lib.lend(C, CARD, TODAY)                                        # theirs from before
    sign_in(session, pad)
    events = pad.seen([tag("U1", C), tag("U2", HOLD), tag("U3", NOT_FOR_LOAN)], [])
    assert checkouts(lib) == [HOLD, NOT_FOR_LOAN]                       # C was never sent
    [already] = of(events, ItemAlreadyOnLoan)
    [pickup] = of(events, ItemCheckedOut)
    [refused] = of(events, ItemRefused)
    assert isinstance(already, ItemAlreadyOnLoan)
    assert already.loan.item == C
    assert isinstance(pickup, ItemCheckedOut)
    assert pickup.hold_pickup
    assert isinstance(refused, ItemRefused)
    view = {i.item: i for i in last_pad(events).items}
    assert view[C].state is PadItemState.ALREADY_YOURS
    assert view[HOLD].state is PadItemState.LENT
    assert view[NOT_FOR_LOAN].state is PadItemState.REFUSED
    assert view[NOT_FOR_LOAN].problem is ItemProblem.NOT_FOR_LOAN
    assert view[NOT_FOR_LOAN].ils_message == "Not for loan"
    assert last_pad(events).counts == SessionCounts(loans=1, holds_picked_up=1,
                                                    items_left=8)
    assert [e.item for e in of(events, SecureTags)] == [HOLD]     # loans only
    # a barcode scan of a book the pad lent: the session's one answer, nothing sent
    [again] = session.scan(HOLD)
    assert isinstance(again, ItemAlreadyOnLoan)
    assert checkouts(lib) == [HOLD, NOT_FOR_LOAN]


def test_a_tag_names_its_item_without_the_branchs_barcode_pattern(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    [scanned] = session.scan("JP-A1")                  # no nine digits: no item barcode
    assert isinstance(scanned, ScanRejected)
    assert states(pad.seen([tag("U1", "JP-A1")], [])) == {"JP-A1": PadItemState.LENT}
    assert checkouts(lib) == ["JP-A1"]


# -- sets --------------------------------------------------------------------------------------
def test_a_set_is_lent_only_with_every_part_on_the_pad(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    events = pad.seen([tag("S1", SET, parts=3, part=1), tag("S3", SET, parts=3, part=3)], [])
    [item] = last_pad(events).items
    assert (item.state, item.parts, item.parts_seen) == (PadItemState.PARTS_MISSING, 3, 2)
    assert "2 of 3" in item.detail
    assert lib.sent("checkout") == []
    events = pad.seen([tag("S2", SET, parts=3, part=2)], [])
    [item] = last_pad(events).items
    assert (item.state, item.parts_seen, item.uids) == (PadItemState.LENT, 3,
                                                         ("S1", "S3", "S2"))
    [secure] = of(events, SecureTags)
    assert secure == SecureTags(SET, ("S1", "S3", "S2"))            # every part's tag
    # a part taken off later does not undo the loan
    events = pad.seen([], ["S3"])
    [item] = last_pad(events).items
    assert (item.state, item.parts_seen) == (PadItemState.LENT, 2)
    assert checkouts(lib) == [SET]
    assert [c[0] for c in lib.calls].count("checkout") == 1


def test_a_set_before_the_card_says_its_parts_and_waits(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    events = pad.seen([tag("S1", SET, parts=2, part=1)], [])
    assert states(events) == {SET: PadItemState.PARTS_MISSING}
    events = pad.seen([tag("S2", SET, parts=2, part=2)], [])
    assert states(events) == {SET: PadItemState.WAITING_FOR_CARD}
    assert states(sign_in(session, pad)) == {SET: PadItemState.LENT}
    assert checkouts(lib) == [SET]


def test_tags_that_disagree_on_the_number_of_parts_are_not_lent(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    events = pad.seen([tag("S1", SET, parts=2, part=1), tag("S2", SET, parts=3, part=2)], [])
    [item] = last_pad(events).items
    assert item.state is PadItemState.UNREADABLE
    assert "disagree" in item.detail
    assert lib.sent("checkout") == []


# -- not ours, unreadable, duplicates -----------------------------------------------------------
def test_another_librarys_tag_is_not_ours_and_never_sent(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    events = pad.seen([tag("U1", A, owner="JP-1000002"), tag("U2", B, owner="jp1000001"),
                       tag("U3", C, owner="")], [])
    view = {i.item: i for i in last_pad(events).items}
    assert view[A].state is PadItemState.NOT_OURS
    assert "JP-1000002" in view[A].detail
    assert view[B].state is PadItemState.LENT            # the same ISIL, written otherwise
    assert view[C].state is PadItemState.LENT            # no owner on the tag: taken as ours
    assert checkouts(lib) == [B, C]


def test_a_pad_without_an_own_isil_lends_whatever_owner_a_tag_names(
        lib: MemoryCirculation, session: PatronSession) -> None:
    pad = Pad(session, own_isil=None)
    sign_in(session, pad)
    assert states(pad.seen([tag("U1", A, owner="DE-705")], [])) == {A: PadItemState.LENT}


def test_an_unreadable_tag_is_listed_for_staff_and_the_rest_is_lent(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    blank = TagSeen("U9", TagReading.failed(None, Problem.BLANK, "all bytes are 00"))
    bad = TagSeen("U8", TagReading.failed("iso28560-3", Problem.BAD_CRC,
                                          "CRC 1234, the block says 4321"))
    events = pad.seen([blank, tag("U1", A), bad], [])
    items = last_pad(events).items
    assert [(i.item, i.state) for i in items] == [(None, PadItemState.UNREADABLE),
                                                  (A, PadItemState.LENT),
                                                  (None, PadItemState.UNREADABLE)]
    assert items[0].uids == ("U9",)
    assert "all bytes are 00" in items[0].detail
    assert "bad-crc" in items[2].detail
    assert checkouts(lib) == [A]


def test_two_tags_naming_one_item_are_duplicates_and_neither_is_lent(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    events = pad.seen([tag("U1", A), tag("U2", A), tag("U3", B)], [])
    view = {i.item: i for i in last_pad(events).items}
    assert view[A].state is PadItemState.DUPLICATE
    assert view[A].uids == ("U1", "U2")
    assert "U1, U2" in view[A].detail
    assert checkouts(lib) == [B]
    # the copied tag taken away: the book is lent, once
    events = pad.seen([], ["U2"])
    assert states(events)[A] is PadItemState.LENT
    assert checkouts(lib) == [B, A]


# -- taken off -----------------------------------------------------------------------------------
def test_a_book_taken_off_before_the_card_is_not_lent(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    pad.seen([tag("U1", A), tag("U2", B)], [])
    events = pad.seen([], ["U1"])
    assert states(events) == {B: PadItemState.WAITING_FOR_CARD}
    sign_in(session, pad)
    assert checkouts(lib) == [B]


class Watching(MemoryCirculation):
    """A library whose checkout of one item lets something happen meanwhile (the patron
    lifting a book while the ILS answers)."""

    during: dict[str, object]

    def checkout(self, card: str, item: str) -> CheckoutOutcome:
        action = self.during.pop(item, None)
        if callable(action):
            action()
        return super().checkout(card, item)


def watching() -> Watching:
    lib = Watching()
    lib.during = {}
    library(lib)
    return lib


def test_a_book_taken_off_while_the_stack_is_lent_is_not_sent() -> None:
    lib = watching()
    session = PatronSession(lib, BarcodeRules())
    pad = Pad(session, own_isil=OURS)
    sign_in(session, pad)
    lib.during[A] = lambda: pad.taken_off(["U3"])      # the polling thread, during A's loan
    events = pad.seen([tag("U1", A), tag("U2", B), tag("U3", C)], [])
    assert checkouts(lib) == [A, B]                    # C was lifted before its turn
    assert states(events) == {A: PadItemState.LENT, B: PadItemState.LENT}
    # the same removal, reported again on the patron queue: harmless
    assert states(pad.seen([], ["U3"])) == {A: PadItemState.LENT, B: PadItemState.LENT}


def test_a_book_taken_off_once_its_checkout_was_sent_stays_lent_and_is_never_lent_twice(
        ) -> None:
    lib = watching()
    session = PatronSession(lib, BarcodeRules())
    pad = Pad(session, own_isil=OURS)
    sign_in(session, pad)
    lib.during[A] = lambda: pad.taken_off(["U1"])      # lifted while the ILS answers
    events = pad.seen([tag("U1", A)], [])
    [item] = last_pad(events).items
    assert (item.state, item.on_pad) == (PadItemState.LENT, False)   # the patron took it
    [secure] = of(events, SecureTags)
    assert secure == SecureTags(A, ("U1",))            # tried: fails if it left the field
    assert session.loans[0].item == A
    events = pad.seen([], ["U1"])                      # the watcher's report, later
    [item] = last_pad(events).items
    assert (item.item, item.state, item.on_pad) == (A, PadItemState.LENT, False)
    # back on the pad: theirs already, no second checkout, no checkin ever
    events = pad.seen([tag("U1", A)], [])
    assert states(events) == {A: PadItemState.ALREADY_YOURS}
    assert of(events, ItemCheckedOut) == []
    assert checkouts(lib) == [A]
    assert {c[0] for c in lib.calls} <= {"identify", "checkout", "current_loans"}
    # and off again: still this visit's loan, still listed
    events = pad.seen([], ["U1"])
    assert states(events) == {A: PadItemState.LENT}


def test_a_refused_book_taken_off_leaves_the_list_and_is_tried_again_when_put_back(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    assert states(pad.seen([tag("U1", NOT_FOR_LOAN)], [])) == {NOT_FOR_LOAN: PadItemState.REFUSED}
    assert states(pad.seen([tag("U1", NOT_FOR_LOAN)], [])) == {NOT_FOR_LOAN: PadItemState.REFUSED}
    assert checkouts(lib) == [NOT_FOR_LOAN]                  # still there: not asked again
    assert last_pad(pad.seen([], ["U1"])).items == ()
    pad.seen([tag("U1", NOT_FOR_LOAN)], [])
    assert checkouts(lib) == [NOT_FOR_LOAN, NOT_FOR_LOAN]


# -- security ------------------------------------------------------------------------------------
def test_security_turned_off_is_recorded_with_the_loan(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    pad.seen([tag("U1", A)], [])
    events = pad.secured(A, True, state=SecurityState(afi=0xC2))
    assert states(events) == {A: PadItemState.SECURED}
    assert of(events, SecurityNotChanged) == []
    assert lib.security == {A: (True, "AFI C2")}
    [record] = lib.sent("record_security")
    assert record == ("record_security", CARD, A, "online", "ok", "AFI C2")


def test_a_security_write_that_fails_keeps_the_loan_and_sends_the_patron_to_staff(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    pad.seen([tag("U1", A), tag("U2", B)], [])
    events = pad.secured(A, False, "tag U1: the tag refused: the AFI is locked")
    [warn] = of(events, SecurityNotChanged)
    assert warn == SecurityNotChanged(A, "ぐりとぐら",
                                      "tag U1: the tag refused: the AFI is locked")
    view = {i.item: i for i in last_pad(events).items}
    assert view[A].state is PadItemState.SECURITY_FAILED
    assert "locked" in view[A].detail
    assert view[B].state is PadItemState.LENT
    assert [loan.item for loan in session.loans] == [A, B]           # the loan stands
    assert lib.loans[A][0] == CARD
    assert lib.security[A] == (False, "tag U1: the tag refused: the AFI is locked")
    assert {c[0] for c in lib.calls} == {"identify", "checkout", "record_security"}
    # back on the pad, the staff message stays; nothing is sent again
    pad.seen([], ["U1"])
    assert states(pad.seen([tag("U1", A)], []))[A] is PadItemState.SECURITY_FAILED
    assert checkouts(lib) == [A, B]


def test_failed_security_writes_are_counted_in_the_metrics(
        session: PatronSession, pad: Pad) -> None:
    metrics = Metrics()
    assert metrics.value("kiosk_rfid_security_failed_total") == 0
    sign_in(session, pad)
    metrics.observe_events(pad.seen([tag("U1", A), tag("U2", B)], []))
    metrics.observe_events(pad.secured(A, False, "locked") + pad.secured(B, True))
    assert metrics.value("kiosk_rfid_security_failed_total") == 1
    assert metrics.value("kiosk_checkouts_total", mode="online") == 2


def test_a_security_answer_after_the_session_ended_is_still_recorded(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    pad.seen([tag("U1", A)], [])
    session.finish()
    assert pad.clear() == [PadChanged((), None)]
    assert pad.clear() == []                           # an empty pad has nothing to say
    events = pad.secured(A, False, "no tag answered")
    assert of(events, SecurityNotChanged) == [SecurityNotChanged(A, "", "no tag answered")]
    assert lib.security[A] == (False, "no tag answered")
    assert pad.secured(A, True) == []                  # recorded once; nothing waits now


def test_clear_forgets_the_pad_for_the_next_patron(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    sign_in(session, pad)
    pad.seen([tag("U1", A)], [])
    session.finish()
    pad.clear()
    assert pad.items == ()
    events = pad.seen([tag("U2", B)], [])
    assert states(events) == {B: PadItemState.WAITING_FOR_CARD}


def test_an_empty_pad_says_nothing_at_sign_in_or_without_news(
        lib: MemoryCirculation, session: PatronSession, pad: Pad) -> None:
    assert sign_in(session, pad) == []
    assert pad.seen([], []) == []
    assert lib.sent("checkout") == []


def test_placed_after_is_the_branchs_and_checked(session: PatronSession) -> None:
    assert Pad(session, own_isil=None, placed_after=3).placed_after == 3
    with pytest.raises(ValueError, match="at least 1"):
        Pad(session, own_isil=None, placed_after=0)


class Forgetful(MemoryCirculation):
    """An ILS that does not list the patron's loans at sign-in."""

    def identify(self, card: str, pin: str | None = None) -> PatronOutcome:
        outcome = super().identify(card, pin)
        assert outcome.patron is not None
        return PatronOutcome(replace(outcome.patron, charged_items=frozenset()))


def test_a_checkout_answered_as_a_renewal_is_logged_by_its_item_alone(
        caplog: pytest.LogCaptureFixture) -> None:
    lib = library(Forgetful())
    lib.lend(A, CARD, TODAY)
    session = PatronSession(lib, BarcodeRules())
    pad = Pad(session, own_isil=OURS)
    caplog.set_level(logging.INFO)
    sign_in(session, pad)
    [lent] = of(pad.seen([tag("U1", A)], []), ItemCheckedOut)
    assert lent.loan.renewal
    [line] = [r.getMessage() for r in caplog.records if "renewal" in r.getMessage()]
    assert A in line
    assert CARD[-4:] not in line


# -- the real reader, the station and the SIP2 simulator ---------------------------------------
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def ils(request: pytest.FixtureRequest) -> tuple[IlsSimulator, Sip2Client, Cache]:
    """The simulator, a client logged in to it and a cache (tests/ils_fixtures.py)."""
    return (request.getfixturevalue("simulator"), request.getfixturevalue("client"),
            request.getfixturevalue("cache"))


@pytest.fixture
def emulator_stack(emulator: FeigEmulator) -> list[EmulatedTag]:
    items = DEMO.lendable_items[:3]
    tags = [EmulatedTag(f"E0040100000000{n:02X}",
                        bytearray(encode_tag(TagContent(item, owner=OURS)).ljust(112, b"\0")),
                        afi_locked=(n == 2))
            for n, item in enumerate(items, start=1)]
    emulator.put(*tags)
    return tags


def test_a_stack_of_three_through_the_feig_emulator_and_the_sip2_simulator(
        feig: FeigReader, emulator_stack: list[EmulatedTag],
        ils: tuple[IlsSimulator, Sip2Client, Cache], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    sim, sip2, known = ils
    session = PatronSession(OnlineCirculation(sip2, known, timezone=TOKYO), BarcodeRules())
    pad = Pad(session, own_isil=OURS)
    watcher = PadWatcher(placed_after=pad.placed_after)
    policy = SecurityPolicy()
    events: list[Event] = []
    for _round in range(6):                            # as the adapter's polling loop
        change = watcher.feed(seen.uid for seen in feig.inventory())
        if change:
            placed = [read_tag(feig, uid, TagSettings()) for uid in change.placed]
            events += pad.seen([TagSeen(r.uid, r.reading) for r in placed], change.removed)
    assert len(watcher.on_pad) == 3
    assert states(events) == dict.fromkeys(DEMO.lendable_items[:3],
                                           PadItemState.WAITING_FOR_CARD)
    session.scan(DEMO.good_card)
    events = pad.signed_in()
    commands = [e for e in events if isinstance(e, SecureTags)]
    assert len(commands) == 3
    for command in commands:
        assert isinstance(command, SecureTags)
        [uid] = command.uids
        result = set_security(feig, uid, policy, on_loan=True)
        events += pad.secured(command.item, result.ok, result.detail, result.state)
    for _round in range(3):                            # the stack stays on the pad: no news
        assert not watcher.feed(seen.uid for seen in feig.inventory())
    locked = DEMO.lendable_items[1]
    [warn] = of(events, SecurityNotChanged)
    assert isinstance(warn, SecurityNotChanged)
    assert warn.item == locked
    assert warn.title
    assert "locked" in warn.detail
    final: tuple[PadItem, ...] = last_pad(events).items
    assert {i.item: i.state for i in final} == {
        DEMO.lendable_items[0]: PadItemState.SECURED, locked: PadItemState.SECURITY_FAILED,
        DEMO.lendable_items[2]: PadItemState.SECURED}
    assert [t.afi for t in emulator_stack] == [0xC2, 0x07, 0xC2]
    for item in DEMO.lendable_items[:3]:
        assert [(e.kind, bool(e.renewal)) for e in sim.ledger()
                if e.item == item and e.kind in ("checkout", "renew", "checkin")] == [
            ("checkout", False)]                       # exactly once, the locked one too
    assert last_pad(events).counts is not None
    assert last_pad(events).counts.loans == 3
    # staff find the failure in the log by its item; no line puts a card beside an item
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("kiosk")]
    assert any(locked in line and "NOT turned off" in line for line in lines), lines
    for line in lines:
        if any(item in line for item in DEMO.lendable_items):
            assert DEMO.good_card[-4:] not in line, line
