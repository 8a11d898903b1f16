"""``python -m ui.voice.render [--out DIR]``: render every prompt and cue once, offline.

Japanese with Open JTalk (Debian's ``open-jtalk`` and its NAIST dictionary) and the "Mei"
HTS voice, taken from the pyopenjtalk source archive on PyPI (the voice ships nowhere in
Debian); the other languages with eSpeak NG; cues synthesised with sox. Every file is then
converted to 48 kHz, 16-bit, mono WAV and normalised with sox. A file whose source text has
not changed is not rendered again (a content hash in its name), so setup stays quick.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from ui.voice.prompts import CUES, PROMPTS

HERE = Path(__file__).resolve().parent
BUILD = HERE / "build"
DICTIONARY = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")
MEI_INDEX = "https://pypi.org/simple/pyopenjtalk/"
MEI_ARCHIVE = "pyopenjtalk-0.4.1.tar.gz"
ESPEAK_VOICES = {"en": "en-us", "zh": "cmn-latn-pinyin", "ko": "ko", "pt": "pt-br",
                 "vi": "vi"}


def path_for(out: Path, prompt: str, lang: str) -> Path:
    return out / f"{prompt}.{lang}.wav"


def cue_path(out: Path, cue: str) -> Path:
    return out / f"cue-{cue}.wav"


def _stamp(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def mei_voice(cache: Path) -> Path:
    """The Mei voice from pyopenjtalk's source archive on PyPI (checked against PyPI's own
    SHA-256), kept in ``cache`` with its licence."""
    voice = cache / "mei_normal.htsvoice"
    if voice.exists():
        return voice
    cache.mkdir(parents=True, exist_ok=True)
    request = urllib.request.Request(MEI_INDEX, headers={
        "Accept": "application/vnd.pypi.simple.v1+json"})       # PEP 691, what pip reads
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    sdist = next(f for f in files if f["filename"] == MEI_ARCHIVE)
    with urllib.request.urlopen(sdist["url"], timeout=120) as response:
        data = response.read()
    if hashlib.sha256(data).hexdigest() != sdist["hashes"]["sha256"]:
        raise RuntimeError(f"{sdist['url']}: checksum mismatch")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            name = Path(member.name).name
            if name in ("mei_normal.htsvoice", "LICENSE_mei_normal.htsvoice"):
                source = tar.extractfile(member)
                assert source is not None
                (cache / name).write_bytes(source.read())
    return voice


def _normalise(raw: Path, out: Path) -> None:
    subprocess.run(["sox", str(raw), "-r", "48000", "-b", "16", "-c", "1", str(out),
                    "norm", "-1"], check=True, capture_output=True)


def render_prompt(text: str, lang: str, out: Path, voice: Path | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        if lang == "ja":
            assert voice is not None
            source = Path(tmp) / "text.txt"
            source.write_text(text, encoding="utf-8")
            subprocess.run(["open_jtalk", "-x", str(DICTIONARY), "-m", str(voice),
                            "-ow", str(raw), str(source)], check=True, capture_output=True)
        else:
            subprocess.run(["espeak-ng", "-v", ESPEAK_VOICES[lang], "-s", "150", "-w",
                            str(raw), text], check=True, capture_output=True)
        _normalise(raw, out)


def render_all(out: Path = BUILD) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    stamps = out / "stamps"
    stamps.mkdir(exist_ok=True)
    voice = mei_voice(out / "voices")
    written = []
    for prompt, texts in PROMPTS.items():
        for lang, text in texts.items():
            target = path_for(out, prompt, lang)
            stamp = stamps / f"{prompt}.{lang}.{_stamp(text)}"
            if not (target.exists() and stamp.exists()):
                render_prompt(text, lang, target, voice)
                stamp.touch()
            written.append(target)
    for cue, args in CUES.items():
        target = cue_path(out, cue)
        if not target.exists():
            with tempfile.TemporaryDirectory() as tmp:
                raw = Path(tmp) / "raw.wav"
                subprocess.run(["sox", "-n", "-r", "48000", "-b", "16", "-c", "1", str(raw),
                                *args], check=True, capture_output=True)
                _normalise(raw, target)
        written.append(target)
    return written


def available() -> bool:
    return all(shutil.which(tool) for tool in ("open_jtalk", "espeak-ng", "sox")) \
        and DICTIONARY.exists()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.voice.render")
    parser.add_argument("--out", type=Path, default=BUILD)
    args = parser.parse_args(argv)
    if not available():
        print("voice: needs open-jtalk, open-jtalk-mecab-naist-jdic, espeak-ng and sox "
              "(make setup installs them)", file=sys.stderr)
        return 1
    files = render_all(args.out)
    print(f"voice: {len(files)} prompt and cue files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
