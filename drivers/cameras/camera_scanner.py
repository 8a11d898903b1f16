"""The camera as a barcode scanner: patrons hold up a phone (or a card) to it.

``camera://0?formats=codabar,qr&roi=0.2,0.1,0.6,0.8&cooldown=3`` for a device
(index or ``/dev/v4l/by-id/…`` path), ``camera:///path/video.avi?loop=1&fps=15`` for a video
file (tests, the demo, and staff checking a recording).

Two threads: the capture thread keeps only the newest frame (a live camera keeps producing;
when decoding falls behind, old frames are dropped, never queued, so a scan is never late
by a backlog), and the decode thread runs :class:`BarcodeReader` on the newest frame and
:class:`Confirmer` over the results. A video file is read frame by frame at its own pace
(``fps``, default as fast as decoding allows, dropping nothing), so tests know the answer.
``on_frame`` (optional, for the staff preview) gets the newest frame and the decoded polygons
at most ``preview_fps`` times a second. A camera that disappears is retried like a scanner.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from drivers.cameras.barcode_pipeline import (
    DEFAULT_FORMATS,
    BarcodeReader,
    Confirmer,
    parse_formats,
    parse_roi,
)
from drivers.ports import DeviceState, Scan, ScanCallback, StatusCallback
from drivers.reporting import StatusReporter, call_safely
from drivers.url import parse_url_of

log = logging.getLogger(__name__)

FrameCallback = Callable[[np.ndarray, list[tuple[tuple[int, int], ...]]], None]
RETRY_INTERVAL = 1.0
FRAME_BUDGET = 0.025          # seconds of decoding per frame: ~30 frames a second and more
JOIN_TIMEOUT = 3.0


class CameraScanner:
    def __init__(self, url: str) -> None:
        parsed = parse_url_of(url, "camera", {"formats", "roi", "cooldown", "loop", "fps",
                                              "preview_fps", "width", "height"},
                              path="a device index, a device path or a video file")
        self.url = url
        self.source: int | str = int(parsed.path) if parsed.path.isdigit() else parsed.path
        self.is_file = isinstance(self.source, str) and not self.source.startswith("/dev/")
        p = parsed.params
        try:
            self.formats = parse_formats(p.get("formats", DEFAULT_FORMATS))
            self.roi = parse_roi(p.get("roi", ""))
            self.cooldown = float(p.get("cooldown", "3"))
            self.fps = float(p.get("fps", "0"))
            self.preview_fps = float(p.get("preview_fps", "10"))
            self.size = (int(p.get("width", "1280")), int(p.get("height", "720")))
        except ValueError as exc:
            raise ValueError(f"{exc} in {url!r}") from exc
        self.loop = p.get("loop", "0") == "1"
        self.on_frame: FrameCallback | None = None
        self.frames_read = 0
        self.frames_decoded = 0
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None:
        if self._threads:
            raise RuntimeError(f"camera {self.url} already started")
        self._stopping = stopping = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(stopping, on_scan, on_status),
                                          name=f"camera {self.source}", daemon=True)]
        self._threads[0].start()

    def stop(self) -> None:
        threads, self._threads = self._threads, []
        self._stopping.set()
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(JOIN_TIMEOUT)

    # -- threads -------------------------------------------------------------------------------
    def _open(self) -> cv2.VideoCapture | None:
        if self.is_file and not Path(str(self.source)).exists():
            return None
        capture = cv2.VideoCapture(self.source)
        if not capture.isOpened():
            capture.release()
            return None
        if not self.is_file:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.size[0])
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.size[1])
            capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        return capture

    def _run(self, stopping: threading.Event, on_scan: ScanCallback,
             on_status: StatusCallback) -> None:
        report = StatusReporter(on_status, stopping)

        while not stopping.is_set():
            capture = self._open()
            if capture is None:
                report(DeviceState.DISCONNECTED, f"camera {self.source} not available")
                stopping.wait(RETRY_INTERVAL)
                continue
            report(DeviceState.CONNECTED, f"camera {self.source} reading "
                   f"{', '.join(self.formats)}")
            try:
                ended = self._pump(capture, stopping, on_scan)
            finally:
                capture.release()
            if ended and self.is_file and not self.loop:
                report(DeviceState.DISCONNECTED, f"video {self.source} ended")
                return
            if not ended:
                report(DeviceState.DISCONNECTED, f"camera {self.source} stopped delivering "
                       "frames")
                stopping.wait(RETRY_INTERVAL)

    def _pump(self, capture: cv2.VideoCapture, stopping: threading.Event,
              on_scan: ScanCallback) -> bool:
        """Decode until stopped; True when a file ended, False when a camera failed."""
        # A video file without pacing is decoded frame by frame, nothing dropped (tests know
        # the answer), so no frame's costly pass is skipped for time either.
        unpaced = self.is_file and not self.fps
        reader = BarcodeReader(self.formats, self.roi,
                               frame_budget=None if unpaced else FRAME_BUDGET)
        confirmer = Confirmer(cooldown=self.cooldown)
        newest: list[np.ndarray | None] = [None]
        lock = threading.Condition()
        finished = threading.Event()
        failed = threading.Event()

        def grab() -> None:                       # keeps only the newest frame
            interval = 1.0 / self.fps if self.fps > 0 else 0.0
            next_at = time.monotonic()
            while not stopping.is_set():
                ok, frame = capture.read()
                if not ok:
                    (finished if self.is_file else failed).set()
                    with lock:
                        lock.notify_all()
                    return
                self.frames_read += 1
                with lock:
                    if self.is_file and not self.fps:
                        while newest[0] is not None and not stopping.is_set():
                            lock.wait(0.1)        # a file without pacing: drop nothing
                    newest[0] = frame
                    lock.notify_all()
                if interval:
                    next_at += interval
                    time.sleep(max(0.0, next_at - time.monotonic()))

        grabber = threading.Thread(target=grab, name=f"camera-grab {self.source}", daemon=True)
        grabber.start()
        last_preview = 0.0
        try:
            while not stopping.is_set():
                with lock:
                    while newest[0] is None and not (finished.is_set() or failed.is_set()
                                                     or stopping.is_set()):
                        lock.wait(0.2)
                    frame, newest[0] = newest[0], None
                    lock.notify_all()
                if frame is None:
                    if finished.is_set() or failed.is_set():
                        return finished.is_set()
                    continue
                reads = reader.read(frame)
                self.frames_decoded += 1
                now = time.monotonic()
                confirmed = confirmer.feed(reads, now)
                if confirmed:
                    call_safely(on_scan, Scan(confirmed[0].text, self.url,
                                              tuple(r.text for r in confirmed[1:])))
                if self.on_frame is not None and now - last_preview >= 1 / self.preview_fps:
                    last_preview = now
                    call_safely(self.on_frame, frame, [r.polygon for r in reads])
            return False
        finally:
            with contextlib.suppress(RuntimeError):
                grabber.join(JOIN_TIMEOUT)

