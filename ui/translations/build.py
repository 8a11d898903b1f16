"""Compile the .ts translation sources into the .qm files Qt loads (``make translations``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lrelease() -> str | None:
    candidates = [Path(sys.executable).parent / "pyside6-lrelease",
                  shutil.which("pyside6-lrelease")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def ensure_compiled(directory: Path = HERE) -> list[Path]:
    """Build each .qm that is missing or older than its .ts; returns the .qm files present."""
    tool = lrelease()
    for ts in sorted(directory.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        if tool is None:
            continue
        subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)
    return sorted(directory.glob("*.qm"))


if __name__ == "__main__":
    for path in ensure_compiled():
        print(f"translations: {path.name}")
