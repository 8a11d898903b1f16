"""Every file or folder a README in drivers/ names exists, so the README cannot fall behind a
move. A name is looked for beside the README, in the folder its table row is about, and from
the repository's root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READMES = sorted((ROOT / "drivers").rglob("README.md"))
PATH = re.compile(r"^[\w.-]+(/[\w.-]+)*(\.(py|md|toml)|/)$")


def named_paths(readme: Path) -> list[tuple[str, list[Path]]]:
    """(name, where it may be) for every backticked path in ``readme``."""
    named = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        tokens = [t for t in re.findall(r"`([^`]+)`", line) if PATH.match(t)]
        row_folder = next((t for t in tokens if t.endswith("/")), None) \
            if line.startswith("|") else None
        for token in tokens:
            places = [readme.parent, ROOT]
            if row_folder is not None and token != row_folder:
                places.insert(0, readme.parent / row_folder)
            named.append((token, places))
    return named


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_a_drivers_readme_names_exists(readme: Path) -> None:
    named = named_paths(readme)
    assert named, f"{readme} names no file at all: is the pattern still right?"
    missing = [name for name, places in named
               if not any((place / name).exists() for place in places)]
    assert not missing, f"{readme.relative_to(ROOT)} names what is not there: {missing}"


def test_every_driver_module_is_named_in_the_readme() -> None:
    text = (ROOT / "drivers/README.md").read_text(encoding="utf-8")
    modules = [p for p in (ROOT / "drivers").rglob("*.py")
               if p.name != "__init__.py" and "rfid" not in p.parts]
    unnamed = [str(p.relative_to(ROOT)) for p in modules if f"`{p.name}`" not in text]
    assert not unnamed, f"drivers/README.md does not say what these are: {unnamed}"
