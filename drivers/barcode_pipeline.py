"""Reading barcodes from camera frames: the pipeline the camera and ``kiosk decode`` share.

Per frame (DESIGN §5): grey, the region of interest at full resolution (1-D codes need ~3 px
per narrow bar; downscaling loses them), zxing-cpp restricted to the configured symbologies
with rotation, inversion and downscaling off (fast), then the same on the inverted image
(light-on-dark phone screens in dark mode), then zbar as the fallback (it reads frames zxing
does not, and the other way round). OpenCV's own ``cv2.barcode`` is never used: it produced
false reads.

A frame's reads are candidates, not scans: :class:`Confirmer` accepts a code only after two
identical reads in nearby frames, and then not again for a cool-down, so a phone held still
is lent against once. Texts with control characters or outside printable ASCII are dropped
(library codes are ASCII; zbar misreads Shift_JIS QR codes).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar

SYMBOLOGIES = ("codabar", "code128", "code39", "ean13", "qr")
_ZXING = {"codabar": zxingcpp.BarcodeFormat.Codabar, "code128": zxingcpp.BarcodeFormat.Code128,
          "code39": zxingcpp.BarcodeFormat.Code39, "ean13": zxingcpp.BarcodeFormat.EAN13,
          "qr": zxingcpp.BarcodeFormat.QRCode}
_ZBAR = {"codabar": pyzbar.ZBarSymbol.CODABAR, "code128": pyzbar.ZBarSymbol.CODE128,
         "code39": pyzbar.ZBarSymbol.CODE39, "ean13": pyzbar.ZBarSymbol.EAN13,
         "qr": pyzbar.ZBarSymbol.QRCODE}
_NAMES = {**{str(fmt): name for name, fmt in _ZXING.items()},
          **{sym.name: name for name, sym in _ZBAR.items()}}


@dataclass(frozen=True)
class Read:
    symbology: str
    text: str
    polygon: tuple[tuple[int, int], ...]     # in full-frame coordinates
    decoder: str                             # "zxing", "zxing-inverted" or "zbar"


def parse_formats(text: str) -> tuple[str, ...]:
    names = tuple(n.strip().lower() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in SYMBOLOGIES]
    if unknown or not names:
        raise ValueError(f"unknown symbology {unknown or text!r}; known: {', '.join(SYMBOLOGIES)}")
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


def _printable(text: str) -> bool:
    return bool(text) and all(" " <= ch <= "~" for ch in text)


class BarcodeReader:
    """Decodes one frame at a time; not thread-safe (one per camera thread)."""

    def __init__(self, symbologies: Sequence[str] = ("codabar", "code128", "ean13", "qr"),
                 roi: tuple[float, float, float, float] | None = None,
                 use_zbar: bool = True) -> None:
        self.symbologies = tuple(symbologies)
        self.roi = roi
        self.use_zbar = use_zbar
        self._formats = [_ZXING[s] for s in self.symbologies]
        self._zbar = [_ZBAR[s] for s in self.symbologies]

    def read(self, frame: np.ndarray) -> list[Read]:
        gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        ox = oy = 0
        if self.roi is not None:
            height, width = gray.shape
            x, y, w, h = self.roi
            ox, oy = int(x * width), int(y * height)
            gray = gray[oy:oy + max(int(h * height), 1), ox:ox + max(int(w * width), 1)]
        gray = np.ascontiguousarray(gray)
        reads = self._zxing(gray, ox, oy, "zxing")
        if not reads:
            reads = self._zxing(np.ascontiguousarray(255 - gray), ox, oy, "zxing-inverted")
        if not reads and self.use_zbar:
            reads = self._zbar_read(gray, ox, oy)
        return reads

    def _zxing(self, gray: np.ndarray, ox: int, oy: int, name: str) -> list[Read]:
        found = zxingcpp.read_barcodes(gray, formats=self._formats,  # type: ignore[arg-type]
                                       try_rotate=False,
                                       try_invert=False, try_downscale=False)
        reads = []
        for r in found:
            if not r.valid or not _printable(r.text):
                continue
            p = r.position
            polygon = tuple((pt.x + ox, pt.y + oy) for pt in
                            (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
            reads.append(Read(_NAMES.get(str(r.format), str(r.format)), r.text, polygon, name))
        return reads

    def _zbar_read(self, gray: np.ndarray, ox: int, oy: int) -> list[Read]:
        reads = []
        for r in pyzbar.decode(gray, symbols=self._zbar):
            try:
                text = r.data.decode("ascii")
            except UnicodeDecodeError:
                continue                      # e.g. Shift_JIS in a QR code: zbar misreads it
            if not _printable(text):
                continue
            polygon = tuple((pt.x + ox, pt.y + oy) for pt in r.polygon)
            reads.append(Read(_NAMES.get(r.type, r.type.lower()), text, polygon, "zbar"))
        return reads


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
