"""Ending a process a rig started: the way pcscd (``pcscd.py``) and the ILS simulator
(``ils_process.py``) are stopped."""

from __future__ import annotations

import subprocess
from typing import Any


def end(process: subprocess.Popen[Any], seconds: float) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``seconds``; reaped either way."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(seconds)
