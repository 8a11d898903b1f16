"""Imports a snapshot feed (docs/feed-format.md) into the cache.

The feed is read as a stream from a file or an https:// URL, gunzipped on the fly when it
starts with the gzip magic bytes, parsed one line at a time and written in batches of
``chunk`` rows, so memory stays flat whatever the feed's size. The whole import is ONE
transaction: a feed that is corrupt or cut short anywhere is refused with the line number and
the cache is left exactly as it was. Records never overwrite what the kiosk saw (from SIP2, or
an offline loan) after the feed was generated.
"""

from __future__ import annotations

import base64
import csv
import gzip
import http.client
import io
import json
import logging
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Literal, cast
from urllib.parse import unquote, urlsplit, urlunsplit

from sync.cache import feed_format as ff
from sync.cache.cache import Cache
from sync.cache.feed_format import FeedError, FeedHeader, Kind
from sync.cache.rows import ITEM_FROM_FEED, sql_datetime

log = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
MAX_LINE = 1 << 20            # a longer "line" is not a record: refuse it rather than hold it
_READ_ERRORS = (OSError, EOFError, zlib.error, http.client.HTTPException, csv.Error)

Row = tuple[Any, ...]
Format = Literal["auto", "ndjson", "csv"]


@dataclass(frozen=True)
class ImportResult:
    kind: Kind
    library: str
    generated_at: datetime
    records: Mapping[str, int]   # records read, per type (upserts and deletions)
    deleted: Mapping[str, int]   # rows removed, per type: deletions, or what a full feed dropped
    kept_newer: int              # records not applied: the kiosk saw that row after generated_at
    lines: int
    seconds: float


def import_feed(cache: Cache, source: Path | str, *, chunk: int = 5000, fmt: Format = "auto",
                cafile: str | Path | None = None, timeout: float = 60.0,
                headers: Mapping[str, str] | None = None,
                library: str | None = None) -> ImportResult:
    """Import a full or delta feed from a file path or an https:// URL; all or nothing.

    ``cafile`` verifies the server against a private CA (TLS is always verified);
    ``headers`` are sent with the request (e.g. an Authorization token); ``library``, when
    given, must match the feed's. Raises :class:`FeedError` and changes nothing when the feed
    is refused."""
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    started = time.perf_counter()
    with ExitStack() as stack:
        raw = _open_source(stack, source, cafile=cafile, timeout=timeout, headers=headers)
        stream = _decompressed(raw)
        chosen = _sniff(stream) if fmt == "auto" else fmt
        with cache.engine.begin() as connection:
            dbapi = connection.connection.dbapi_connection
            if dbapi is None:  # pragma: no cover - a begun connection always has one
                raise RuntimeError("no database connection")
            cursor = dbapi.cursor()
            try:
                state = _Import(cursor, cache.card_hasher(), chunk=chunk, library=library)
                if chosen == "ndjson":
                    lines = _read_ndjson(stream, state)
                else:
                    lines = _read_csv(stream, state)
                result = state.finish(lines)
            finally:
                cursor.close()
        result = replace(result, seconds=time.perf_counter() - started)   # with the commit
    log.info("feed imported: %s feed of %s generated %s, %s, %d removed, %d kept as newer, "
             "%.1f s", result.kind, result.library or "?", result.generated_at.isoformat(),
             ", ".join(f"{n} {t}" for t, n in result.records.items() if n) or "no records",
             sum(result.deleted.values()), result.kept_newer, result.seconds)
    return result


# -- reading -------------------------------------------------------------------------------
def _open_source(stack: ExitStack, source: Path | str, *, cafile: str | Path | None,
                 timeout: float, headers: Mapping[str, str] | None) -> IO[bytes]:
    if isinstance(source, str) and "://" in source:
        return _open_url(stack, source, cafile=cafile, timeout=timeout, headers=headers)
    try:
        return stack.enter_context(open(source, "rb"))
    except OSError as exc:
        raise FeedError(0, f"cannot open the feed {source}: {exc.strerror or exc}") from exc


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Patron data never travels in clear: a redirect to http:// is refused."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,  # noqa: PLR0917 (urllib's signature)
                         msg: str, headers: http.client.HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme != "https":
            raise FeedError(0, f"the feed URL redirects to {_display(newurl)}: only https:// "
                               "is allowed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _display(url: str) -> str:
    """The URL without credentials or query (a token may be in either): safe to log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _open_url(stack: ExitStack, url: str, *, cafile: str | Path | None, timeout: float,
              headers: Mapping[str, str] | None) -> IO[bytes]:
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise FeedError(0, f"only https:// feed URLs are allowed, not {parts.scheme}://")
    request_headers = {"Accept-Encoding": "identity", **(headers or {})}
    if parts.username is not None:
        user_pass = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        request_headers["Authorization"] = "Basic " + base64.b64encode(
            user_pass.encode("utf-8")).decode("ascii")
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    context = ssl.create_default_context(cafile=str(cafile) if cafile is not None else None)
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                         _HttpsOnlyRedirects())
    try:
        response = opener.open(urllib.request.Request(bare, headers=request_headers),
                               timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FeedError(0, f"{_display(url)} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FeedError(0, f"cannot fetch {_display(url)}: {exc.reason}") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FeedError(0, f"cannot fetch {_display(url)}: {exc}") from exc
    stack.callback(response.close)
    return io.BufferedReader(response, buffer_size=1 << 16)


def _peek(stream: IO[bytes], size: int) -> bytes:
    peek: Callable[[int], bytes] | None = getattr(stream, "peek", None)
    if peek is None:  # pragma: no cover - every stream here is buffered
        raise TypeError("a buffered stream is needed")
    try:
        return peek(size)[:size]
    except _READ_ERRORS as exc:
        raise _read_error(1, exc) from exc


def _decompressed(stream: IO[bytes]) -> IO[bytes]:
    if _peek(stream, 2) == GZIP_MAGIC:
        return cast(IO[bytes], gzip.GzipFile(fileobj=stream, mode="rb"))
    return stream


def _sniff(stream: IO[bytes]) -> Literal["ndjson", "csv"]:
    head = _peek(stream, 256).removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head:
        raise FeedError(1, "the feed is empty")
    return "ndjson" if head.startswith(b"{") else "csv"


def _read_error(line: int, exc: BaseException) -> FeedError:
    if isinstance(exc, EOFError):
        return FeedError(line, "the feed ends in the middle of its gzip stream: truncated")
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return FeedError(line, f"the gzip stream is damaged: {exc}")
    if isinstance(exc, csv.Error):
        return FeedError(line, f"not valid CSV: {exc}")
    return FeedError(line, f"reading the feed failed: {exc}")


def _read_ndjson(stream: IO[bytes], state: _Import) -> int:
    line = 0
    loads = json.loads
    record = state.record
    while True:
        try:
            raw = stream.readline(MAX_LINE)
        except _READ_ERRORS as exc:
            raise _read_error(line + 1, exc) from exc
        if not raw:
            return line
        line += 1
        if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
            raise FeedError(line, f"a line longer than {MAX_LINE} bytes: not a feed record")
        if line == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if raw.isspace():
            continue
        try:
            rec = loads(raw)
        except ValueError as exc:
            raise FeedError(line, f"not valid JSON: {exc}") from None
        if type(rec) is not dict:
            raise FeedError(line, "a record must be a JSON object")
        record(rec, line)


def _read_csv(stream: IO[bytes], state: _Import) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    columns: dict[str, int] | None = None
    width = 0
    while True:
        line = reader.line_num + 1      # the line this row starts on
        try:
            row = next(reader)
        except StopIteration:
            return reader.line_num
        except UnicodeDecodeError:
            raise FeedError(line, "not UTF-8 text") from None
        except _READ_ERRORS as exc:
            raise _read_error(line, exc) from exc
        if not any(cell.strip() for cell in row):     # blank, or a spreadsheet's ",,,,"
            continue
        if columns is None:
            columns = ff.csv_columns(row, line)
            width = len(row)
            continue
        state.record(ff.csv_record(columns, width, row, line), line)


# -- writing -------------------------------------------------------------------------------
_UPSERT = {
    "patron": (
        "INSERT INTO patrons (card_hash, valid, may_borrow, status, charged_count, updated_at,"
        " block, wide_area, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'feed')"
        " ON CONFLICT (card_hash) DO UPDATE SET valid = excluded.valid,"
        " may_borrow = excluded.may_borrow, status = excluded.status,"
        " charged_count = excluded.charged_count, updated_at = excluded.updated_at,"
        " block = excluded.block, wide_area = excluded.wide_area, source = excluded.source"
        " WHERE patrons.updated_at <= excluded.updated_at"),
    "item": ITEM_FROM_FEED,
    "hold": (
        "INSERT INTO holds (item_id, card_hash, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (item_id) DO UPDATE SET card_hash = excluded.card_hash,"
        " updated_at = excluded.updated_at WHERE holds.updated_at <= excluded.updated_at"),
    "rule": (
        "INSERT INTO loan_rules (loan_class, loan_days, limit_group, max_items)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (loan_class) DO UPDATE SET"
        " loan_days = excluded.loan_days, limit_group = excluded.limit_group,"
        " max_items = excluded.max_items"),
    "closed_day": (
        "INSERT INTO closed_days (day, reason) VALUES (?, ?)"
        " ON CONFLICT (day) DO UPDATE SET reason = excluded.reason"),
    # A link staff made at this kiosk after the feed was generated is newer: it stays.
    "mynumber_link": (
        "INSERT INTO mynumber_links (link_key, card_number, cert_not_after, linked_at, source)"
        " VALUES (?, ?, ?, ?, 'feed') ON CONFLICT (link_key) DO UPDATE SET"
        " card_number = excluded.card_number, cert_not_after = excluded.cert_not_after,"
        " linked_at = excluded.linked_at, source = excluded.source"
        " WHERE mynumber_links.linked_at <= excluded.linked_at"),
}
_DELETE = {
    "patron": "DELETE FROM patrons WHERE card_hash = ? AND updated_at <= ?",
    "item": "DELETE FROM items WHERE item_id = ? AND updated_at <= ?",
    "hold": "DELETE FROM holds WHERE item_id = ? AND updated_at <= ?",
    "rule": "DELETE FROM loan_rules WHERE loan_class = ?",
    "closed_day": "DELETE FROM closed_days WHERE day = ?",
    "mynumber_link": "DELETE FROM mynumber_links WHERE link_key = ? AND linked_at <= ?",
}
# A full feed replaces: rows it did not write (older than it) go. Rules and closed days carry
# no time: the ones the feed did not name go.
_SWEEP_OLDER = {"patron": "DELETE FROM patrons WHERE updated_at < ?",
                "item": "DELETE FROM items WHERE updated_at < ?",
                "hold": "DELETE FROM holds WHERE updated_at < ?",
                # links staff made here and the feed has not heard of yet stay
                "mynumber_link": "DELETE FROM mynumber_links WHERE source = 'feed'"
                                 " AND linked_at < ?"}
_SWEEP_UNNAMED = {
    "rule": "DELETE FROM loan_rules WHERE loan_class NOT IN (SELECT value FROM json_each(?))",
    "closed_day": "DELETE FROM closed_days WHERE day NOT IN (SELECT value FROM json_each(?))",
}

_BLANK = " " * 14


def _status(*flags: int) -> str:
    """The 14 SIP2 patron status flags with the given positions set."""
    return "".join("Y" if n in flags else " " for n in range(len(_BLANK)))


# (block, wide_area) -> valid, may_borrow, status, block column
_STANDING: dict[tuple[str, bool], tuple[bool, bool, str, str | None]] = {}
for _block, _flags in (("", ()), ("card_lost", (0, 4)), ("long_overdue", (0, 6)),
                       ("expired", (0,)), ("blocked", (0,))):
    for _wide in (False, True):
        # wide-area users may borrow but not reserve: hold privileges denied
        _STANDING[_block, _wide] = (True, not _block, _status(*_flags, *((3,) if _wide else ())),
                                    _block or None)


class _Import:
    """Turns records into batched writes on one cursor, inside the caller's transaction."""

    def __init__(self, cursor: Any, card_hash: Callable[[str], str], *, chunk: int,
                 library: str | None) -> None:
        self._cursor = cursor
        self._hash = card_hash
        self._chunk = chunk
        self._library = library
        self.header: FeedHeader | None = None
        self._generated = ""
        self._ended = False
        self._count = 0
        self.records = dict.fromkeys(ff.TYPES, 0)
        self.deleted = dict.fromkeys(ff.TYPES, 0)
        self.kept_newer = 0
        self._upserts: dict[str, list[Row]] = {t: [] for t in ff.TYPES}
        self._deletes: dict[str, list[Row]] = {t: [] for t in ff.TYPES}
        self._named: dict[str, set[str]] = {"rule": set(), "closed_day": set()}
        self._rows: dict[str, Callable[[Any], Row]] = {
            "patron": self._patron, "item": self._item, "hold": self._hold,
            "rule": self._rule, "closed_day": self._closed_day,
            "mynumber_link": self._link}

    # -- records --------------------------------------------------------------------------
    def record(self, rec: Mapping[str, object], line: int) -> None:
        kind = rec.get("type")
        parse = ff.PARSERS.get(kind) if type(kind) is str else None
        if parse is not None and self.header is not None and not self._ended:
            assert isinstance(kind, str)
            self._count += 1
            self.records[kind] += 1
            if "deleted" in rec and ff.is_deleted(rec, line):
                self._delete(kind, ff.deleted_key(kind, rec, line), line)
                return
            upserts = self._upserts[kind]
            if self._deletes[kind]:
                self._flush_deletes(kind)          # keep the feed's order for one table
            upserts.append(self._rows[kind](parse(rec, line)))
            if len(upserts) >= self._chunk:
                self._flush_upserts(kind)
            return
        self._control(rec, kind, line)

    def _control(self, rec: Mapping[str, object], kind: object, line: int) -> None:
        if self.header is None:
            self._start(ff.header(rec, line), line)
        elif self._ended:
            raise FeedError(line, "a record after the end record")
        elif kind == "end":
            ff.end(rec, line, self._count)
            self._ended = True
        elif kind == "feed":
            raise FeedError(line, "a second feed header")
        else:
            raise FeedError(line, f"unknown record type {kind!r} (expected one of "
                                  f"{', '.join(ff.TYPES)}, end)")

    def _start(self, header: FeedHeader, line: int) -> None:
        if self._library is not None and header.library != self._library:
            raise FeedError(line, f"the feed is for library {header.library!r}, this kiosk "
                                  f"belongs to {self._library!r}")
        self.header = header
        self._generated = sql_datetime(header.generated_at)

    def _delete(self, kind: str, key: str, line: int) -> None:
        assert self.header is not None
        if self.header.kind == "full":
            raise FeedError(line, "a full feed cannot delete records: it replaces the cache "
                                  "(leave the record out instead)")
        if self._upserts[kind]:
            self._flush_upserts(kind)
        deletes = self._deletes[kind]
        if kind == "patron":
            deletes.append((self._hash(key), self._generated))
        elif kind in ("item", "hold", "mynumber_link"):
            deletes.append((key, self._generated))
        else:                                   # rules and closed days carry no time
            deletes.append((key,))
        if len(deletes) >= self._chunk:
            self._flush_deletes(kind)

    def _patron(self, fields: ff.PatronFields) -> Row:
        card, block, wide_area, charged = fields
        valid, may_borrow, status, block_column = _STANDING[block, wide_area]
        return (self._hash(card), valid, may_borrow, status, charged, self._generated,
                block_column, wide_area)

    def _item(self, fields: ff.ItemFields) -> Row:
        item_id, title, loan_class, not_for_loan, ill, status, due = fields
        return (item_id, title, status, None if due is None else sql_datetime(due), self._generated,
                loan_class, not_for_loan, ill)

    def _hold(self, fields: ff.HoldFields) -> Row:
        return fields[0], self._hash(fields[1]), self._generated

    def _rule(self, fields: ff.RuleFields) -> Row:
        self._named["rule"].add(fields[0])
        return fields

    def _link(self, fields: ff.LinkFields) -> Row:
        key, card, not_after = fields
        return key, card, sql_datetime(not_after), self._generated

    def _closed_day(self, fields: ff.ClosedDayFields) -> Row:
        day = fields[0].isoformat()
        self._named["closed_day"].add(day)
        return day, fields[1]

    # -- batches --------------------------------------------------------------------------
    def _flush_upserts(self, kind: str) -> None:
        rows = self._upserts[kind]
        self._cursor.executemany(_UPSERT[kind], rows)
        self.kept_newer += len(rows) - max(self._cursor.rowcount, 0)
        rows.clear()

    def _flush_deletes(self, kind: str) -> None:
        rows = self._deletes[kind]
        self._cursor.executemany(_DELETE[kind], rows)
        self.deleted[kind] += max(self._cursor.rowcount, 0)
        rows.clear()

    def finish(self, lines: int) -> ImportResult:
        if self.header is None:
            raise FeedError(1 if lines == 0 else lines, "the feed has no header record")
        if not self._ended:
            raise FeedError(lines + 1, "the feed ends without its end record: truncated?")
        for kind in ff.TYPES:
            if self._deletes[kind]:
                self._flush_deletes(kind)
            if self._upserts[kind]:
                self._flush_upserts(kind)
        if self.header.kind == "full":
            for kind, sql in _SWEEP_OLDER.items():
                self._cursor.execute(sql, (self._generated,))
                self.deleted[kind] += max(self._cursor.rowcount, 0)
            for kind, sql in _SWEEP_UNNAMED.items():
                self._cursor.execute(sql, (json.dumps(sorted(self._named[kind])),))
                self.deleted[kind] += max(self._cursor.rowcount, 0)
        header = self.header
        return ImportResult(kind=header.kind, library=header.library,
                            generated_at=header.generated_at, records=dict(self.records),
                            deleted=dict(self.deleted), kept_newer=self.kept_newer,
                            lines=lines, seconds=0.0)


__all__ = ["FeedError", "ImportResult", "import_feed"]
