"""Reading barcodes from pictures and camera frames: the pipeline the camera and ``kiosk
decode`` share.

Measured on real photographs (``tests/corpus/barcode-photos``, DESIGN §14), not only on
generated frames: a pipeline that restricted zxing-cpp to the fast settings (rotation,
inversion and downscaling off) read far fewer real pictures than zxing-cpp with its own
defaults, so the first pass is zxing-cpp as its authors tuned it, and every further pass
adds a way of looking that reads pictures the first one misses:

* contrast-limited histogram equalisation (glare, a dim screen, a grey photocopy),
* zbar (it reads frames zxing-cpp does not, and the other way round),
* an upscaled picture (a small code far from the camera) or a downscaled one (a huge photo),
* the picture turned 45° either way (a 1-D code held at an angle; zxing-cpp itself tries only
  quarter turns),
* a sharpened and a smoothed picture (focus blur; the screen's pixel grid beating against the
  sensor's, moiré),
* OpenCV's QR reader for codes on curved or crumpled paper (its "curved" mode).

Passes run cheapest first. A still picture (:meth:`BarcodeReader.read_still`) runs them until a
code is *certain* or the time budget is spent; a camera (:meth:`BarcodeReader.read`) runs the
cheap pass on every frame and one costly pass per frame, taking turns, so the camera keeps its
frame rate; the pass that last read something stays, so the next frame can confirm it.

Never a wrong read. A decoded text becomes a code only when

* an EAN/UPC text has a right check digit (recomputed here, whoever decoded it) and ITF is at
  least 6 digits long;
* it was read the same by two independent passes — two decoders, two variants of the picture,
  or (on video) two frames. Codabar, Code 39 and ITF have no check character of their own (the
  branch's check digit, where its patterns name one, is checked later by ``kiosk.barcodes``),
  and EAN/UPC's modulo-10 digit lets one misread in ten through. Only Code 128 (mandatory
  modulo-103 check character) and QR (Reed–Solomon error correction), verified by zxing-cpp or
  OpenCV, are believed on one read;
* nothing contradicts it: no other text of the same symbology in the same box, or at the same
  place and sharing a long run of characters with it (a misread, a part read), unless it is
  outvoted; no code of another kind where a short EAN-8, UPC-E or ITF was read (their patterns
  turn up inside longer codes); no zxing-cpp read of the symbology saying otherwise where zbar
  alone read it (zbar misreads Latin-1 and Shift_JIS texts and knows no Code 32). OpenCV's
``cv2.barcode`` (1-D) is never used: it produced false reads.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar

# Everything libraries put on cards, items and phone apps (issue 17). A branch may narrow it.
SYMBOLOGIES = ("codabar", "code39", "code128", "itf", "ean13", "ean8", "upca", "upce", "qr")
DEFAULT_FORMATS = ",".join(SYMBOLOGIES)
_F = zxingcpp.BarcodeFormat
_ZXING = {"codabar": _F.Codabar, "code39": _F.Code39, "code128": _F.Code128, "itf": _F.ITF,
          "ean13": _F.EAN13, "ean8": _F.EAN8, "upca": _F.UPCA, "upce": _F.UPCE,
          "qr": _F.QRCode}
_Z = pyzbar.ZBarSymbol
_ZBAR = {"codabar": _Z.CODABAR, "code39": _Z.CODE39, "code128": _Z.CODE128, "itf": _Z.I25,
         "ean13": _Z.EAN13, "ean8": _Z.EAN8, "upca": _Z.UPCA, "upce": _Z.UPCE, "qr": _Z.QRCODE}
# zxing-cpp names variants of a family (Code 39 extended, Code 32, ITF-14, ISBN, QR model 1)
_ZXING_FAMILY = {"Codabar": "codabar", "Code39": "code39", "Code39Std": "code39",
                 "Code39Ext": "code39", "Code32": "code39", "Code128": "code128",
                 "ITF": "itf", "ITF14": "itf", "EAN13": "ean13", "ISBN": "ean13",
                 "EAN8": "ean8", "UPCA": "upca", "UPCE": "upce", "QRCode": "qr",
                 "QRCodeModel1": "qr", "QRCodeModel2": "qr"}
_ZBAR_FAMILY = {sym.name: name for name, sym in _ZBAR.items()}
_GTIN = frozenset({"ean13", "ean8", "upca", "upce"})
# Symbologies whose decoding includes a strong check the decoder verifies (Code 128's
# modulo 103, QR's Reed-Solomon): one read by zxing-cpp or OpenCV suffices. The rest need two
# agreeing reads: EAN/UPC's modulo-10 digit lets one misread in ten through, and zxing-cpp
# read a clean EAN-8 from its inverted, smoothed picture as another EAN-8 with a right check
# digit.
_SELF_CHECKED = frozenset({"code128", "qr"})
_TRUSTED_DECODERS = frozenset({"zxing", "opencv"})
# Short codes whose bar patterns turn up inside longer codes of other symbologies (a UPC-E in
# an EAN-13's bars, an EAN-8 in an ITF's): read at the same place as another code, they lose.
_FOUND_INSIDE_OTHERS = frozenset({"ean8", "upce", "itf"})
_ITF_MIN_LENGTH = 6
# A text must be printable: line breaks and tabs are allowed (a QR code's free text), other
# control characters are not. Whether it is a library code is kiosk.barcodes' question.
_ALLOWED_CONTROLS = frozenset("\n\r\t")


@dataclass(frozen=True)
class Read:
    symbology: str
    text: str
    polygon: tuple[tuple[int, int], ...]     # in full-frame coordinates
    decoder: str                             # the pass that read it, e.g. "zxing", "zbar-clahe"

    @property
    def family(self) -> str:
        """The decoder library: "zxing", "zbar" or "opencv"."""
        return self.decoder.split("-", 1)[0]


def parse_formats(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in SYMBOLOGIES]
    if unknown or not names:
        raise ValueError(f"unknown symbology {', '.join(unknown) or repr(text)}; known: "
                         f"{', '.join(SYMBOLOGIES)}")
    return names


def parse_roi(text: str) -> tuple[float, float, float, float] | None:
    """``x,y,w,h`` as fractions of the frame (``0.2,0.1,0.6,0.8``); "" for the whole frame."""
    if not text:
        return None
    try:
        x, y, w, h = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise ValueError(f"roi must be x,y,w,h fractions of the frame, got {text!r}") from exc
    if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x + 1e-9 and 0 < h <= 1 - y + 1e-9):
        raise ValueError(f"roi {text!r} is not inside the frame")
    return x, y, w, h


def gtin_check_ok(text: str) -> bool:
    """EAN-13, EAN-8, UPC-A (and UPC-E as decoders expand or print it): modulo 10, weights
    3 and 1 from the right of the data digits."""
    if not text.isascii() or not text.isdigit() or len(text) not in (8, 12, 13):
        return False
    digits = [ord(ch) - 48 for ch in text]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]


def _upce_to_upca(text: str) -> str:
    """UPC-E's 8 digits (number system, 6 data, check) as the UPC-A they stand for."""
    ns, d, check = text[0], text[1:7], text[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def check_ok(symbology: str, text: str) -> bool:
    """The symbology's own check, where it has one the decoders do not verify for us; and
    ITF no shorter than 6 digits (shorter reads are parts of longer codes, and no library or
    carton code is that short)."""
    if symbology == "itf":
        return len(text) >= _ITF_MIN_LENGTH and text.isascii() and text.isdigit()
    if symbology == "upce" and len(text) == 8:
        return text.isdigit() and text[0] in "01" and gtin_check_ok(_upce_to_upca(text))
    if symbology in _GTIN:
        return gtin_check_ok(text)
    return True


def _normalised(symbology: str, text: str, wanted: Sequence[str]) -> tuple[str, str]:
    """One code, one text: UPC-A and UPC-E as the 13 digits (GTIN-13) that zxing-cpp and zbar
    both give by default, whichever form a decoder or a pass gave (a UPC-A is an EAN-13 that
    starts with 0, and decoders report one as the other)."""
    if symbology in ("upca", "upce", "ean13") and text.isascii() and text.isdigit():
        if symbology == "upce" and len(text) == 8:
            text = _upce_to_upca(text)
        if len(text) == 12:
            text = "0" + text
        if symbology == "ean13" and text.startswith("0") and "upca" in wanted:
            symbology = "upca"
    return symbology, text


def _text_ok(text: str) -> bool:
    return bool(text.strip()) and all(ch.isprintable() or ch in _ALLOWED_CONTROLS
                                      for ch in text)


# --- picture variants ---------------------------------------------------------------------

_CLAHE = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))


def _rotated(gray: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """The picture turned by ``degrees`` on a white canvas, and the inverse mapping."""
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    turned = cv2.warpAffine(gray, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR,
                            borderValue=(255,))
    return turned, cv2.invertAffineTransform(matrix)


def _scaled(gray: np.ndarray, factor: float) -> np.ndarray:
    interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation)


def _sharpened(gray: np.ndarray) -> np.ndarray:
    return cv2.addWeighted(gray, 1.8, cv2.GaussianBlur(gray, (0, 0), 3), -0.8, 0)


# --- passes --------------------------------------------------------------------------------

Points = Iterable[tuple[float, float]]
Mapper = Callable[[Points], tuple[tuple[int, int], ...]]


def _offset(ox: int, oy: int, scale: float = 1.0) -> Mapper:
    def mapper(points: Points) -> tuple[tuple[int, int], ...]:
        return tuple((int(x / scale) + ox, int(y / scale) + oy) for x, y in points)
    return mapper


def _affine(inverse: np.ndarray, ox: int, oy: int) -> Mapper:
    def mapper(points: Points) -> tuple[tuple[int, int], ...]:
        out = []
        for x, y in points:
            fx = inverse[0, 0] * x + inverse[0, 1] * y + inverse[0, 2]
            fy = inverse[1, 0] * x + inverse[1, 1] * y + inverse[1, 2]
            out.append((int(fx) + ox, int(fy) + oy))
        return tuple(out)
    return mapper


@dataclass(frozen=True)
class Pass:
    """One way of looking at a picture: a variant of it and a decoder."""

    name: str
    run: Callable[[BarcodeReader, np.ndarray, Mapper], list[Read]]


def _zxing_reads(reader: BarcodeReader, image: np.ndarray, mapper: Mapper, name: str,
                 *, fast: bool = False, rotate: bool = False) -> list[Read]:
    """zxing-cpp with its own defaults, or ``fast``: no downscaling and (unless ``rotate``)
    no quarter turns, inversion kept (cheap, and it reads some light-on-dark codes)."""
    if fast:
        found = zxingcpp.read_barcodes(image, formats=reader.zxing_formats,  # type: ignore[arg-type]
                                       try_rotate=rotate, try_invert=True, try_downscale=False)
    else:
        found = zxingcpp.read_barcodes(image, formats=reader.zxing_formats)  # type: ignore[arg-type]
    reads = []
    for r in found:
        symbology = _ZXING_FAMILY.get(r.format.name)
        if not r.valid or symbology is None or symbology not in reader.symbologies:
            continue
        p = r.position
        corners = ((c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        symbology, text = _normalised(symbology, r.text, reader.symbologies)
        reads.append(Read(symbology, text, mapper(corners), name))
    return reads


def _zbar_reads(reader: BarcodeReader, image: np.ndarray, mapper: Mapper,
                name: str) -> list[Read]:
    if not reader.zbar_symbols:
        return []
    reads = []
    for r in pyzbar.decode(image, symbols=reader.zbar_symbols):
        try:
            text = r.data.decode("ascii")   # zbar guesses wrong on Latin-1 and Shift_JIS
        except UnicodeDecodeError:
            continue
        symbology = _ZBAR_FAMILY.get(r.type)
        if symbology is None:
            continue
        symbology, text = _normalised(symbology, text, reader.symbologies)
        reads.append(Read(symbology, text, mapper((pt.x, pt.y) for pt in r.polygon), name))
    return reads


def _opencv_qr(reader: BarcodeReader, image: np.ndarray, mapper: Mapper,
               name: str) -> list[Read]:
    if "qr" not in reader.symbologies:
        return []
    try:
        text, points, _ = reader.qr_detector.detectAndDecodeCurved(image)
    except cv2.error:
        return []
    if not text or points is None:
        return []
    return [Read("qr", text, mapper((float(x), float(y)) for x, y in points.reshape(-1, 2)),
                 name)]


def _zx(name: str, variant: Callable[[np.ndarray], np.ndarray] | None = None,
        fast: bool = False) -> Pass:
    def run(reader: BarcodeReader, gray: np.ndarray, mapper: Mapper) -> list[Read]:
        image = gray if variant is None else np.ascontiguousarray(variant(gray))
        return _zxing_reads(reader, image, mapper, name, fast=fast)
    return Pass(name, run)


def _zb(name: str, variant: Callable[[np.ndarray], np.ndarray] | None = None) -> Pass:
    def run(reader: BarcodeReader, gray: np.ndarray, mapper: Mapper) -> list[Read]:
        image = gray if variant is None else np.ascontiguousarray(variant(gray))
        return _zbar_reads(reader, image, mapper, name)
    return Pass(name, run)


def _scale_pass(name: str, decoder: str, factor: float) -> Pass:
    def run(reader: BarcodeReader, gray: np.ndarray, mapper: Mapper) -> list[Read]:
        image = np.ascontiguousarray(_scaled(gray, factor))

        def back(points: Points) -> tuple[tuple[int, int], ...]:
            return mapper((x / factor, y / factor) for x, y in points)
        if decoder == "zbar":
            return _zbar_reads(reader, image, back, name)
        return _zxing_reads(reader, image, back, name, fast=True)
    return Pass(name, run)


def _turn_pass(name: str, degrees: float) -> Pass:
    def run(reader: BarcodeReader, gray: np.ndarray, mapper: Mapper) -> list[Read]:
        image, inverse = _rotated(gray, degrees)

        def back(points: Points) -> tuple[tuple[int, int], ...]:
            return mapper(_affine(inverse, 0, 0)(points))
        return _zxing_reads(reader, np.ascontiguousarray(image), back, name, fast=True,
                            rotate=True)
    return Pass(name, run)


def _qr_pass(name: str) -> Pass:
    def run(reader: BarcodeReader, gray: np.ndarray, mapper: Mapper) -> list[Read]:
        return _opencv_qr(reader, gray, mapper, name)
    return Pass(name, run)


# The first pass runs on every frame; the rest in this order (cheapest and most fruitful on
# the corpus first) on a still picture, and one per frame, taking turns, on video.
FIRST_PASS = _zx("zxing")
CONFIRM_PASS = _zx("zxing-full", fast=True)
# zxing-cpp's own try_invert misses light-on-dark 1-D codes on a dark-mode phone screen that
# it reads at once from the inverted picture: cheap, so it runs on every frame.
INVERTED_PASS = _zx("zxing-inverted", lambda g: 255 - g, fast=True)
COSTLY_PASSES: tuple[Pass, ...] = (
    _zx("zxing-clahe", _CLAHE.apply, fast=True),
    _zb("zbar"),
    _zb("zbar-inverted", lambda g: 255 - g),        # zbar reads dark on light only
    _scale_pass("zxing-x2", "zxing", 2.0),
    _turn_pass("zxing-turn45", 45),
    _turn_pass("zxing-turn-45", -45),
    _zb("zbar-clahe", _CLAHE.apply),
    _scale_pass("zbar-x2", "zbar", 2.0),
    _zx("zxing-sharp", _sharpened, fast=True),
    _zx("zxing-smooth", lambda g: cv2.GaussianBlur(g, (5, 5), 0), fast=True),
    _zb("zbar-sharp", _sharpened),
    _turn_pass("zxing-turn22", 22.5),
    _turn_pass("zxing-turn-22", -22.5),
    _qr_pass("opencv-qr"),
)
# Upscaling a picture that is already large costs much and finds nothing more.
_UPSCALE_LIMIT = 1400


def _box(read: Read) -> tuple[float, float, float, float]:
    """The read's bounding box, grown by a quarter of its size on each side: a 1-D decoder
    reports the scanline it read along, and two scanlines across one code need not touch."""
    xs = [x for x, _ in read.polygon] or [0]
    ys = [y for _, y in read.polygon] or [0]
    grow = max(0.25 * max(max(xs) - min(xs), max(ys) - min(ys)), 10)
    return min(xs) - grow, min(ys) - grow, max(xs) + grow, max(ys) + grow


def _overlap(a: Read, b: Read) -> bool:
    ax0, ay0, ax1, ay1 = _box(a)
    bx0, by0, bx1, by1 = _box(b)
    return ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1


def _related(a: str, b: str) -> bool:
    """Two texts that look like reads of one code: one inside the other (a part read), or
    sharing a run of half the shorter one (a misread differs in a few characters). Two
    different codes side by side (a book's ISBN above its price code) share no such run."""
    if a in b or b in a:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    need = max(4, len(short) // 2)
    return any(short[i:i + need] in long_ for i in range(len(short) - need + 1))


def _same_box(a: Read, b: Read) -> bool:
    """The two reads' own boxes (not grown) cover each other by more than half."""
    ax0, ay0, ax1, ay1 = (min(x for x, _ in a.polygon), min(y for _, y in a.polygon),
                          max(x for x, _ in a.polygon), max(y for _, y in a.polygon))
    bx0, by0, bx1, by1 = (min(x for x, _ in b.polygon), min(y for _, y in b.polygon),
                          max(x for x, _ in b.polygon), max(y for _, y in b.polygon))
    inter = max(0, min(ax1, bx1) - max(ax0, bx0)) * max(0, min(ay1, by1) - max(ay0, by0))
    smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
    return smaller > 0 and inter > 0.5 * smaller


def _rivals(a: Read, b: Read) -> bool:
    """Two reads that cannot both be right: the same symbology at one place with related
    texts, or in the very same box whatever the texts."""
    if a.symbology != b.symbology or a.text == b.text or not a.polygon or not b.polygon:
        return False
    return (_overlap(a, b) and _related(a.text, b.text)) or _same_box(a, b)


def _inside_another(read: Read, reads: Iterable[Read]) -> bool:
    """A short code (EAN-8, UPC-E, ITF) read where a code of another kind was read."""
    return read.symbology in _FOUND_INSIDE_OTHERS and any(
        other.symbology != read.symbology and _overlap(read, other) for other in reads)


def contested(reads: Sequence[Read]) -> set[str]:
    """Texts that another read contradicts at the same place in the picture (zxing-cpp's
    downscaled look at an EAN-13 once read a second, wrong text with a right check digit
    beside the right one; a UPC-E turns up inside an EAN-13's bars)."""
    out: set[str] = set()
    for i, a in enumerate(reads):
        for b in reads[i + 1:]:
            if _rivals(a, b):
                out.update((a.text, b.text))
        if _inside_another(a, reads):
            out.add(a.text)
    return out


def certain(reads: Sequence[Read]) -> list[Read]:
    """The reads of one picture that are certain (module docstring), one per text, in the
    order first read."""
    by_text: dict[str, list[Read]] = {}
    for read in reads:
        if _text_ok(read.text) and check_ok(read.symbology, read.text):
            by_text.setdefault(read.text, []).append(read)
    trusted_texts: dict[str, set[str]] = {}
    for text, group in by_text.items():
        for read in group:
            if read.family in _TRUSTED_DECODERS:
                trusted_texts.setdefault(read.symbology, set()).add(text)
    support = {text: len({r.decoder for r in group}) for text, group in by_text.items()}
    every = [r for group in by_text.values() for r in group]
    accepted = []
    for text, group in by_text.items():
        symbology = group[0].symbology
        trusted = any(r.family in _TRUSTED_DECODERS for r in group)
        if not trusted and trusted_texts.get(symbology, set()) - {text}:
            continue          # zbar alone, and zxing-cpp read this symbology differently
        rivals = [other for other, other_group in by_text.items()
                  if any(_rivals(a, b) for a in group for b in other_group)]
        if any(text in other for other in rivals):
            continue          # a part of a longer read of the same code (ITF's weak ends)
        if any(support[other] >= support[text] and other not in text for other in rivals):
            continue          # contradicted at the same place, and not outvoted
        if symbology == "itf" and any(other not in text for other in rivals):
            continue          # ITF's weak start and stop: two texts at one place, both parts
        if any(_inside_another(r, every) for r in group):
            continue          # an EAN-8, UPC-E or ITF pattern inside another code's bars
        if (symbology in _SELF_CHECKED and trusted) or support[text] >= 2:
            accepted.append(group[0])
    return accepted


class BarcodeReader:
    """Decodes one picture or frame at a time; not thread-safe (one per camera thread)."""

    def __init__(self, symbologies: Sequence[str] = SYMBOLOGIES,
                 roi: tuple[float, float, float, float] | None = None,
                 use_zbar: bool = True, frame_budget: float | None = 0.025) -> None:
        self.symbologies = tuple(symbologies)
        self.roi = roi
        self.frame_budget = frame_budget
        self.zxing_formats = [_ZXING[s] for s in self.symbologies]
        self.zbar_symbols = [_ZBAR[s] for s in self.symbologies] if use_zbar else []
        self.qr_detector = cv2.QRCodeDetector()
        self.passes = tuple(p for p in COSTLY_PASSES
                            if use_zbar or not p.name.startswith("zbar"))
        self._turn = 0
        self._sticky: Pass | None = None

    def _region(self, frame: np.ndarray) -> tuple[np.ndarray, Mapper]:
        gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        ox = oy = 0
        if self.roi is not None:
            height, width = gray.shape
            x, y, w, h = self.roi
            ox, oy = int(x * width), int(y * height)
            gray = gray[oy:oy + max(int(h * height), 1), ox:ox + max(int(w * width), 1)]
        return np.ascontiguousarray(gray), _offset(ox, oy)

    def _applicable(self, gray: np.ndarray) -> list[Pass]:
        large = max(gray.shape) > _UPSCALE_LIMIT
        return [p for p in self.passes if not (large and p.name.endswith("-x2"))]

    def read(self, frame: np.ndarray) -> list[Read]:
        """One video frame's candidate reads (checked, not yet confirmed: :class:`Confirmer`
        wants two frames). The first pass always; one costly pass when it read nothing and the
        frame's budget allows, the passes taking turns from frame to frame."""
        start = time.perf_counter()
        gray, mapper = self._region(frame)
        reads = [r for r in FIRST_PASS.run(self, gray, mapper) if self._plausible(r)]
        reads = [r for r in reads if not _inside_another(r, reads)]
        doubtful = contested(reads)
        if doubtful:
            # Two texts at one place: believe only what a second, full-resolution look
            # (no downscaling) reads the same.
            again = {r.text for r in CONFIRM_PASS.run(self, gray, mapper)}
            reads = [r for r in reads if r.text not in doubtful or r.text in again]
            if contested(reads):
                reads = [r for r in reads if r.text not in doubtful]
        if reads:
            return reads
        reads = [r for r in INVERTED_PASS.run(self, gray, mapper) if self._plausible(r)]
        if reads or (self.frame_budget is not None
                     and time.perf_counter() - start > self.frame_budget / 2):
            return reads
        passes = self._video_order(self._applicable(gray))
        if not passes:
            return reads
        chosen = self._sticky
        if chosen is None or chosen not in passes:
            chosen = passes[self._turn % len(passes)]
            self._turn += 1
        reads = [r for r in chosen.run(self, gray, mapper) if self._plausible(r)]
        self._sticky = chosen if reads else None
        return reads

    def read_still(self, image: np.ndarray, budget: float = 3.0,
                   min_passes: int = 3) -> list[Read]:
        """The certain codes in one picture: passes run until something is certain (and at
        least ``min_passes`` ran, so a second code in the picture is found too) or the time
        budget is spent."""
        start = time.perf_counter()
        gray, mapper = self._region(image)
        reads = FIRST_PASS.run(self, gray, mapper)
        ran = 1
        accepted = certain(reads)
        for p in (INVERTED_PASS, *self._applicable(gray)):
            # A short code alone (EAN-8, UPC-E, ITF) may be a pattern inside a longer code
            # that a later pass reads: only a code of another kind ends the search early.
            if ran >= min_passes and any(r.symbology not in _FOUND_INSIDE_OTHERS
                                         for r in accepted):
                break
            if time.perf_counter() - start > budget:
                break
            reads += p.run(self, gray, mapper)
            ran += 1
            accepted = certain(reads)
        return accepted

    @staticmethod
    def _video_order(passes: list[Pass]) -> list[Pass]:
        """On video the turned looks come first: a phone held at an angle is what a camera
        meets most, and two frames in a row of one pass are what confirms a code."""
        turned = [p for p in passes if "turn" in p.name]
        return turned[:2] + [p for p in passes if p not in turned[:2]]

    @staticmethod
    def _plausible(read: Read) -> bool:
        return _text_ok(read.text) and check_ok(read.symbology, read.text)


@dataclass
class Confirmer:
    """Two identical reads within ``window`` frames make a scan; the same text is then
    ignored for ``cooldown`` seconds (the patron is still holding the phone up)."""

    required: int = 2
    window: int = 6
    cooldown: float = 3.0
    _recent: deque[tuple[int, frozenset[str]]] = field(default_factory=deque)
    _frame: int = 0
    _accepted: dict[str, float] = field(default_factory=dict)

    def feed(self, reads: Sequence[Read], now: float) -> list[Read]:
        self._frame += 1
        texts = frozenset(r.text for r in reads)
        self._recent.append((self._frame, texts))
        while self._recent and self._recent[0][0] <= self._frame - self.window:
            self._recent.popleft()
        confirmed: list[Read] = []
        for read in reads:
            if read.text in {r.text for r in confirmed}:
                continue
            last = self._accepted.get(read.text)
            if last is not None and now - last < self.cooldown:
                self._accepted[read.text] = now      # still held up: extend the cool-down
                continue
            seen = sum(1 for _, t in self._recent if read.text in t)
            if seen >= self.required:
                self._accepted[read.text] = now
                confirmed.append(read)
        return confirmed
