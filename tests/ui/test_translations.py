"""Every patron-facing string is translated; a new string without a translation fails here."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk.events import ItemProblem, PatronProblem, ScanProblem
from ui.i18n import ITEM_PROBLEMS, PATRON_PROBLEMS, SCAN_PROBLEMS

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "ui" / "translations"
LANGUAGES = ("ja", "en", "zh", "ko", "pt", "vi")


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(path)
    found = {}
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    found = messages(TS_DIR / f"kiosk_{lang}.ts")
    assert len(found) > 30
    for key, message in found.items():
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), key
        text = "".join(translation.itertext()).strip()
        assert text, f"{lang}: no translation for {key}"
        for marker in ("%1", "%n"):
            if marker in key[1]:
                assert marker in text, f"{lang}: {key} lost its {marker}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sources_have_no_strings_missing_from_the_ts_files(lang: str, tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    fresh = tmp_path / f"fresh_{lang}.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py")
                     if "translations" not in p.parts)
    subprocess.run([str(lupdate), *sources, "-locations", "none", "-ts", str(fresh)],
                   check=True, capture_output=True)
    in_code = set(messages(fresh))
    in_ts = set(messages(TS_DIR / f"kiosk_{lang}.ts"))
    assert in_code - in_ts == set(), "run lupdate and translate the new strings"
    assert in_ts - in_code == set(), "the .ts file has strings the code no longer uses"


def test_every_reason_of_the_core_has_words() -> None:
    assert set(SCAN_PROBLEMS) == set(ScanProblem)
    assert set(PATRON_PROBLEMS) == set(PatronProblem)
    assert set(ITEM_PROBLEMS) == set(ItemProblem)
