"""Input-event recordings for keyboard-wedge tests, in evemu-record's text format.

``record`` writes what a USB keyboard-wedge scanner sends for a line of text: for each key an
EV_MSC/MSC_SCAN with the HID usage, the EV_KEY press, a SYN_REPORT, then the release, with
Shift pressed around shifted characters, as scanners do, a few milliseconds per key.
Recordings under recordings/ were made with it once and are kept as files, so a change to
this generator cannot silently change what the parser is tested against.
"""

from __future__ import annotations

from pathlib import Path

from drivers.keymaps import KEY_ENTER, KEY_LEFTSHIFT, key_for

HERE = Path(__file__).resolve().parent / "recordings"
# HID usage page 7 codes for the MSC_SCAN lines (what a real recording carries)
_HID = {KEY_ENTER: 0x28, KEY_LEFTSHIFT: 0xE1}


def _hid(code: int) -> int:
    return 0x70000 + _HID.get(code, code)


class Recorder:
    def __init__(self, start: float = 1700000000.0, key_ms: float = 2.0) -> None:
        self.t = start
        self.key = key_ms / 1000.0
        self.lines: list[str] = []

    def event(self, etype: int, code: int, value: int, comment: str = "") -> None:
        note = f"  # {comment}" if comment else ""
        self.lines.append(f"E: {self.t:.6f} {etype:04x} {code:04x} {value}{note}")

    def press(self, code: int, value: int) -> None:
        self.event(4, 4, _hid(code), "EV_MSC / MSC_SCAN")
        self.event(1, code, value, f"EV_KEY {'down' if value else 'up'}")
        self.event(0, 0, 0, "SYN_REPORT")
        self.t += self.key / 2

    def tap(self, code: int, shift: bool = False) -> None:
        if shift:
            self.press(KEY_LEFTSHIFT, 1)
        self.press(code, 1)
        self.press(code, 0)
        if shift:
            self.press(KEY_LEFTSHIFT, 0)

    def type_line(self, text: str, layout: str = "us", end: int = KEY_ENTER) -> None:
        for ch in text:
            key = key_for(layout, ch)
            assert key is not None, f"{ch!r} cannot be typed on {layout}"
            self.tap(*key)
        self.tap(end)

    def text(self) -> str:
        header = ["# EVEMU 1.3", "N: Test Barcode Scanner Keyboard", "I: 0003 0c2e 0b61 0111"]
        return "\n".join(header + self.lines) + "\n"


def recording(name: str) -> list[str]:
    return (HERE / name).read_text(encoding="utf-8").splitlines()


class FifoKeyboard:
    """A keyboard-wedge scanner "plugged in" as a named pipe carrying kernel input events.

    The driver reads it exactly as it reads /dev/input/eventN (open, select, read, parse);
    only the grab ioctl has nothing to grab on a pipe, which the driver reports to staff.
    The rig holds the pipe open read-write so the driver never sees a spurious end of file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def plug(self) -> None:
        import os
        assert self.fd is None, "already plugged"
        os.mkfifo(self.path)
        self.fd = os.open(self.path, os.O_RDWR)

    def unplug(self) -> None:
        import os
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self.path.unlink(missing_ok=True)

    def type(self, text: str, layout: str = "us") -> None:
        import os

        from drivers.evdev_stream import parse_evemu, to_binary
        assert self.fd is not None, "not plugged"
        rec = Recorder()
        rec.type_line(text, layout)
        data = to_binary(parse_evemu(rec.text().splitlines()))
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
