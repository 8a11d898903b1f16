"""Nothing kept longer than it is needed (issue 21, item 5).

A library keeps no record of what a patron read once the loan is over. The kiosk's journal
holds, for each offline loan, the card's keyed hash, the item, its title and the time; once
the ILS has accepted a row (``done``) it is kept only ``[privacy] keep_accepted_hours``
(staff may want a day to check), then deleted, and the deleted bytes leave the files
(SQLite ``secure_delete`` and a truncating WAL checkpoint: ``OfflineJournal.purge_accepted``).
Rows the ILS refused or took as renewals stay until staff resolve them.

:class:`Retention` does that in the kiosk, at start and every ten minutes; ``kiosk privacy
purge`` does it for a kiosk that is not running. :func:`report` lists every kind of personal
data the kiosk holds, how much, and until when (``kiosk privacy report``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from kiosk.periodic import Periodic
from sync.cache.cache import Cache
from sync.cache.models import HoldRecord, MyNumberLink, PatronRecord
from sync.journal import JournalState, OfflineJournal

log = logging.getLogger(__name__)

PURGE_INTERVAL = 600.0


class Retention:
    """Deletes accepted journal rows once they are older than ``keep_hours``."""

    def __init__(self, journal: OfflineJournal, keep_hours: float, *,
                 on_purge: Callable[[int], None] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.journal = journal
        self.keep_hours = keep_hours
        self.on_purge = on_purge
        self.clock = clock
        self._loop = Periodic(self.purge_once, name="retention", log=log, at_start=True,
                              failed="privacy: deleting accepted journal rows failed")

    def purge_once(self) -> int:
        cutoff = self.clock() - timedelta(hours=self.keep_hours)
        count = self.journal.purge_accepted(cutoff)
        if count:
            log.info("privacy: %d journal row(s) the ILS accepted more than %g h ago deleted",
                     count, self.keep_hours)
            if self.on_purge is not None:
                self.on_purge(count)
        return count

    def start(self, interval: float = PURGE_INTERVAL) -> None:
        """Purges at once, then every ``interval`` seconds (a failure is logged, tried again)."""
        self._loop.start(interval)

    def stop(self) -> None:
        self._loop.stop()


@dataclass(frozen=True)
class Holding:
    """One kind of personal data the kiosk holds."""

    kind: str
    what: str                      # which personal data, in words
    count: int
    oldest: datetime | None        # the oldest one's time (as the kind defines it)
    until: str                     # how long it is kept, in words
    next_deletion: datetime | None = None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("oldest", "next_deletion"):
            value = data[key]
            data[key] = value.isoformat() if isinstance(value, datetime) else None
        return data


def report(cache: Cache, keep_hours: float, *, cache_path: Path | None = None,
           key_path: Path | None = None) -> list[Holding]:
    """Every kind of personal data in the kiosk's cache and beside it, how much, until when."""
    journal = OfflineJournal(cache)
    holdings: list[Holding] = []
    waiting = journal.count(JournalState.PENDING, JournalState.SENDING)
    holdings.append(Holding(
        "journal_waiting", "offline loans not yet at the ILS: the full card number, its "
        "keyed hash, the item, its title, the time", waiting, journal.oldest_open(),
        "until the ILS accepts each loan; then the card number is masked"))
    for state, what in ((JournalState.FAILED, "offline loans the ILS refused: the full card "
                         "number (for the counter staff who enter the loan by hand)"),
                        (JournalState.RENEWED, "offline loans the ILS took as renewals: the "
                         "masked card number")):
        rows = journal.rows(state)
        holdings.append(Holding(
            f"journal_{state}", f"{what}, its keyed hash, the item, its title, the time",
            len(rows),
            min((r.transaction_at for r in rows), default=None),
            "until staff resolve each (`kiosk journal resolve ID`); then as accepted rows"))
    accepted, oldest_closed = journal.accepted_summary()
    holdings.append(Holding(
        "journal_accepted", "offline loans the ILS accepted: the masked card number, its keyed "
        "hash, the item, its title, the time", accepted, oldest_closed,
        f"{keep_hours:g} hours after the ILS accepted each ([privacy] keep_accepted_hours), "
        "then deleted and overwritten in the file",
        oldest_closed + timedelta(hours=keep_hours) if oldest_closed else None))
    with cache.sessions.begin() as session:
        patrons, patrons_oldest = session.execute(
            select(func.count(), func.min(PatronRecord.updated_at))).one()
        holds, holds_oldest = session.execute(
            select(func.count(), func.min(HoldRecord.updated_at))).one()
        links, links_oldest, links_expire = session.execute(
            select(func.count(), func.min(MyNumberLink.linked_at),
                   func.max(MyNumberLink.cert_not_after))).one()
        expired = session.scalar(select(func.count()).select_from(MyNumberLink).where(
            MyNumberLink.cert_not_after < datetime.now(UTC))) or 0
    holdings.append(Holding(
        "patrons", "patrons for offline lending: the keyed hash of the card number, may "
        "borrow or why not, how many loans", patrons or 0, _aware(patrons_oldest),
        "until a full snapshot feed no longer lists the patron (nightly)"))
    holdings.append(Holding(
        "holds", "items waiting on the hold shelf: the keyed hash of the patron's card and the "
        "item", holds or 0, _aware(holds_oldest),
        "until the next snapshot feed no longer lists the hold (picked up or expired)"))
    expires = _aware(links_expire)
    holdings.append(Holding(
        "mynumber_links", "My Number cards linked to library cards: the library card number "
        "and a keyed hash of the card's certificate (never the My Number)", links or 0,
        _aware(links_oldest),
        "until staff or the feed remove the link; the certificate expires "
        f"{expires.date().isoformat() if expires else '-'}"
        f"{f' ({expired} expired and still kept)' if expired else ''}"))
    if key_path is not None:
        holdings.append(Holding(
            "card_key", f"the key that turns card numbers into the hashes above ({key_path}): "
            "with it and a card number, that card's rows can be found", int(key_path.exists()),
            None, "as long as the library uses it; the same on every kiosk of the library"))
    holdings.append(Holding(
        "logs", "the system journal (`journalctl -u library-kiosk`): masked card numbers only, "
        "never a title, never a card beside an item lent", 0, None,
        "as journald keeps logs (MaxRetentionSec=, SystemMaxUse= in journald.conf)"))
    holdings.append(Holding(
        "exports", "CSV files written by `kiosk journal export`: full card numbers and titles",
        0, None, "wherever staff put them: delete each once its loans are entered"))
    if cache_path is not None:
        sizes = {p.name: p.stat().st_size for p in cache_path.parent.glob(cache_path.name + "*")
                 if p.is_file()}
        holdings.append(Holding(
            "files", "the cache's files on disk: " + ", ".join(
                f"{name} {size} bytes" for name, size in sorted(sizes.items())),
            len(sizes), None, "the kiosk's state, removed when the package is purged"))
    return holdings


def _aware(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# -- the byte-by-byte search ---------------------------------------------------------------------
@dataclass(frozen=True)
class PatronLink:
    """What ties a patron to a loan, in every form the kiosk could have written it: the card
    number, its keyed hash, the journal's masked number, and the journal row's own id."""

    card: str
    item: str
    card_hash: str
    masked: str
    txn_id: str = ""


def file_pages(path: Path, page_size: int) -> list[bytes]:
    """The database's pages, or the WAL's frames (each a page with its header)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    if path.name.endswith("-wal"):
        frame = 24 + page_size
        return [data[i:i + frame] for i in range(32, len(data), frame)]
    return [data[i:i + page_size] for i in range(0, len(data), page_size)]


def find_links(files: Sequence[Path], logs: Sequence[Path], loans: Iterable[PatronLink],
               page_size: int, *, held_cards: frozenset[str] = frozenset()) -> list[str]:
    """Where the database ``files`` (db, -wal, -shm) or the ``logs`` link a loan's patron to
    its item: a page holding both, a log line naming both, or the row's own id or the full
    card number anywhere. ``held_cards``: full card numbers the kiosk holds for another
    reason (a My Number link, a row refused for staff), searched only beside the item."""
    by_item: dict[str, list[PatronLink]] = {}
    for loan in loans:
        by_item.setdefault(loan.item, []).append(loan)
    found: list[str] = []
    secrets: dict[bytes, str] = {}
    for loan in (loan for group in by_item.values() for loan in group):
        if loan.card not in held_cards:
            secrets[loan.card.encode()] = loan.card
        if loan.txn_id:
            secrets[loan.txn_id.encode()] = loan.txn_id
    items = [(item.encode(), group) for item, group in by_item.items()]

    def markers(loan: PatronLink) -> list[bytes]:
        return [loan.card.encode(), loan.card_hash.encode(), loan.masked.encode()]

    for path in [*files, *logs]:
        if not path.exists():
            continue
        data = path.read_bytes()
        for secret, shown in secrets.items():
            at = data.find(secret)
            if at >= 0:
                found.append(f"{path.name}: {shown} at byte {at}")
    for path in files:
        for n, page in enumerate(file_pages(path, page_size)):
            for item, group in items:
                if item not in page:
                    continue
                for loan in group:
                    if any(p in page for p in markers(loan)):
                        found.append(f"{path.name} page {n}: item {loan.item} beside its "
                                     f"patron {loan.masked}")
    for path in logs:
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8",
                                                errors="replace").splitlines()):
            for item, group in items:
                if item.decode() not in line:
                    continue
                for loan in group:
                    if any(p.decode() in line for p in markers(loan)):
                        found.append(f"{path.name} line {n + 1}: {line}")
    return found
