"""Playing the rendered WAV files without QtMultimedia: ``aplay`` from alsa-utils, on a
thread of its own, newest sound first (a new prompt cuts off the one still playing). No
sound device is not an error: it is logged once and the kiosk stays silent."""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class Player(Protocol):
    def play(self, *paths: Path) -> None:
        """Play these files one after the other, replacing whatever is playing."""
        ...


class AplayPlayer:
    def __init__(self, command: str = "aplay", cards: Path = Path("/proc/asound/cards")
                 ) -> None:
        self.command = shutil.which(command)
        self.no_device = not _has_sound_card(cards)
        self._queue: queue.Queue[tuple[Path, ...]] = queue.Queue()
        self._current: subprocess.Popen[bytes] | None = None
        self._warned = False
        self.failures = 0
        threading.Thread(target=self._run, name="voice", daemon=True).start()

    def play(self, *paths: Path) -> None:
        if self.command is None:
            self._warn("aplay not installed: no voice guidance")
            return
        if self.no_device:
            self.failures += 1
            self._warn("no sound card: staying silent")
            return
        while not self._queue.empty():                 # only the newest request matters
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        current = self._current
        if current is not None and current.poll() is None:
            current.terminate()
        self._queue.put(paths)

    def _run(self) -> None:
        while True:
            paths = self._queue.get()
            for path in paths:
                if not self._queue.empty():
                    break                               # something newer came in
                try:
                    assert self.command is not None
                    self._current = subprocess.Popen([self.command, "-q", str(path)],
                                                     stdout=subprocess.DEVNULL,
                                                     stderr=subprocess.PIPE)
                    _, err = self._current.communicate(timeout=15)
                    if self._current.returncode not in (0, -15):
                        self.failures += 1
                        why = err.decode(errors="replace").strip()[:200]
                        self._warn(f"cannot play sound ({why}): staying silent")
                except (OSError, subprocess.TimeoutExpired) as exc:
                    self.failures += 1
                    self._warn(f"cannot play sound: {exc}")

    def _warn(self, text: str) -> None:
        if not self._warned:
            self._warned = True
            log.warning("voice: %s", text)


def _has_sound_card(cards: Path) -> bool:
    try:
        text = cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(text.strip()) and "no soundcards" not in text


class RecordingPlayer:
    """For tests: remembers what would have been played."""

    def __init__(self) -> None:
        self.played: list[tuple[str, ...]] = []

    def play(self, *paths: Path) -> None:
        self.played.append(tuple(p.name for p in paths))
