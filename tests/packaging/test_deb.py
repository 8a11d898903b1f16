"""The Debian package end to end: built twice (a previous version and this one), then
installed, upgraded, removed, purged and installed over a hand-made install in a clean
Debian 12 root made with debootstrap (packaging/test-deb.sh), and checked by lintian.

Slow (about 3 minutes with warm caches, 10 on a fresh machine: wheels, debootstrap, the
dependencies apt fetches into the root) and it needs root, chroot and Debian's mirror: it
runs where CI runs (CI=true, once per CI run, well inside its 90 minutes) or when asked
(KIOSK_TEST_DEB=1); `make test-deb` runs the same steps by hand."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = re.search(r'^version = "(.*)"', (ROOT / "pyproject.toml").read_text(),
                     re.MULTILINE).group(1)  # type: ignore[union-attr]
WANTED = bool(os.environ.get("CI") or os.environ.get("KIOSK_TEST_DEB"))

pytestmark = [
    pytest.mark.skipif(not WANTED, reason="slow: runs in CI (CI=true) or with "
                       "KIOSK_TEST_DEB=1; `make test-deb` by hand"),
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root (debootstrap, chroot)"),
    pytest.mark.timeout(3600),
]


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def packages() -> tuple[Path, Path]:
    arch = run("dpkg", "--print-architecture").stdout.strip()
    built = []
    for version in (f"{UPSTREAM}~prev-1", f"{UPSTREAM}-1"):
        result = run("packaging/build-deb.sh", "--version", version)
        assert result.returncode == 0, result.stdout + result.stderr
        deb = ROOT / "build" / "deb" / f"library-kiosk_{version}_{arch}.deb"
        assert deb.is_file(), result.stdout
        built.append(deb)
    return built[0], built[1]


def test_install_upgrade_purge_in_a_clean_debian_12_root(packages: tuple[Path, Path]) -> None:
    for tool in ("debootstrap", "chroot"):
        assert shutil.which(tool), f"{tool} missing (make system-packages installs it)"
    result = run("packaging/test-deb.sh", str(packages[0]), str(packages[1]))
    print(result.stdout)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"^\d+ passed, 0 failed$", result.stdout, re.MULTILINE)


def test_lintian_reports_no_error(packages: tuple[Path, Path]) -> None:
    assert shutil.which("lintian"), "lintian missing (make system-packages installs it)"
    result = run("lintian", "--tag-display-limit", "0", str(packages[1]))
    errors = [line for line in result.stdout.splitlines() if line.startswith("E:")]
    assert not errors, "\n".join(errors[:40])
    print(result.stdout)
