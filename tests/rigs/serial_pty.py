"""A serial device "plugged in": a raw pty pair whose device end is reached by a stable
symlink (like /dev/serial/by-id/…), swapped in at once so a driver never sees half a link."""

from __future__ import annotations

import contextlib
import os
import tty
from pathlib import Path


def plug(link: Path) -> tuple[int, int]:
    """A new raw pty pair, its device end at ``link``: (master, slave)."""
    master, slave = os.openpty()
    tty.setraw(slave)
    fresh = link.with_name(link.name + ".new")
    os.symlink(os.ttyname(slave), fresh)
    os.replace(fresh, link)
    return master, slave


def unplug(*fds: int | None) -> None:
    """Close the pair's ends (those still open)."""
    for fd in fds:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
