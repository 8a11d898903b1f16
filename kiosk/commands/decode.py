"""``kiosk decode [--json] FILE...``: what the camera would read in pictures or videos.

The same pipeline and settings as the camera (``--formats``, ``--roi``, as in a ``camera://``
URL). It never prints a guess: in a video a code counts only once two frames read it the
same (as the camera requires before lending); in a still picture only what
``BarcodeReader.read_still`` finds certain (a verified check digit, or two independent reads
that agree). One line per file: ``{"file", "symbology", "text", "ms", "codes"}`` (``codes``:
every certain code in the picture, the first also in ``symbology`` and ``text``), or
``{"file", "text": null}`` when nothing is certain. Exit status 0 when every file gave a code,
1 when some did not, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from drivers.cameras.barcode_pipeline import (
    DEFAULT_FORMATS,
    SYMBOLOGIES,
    BarcodeReader,
    Confirmer,
    Read,
    parse_formats,
    parse_roi,
)

VIDEO_SUFFIXES = {".avi", ".mp4", ".mkv", ".mov", ".webm", ".mjpg", ".mjpeg"}


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("decode", help="read barcodes in images or videos with the "
                                 "camera's pipeline")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="JSON lines (the default output "
                        "is one readable line per file)")
    parser.add_argument("--formats", default=DEFAULT_FORMATS, metavar="NAME,…",
                        help="symbologies to read, comma-separated, from: "
                        f"{', '.join(SYMBOLOGIES)} (default: all of them)")
    parser.add_argument("--roi", default="", help="x,y,w,h fractions of the frame")
    parser.set_defaults(handler=run)


def decode_file(path: Path, reader: BarcodeReader) -> tuple[list[Read], float]:
    """The certain reads of a file, and the milliseconds it took."""
    start = time.perf_counter()
    if path.suffix.lower() in VIDEO_SUFFIXES:
        video = _video(path, reader)
        found = [video] if video is not None else []
    else:
        found = reader.read_still(load_image(path))
    return found, (time.perf_counter() - start) * 1000


def load_image(path: Path) -> np.ndarray:
    """A picture as a BGR array: OpenCV first, Pillow for what OpenCV's codecs refuse (some
    WebP variants, palette GIFs)."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is not None:
        return image
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise ValueError(f"{path}: not an image or video OpenCV can read") from None
    try:
        with Image.open(path) as picture:
            rgb = np.asarray(picture.convert("RGB"))
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise ValueError(f"{path}: not an image or video this kiosk can read ({exc})") from exc
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _video(path: Path, reader: BarcodeReader) -> Read | None:
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise ValueError(f"{path}: not a video OpenCV can read")
    confirmer = Confirmer()
    try:
        frame_no = 0
        while True:
            ok, frame = capture.read()
            if not ok:
                return None
            frame_no += 1
            confirmed = confirmer.feed(reader.read(frame), now=frame_no)
            if confirmed:
                return confirmed[0]
    finally:
        capture.release()


def run(args: argparse.Namespace) -> int:
    try:
        reader = BarcodeReader(parse_formats(args.formats), parse_roi(args.roi))
    except ValueError as exc:
        print(f"kiosk decode: {exc}", file=sys.stderr)
        return 2
    status = 0
    for path in args.files:
        if not path.exists():
            print(f"kiosk decode: {path}: no such file", file=sys.stderr)
            status = 2
            continue
        try:
            reads, ms = decode_file(path, reader)
        except ValueError as exc:
            print(f"kiosk decode: {exc}", file=sys.stderr)
            status = 2
            continue
        line: dict[str, object]
        if not reads:
            status = max(status, 1)
            line = {"file": str(path), "text": None}
        else:
            line = {"file": str(path), "symbology": reads[0].symbology, "text": reads[0].text,
                    "ms": round(ms, 1),
                    "codes": [{"symbology": r.symbology, "text": r.text} for r in reads]}
        if args.json:
            print(json.dumps(line, ensure_ascii=False), flush=True)
        elif reads:
            shown = "; ".join(f"{r.symbology} {r.text!r}" for r in reads)
            print(f"{path}: {shown}", flush=True)
        else:
            print(f"{path}: no code", flush=True)
    return status
