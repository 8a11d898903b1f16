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
    return [argv[1:] for argv in COMMANDS if argv and argv[0].endswith("/.venv/bin/kiosk")]


def test_the_doc_has_commands() -> None:
    assert len(COMMANDS) > 15
    assert kiosk_commands()


@pytest.mark.parametrize("argv", kiosk_commands(), ids=lambda a: " ".join(a[:2]))
def test_every_kiosk_command_and_option_exists(argv: list[str]) -> None:
    words = [a for a in argv if not a.startswith("-")]
    sub = words[:2] if words[0] in ("sip2", "cache", "journal") else words[:1]
    result = subprocess.run([KIOSK, *sub, "--help"], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    for option in (a for a in argv if a.startswith("--")):
        assert option in result.stdout, f"{option} not an option of kiosk {' '.join(sub)}"


def test_every_repository_file_the_doc_names_exists() -> None:
    named = set(re.findall(r"/opt/library-kiosk/((?:systemd|config|docs)/[\w.\-]+)", DOC))
    named |= set(re.findall(r"`((?:docs|config|systemd)/[\w.\-*]+)`", DOC))
    assert named
    for path in named:
        assert list(ROOT.glob(path)), path


def test_the_packages_it_installs_cover_the_makefile_runtime_list() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for package in ("pcscd", "cage", "fonts-noto-cjk", "libzbar0", "swig"):
        assert package in makefile
        assert package in DOC
