"""``kiosk decode [--json] FILE...``: what the camera would read in pictures or videos.

The same pipeline and settings as the camera (``--formats``, ``--roi``, as in a ``camera://``
URL). It never prints a guess: in a video a code counts only once two frames read it the
same (as the camera requires before lending); in a single picture only a zxing-cpp read, or a
zbar read that zbar repeats on the slightly smoothed picture, counts. One line per file:
``{"file", "symbology", "text", "ms"}``, or ``{"file", "text": null}`` when nothing is
certain. Exit status 0 when every file gave a code, 1 when some did not, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2

from drivers.barcode_pipeline import BarcodeReader, Confirmer, Read, parse_formats, parse_roi

VIDEO_SUFFIXES = {".avi", ".mp4", ".mkv", ".mov", ".webm", ".mjpg", ".mjpeg"}


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("decode", help="read barcodes in images or videos with the "
                                 "camera's pipeline")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="JSON lines (the default output "
                        "is one readable line per file)")
    parser.add_argument("--formats", default="codabar,code128,ean13,qr")
    parser.add_argument("--roi", default="", help="x,y,w,h fractions of the frame")
    parser.set_defaults(handler=run)


def decode_file(path: Path, reader: BarcodeReader) -> tuple[Read | None, float]:
    """The certain read of a file, and the milliseconds it took."""
    start = time.perf_counter()
    if path.suffix.lower() in VIDEO_SUFFIXES:
        found = _video(path, reader)
    else:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise ValueError(f"{path}: not an image or video OpenCV can read")
        found = _image(image, reader)
    return found, (time.perf_counter() - start) * 1000


def _image(image: object, reader: BarcodeReader) -> Read | None:
    reads = reader.read(image)  # type: ignore[arg-type]
    for read in reads:
        if read.decoder != "zbar":
            return read
    if reads:                      # zbar alone: believe it only if it says the same again
        smoothed = cv2.GaussianBlur(image, (3, 3), 0)  # type: ignore[call-overload]
        again = {r.text for r in reader.read(smoothed)}
        for read in reads:
            if read.text in again:
                return read
    return None


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
            read, ms = decode_file(path, reader)
        except ValueError as exc:
            print(f"kiosk decode: {exc}", file=sys.stderr)
            status = 2
            continue
        line: dict[str, object]
        if read is None:
            status = max(status, 1)
            line = {"file": str(path), "text": None}
        else:
            line = {"file": str(path), "symbology": read.symbology, "text": read.text,
                    "ms": round(ms, 1)}
        if args.json:
            print(json.dumps(line, ensure_ascii=False), flush=True)
        else:
            print(f"{path}: {read.symbology} {read.text}" if read else f"{path}: no code",
                  flush=True)
    return status
