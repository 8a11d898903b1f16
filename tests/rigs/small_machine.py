"""A small /dev and /sys in a temporary directory, for device discovery (``kiosk devices``,
drivers/discovery.py): device nodes, by-id links, a real tty behind a link (discovery opens
serial ports' ttys), and USB devices as /sys/bus/usb/devices shows them. The ttys stay open
until :meth:`SmallMachine.close` (or the end of the ``with`` block)."""

from __future__ import annotations

import os
from pathlib import Path


class SmallMachine:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.dev = root / "dev"
        self._fds: list[int] = []

    def node(self, name: str) -> Path:
        """An empty device node ``/dev/NAME`` (its folders made)."""
        path = self.dev / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        return path

    def link(self, name: str, target: str | Path) -> None:
        """``/dev/NAME`` pointing at ``target`` (a path, or a node under /dev by name)."""
        path = self.dev / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if isinstance(target, Path) else self.dev / target, path)

    def tty(self, name: str) -> None:
        """``/dev/NAME`` a link to a real tty (a pty's device end)."""
        master, slave = os.openpty()
        self._fds += [master, slave]
        self.link(name, Path(os.ttyname(slave)))

    def usb(self, name: str, vendor: str, *, product_id: str | None = None,
            product: str | None = None, tty: str | None = None) -> None:
        """A USB device ``/sys/bus/usb/devices/NAME``: its vendor id, and as given its product
        id, product name and a tty on its first interface."""
        device = self.root / "sys/bus/usb/devices" / name
        device.mkdir(parents=True)
        for file, value in (("idVendor", vendor), ("idProduct", product_id),
                            ("product", product)):
            if value is not None:
                (device / file).write_text(value + "\n")
        if tty is not None:
            (device / f"{name}:1.0" / tty).mkdir(parents=True)

    def close(self) -> None:
        for fd in self._fds:
            os.close(fd)
        self._fds.clear()

    def __enter__(self) -> SmallMachine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
