"""Card and item numbers: from the raw text a scanner or camera produced to a classified scan.

Everything here is a pure function of its arguments (no I/O, no Qt): ``classify`` turns one
raw read into either a :class:`Scan` (a library card, a library item, or a publisher's ISBN)
or a :class:`Rejection` that names the reason. It never raises, whatever the input.

The steps, in order:

1. nothing but whitespace → ``empty``;
2. full-width characters from an IME (``１２３``) become ASCII (Unicode NFKC), surrounding
   whitespace and line endings (CR, LF, CRLF) go, and so does a leading AIM symbology
   identifier (``]F0`` Codabar, ``]A0`` Code 39, ``]C0`` Code 128, ``]E0`` EAN-13, ``]Q1`` QR);
3. control characters or anything outside printable ASCII → ``garbage``;
   longer than ``max_length`` → ``too_long``;
4. Codabar (NW-7) start/stop characters A–D, in either case, are stripped when they wrap
   Codabar data — scanners send or strip them depending on a vendor setting, camera decoders
   always send them;
5. the card pattern (with its check digit, then the retired prefixes), the item pattern (with
   its check digit), then ISBN-13 decide the kind. Patterns must match the whole value
   (``re.fullmatch``) and describe the number *without* Codabar start/stop characters.
   Text that matches nothing and holds characters no library label carries (a US-layout
   scanner on a JIS keyboard turns ``+`` into ``~``) → ``garbage``; otherwise
   ``unrecognised``. Mangled text is never "repaired".

Check digit schemes (``card_check`` / ``item_check``), see :func:`compute_check`:

``mod10w21``
    Modulus 10, weight 2-1. Weights 2, 1, 2, 1, … from the rightmost data digit leftwards;
    a two-digit product counts as the sum of its digits (as in Luhn);
    check = (10 − sum mod 10) mod 10.
``mod16``
    Modulus 16 for Codabar. Values: ``0``–``9`` → 0–9, ``-`` 10, ``$`` 11, ``:`` 12, ``/`` 13,
    ``.`` 14, ``+`` 15, start/stop ``A``–``D`` 16–19. check = (16 − sum mod 16) mod 16, written
    as the character with that value, placed just before the stop character. The sum covers
    the characters *as transmitted*: with start/stop when the scanner sends them (JIS X 0506),
    without when it strips them — so a mod16 library should have its scanners send them.
``7dr``
    check = (data as a decimal number) mod 7.
``7dsr``
    check = 7 − (data as a decimal number mod 7); a multiple of 7 gets check digit 7.
``none``
    no check digit.

Log hygiene: :func:`mask` (``sync.privacy.mask_card``, the kiosk's one masking) shows four stars
and the last four characters of a number, and no ``Rejection.detail`` holds a full card number or
raw control characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, TypeGuard

from sync.privacy import mask_card as mask

__all__ = [
    "CHECK_SCHEMES",
    "BarcodeRules",
    "CheckScheme",
    "RejectReason",
    "Rejection",
    "Scan",
    "ScanKind",
    "classify",
    "compute_check",
    "has_valid_check",
    "mask",
]

CheckScheme = Literal["mod10w21", "mod16", "7dr", "7dsr", "none"]
CHECK_SCHEMES: tuple[CheckScheme, ...] = ("mod10w21", "mod16", "7dr", "7dsr", "none")

ScanKind = Literal["card", "item", "isbn"]


class RejectReason(StrEnum):
    EMPTY = "empty"                        # nothing but whitespace (or only an AIM identifier)
    GARBAGE = "garbage"                    # control / non-ASCII / characters no label carries
    TOO_LONG = "too_long"                  # longer than BarcodeRules.max_length
    BAD_CHECK_DIGIT = "bad_check_digit"    # matches the card (or item) pattern, wrong check
    RETIRED_CARD = "retired_card"          # a valid card of a retired series
    UNRECOGNISED = "unrecognised"          # readable, but neither card, item nor ISBN
    NOT_LIBRARY_CODE = "not_library_code"  # a web address or free text (a QR code on a phone)


@dataclass(frozen=True)
class Scan:
    """A recognised read. ``value`` is normalised: the number the ILS knows, check digit
    included, without AIM identifier or Codabar start/stop. ``raw_masked`` is ``mask(value)``,
    safe for logs and screens."""

    kind: ScanKind
    value: str
    raw_masked: str


@dataclass(frozen=True)
class Rejection:
    """A read that cannot be used. ``detail`` is for staff logs: masked, ASCII-only."""

    reason: RejectReason
    detail: str


# --- check digits -----------------------------------------------------------------------------

_DIGITS = frozenset("0123456789")
_CODABAR_DATA = frozenset("0123456789-$:/.+")
_CODABAR_START_STOP = frozenset("ABCDabcd")
_MOD16_CHARS = "0123456789-$:/.+ABCD"
_MOD16_VALUE = {ch: i for i, ch in enumerate(_MOD16_CHARS)} | {
    ch.lower(): i for i, ch in enumerate(_MOD16_CHARS) if ch.isalpha()}


def _is_digits(text: str) -> bool:
    # Not str.isdigit(): that accepts "²" and other scripts' digits, which int() would take.
    return bool(text) and all(ch in _DIGITS for ch in text)


def _mod7(data: str) -> int:
    remainder = 0
    for ch in data:  # digit by digit: no int() of a long string
        remainder = (remainder * 10 + ord(ch) - 48) % 7
    return remainder


def compute_check(scheme: str, data: str) -> str:
    """The check character for ``data`` under ``scheme`` ("" for ``none``).

    Raises ``ValueError`` for an unknown scheme, empty data, or data the scheme cannot
    weigh (non-digits for the numeric schemes, non-Codabar characters for ``mod16``).
    For ``mod16`` the data may include the start and stop characters.
    """
    if scheme == "none":
        return ""
    if scheme not in CHECK_SCHEMES:
        raise ValueError(f"unknown check digit scheme {scheme!r}")
    if not data:
        raise ValueError("no data to compute a check digit for")
    if scheme == "mod16":
        try:
            total = sum(_MOD16_VALUE[ch] for ch in data)
        except KeyError as exc:
            raise ValueError(f"mod16: {exc.args[0]!r} is not a Codabar character") from None
        return _MOD16_CHARS[(16 - total % 16) % 16]
    if not _is_digits(data):
        raise ValueError(f"{scheme}: data must be digits 0-9")
    if scheme == "mod10w21":
        total = 0
        for position, ch in enumerate(reversed(data)):
            product = (ord(ch) - 48) * (2 if position % 2 == 0 else 1)
            total += product // 10 + product % 10
        return str((10 - total % 10) % 10)
    if scheme == "7dr":
        return str(_mod7(data))
    return str(7 - _mod7(data))  # 7dsr


def has_valid_check(scheme: str, full: str) -> bool:
    """Whether ``full`` (data followed by its check character) carries the right check.

    For ``mod16`` a Codabar-wrapped ``full`` (``A…B``) is checked as transmitted: the check
    character is the one before the stop character and start/stop count in the sum.
    ``none`` accepts anything; an unknown scheme or unweighable text gives False.
    """
    if scheme == "none":
        return True
    data, check = full[:-1], full[-1:]
    if (scheme == "mod16" and len(full) >= 4
            and full[0] in _CODABAR_START_STOP and full[-1] in _CODABAR_START_STOP):
        data, check = full[:-2] + full[-1], full[-2]
    try:
        return bool(check) and compute_check(scheme, data) == check
    except ValueError:
        return False


# --- rules ------------------------------------------------------------------------------------


def _is_scheme(value: object) -> TypeGuard[CheckScheme]:
    return value in CHECK_SCHEMES


def _compile(key: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{key}: {pattern!r} is not a valid regular expression ({exc})") from None


@dataclass(frozen=True)
class BarcodeRules:
    """One library's card and item numbers. The defaults are Toyama's: 8-digit cards with a
    modulus 10 weight 2-1 check digit, 9-digit items without one."""

    card_pattern: str = r"^\d{8}$"
    card_check: CheckScheme = "mod10w21"
    item_pattern: str = r"^\d{9}$"
    item_check: CheckScheme = "none"
    retired_card_prefixes: tuple[str, ...] = ()
    accept_isbn: bool = True
    max_length: int = 64
    _card_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _item_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_card_re", _compile("card_pattern", self.card_pattern))
        object.__setattr__(self, "_item_re", _compile("item_pattern", self.item_pattern))
        for key in ("card_check", "item_check"):
            if not _is_scheme(getattr(self, key)):
                raise ValueError(f"{key}: expected one of {', '.join(CHECK_SCHEMES)}, "
                                 f"got {getattr(self, key)!r}")
        if not all(isinstance(p, str) and p for p in self.retired_card_prefixes):
            raise ValueError("retired_card_prefixes: expected a list of non-empty strings")
        if isinstance(self.max_length, bool) or not isinstance(self.max_length, int) \
                or self.max_length < 1:
            raise ValueError(f"max_length: expected a positive whole number, "
                             f"got {self.max_length!r}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> BarcodeRules:
        """Rules from a config table (``[barcodes]`` in the branch TOML). Missing keys keep
        their defaults; unknown keys, wrong types, unknown check schemes and regular
        expressions that do not compile raise ``ValueError`` naming the key."""
        known = ("card_pattern", "card_check", "item_pattern", "item_check",
                 "retired_card_prefixes", "accept_isbn", "max_length")
        for key in data:
            if key not in known:
                raise ValueError(f"{key}: unknown key (expected one of {', '.join(known)})")
        defaults = cls()

        def text(key: str, fallback: str) -> str:
            value = data.get(key, fallback)
            if not isinstance(value, str):
                raise ValueError(f"{key}: expected a string, got {type(value).__name__}")
            return value

        def scheme(key: str, fallback: CheckScheme) -> CheckScheme:
            value = text(key, fallback).strip().lower()
            if not _is_scheme(value):
                raise ValueError(f"{key}: expected one of {', '.join(CHECK_SCHEMES)}, "
                                 f"got {data[key]!r}")
            return value

        prefixes = data.get("retired_card_prefixes", ())
        if isinstance(prefixes, str) or not isinstance(prefixes, list | tuple) \
                or not all(isinstance(p, str) and p for p in prefixes):
            raise ValueError("retired_card_prefixes: expected a list of non-empty strings, "
                             'e.g. ["07"]')
        accept_isbn = data.get("accept_isbn", defaults.accept_isbn)
        if not isinstance(accept_isbn, bool):
            raise ValueError("accept_isbn: expected true or false")
        max_length = data.get("max_length", defaults.max_length)
        if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
            raise ValueError(f"max_length: expected a positive whole number, got {max_length!r}")
        return cls(
            card_pattern=text("card_pattern", defaults.card_pattern),
            card_check=scheme("card_check", defaults.card_check),
            item_pattern=text("item_pattern", defaults.item_pattern),
            item_check=scheme("item_check", defaults.item_check),
            retired_card_prefixes=tuple(str(p) for p in prefixes),
            accept_isbn=accept_isbn,
            max_length=max_length,
        )

    def is_card(self, value: str) -> bool:
        return self._card_re.fullmatch(value) is not None

    def is_item(self, value: str) -> bool:
        return self._item_re.fullmatch(value) is not None


# --- classification ---------------------------------------------------------------------------

_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
# What library labels can carry: Codabar and Code 39 data, letters (Code 39 / Code 128).
_LABEL_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                         "-$:/.+% ")
_AIM_LENGTH = 3


def _printable_ascii(ch: str) -> bool:
    return " " <= ch <= "~"


def _safe(text: str) -> str:
    """Text for a log line: control and non-ASCII characters escaped."""
    return ascii(text)


def _strip_codabar(text: str) -> tuple[str, bool]:
    """Remove Codabar start/stop characters when they wrap Codabar data."""
    if (len(text) >= 3 and text[0] in _CODABAR_START_STOP and text[-1] in _CODABAR_START_STOP
            and all(ch in _CODABAR_DATA for ch in text[1:-1])):
        return text[1:-1], True
    return text, False


def _is_isbn(value: str) -> bool:
    return (len(value) == 13 and value[:3] in ("978", "979") and _is_digits(value)
            and _ean13_check(value[:12]) == value[12])


def _ean13_check(data: str) -> str:
    # EAN-13: weights 1, 3, 1, 3, … from the left over the 12 data digits.
    total = sum((ord(ch) - 48) * (3 if i % 2 else 1) for i, ch in enumerate(data))
    return str((10 - total % 10) % 10)


# What a phone's QR code holds when it is not a library card: a web address, a contact, a
# Wi-Fi login, several lines of text.
_NOT_LIBRARY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|www\.|(?i:mailto|tel|wifi|mecard|"
                          r"begin:vcard|smsto|geo|bitcoin|line):")


def not_a_library_code(text: str) -> bool:
    """A decoded text that is plainly no library card or label (said to the patron as such,
    not as "could not be read")."""
    if _NOT_LIBRARY.match(text) or (len(text) > 24 and " " in text):
        return True
    # Several lines of "key: value" or words; two scans run together ("1234\r5674") are a
    # scanner's trouble instead ("please scan again").
    lines = text.splitlines()
    return len(lines) > 1 and any(" " in line or ":" in line for line in lines)


def classify_any(raws: Sequence[str], rules: BarcodeRules) -> Scan | Rejection:
    """Several codes read at once (a camera's picture): the first that is a card or an item,
    else the first ISBN, else what was wrong with the first."""
    results = [classify(raw, rules) for raw in raws]
    for wanted in (("card", "item"), ("isbn",)):
        for result in results:
            if isinstance(result, Scan) and result.kind in wanted:
                return result
    return results[0]


def classify(raw: str, rules: BarcodeRules) -> Scan | Rejection:
    """One raw read (scanner line, camera decode, typed text) → a scan or a rejection."""
    text = raw.strip()
    if not text:
        return Rejection(RejectReason.EMPTY, "nothing but whitespace")
    if not_a_library_code(text):
        return Rejection(RejectReason.NOT_LIBRARY_CODE,
                         f"{len(text)} characters of a web address or free text, no card "
                         "or label")
    # Cheap bound before normalising, so a flood of text costs little.
    if len(text) > rules.max_length + _AIM_LENGTH:
        return Rejection(RejectReason.TOO_LONG,
                         f"{len(text)} characters, at most {rules.max_length} expected")
    text = unicodedata.normalize("NFKC", text).strip()
    if _AIM.match(text):
        text = text[_AIM_LENGTH:]
    if not text:
        return Rejection(RejectReason.EMPTY, "only a symbology identifier")
    for position, ch in enumerate(text):
        if not _printable_ascii(ch):
            return Rejection(RejectReason.GARBAGE,
                             f"control or non-ASCII character {_safe(ch)} at position "
                             f"{position} of {len(text)}")
    if len(text) > rules.max_length:
        return Rejection(RejectReason.TOO_LONG,
                         f"{len(text)} characters, at most {rules.max_length} expected")
    # From here on the text is printable ASCII, safe in a log line once masked.
    value, wrapped = _strip_codabar(text)
    # For mod16 the start/stop characters count, when the scanner sent them.
    as_sent = text if wrapped else value

    def checked(scheme: CheckScheme) -> bool:
        return has_valid_check(scheme, as_sent if scheme == "mod16" else value)

    card_shape = rules.is_card(value)
    if card_shape and checked(rules.card_check):
        if value.startswith(rules.retired_card_prefixes):
            return Rejection(RejectReason.RETIRED_CARD,
                             f"card {mask(value)} belongs to a retired series")
        return Scan("card", value, mask(value))
    # A card-shaped value with a wrong check digit may still be an item when the library's
    # patterns overlap: the check digit is then what tells them apart.
    item_shape = rules.is_item(value)
    if item_shape and checked(rules.item_check):
        return Scan("item", value, mask(value))
    if rules.accept_isbn and _is_isbn(value):
        return Scan("isbn", value, mask(value))
    if card_shape:
        return Rejection(RejectReason.BAD_CHECK_DIGIT,
                         f"card {mask(value)} fails the {rules.card_check} check digit")
    if item_shape:
        return Rejection(RejectReason.BAD_CHECK_DIGIT,
                         f"item {mask(value)} fails the {rules.item_check} check digit")
    odd = sorted({ch for ch in value if ch not in _LABEL_CHARS})
    if odd:
        return Rejection(RejectReason.GARBAGE,
                         f"characters no library label carries: {_safe(''.join(odd))} "
                         f"({len(value)} characters; a scanner keyboard layout that does not "
                         "match the system's?)")
    hint = ""
    if len(value) == 13 and _is_digits(value):
        if value[:3] in ("978", "979"):
            hint = "; an ISBN with a wrong check digit" if rules.accept_isbn else "; an ISBN"
        elif value[:3] in ("191", "192"):
            hint = "; the second (price) JAN code of a Japanese book"
    return Rejection(RejectReason.UNRECOGNISED,
                     f"{mask(value)} ({len(value)} characters) matches neither the "
                     f"card nor the item pattern{hint}")
