"""Synthetic camera frames of phones showing a barcode: the camera's test and bench input.

A patron holds up a phone (My Page, LINE) or a plastic card under the kiosk's camera. What
the camera sees: a desk or a hand around a dark phone body, a bright (or, in dark mode,
black) screen with the code, the phone tilted and in perspective, slightly out of focus,
a reflection of the ceiling lights (glare), the screen's pixel grid beating against the
sensor's (moiré), low contrast at low brightness, sensor noise and JPEG compression.
Everything is seeded, so a frame set is the same on every machine.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

FORMATS = {"codabar": zxingcpp.BarcodeFormat.Codabar, "code128": zxingcpp.BarcodeFormat.Code128,
           "ean13": zxingcpp.BarcodeFormat.EAN13, "qr": zxingcpp.BarcodeFormat.QRCode}
SIZE = (1280, 720)


@dataclass(frozen=True)
class Look:
    """How one frame differs from a perfect picture of the code."""

    tilt: float = 0.0          # degrees in the image plane
    perspective: float = 0.0   # 0..0.25: how far the phone leans away
    blur: float = 0.0          # Gaussian sigma in pixels
    glare: float = 0.0         # 0..1 strength of a light reflection over the code
    moire: float = 0.0         # 0..1 strength of the screen/sensor beat pattern
    contrast: float = 1.0      # 1: full; 0.3: a dim screen in a bright room
    inverted: bool = False     # light code on a dark screen (dark mode)
    noise: float = 0.0         # sensor noise sigma (0..255 scale)
    scale: float = 1.0         # the code's size on the screen
    jpeg: int = 85             # quality of the camera's compression


def render_code(text: str, symbology: str, module_px: int = 3) -> np.ndarray:
    """The code as the phone draws it: black on white, with its quiet zone."""
    barcode = zxingcpp.create_barcode(text, FORMATS[symbology])
    image = np.array(zxingcpp.write_barcode_to_image(barcode, scale=module_px))
    if symbology != "qr":                          # 1-D codes are drawn taller on phones
        image = cv2.resize(image, (image.shape[1], max(image.shape[0], 160)),
                           interpolation=cv2.INTER_NEAREST)
    return image


def phone_frame(text: str | None, symbology: str, look: Look, seed: int,
                size: tuple[int, int] = SIZE) -> np.ndarray:
    """One BGR camera frame; ``text`` None draws a phone showing no code (a photo, a menu)."""
    rng = np.random.default_rng(seed)
    width, height = size
    frame = _background(rng, width, height)
    screen_w, screen_h = int(width * 0.42), int(height * 0.62)
    screen = np.full((screen_h, screen_w), 255, np.uint8)
    if text is None:
        for _ in range(6):                          # some text-like lines, no code
            y = int(rng.integers(20, screen_h - 20))
            cv2.line(screen, (20, y), (int(rng.integers(80, screen_w - 20)), y), 40, 6)
    else:
        module = 4 if symbology == "qr" else 3
        code = render_code(text, symbology, module)
        fit = min((screen_w - 40) / code.shape[1], (screen_h - 60) / code.shape[0], 1.6)
        fit *= look.scale
        code = cv2.resize(code, (max(int(code.shape[1] * fit), 1),
                                 max(int(code.shape[0] * fit), 1)),
                          interpolation=cv2.INTER_AREA if fit < 1 else cv2.INTER_NEAREST)
        y0 = (screen_h - code.shape[0]) // 2
        x0 = (screen_w - code.shape[1]) // 2
        screen[y0:y0 + code.shape[0], x0:x0 + code.shape[1]] = code
    if look.inverted:
        screen = 255 - screen
    low = 128 * (1 - look.contrast)
    screen = (low + screen.astype(np.float32) * look.contrast).clip(0, 255).astype(np.uint8)
    # the phone: a dark body around the screen, then placed, tilted and leaned in the frame
    body = np.full((screen_h + 80, screen_w + 40), 25, np.uint8)
    body[50:50 + screen_h, 20:20 + screen_w] = screen
    bh, bw = body.shape
    cx = width / 2 + float(rng.uniform(-60, 60))
    cy = height / 2 + float(rng.uniform(-30, 30))
    angle = math.radians(look.tilt)
    corners = np.array([[-bw / 2, -bh / 2], [bw / 2, -bh / 2], [bw / 2, bh / 2],
                        [-bw / 2, bh / 2]], np.float32)
    lean = look.perspective
    corners[0, 0] *= 1 - lean
    corners[1, 0] *= 1 - lean                       # the top edge is further away
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]],
                   np.float32)
    target = corners @ rot.T + np.array([cx, cy], np.float32)
    source = np.array([[0, 0], [bw, 0], [bw, bh], [0, bh]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    mask = cv2.warpPerspective(np.full_like(body, 255), matrix, (width, height))
    warped = cv2.warpPerspective(body, matrix, (width, height), flags=cv2.INTER_LINEAR)
    gray = np.where(mask > 0, warped, frame).astype(np.float32)
    if look.moire:
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        beat = np.sin(xs * 0.9 + ys * 0.35) * np.sin(xs * 0.31 - ys * 0.77)
        gray *= 1 - look.moire * 0.22 * (beat + 1) / 2
    if look.glare:
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        gx = cx + float(rng.uniform(-80, 80))
        gy = cy + float(rng.uniform(-60, 60))
        spot = np.exp(-(((xs - gx) / 150) ** 2 + ((ys - gy) / 70) ** 2))
        gray = gray + look.glare * 200 * spot
    if look.blur:
        gray = cv2.GaussianBlur(gray, (0, 0), look.blur)
    if look.noise:
        gray = gray + rng.normal(0, look.noise, gray.shape).astype(np.float32)
    bgr = cv2.cvtColor(gray.clip(0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    ok, jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, look.jpeg])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def _background(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    base = float(rng.uniform(120, 190))
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    wood = base + 18 * np.sin(xs / 37 + np.sin(ys / 90) * 3)
    return wood.clip(0, 255).astype(np.uint8)


# -- sets of frames with known answers -------------------------------------------------------
CODES = {"codabar": ("A21045877B", "C115538407D", "A0012345B", "B9830012C"),
         "code128": ("115538407", "21045877", "LIB-0042-77"),
         "ean13": ("9784834000825", "9784591142806", "9784061272743"),
         "qr": ("A21045877B", "https://lib.example.jp/my/21045877", "115538407")}
LOOKS = {
    "clean": Look(),
    "tilt": Look(tilt=12.0),
    "perspective": Look(perspective=0.18, tilt=4.0),
    "blur": Look(blur=1.6),
    "moire": Look(moire=0.8, noise=4.0),
    "glare": Look(glare=0.85),
    "low_contrast": Look(contrast=0.3, noise=3.0),
    "inverted": Look(inverted=True),
    "inverted_tilt": Look(inverted=True, tilt=8.0, blur=0.8),
    "small": Look(scale=0.6),
    "hard": Look(tilt=10.0, perspective=0.12, blur=1.2, glare=0.5, moire=0.5, contrast=0.6,
                 noise=5.0, jpeg=60),
}


@dataclass(frozen=True)
class Sample:
    frame: np.ndarray
    symbology: str
    text: str | None              # None: no code on the screen
    look: str


def samples(count: int, seed: int = 1, blank_every: int = 10) -> Iterator[Sample]:
    """``count`` frames cycling through symbologies, codes and looks, with jittered looks so
    no two frames are the same; every ``blank_every``-th frame shows no code at all."""
    rng = random.Random(seed)
    names = list(LOOKS)
    symbologies = list(CODES)
    for n in range(count):
        symbology = symbologies[n % len(symbologies)]
        look_name = names[(n // len(symbologies)) % len(names)]
        look = _jitter(LOOKS[look_name], rng)
        text = None if blank_every and n % blank_every == blank_every - 1 else \
            rng.choice(CODES[symbology])
        yield Sample(phone_frame(text, symbology, look, seed * 100_003 + n), symbology, text,
                     look_name)


def _jitter(look: Look, rng: random.Random) -> Look:
    def j(value: float, spread: float) -> float:
        return max(0.0, value * (1 + rng.uniform(-spread, spread)))
    return Look(tilt=j(look.tilt, 0.3) * rng.choice((-1, 1)), perspective=j(look.perspective, 0.3),
                blur=j(look.blur, 0.3), glare=j(look.glare, 0.2), moire=j(look.moire, 0.3),
                contrast=min(1.0, j(look.contrast, 0.15)), inverted=look.inverted,
                noise=j(look.noise, 0.3), scale=look.scale, jpeg=look.jpeg)


def write_video(path: Path, frames: list[np.ndarray], fps: float = 15.0) -> Path:
    """An MJPG .avi (what OpenCV reads back on every platform)."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    return path


def phone_held_up(path: Path, text: str, symbology: str, look: Look, *, before: int = 4,
                  held: int = 12, after: int = 4, seed: int = 7) -> Path:
    """A video of a phone being held up: frames without a code, the code held still with
    small movements, then gone again."""
    frames = [phone_frame(None, symbology, Look(), seed + n) for n in range(before)]
    frames += [phone_frame(text, symbology, look, seed + before + n) for n in range(held)]
    frames += [phone_frame(None, symbology, Look(), seed + 1000 + n) for n in range(after)]
    return write_video(path, frames)
