"""Playing the rendered WAV files without QtMultimedia: ``aplay`` from alsa-utils, newest sound
first (a new prompt cuts off the one still playing). No sound device is not an error: it is
logged once and the kiosk stays silent.

The player starts no thread: ``play`` hands the playing to ``background`` (the window's worker,
on a queue of its own, ADR 0002) and returns at once."""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

Background = Callable[[Callable[[], None]], None]


class Player(Protocol):
    def play(self, *paths: Path) -> None:
        """Play these files one after the other, replacing whatever is playing."""
        ...

    def stop(self) -> None:
        """Silence, for good (the window is closing)."""
        ...


class AplayPlayer:
    def __init__(self, background: Background, command: str = "aplay",
                 cards: Path = Path("/proc/asound/cards")) -> None:
        self.background = background
        self.command = shutil.which(command)
        self.no_device = not _has_sound_card(cards)
        self._lock = threading.Lock()
        self._newest = 0                          # the request that may still play
        self._current: subprocess.Popen[bytes] | None = None
        self._warned = False
        self.failures = 0

    def play(self, *paths: Path) -> None:
        if self.command is None:
            self._warn("aplay not installed: no voice guidance")
            return
        if self.no_device:
            self.failures += 1
            self._warn("no sound card: staying silent")
            return
        request = self._cut_off()
        self.background(lambda: self._play(request, paths))

    def stop(self) -> None:
        """Silence now, and nothing asked for before plays (shutdown)."""
        self._cut_off()

    def _cut_off(self) -> int:
        with self._lock:
            self._newest += 1
            current = self._current
            if current is not None and current.poll() is None:
                current.terminate()
            return self._newest

    def _play(self, request: int, paths: tuple[Path, ...]) -> None:
        """On the worker's voice queue: each file in turn, until something newer comes."""
        assert self.command is not None
        for path in paths:
            with self._lock:
                if request != self._newest:
                    return                              # something newer came in
                try:
                    process = self._current = subprocess.Popen(
                        [self.command, "-q", str(path)], stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE)
                except OSError as exc:
                    self.failures += 1
                    self._warn(f"cannot play sound: {exc}")
                    return
            try:
                _, err = process.communicate(timeout=15)
            except subprocess.TimeoutExpired as exc:
                process.kill()
                process.communicate()
                self.failures += 1
                self._warn(f"cannot play sound: {exc}")
                return
            if process.returncode not in (0, -15):
                self.failures += 1
                why = err.decode(errors="replace").strip()[:200]
                self._warn(f"cannot play sound ({why}): staying silent")

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

    def stop(self) -> None:
        pass
