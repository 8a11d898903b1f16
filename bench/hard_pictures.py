"""Pictures of our own, for what the shared photo corpus lacks: made to be as hard as real ones.

The corpus (``tests/corpus/barcode-photos``) has no ITF, UPC or EAN-8, no phone held at 45° or
upside down, no laminated card with a glare stripe, no two codes in one picture and few
pictures without a code. These are generated, seeded (the same on every machine), each from
the things a camera at a kiosk really meets, several at once:

* carriers: a phone screen (light or dark mode, the pixel grid's moiré, a reflection of the
  ceiling lights), a laminated card (a glossy stripe), a book's paper label (curved with the
  cover, printed a little grey);
* any angle in the picture plane (0–360°), perspective (the thing leaning away), distance (the
  code small in a large picture, or filling it);
* focus and motion blur, sensor noise, JPEG compression, uneven light;
* a thumb over part of the code (never all of a 1-D code's height: the bars must still cross);
* two codes in one picture (a book's ISBN and its second, price JAN code; a card and a QR);
* pictures with no code at all: text, shelves, striped cloth, a keyboard, a phone showing a
  photo. Every stripe pattern that looks like bars but is not a code must read as nothing.

Nothing here is tuned to the pipeline: each picture's difficulty is drawn from ranges set once,
and the benchmark compares the pipeline with zxing-cpp alone on the same pictures.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

_F = zxingcpp.BarcodeFormat
FORMATS = {"codabar": _F.Codabar, "code39": _F.Code39, "code128": _F.Code128, "itf": _F.ITF,
           "ean13": _F.EAN13, "ean8": _F.EAN8, "upca": _F.UPCA, "upce": _F.UPCE,
           "qr": _F.QRCode}
CARRIERS = ("phone", "phone_dark", "card", "paper")


@dataclass(frozen=True)
class Picture:
    image: np.ndarray                    # BGR
    codes: tuple[tuple[str, str], ...]   # (symbology, text) of every code in it; () for none
    note: str                            # how it was made, for a reader of the results


def _gtin_check(data: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(data)))
    return str((10 - total % 10) % 10)


def _text_for(symbology: str, rng: random.Random) -> str:
    """What a library or a phone app would put in that symbology."""
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if symbology == "codabar":       # a Japanese library card or item, start/stop kept
        return rng.choice("ABCD") + digits(rng.choice((7, 8, 9, 10))) + rng.choice("ABCD")
    if symbology == "code39":        # capitals and the punctuation Code 39 carries
        # ("$M" and the like are Full ASCII escapes: a punctuation mark before a digit)
        body = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(6))
        return f"{body[:3]}{rng.choice('-./$+%')}{digits(2)}{body[3:]}"
    if symbology == "code128":       # mixed case
        return rng.choice(("Lib", "kIo", "Toy", "hir")) + "-" + digits(6) + rng.choice("abXY")
    if symbology == "itf":
        return digits(rng.choice((10, 12, 14)))
    if symbology == "ean13":
        data = rng.choice(("978", "979", "490", "192")) + digits(9)
        return data + _gtin_check(data)
    if symbology == "ean8":
        data = "49" + digits(5)
        return data + _gtin_check(data)
    if symbology == "upca":
        data = "0" + digits(10)
        return data + _gtin_check(data)
    if symbology == "upce":          # zxing-cpp makes (and checks) a valid UPC-E
        while True:
            data = "0" + digits(6)
            try:
                zxingcpp.create_barcode(data, _F.UPCE)
            except (ValueError, RuntimeError):
                continue
            return data
    return rng.choice((f"https://lib.example.jp/card/{digits(8)}", f"A{digits(8)}B",
                       f"LIBCARD:{digits(10)}\nNAME:TARO"))


def as_read(symbology: str, text: str) -> str:
    """The text a decoder gives for the code made from ``text``: the code drawn clean and
    read back (UPC-E comes back as its 8 digits, with the check digit added)."""
    image = render(symbology, text, 3)
    found = [r.text for r in zxingcpp.read_barcodes(image, formats=FORMATS[symbology])]
    if len(found) != 1:
        raise RuntimeError(f"{symbology} {text!r} does not read back clean: {found}")
    return str(found[0])


def render(symbology: str, text: str, module: int) -> np.ndarray:
    """Black on white with the quiet zone; 1-D codes drawn about as tall as printed."""
    barcode = zxingcpp.create_barcode(text, FORMATS[symbology])
    image = np.array(zxingcpp.write_barcode_to_image(barcode, scale=module))
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if symbology != "qr":
        height = max(image.shape[0], int(image.shape[1] * 0.35))
        image = cv2.resize(image, (image.shape[1], height), interpolation=cv2.INTER_NEAREST)
    quiet = module * (4 if symbology == "qr" else 10)
    return cv2.copyMakeBorder(image, quiet // 2, quiet // 2, quiet, quiet,
                              cv2.BORDER_CONSTANT, value=(255,))


# --- scenes -----------------------------------------------------------------------------------

def _scene(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """A desk, a counter or a hand: smooth texture with uneven light."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    base = float(rng.uniform(60, 200))
    texture = base + 20 * np.sin(xs / float(rng.uniform(20, 60)) + np.sin(ys / 80) * 3)
    light = 1 + 0.35 * np.sin(xs / width * math.pi * float(rng.uniform(0.5, 2)) +
                              float(rng.uniform(0, 6)))
    return (texture * light).clip(0, 255).astype(np.float32)


def _carrier(codes: list[np.ndarray], kind: str, rng: np.random.Generator) -> np.ndarray:
    """The codes on a phone screen, a card or a paper label (grey, float32)."""
    gap = 30
    width = max(c.shape[1] for c in codes) + 2 * gap
    height = sum(c.shape[0] for c in codes) + gap * (len(codes) + 1)
    if kind.startswith("phone"):
        width, height = int(width * 1.15), int(height * 1.3)
    surface = np.full((height, width), 255, np.float32)
    y = gap
    for code in codes:
        x = (width - code.shape[1]) // 2
        surface[y:y + code.shape[0], x:x + code.shape[1]] = code
        y += code.shape[0] + gap
    if kind == "phone_dark":
        surface = 255 - surface
    if kind == "paper":               # printed a little grey on off-white
        surface = 40 + surface * 0.8
    if kind == "card":                # a coloured print, then a laminate
        surface = np.minimum(surface, 235) * float(rng.uniform(0.85, 1))
    if kind.startswith("phone"):      # the phone's body around its screen
        body = np.full((height + 100, width + 40), 20, np.float32)
        body[60:60 + height, 20:20 + width] = surface
        surface = body
    return surface


def _curve(image: np.ndarray, strength: float) -> np.ndarray:
    """A page bent round the book's spine: columns pushed down by a half cosine."""
    height, width = image.shape
    xs = np.arange(width, dtype=np.float32)
    shift = strength * height * np.sin(xs / width * math.pi)
    map_x = np.tile(xs, (height, 1))
    map_y = np.arange(height, dtype=np.float32)[:, None] - shift[None, :]
    return cv2.remap(image, map_x, map_y.astype(np.float32), cv2.INTER_LINEAR,
                     borderValue=(255,))


def _place(scene: np.ndarray, thing: np.ndarray, rng: np.random.Generator, *, angle: float,
           lean: float, fill: float) -> np.ndarray:
    height, width = scene.shape
    th, tw = thing.shape
    scale = fill * min(width / tw, height / th)
    cx = width / 2 + float(rng.uniform(-0.15, 0.15)) * width
    cy = height / 2 + float(rng.uniform(-0.15, 0.15)) * height
    corners = np.array([[-tw / 2, -th / 2], [tw / 2, -th / 2], [tw / 2, th / 2],
                        [-tw / 2, th / 2]], np.float32) * scale
    side = int(rng.integers(0, 4))      # which edge leans away
    corners[side] *= 1 - lean
    corners[(side + 1) % 4] *= 1 - lean
    a = math.radians(angle)
    turn = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], np.float32)
    target = corners @ turn.T + np.array([cx, cy], np.float32)
    source = np.array([[0, 0], [tw, 0], [tw, th], [0, th]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    mask = cv2.warpPerspective(np.ones_like(thing), matrix, (width, height))
    warped = cv2.warpPerspective(thing, matrix, (width, height), flags=cv2.INTER_AREA)
    return np.where(mask > 0.5, warped, scene)


def _glare(gray: np.ndarray, rng: np.random.Generator, strength: float, stripe: bool) -> None:
    height, width = gray.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    gx, gy = float(rng.uniform(0.3, 0.7)) * width, float(rng.uniform(0.3, 0.7)) * height
    if stripe:                          # a laminate's glossy band
        a = float(rng.uniform(0, math.pi))
        d = (xs - gx) * math.cos(a) + (ys - gy) * math.sin(a)
        gray += strength * 170 * np.exp(-(d / (0.04 * width)) ** 2)
    else:                               # a ceiling light on a screen
        gray += strength * 190 * np.exp(-(((xs - gx) / (0.1 * width)) ** 2 +
                                          ((ys - gy) / (0.06 * height)) ** 2))


def _moire(gray: np.ndarray, strength: float) -> None:
    height, width = gray.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    beat = np.sin(xs * 0.9 + ys * 0.35) * np.sin(xs * 0.31 - ys * 0.77)
    gray *= 1 - strength * 0.25 * (beat + 1) / 2


def _thumb(gray: np.ndarray, rng: np.random.Generator) -> None:
    """A thumb over one corner of the middle of the picture, skin-grey, soft-edged."""
    height, width = gray.shape
    cx = width / 2 + float(rng.choice((-1, 1))) * float(rng.uniform(0.08, 0.2)) * width
    cy = height / 2 + float(rng.choice((-1, 1))) * float(rng.uniform(0.12, 0.25)) * height
    mask = np.zeros_like(gray)
    cv2.ellipse(mask, (int(cx), int(cy)), (int(width * 0.05), int(height * 0.07)),
                float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), 6)
    gray[:] = gray * (1 - mask) + float(rng.uniform(120, 170)) * mask


def _finish(gray: np.ndarray, rng: np.random.Generator, *, blur: float, motion: int,
            noise: float, jpeg: int) -> np.ndarray:
    if blur:
        gray = cv2.GaussianBlur(gray, (0, 0), blur)
    if motion > 1:
        kernel = np.zeros((motion, motion), np.float32)
        kernel[motion // 2, :] = 1 / motion
        turn = cv2.getRotationMatrix2D((motion / 2 - 0.5, motion / 2 - 0.5),
                                       float(rng.uniform(0, 180)), 1)
        kernel = cv2.warpAffine(kernel, turn, (motion, motion))
        gray = cv2.filter2D(gray, -1, kernel / max(float(kernel.sum()), 1e-6))
    if noise:
        gray = gray + rng.normal(0, noise, gray.shape).astype(np.float32)
    bgr = cv2.cvtColor(gray.clip(0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    ok, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


# --- pictures with no code ----------------------------------------------------------------

def _no_code(rng: np.random.Generator, width: int, height: int, kind: int) -> tuple[np.ndarray,
                                                                                    str]:
    gray = _scene(rng, width, height)
    if kind == 0:                       # a page of text
        for row in range(30, height - 30, 28):
            x = 30
            while x < width - 60:
                w = int(rng.integers(10, 60))
                cv2.rectangle(gray, (x, row), (x + w, row + 12), float(rng.uniform(20, 60)), -1)
                x += w + int(rng.integers(6, 14))
        note = "text"
    elif kind == 1:                     # shelves of book spines: bars, but no code
        x = 0
        while x < width:
            w = int(rng.integers(4, 40))
            cv2.rectangle(gray, (x, 0), (x + w, height), float(rng.uniform(20, 235)), -1)
            x += w
        note = "book spines"
    elif kind == 2:                     # striped cloth, fine and regular
        period = float(rng.uniform(4, 14))
        xs = np.arange(width, dtype=np.float32)
        gray[:] = 128 + 100 * np.sign(np.sin(xs / period))[None, :]
        note = "stripes"
    elif kind == 3:                     # a keyboard
        keys = gray.clip(0, 255).astype(np.uint8)
        for y in range(40, height - 60, 70):
            for x in range(30, width - 70, 70):
                cv2.rectangle(keys, (x, y), (x + 60, y + 60), (30,), -1)
                cv2.putText(keys, chr(int(rng.integers(65, 91))), (x + 20, y + 40),
                            cv2.FONT_HERSHEY_SIMPLEX, 1, (230,), 2)
        gray = keys.astype(np.float32)
        note = "keyboard"
    else:                               # a phone showing a photo, random blocks and lines
        for _ in range(40):
            x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
            cv2.rectangle(gray, (x0, y0), (x0 + int(rng.integers(5, 120)),
                                           y0 + int(rng.integers(5, 120))),
                          float(rng.uniform(0, 255)), -1)
        note = "photo"
    return gray, note


# --- the set --------------------------------------------------------------------------------

SIZES = ((1280, 720), (1600, 1200), (640, 480), (1920, 1080))


def pictures(count: int, seed: int = 2026, negatives_every: int = 6,
             size: tuple[int, int] | None = None) -> Iterator[Picture]:
    """``count`` pictures; every ``negatives_every``-th holds no code. ``size`` fixes the
    picture size (a camera's frames); by default it varies from 640×480 to 1920×1080."""
    prng = random.Random(seed)
    names = list(FORMATS)
    for n in range(count):
        rng = np.random.default_rng(seed * 1_000_003 + n)
        width, height = size or SIZES[n % len(SIZES)]
        if negatives_every and n % negatives_every == negatives_every - 1:
            gray, note = _no_code(rng, width, height, n // negatives_every % 5)
            image = _finish(gray, rng, blur=float(rng.uniform(0, 1.2)), motion=0,
                            noise=float(rng.uniform(1, 6)), jpeg=int(rng.integers(50, 90)))
            yield Picture(image, (), f"no code: {note}")
            continue
        symbology = names[n % len(names)]
        codes = [(symbology, _text_for(symbology, prng))]
        if n % 7 == 3:                   # a second code in the picture
            if symbology == "ean13":
                price = "192" + "".join(prng.choice("0123456789") for _ in range(9))
                codes.append(("ean13", price + _gtin_check(price)))
            else:
                codes.append(("qr", _text_for("qr", prng)))
        carrier = CARRIERS[(n // len(names)) % len(CARRIERS)]
        module = 3 if symbology == "qr" else 2
        drawn = [render(s, t, module) for s, t in codes]
        thing = _carrier(drawn, carrier, rng)
        curve = float(rng.uniform(0.02, 0.08)) if carrier == "paper" else 0.0
        if curve:
            thing = _curve(thing, curve)
        angle = float(prng.uniform(0, 360))
        lean = float(rng.uniform(0, 0.22))
        fill = float(rng.uniform(0.35, 0.85))
        gray = _place(_scene(rng, width, height), thing, rng, angle=angle, lean=lean, fill=fill)
        glare = float(rng.uniform(0.2, 0.7)) if n % 3 == 0 else 0.0
        if glare:
            _glare(gray, rng, glare, stripe=carrier == "card")
        moire = float(rng.uniform(0.3, 0.8)) if carrier.startswith("phone") else 0.0
        if moire:
            _moire(gray, moire)
        thumb = n % 5 == 2
        if thumb:
            _thumb(gray, rng)
        blur = float(rng.uniform(0, 1.4))
        motion = int(rng.integers(0, 5))
        noise = float(rng.uniform(1, 7))
        jpeg = int(rng.integers(45, 90))
        image = _finish(gray, rng, blur=blur, motion=motion, noise=noise, jpeg=jpeg)
        note = (f"{carrier}, {angle:.0f}°, lean {lean:.2f}, fill {fill:.2f}, blur {blur:.1f}, "
                f"motion {motion}, noise {noise:.1f}, jpeg {jpeg}"
                + (f", curve {curve:.2f}" if curve else "") + (f", glare {glare:.2f}"
                                                               if glare else "")
                + (f", moire {moire:.2f}" if moire else "") + (", thumb" if thumb else ""))
        yield Picture(image, tuple((s, as_read(s, t)) for s, t in codes), note)
