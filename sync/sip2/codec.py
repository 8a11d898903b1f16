"""Sans-I/O SIP2 codec: bytes <-> :class:`Message`, checksums and sequence numbers.

Nothing here touches a socket (see h11). The checksum is computed over the *encoded bytes*,
so the configured encoding matters: UTF-8 and cp932 give different checksums for a Japanese
title. For the same reason a line is decoded to text *before* it is split on the delimiter:
in Shift_JIS the second byte of a character such as ポ (0x83 0x7C) is the byte of ``|``.

Decoding is forgiving in what real ILSes send (fields in any order, unknown fields, missing
optional fields, ``|`` inside values, a checksum without a sequence number) and strict about
what cannot be understood: whatever the input bytes, :func:`decode` raises nothing but
:class:`Sip2Error` subclasses. Encoding is strict: a value that would change the frame
(the delimiter, a line break, more than 255 characters) or that the ILS's encoding cannot
carry is refused before anything is sent.
"""

from __future__ import annotations

import codecs
import functools
import operator
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from sync.sip2.spec import EXTENSION_IDS, FIELD_NAMES, SPECS

MAX_FIELD_LENGTH = 255
# Values in which a ``|`` is most likely part of the text: a segment that follows one of these
# starts a new field only when its identifier is one SIP2 or a known extension defines.
_FREE_TEXT = frozenset({"AE", "AF", "AG", "AJ", "AL", "AM", "BD", "CH"})
# every field identifier SIP2 or a known extension defines
KNOWN_IDS = (frozenset(FIELD_NAMES) | EXTENSION_IDS
              | frozenset(f for s in SPECS.values() for f in s.fields))
_RESEND_CODES = ("96", "97")


class Sip2Error(Exception):
    """A SIP2 message could not be built or understood."""


class MalformedMessage(Sip2Error):
    pass


class ChecksumError(Sip2Error):
    pass


class FieldTooLong(Sip2Error):
    pass


class Unencodable(Sip2Error):
    """A value holds characters the ILS's configured encoding cannot carry."""


@dataclass(frozen=True)
class Message:
    code: str
    fixed: tuple[tuple[str, str], ...] = ()
    fields: tuple[tuple[str, str], ...] = ()
    sequence: int | None = None
    extra: str = field(default="", compare=False)  # fixed-part text we did not expect
    # None: no checksum came with the message (or it was built, not received)
    checksum_ok: bool | None = field(default=None, compare=False)
    # The message's text as encode() writes it with the usual "|", before the trailer, when
    # a builder wrote it out as it built the message (see rendered()); None otherwise. It
    # is derived from the fields above, so equality and repr ignore it, and only rendered()
    # sets it: replace() and __init__ leave it None, and encode() then writes the text.
    text: str | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def name(self) -> str:
        spec = SPECS.get(self.code)
        return spec.name if spec else f"unknown_{self.code}"

    def fx(self, name: str) -> str:
        for key, value in self.fixed:
            if key == name:
                return value
        raise KeyError(name)

    def get(self, field_id: str, default: str | None = None) -> str | None:
        for key, value in self.fields:
            if key == field_id:
                return value
        return default

    def get_all(self, field_id: str) -> list[str]:
        return [value for key, value in self.fields if key == field_id]

    def yes(self, name: str) -> bool:
        return self.fx(name).upper() == "Y"

    @property
    def missing_required(self) -> tuple[str, ...]:
        """Required fields (per the specification) the message lacks; ILSes often do."""
        spec = SPECS.get(self.code)
        present = {key for key, _ in self.fields}
        return tuple(f for f in spec.required if f not in present) if spec else ()


_new_object = object.__new__


def _message(  # noqa: PLR0917 (positional: a hot path)
        code: str, fixed: tuple[tuple[str, str], ...], fields: tuple[tuple[str, str], ...],
        sequence: int | None = None, extra: str = "",
        checksum_ok: bool | None = None) -> Message:
    """``Message(...)`` for the codec's hot paths: the attributes written straight into the
    new instance's own dict, without the frozen dataclass ``__init__``'s one
    ``object.__setattr__`` per field (a tenth of decoding a short answer). Tests hold what
    is built so to every field of one built through ``__init__``."""
    msg = _new_object(Message)
    # written directly: no frozen __setattr__ on the way
    msg.__dict__.update(code=code, fixed=fixed, fields=fields, sequence=sequence, extra=extra,
                        checksum_ok=checksum_ok)
    return msg


def make(code: str, fixed: Mapping[str, str] | None = None,
         fields: Iterable[tuple[str, str | None]] = ()) -> Message:
    """Build a message, checking fixed fields against the spec table; None fields are left out."""
    spec = SPECS.get(code)
    if spec is None:
        raise Sip2Error(f"unknown message code {code!r}")
    fixed = fixed or {}
    try:
        values = [fixed[name] for name in spec.fixed_names]
    except KeyError as exc:
        raise Sip2Error(f"{spec.name}: fixed field {exc.args[0]} missing") from None
    if tuple(map(len, values)) != spec.lengths:
        for (name, length), value in zip(spec.fixed, values, strict=True):
            if len(value) != length:
                raise Sip2Error(f"{spec.name}: fixed field {name} must be {length} chars, "
                                f"got {value!r}")
    if len(fixed) != len(values):
        unknown = sorted(set(fixed) - set(spec.fixed_names))
        raise Sip2Error(f"{spec.name}: unknown fixed fields {unknown}")
    return _message(code, tuple(zip(spec.fixed_names, values, strict=True)),
                    tuple([(k, v) for k, v in fields if v is not None]))


def byte_sum(data: bytes) -> int:
    """The sum of the bytes, in C: Adler-32's low half is 1 + the byte sum modulo 65521
    (RFC 1950), which is the plain sum while that stays below 65521, as it does for up to
    256 bytes at a time (256 * 255 = 65280). Four times faster than ``sum(data)``."""
    if len(data) <= 256:
        return (zlib.adler32(data) & 0xFFFF) - 1
    return sum((zlib.adler32(data[i:i + 256]) & 0xFFFF) - 1 for i in range(0, len(data), 256))


def rendered(code: str, fixed: tuple[tuple[str, str], ...], fields: tuple[tuple[str, str], ...],
             text: str) -> Message:
    """A message its builder has also written out as text: for the requests sent for every
    item (checkout, renew, checkin), whose builders know their fields and write the text in
    one f-string, which no loop over the fields comes near.

    ``text`` (kept as :attr:`Message.text`) must be what :func:`encode` writes for the same
    message with the usual "|", before the trailer; the builders' tests hold them to that,
    byte for byte, and every fixed value to its length in the specification. :func:`encode`
    checks the text as a whole as it checks any other (delimiters, line breaks, field
    lengths, encoding) and uses it when the framing is the usual one."""
    msg = _new_object(Message)                 # _message(), written out, and the text
    attributes = msg.__dict__
    attributes["code"] = code
    attributes["fixed"] = fixed
    attributes["fields"] = fields
    attributes["sequence"] = None
    attributes["extra"] = ""
    attributes["checksum_ok"] = None
    attributes["text"] = text
    return msg


def checksum(data: bytes) -> str:
    """16-bit two's complement of the byte sum, as 4 upper-case hex digits."""
    return f"{(-byte_sum(data)) & 0xFFFF:04X}"


def yn(flag: bool) -> str:
    return "Y" if flag else "N"


def format_date(when: datetime) -> str:
    """SIP2 18-character date, local time (four blanks for the zone).

    An aware ``when`` is written as its own wall-clock time: pass it in the library's zone."""
    # Every request has one: the parts looked up, not formatted (a third less work than one
    # %-format of two numbers, a quarter of strftime's; the year's str() alone is a sixth).
    year = when.year
    if year < 3000:
        return (f"{_YEARS[year]}{_TWO[when.month]}{_TWO[when.day]}    "
                f"{_TWO[when.hour]}{_TWO[when.minute]}{_TWO[when.second]}")
    return (f"{year}{_TWO[when.month]}{_TWO[when.day]}    "     # four digits up to 9999
            f"{_TWO[when.hour]}{_TWO[when.minute]}{_TWO[when.second]}")


_TWO = tuple(f"{n:02d}" for n in range(100))      # "00" .. "99"
_YEARS = tuple(f"{n:04d}" for n in range(3000))   # "0000" .. "2999"


_DATE = re.compile(r"(\d{8})(?:\s*(UTC|GMT|Z|[+-]\d{4}|\d{4})?\s*(\d{6}))?(?!\d)")
_OTHER_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y")


@functools.lru_cache(maxsize=256)   # datetimes are immutable; a session's due dates repeat
def parse_date(text: str | None) -> datetime | None:
    """Parse a SIP2 date defensively, or return None.

    ``YYYYMMDDZZZZHHMMSS`` with the zone ZZZZ as four blanks (local time), ``   Z``,
    ``UTC `` or ``GMT `` (universal time), ``0000`` or a signed ``+hhmm`` offset; also just
    ``YYYYMMDD`` and the free-text forms ILSes put in due dates (``2025-04-15``,
    ``2025/04/15``, ``04/15/2025``). The result is **aware (UTC)** when the zone names UTC,
    aware with that offset for a signed offset, and **naive** otherwise: naive means the
    ILS's local time, which the caller knows (the library's zone). ``0000`` is read as
    local: it is what some servers pad the zone with, and nothing marks it as an offset.
    """
    if not text:
        return None
    # the common case, a well-formed 18-character local date: sliced, without regex/strptime
    if (len(text) == 18 and text[8:12] == "    " and text[:8].isdigit()
            and text[12:].isdigit() and text.isascii()):
        try:
            return datetime(int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[12:14]),
                            int(text[14:16]), int(text[16:18]))
        except ValueError:
            return None
    text = text.strip()
    match = _DATE.match(text)
    if match:
        day, zone, clock = match.groups()
        try:
            when = datetime.strptime(day + (clock or "000000"), "%Y%m%d%H%M%S")
        except ValueError:
            return None
        if zone in ("UTC", "GMT", "Z"):
            return when.replace(tzinfo=UTC)
        if zone and zone[0] in "+-":
            minutes = int(zone[1:3]) * 60 + int(zone[3:5])
            if minutes >= 24 * 60:
                return None
            offset = timedelta(minutes=minutes if zone[0] == "+" else -minutes)
            return when.replace(tzinfo=timezone(offset))
        return when
    for fmt in _OTHER_FORMATS:
        try:
            return datetime.strptime(text[: len(datetime(2000, 1, 1).strftime(fmt))], fmt)
        except ValueError:
            continue
    return None


def _check_value(where: str, value: str, delimiter: str) -> None:
    if delimiter in value:
        raise Sip2Error(f"{where} contains the delimiter {delimiter!r}")
    if "\r" in value or "\n" in value:
        raise Sip2Error(f"{where} contains a line break")


def _name_bad_value(msg: Message, delimiter: str) -> None:
    for name, value in msg.fixed:
        _check_value(f"fixed field {name}", value, delimiter)
    if msg.extra:
        _check_value("extra fixed text", msg.extra, delimiter)
    for field_id, value in msg.fields:
        _check_value(f"field {field_id}", value, delimiter)
    _check_value("message code", msg.code, delimiter)   # the delimiter can only be here now


def encode(msg: Message, *, sequence: int | None, encoding: str = "utf-8",
           terminator: bytes = b"\r", delimiter: str = "|",
           max_field_length: int = MAX_FIELD_LENGTH) -> bytes:
    """Serialise a message; with a sequence number the AY/AZ error-detection trailer is added.

    The sequence number wraps (12 is sent as 2). Resend requests (96, 97) never carry a
    sequence number, only the checksum, as the specification asks."""
    code = msg.code
    text = msg.text                              # see rendered()
    # no value is longer than the whole text: within the limit, so is every value
    if text is not None and delimiter == "|" and len(text) <= max_field_length:
        tail = _TAILS.get(terminator)
        if sequence is None or tail is None:
            return _frame(msg, text, sequence, encoding=encoding, terminator=terminator,
                          delimiter=delimiter)
        return write_text(msg, text, sequence, encoding, tail)
    spec = SPECS.get(code)
    if spec is None and (len(code) != 2 or not ("0" <= code[0] <= "9" and "0" <= code[1] <= "9")):
        raise Sip2Error(f"message code must be two digits, got {code!r}")
    parts = [code]
    parts += [value for _, value in msg.fixed]
    if (spec is not None and len(parts) == len(spec.lengths) + 1
            and tuple(map(len, parts[1:])) != spec.lengths):
        for (name, value), (_, length) in zip(msg.fixed, spec.fixed, strict=True):
            if len(value) != length:
                raise Sip2Error(f"{spec.name}: fixed field {name} must be {length} chars, "
                                f"got {value!r}")
    if msg.extra:
        parts.append(msg.extra + delimiter)
    for field_id, value in msg.fields:
        if len(field_id) != 2:
            raise Sip2Error(f"field identifier must be two characters, got {field_id!r}")
        if len(value) > max_field_length:
            raise FieldTooLong(f"field {field_id} is {len(value)} chars "
                               f"(max {max_field_length})")
        parts.append(f"{field_id}{value}{delimiter}")
    return _frame(msg, "".join(parts), sequence, encoding=encoding, terminator=terminator,
                  delimiter=delimiter)


_NUMBERED = tuple(f"AY{n}AZ" for n in range(10))     # a sequence number and the checksum's id
# the checksum's four hex digits and the terminator, in one format, for each terminator
# a Framing allows (see tail())
_TAILS = {terminator: b"%04X" + terminator for terminator in (b"\r", b"\r\n", b"\n")}
_adler32 = zlib.adler32


def tail(terminator: bytes) -> bytes | None:
    """What :func:`write_text` appends after the text for ``terminator`` (None for one no
    :class:`~sync.sip2.framing.Framing` allows: :func:`encode` then writes it)."""
    return _TAILS.get(terminator)


def write_text(msg: Message, text: str, sequence: int, encoding: str, tail: bytes) -> bytes:
    """The codec's typed writer: the bytes of a numbered request whose builder wrote its
    text out as it built it (``text`` is ``msg.text``, see :func:`rendered`; the checkout,
    renew and checkin of every item), with the usual "|" and a text within the field
    length limit (the caller's to know; no value is longer than the whole text). The same
    bytes as :func:`encode` writes for ``msg`` (which comes here for it), and the same
    refusals after the same whole-line check: one ``|`` per field and no line break, else
    the value at fault is named. ``tail``: :func:`tail` of the terminator.
    :class:`~sync.sip2.connection.Sip2Connection` calls it positionally for those
    requests: a keyword call of :func:`encode` with its checks of the framing cost as much
    again as writing the line."""
    text += _NUMBERED[sequence % 10]
    if text.count("|") != len(msg.fields) or "\r" in text or "\n" in text:
        _name_bad_value(msg, "|")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = _encode_text(text, encoding)   # raises, naming the character
    if len(data) <= 256:     # byte_sum inline: 1 + the byte sum is Adler-32's low half
        return data + tail % ((1 - _adler32(data)) & 0xFFFF)
    return data + tail % ((-byte_sum(data)) & 0xFFFF)


def _frame(msg: Message, text: str, sequence: int | None, *, encoding: str, terminator: bytes,
           delimiter: str) -> bytes:
    """The message's text, checked as a whole, with its error-detection trailer."""
    if sequence is not None:
        text += "AZ" if msg.code in _RESEND_CODES else f"AY{sequence % 10}AZ"
    # One look at the whole line instead of one per value: exactly one delimiter per
    # field (and after the extra text), no line break anywhere. Only on a failure are the
    # values looked at one by one, to name the culprit.
    if (text.count(delimiter) != len(msg.fields) + (1 if msg.extra else 0)
            or "\r" in text or "\n" in text):
        _name_bad_value(msg, delimiter)
    data = _encode_text(text, encoding)
    if sequence is not None:
        data += b"%04X" % ((-byte_sum(data)) & 0xFFFF)
    return data + terminator


def _encode_text(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        raise Unencodable(f"{bad!r} cannot be sent in {encoding}") from exc


def _looks_like_id(segment: str) -> bool:
    return (len(segment) >= 2 and "A" <= segment[0] <= "Z"
            and ("A" <= segment[1] <= "Z" or "0" <= segment[1] <= "9"))


_ID_AND_VALUE = operator.itemgetter(slice(None, 2), slice(2, None))
_ID = operator.itemgetter(0)


def decode(line: bytes, *, encoding: str = "utf-8", delimiter: str = "|",
           verify: bool = True) -> Message:
    """Parse one message (a trailing terminator is ignored). Unknown fields are kept in order.

    With ``verify`` a message whose checksum does not match raises :class:`ChecksumError`;
    without it the message is returned with ``checksum_ok`` False. A message without a
    trailer is accepted either way (``sequence`` and ``checksum_ok`` are None)."""
    return decode_line(line.strip(b"\r\n"), encoding, delimiter, verify)


# Error detection at the very end: ``AZ`` and four hex digits, ``AY<digit>`` before them
# when the message has a sequence number (resend requests have none). Searched for from
# nine bytes before the end, so only the tail is looked at.
_TRAILER = re.compile(rb"(?:AY([0-9]))?AZ([0-9A-Fa-f]{4})\Z")
_CODES = frozenset(f"{n:02d}" for n in range(100))
# what decoding a known message's fixed part needs, in one lookup
_FIXED = {code: (2 + spec.fixed_length, spec.read_fixed, spec.name)
          for code, spec in SPECS.items()}


def decode_line(line: bytes, encoding: str, delimiter: str, verify: bool) -> Message:
    """:func:`decode` of a line already cut at its terminator (no CR or LF at either end), as
    :class:`~sync.sip2.connection.Sip2Connection` cuts them: every answer comes this way."""
    sequence: int | None = None
    checksum_ok: bool | None = None
    trailer = _TRAILER.search(line, len(line) - 9)
    if trailer is not None:
        digit, written = trailer.groups()
        body = line[:-4]
        if len(body) <= 256:      # byte_sum inline: 1 + the byte sum is Adler-32's low half
            checksum_ok = (int(written, 16) + zlib.adler32(body) - 1) & 0xFFFF == 0
        else:
            checksum_ok = (int(written, 16) + byte_sum(body)) & 0xFFFF == 0
        if verify and not checksum_ok:
            raise ChecksumError(f"checksum {written.decode('ascii').upper()} != "
                                f"{checksum(body)}")
        if digit is not None:     # the trailer is AYnAZxxxx, or AZxxxx without a number
            sequence = digit[0] - 48
            line = line[:-9]
        else:
            line = line[:-6]
    try:
        text = line.decode(encoding, "replace")
    except LookupError as exc:
        raise Sip2Error(f"unknown encoding {encoding!r}") from exc
    code = text[:2]
    known = _FIXED.get(code)
    if known is not None:
        pos, read_fixed, name = known
        if len(text) < pos:
            raise MalformedMessage(f"{name}: fixed part is {len(text) - 2} chars, "
                                   f"needs {pos - 2}")
        fixed = read_fixed(text)
    elif code in _CODES:
        pos = 2
        fixed = ()
    else:
        raise MalformedMessage(f"no message code in {text[:20]!r}")
    fields: tuple[tuple[str, str], ...] = ()
    extra = ""
    if pos < len(text):
        # The usual case in one split (inline, as this runs for every answer): every segment
        # starts with an identifier SIP2 or a known extension defines, which is exactly
        # where the careful loop would split too. Anything else (an empty field, text before
        # the first identifier, an identifier no one defines, which may be a "|" inside a
        # free-text value) takes the careful loop.
        segments = text[pos:].split(delimiter)
        if not segments[-1]:              # the delimiter after the last field, as usual
            segments.pop()
        fields = tuple(map(_ID_AND_VALUE, segments))      # (segment[:2], segment[2:]), in C
        if not KNOWN_IDS.issuperset(map(_ID, fields)):
            fields, extra = _careful_fields(text[pos:], delimiter)
    msg = _new_object(Message)                 # _message(), written out: every answer
    msg.__dict__.update(code=code, fixed=fixed, fields=fields, sequence=sequence, extra=extra,
                        checksum_ok=checksum_ok)
    return msg


def _careful_fields(text: str, delimiter: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """The variable fields of anything an ILS may send, and any text before the first field.
    A segment starts a new field when it looks like an identifier, except after a free-text
    field, where it must also be one SIP2 or a known extension defines (a ``|`` inside a
    title or a screen message is more likely than an unknown field there)."""
    fields: list[tuple[str, str]] = []
    extra: list[str] = []
    key = ""
    for segment in text.split(delimiter):
        if not segment:
            continue
        looks_like_id = _looks_like_id(segment)
        if not fields:
            if looks_like_id:
                key = segment[:2]
                fields.append((key, segment[2:]))
            else:
                extra.append(segment)
        elif looks_like_id and (key not in _FREE_TEXT or segment[:2] in KNOWN_IDS):
            key = segment[:2]
            fields.append((key, segment[2:]))
        else:  # a delimiter inside a value, as some ILSes send
            fields[-1] = (key, fields[-1][1] + delimiter + segment)
    return tuple(fields), delimiter.join(extra)


def to_json(msg: Message) -> dict[str, object]:
    """A plain, JSON-ready view of a message for people (``kiosk sip2 decode``) and logs.

    Variable fields stay a list of ``[id, value]`` pairs: order and repeats matter in SIP2.
    Callers that log it must mask patron numbers and drop passwords (AD, CO, AC) themselves."""
    spec = SPECS.get(msg.code)
    out: dict[str, object] = {
        "code": msg.code,
        "name": msg.name,
        "known": spec is not None,
        "fixed": dict(msg.fixed),
        "fields": [[key, value] for key, value in msg.fields],
        "sequence": msg.sequence,
        "checksum_ok": msg.checksum_ok,
    }
    if msg.extra:
        out["extra"] = msg.extra
    missing = msg.missing_required
    if missing:
        out["missing_required"] = list(missing)
    return out


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or Sip2Error for a name Python does not know."""
    try:
        return codecs.lookup(encoding).name
    except LookupError as exc:
        raise Sip2Error(f"unknown encoding {encoding!r}") from exc
