"""Refresh the .ts files from the code and fill in new translations.

``python -m ui.translations.update`` runs lupdate over every module under ``ui/`` for every
language (new strings arrive unfinished, strings the code dropped are removed) and lists
what is left to translate. ``python -m ui.translations.update LANG FILE.json`` then fills
translations from a JSON object ``{source: translation}``; for a string with ``%n`` the
value may be a list, one form per plural form of the language (Japanese, Chinese, Korean and
Vietnamese have one, English and Portuguese two). The .ts files stay the source of truth.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.translations.build import HERE

UI = HERE.parent
LANGUAGES = ("ja", "en", "zh", "ko", "pt", "vi")
QT_LANGUAGE = {"ja": "ja_JP", "en": "en_US", "zh": "zh_CN", "ko": "ko_KR", "pt": "pt_BR",
               "vi": "vi_VN"}


def sources() -> list[str]:
    return sorted(str(p) for p in UI.rglob("*.py") if "translations" not in p.parts)


def lupdate(lang: str) -> None:
    tool = Path(sys.executable).parent / "pyside6-lupdate"
    ts = HERE / f"kiosk_{lang}.ts"
    subprocess.run([str(tool), *sources(), "-locations", "none", "-no-obsolete",
                    "-target-language", QT_LANGUAGE[lang], "-ts", str(ts)],
                   check=True, capture_output=True)


def unfinished(lang: str) -> list[str]:
    tree = ET.parse(HERE / f"kiosk_{lang}.ts")
    return [m.findtext("source") or "" for m in tree.iter("message")
            if (m.find("translation") is not None
                and m.find("translation").get("type") == "unfinished")]  # type: ignore[union-attr]


def fill(lang: str, table: dict[str, str | list[str]]) -> list[str]:
    """Fill unfinished messages from ``table``; returns the sources still without one."""
    path = HERE / f"kiosk_{lang}.ts"
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        value = table.get(source)
        if value is None:
            missing.append(source)
            continue
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        if message.get("numerus") == "yes":
            forms = value if isinstance(value, list) else [value]
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = value if isinstance(value, str) else value[0]
        del translation.attrib["type"]
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


def main(argv: list[str]) -> int:
    if len(argv) == 2:
        lang, table_file = argv
        missing = fill(lang, json.loads(Path(table_file).read_text(encoding="utf-8")))
        for source in missing:
            print(f"{lang}: still untranslated: {source}")
        return 1 if missing else 0
    for lang in LANGUAGES:
        lupdate(lang)
        for source in unfinished(lang):
            print(f"{lang}: {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
