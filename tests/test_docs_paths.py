"""Every file or folder the docs name exists, so a doc cannot fall behind a move: the README of
the repository and of every folder, docs/*.md and docs/adr/*.md.

What counts as a path: a backticked word with a ``/`` in it or a file's ending (``.py``,
``.toml``, ``.md``, ``.service`` ...), and the target of a relative Markdown link. Not paths:
URLs and device URLs (``feig://``, ``fake-scanner://``), absolute system paths (``/etc/...``,
``/dev/...``: the kiosk's machine, not this tree), ``~/...``, commands (words with spaces),
``<placeholders>`` and fenced code blocks. A glob must match something.

Where a name is looked for: a path with a folder in it (``kiosk/bootstrap.py``) beside the doc,
from the repository's root, or in a folder the same line names before it (``drivers/`` ...
``scanners/``); a module with a name after it (``kiosk/session.PatronSession``) must also
define that name. A bare name (``codec.py``, ``library-kiosk.service``) is anywhere
in the tree, unless it is one of the few files of the kiosk's machine or the ILS that a doc
names by name (``MACHINE``).
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENDINGS = ("py", "pyi", "toml", "md", "service", "timer", "socket", "target", "sh", "ini",
           "cfg", "txt", "json", "yaml", "yml", "ts", "qm", "wav", "png", "svg", "jpg", "webp",
           "csv", "sql", "rules", "conf", "desktop", "j2", "pem", "sqlite3", "deb")
FILE = re.compile(r"[\w.*?-]+\.(" + "|".join(ENDINGS) + r")")
PATH = re.compile(r"[\w.*?{},\[\]-]+(/[\w.*?{},\[\]-]*)+|" + FILE.pattern)
NOT_PATHS = (
    # words with a slash that are not paths
    "96/97", "97/96", "TCP/IP", "pass/fail",
)
MACHINE = {
    "branch.toml": "the branch's config, /etc/library-kiosk/branch.toml on a kiosk "
                   "(made from packaging/branch.toml.example)",
    "credentials/": "/etc/library-kiosk/credentials/ on a kiosk",
    "patrons.csv": "an ILS's export (docs/feed-format.md)",
    "items.csv": "an ILS's export (docs/feed-format.md)",
}


def _tree(*pathspec: str) -> list[str]:
    """The files git tracks, and those it does not ignore, as they are now."""
    return subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                           "--", *pathspec],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()


def docs() -> list[Path]:
    return sorted(ROOT / name for name in _tree("README.md", "*/README.md", "docs/*.md"))


FILES = set(_tree())
FOLDERS = {path.rsplit("/", n)[0] for path in FILES for n in range(1, path.count("/") + 1)}
NAMES = {path.rpartition("/")[2] for path in FILES} | {f"{f.rpartition('/')[2]}/" for f in FOLDERS}


def _in_tree(path: str) -> bool:
    """``path`` (from the root) is a file or folder of the tree, or one git ignores (what a
    command makes: ``build/deb/...``, the ``.qm`` files)."""
    folder = path.endswith("/")
    path = path.rstrip("/")
    if path in FOLDERS or (not folder and path in FILES):
        return True
    ignored = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT,
                             check=False)
    return ignored.returncode == 0


def _from_root(place: Path, name: str) -> str | None:
    joined = os.path.normpath(place / name)
    if not joined.startswith(f"{ROOT}{os.sep}"):
        return None
    return os.path.relpath(joined, ROOT) + ("/" if name.endswith("/") else "")


MODULE = re.compile(r"(kiosk|sync|drivers|ui|tests|bench)(\.\w+)+")


def looks_like_a_path(token: str) -> bool:
    if "://" in token or token.startswith(("/", "~", "$", "-")) or token in NOT_PATHS:
        return False
    if re.search(r"[\s<>=:@]", token):     # commands, <placeholders>, settings, urls
        return False
    return PATH.fullmatch(token) is not None


def named_paths(doc: Path) -> list[tuple[str, list[Path]]]:
    """(name, where it may be) for every path ``doc`` names."""
    named = []
    fenced = False
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        quoted = re.findall(r"`([^`]+)`", line)
        tokens = [t for t in quoted if looks_like_a_path(t)]
        named += [(t, [ROOT]) for t in quoted if MODULE.fullmatch(t)]
        links = [t.split("#")[0] for t in re.findall(r"\]\(([^)\s]+)\)", line)
                 if "://" not in t and not t.startswith(("#", "mailto:"))]
        folders: list[Path] = []
        for token in tokens:
            places = [*folders, doc.parent, ROOT]
            named.append((token, places))
            if token.endswith("/"):
                folders += [place / token for place in (doc.parent, ROOT)]
        named += [(link, [doc.parent]) for link in links if link]
    return named


def exists(name: str, places: list[Path]) -> bool:
    if MODULE.fullmatch(name):
        return _module_exists(name)
    if "/" not in name.rstrip("/"):
        return name in NAMES or name in MACHINE
    module, dot, attribute = name.rpartition(".")
    if dot and "/" not in attribute and not FILE.fullmatch(name.rpartition("/")[2]):
        return any(_defines(place, module, attribute) for place in places)
    if any(c in name for c in "*?[{"):
        return all(any(fnmatch.filter(FILES | FOLDERS, pattern.rstrip("/"))
                       for place in places if (pattern := _from_root(place, alternative)))
                   for alternative in _braces(name))
    return any(path is not None and _in_tree(path)
               for path in (_from_root(place, name) for place in places))


def _module_exists(dotted: str) -> bool:
    """``kiosk.bootstrap.Kiosk``: the longest leading part that is a module of the tree, and
    the name after it (if any) defined or imported there."""
    parts = dotted.split(".")
    for n in range(len(parts), 0, -1):
        module = "/".join(parts[:n])
        for path in (f"{module}.py", f"{module}/__init__.py"):
            if path in FILES:
                rest = parts[n:]
                return not rest or re.search(rf"\b{re.escape(rest[0])}\b",
                                             (ROOT / path).read_text(encoding="utf-8")) is not None
        if module in FOLDERS and n == len(parts):
            return True
    return False


def _defines(place: Path, module: str, attribute: str) -> bool:
    """``module.py`` (from ``place``) is in the tree and names ``attribute``."""
    path = _from_root(place, f"{module}.py")
    return path is not None and path in FILES and re.search(
        rf"\b{re.escape(attribute)}\b", (ROOT / path).read_text(encoding="utf-8")) is not None


def _braces(name: str) -> list[str]:
    """``a/{b,c}.py`` -> ``a/b.py``, ``a/c.py``."""
    match = re.search(r"\{([^{}]*)\}", name)
    if match is None:
        return [name]
    return [alt for part in match.group(1).split(",")
            for alt in _braces(name[:match.start()] + part + name[match.end():])]


@pytest.mark.parametrize("doc", docs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_a_doc_names_exists(doc: Path) -> None:
    missing = [name for name, places in named_paths(doc) if not exists(name, places)]
    assert not missing, f"{doc.relative_to(ROOT)} names what is not there: {missing}"


def test_the_docs_are_all_looked_at() -> None:
    names = {str(p.relative_to(ROOT)) for p in docs()}
    assert {"README.md", "drivers/README.md", "docs/architecture.md",
            "docs/adr/0005-mynumber.md"} <= names
    assert all(named_paths(ROOT / name) for name in ("README.md", "drivers/README.md")), \
        "a README names no path at all: is the pattern still right?"


@pytest.mark.parametrize(("token", "path"), [
    ("kiosk/bootstrap.py", True), ("tests/rigs/", True), ("config.toml", True),
    ("drivers/*/fake.py", True), ("fake-scanner://", False), ("/etc/library-kiosk", False),
    ("kiosk journal replay", False), ("<branch>.toml", False), ("sync.privacy.mask_card", False),
    ("96/97", False), ("~/.config/x.toml", False), ("kiosk/session.PatronSession", True),
])
def test_what_counts_as_a_path(token: str, path: bool) -> None:
    assert looks_like_a_path(token) is path


@pytest.mark.parametrize(("dotted", "there"), [
    ("kiosk.bootstrap", True), ("kiosk.bootstrap.Kiosk", True), ("sync.sip2", True),
    ("kiosk.no_such_module", False), ("kiosk.bootstrap.NoSuchThing", False),
])
def test_a_module_named_with_dots(dotted: str, there: bool) -> None:
    assert exists(dotted, [ROOT]) is there


def test_a_missing_path_is_caught(tmp_path: Path) -> None:
    doc = tmp_path / "README.md"
    doc.write_text("See `kiosk/no_such_module.py`, `kiosk/session.NoSuchThing`, "
                   "`no_such_file.py`, `kiosk/session.PatronSession`, `kiosk/`, `session.py` "
                   "and [the tests](tests/nowhere.md).\n", encoding="utf-8")
    missing = [name for name, places in named_paths(doc) if not exists(name, places)]
    assert missing == ["kiosk/no_such_module.py", "kiosk/session.NoSuchThing",
                       "no_such_file.py", "tests/nowhere.md"]


def test_every_driver_module_is_named_in_the_drivers_readme() -> None:
    text = (ROOT / "drivers/README.md").read_text(encoding="utf-8")
    modules = [p for p in (ROOT / "drivers").rglob("*.py")
               if p.name != "__init__.py" and "rfid" not in p.parts]
    unnamed = [str(p.relative_to(ROOT)) for p in modules if f"`{p.name}`" not in text]
    assert not unnamed, f"drivers/README.md does not say what these are: {unnamed}"
