"""The real-photograph corpus and how a decoder is scored on it (bench and tests share this).

``tests/corpus/barcode-photos/SERIES/NN.ext`` with the text the code holds in ``NN.txt``;
pictures without a ``.txt`` (``falsepositives-1``) hold no code. Texts are compared as the
corpus's README says: GS (0x1D) dropped, CRLF → LF, trailing blanks of each line dropped; and
leading blanks too (one label, ``ean13-2/28``, starts with a blank that no EAN-13 can hold).
Two labels do not match their pictures (``ERRATA.md``): reads are counted against the labels
as published and against the corrected ones, and both are reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "barcode-photos"
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp")
# ERRATA.md: the text the bars and the printed digits hold, where the label says otherwise.
ERRATA = {"ean13-2/23": "9784872348880", "ean13-2/28": "9784872348880"}


def normalise(text: str) -> str:
    lines = text.replace("\x1d", "").replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


@dataclass(frozen=True)
class Photo:
    path: Path
    key: str                      # "SERIES/NN"
    label: str | None             # as published; None: no code in the picture
    corrected: str | None         # after ERRATA.md

    @property
    def series(self) -> str:
        return self.key.split("/")[0]


def photos(root: Path = CORPUS) -> list[Photo]:
    out = []
    for path in sorted(root.glob("*/*")):
        if path.suffix.lower() not in PICTURE_SUFFIXES:
            continue
        key = f"{path.parent.name}/{path.stem}"
        text_file = path.with_suffix(".txt")
        label = normalise(text_file.read_text(encoding="utf-8")) if text_file.exists() else None
        out.append(Photo(path, key, label, ERRATA.get(key, label)))
    return out


@dataclass
class Score:
    read: int = 0                 # pictures whose code was among the texts (corrected labels)
    read_by_label: int = 0        # the same against the labels as published
    wrong: int = 0                # texts that are not the picture's code (corrected labels)
    wrong_by_label: int = 0
    negatives_read: int = 0       # pictures with no code that gave any text
    with_code: int = 0
    without_code: int = 0
    unreadable: int = 0           # pictures the loader could not open
    by_series: dict[str, list[int]] = field(default_factory=dict)   # series: [read, of]
    wrong_reads: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"read": self.read, "read_by_label": self.read_by_label, "of": self.with_code,
                "wrong": self.wrong, "wrong_by_label": self.wrong_by_label,
                "negatives_read": self.negatives_read, "negatives": self.without_code,
                "unreadable": self.unreadable,
                "by_series": {k: f"{v[0]}/{v[1]}" for k, v in self.by_series.items()},
                "wrong_reads": self.wrong_reads}


def score(decode: Callable[[np.ndarray], Iterable[str]], pictures: list[Photo],
          load: Callable[[Path], np.ndarray]) -> Score:
    result = Score()
    for photo in pictures:
        try:
            image = load(photo.path)
        except ValueError:
            result.unreadable += 1
            image = None
        texts = {normalise(t) for t in decode(image)} if image is not None else set()
        texts.discard("")
        if photo.label is None:
            result.without_code += 1
            result.negatives_read += bool(texts)
            result.wrong_reads += [f"{photo.key}: {t!r}" for t in texts]
            continue
        result.with_code += 1
        series = result.by_series.setdefault(photo.series, [0, 0])
        series[1] += 1
        if photo.corrected in texts:
            result.read += 1
            series[0] += 1
        result.read_by_label += photo.label in texts
        wrong = texts - {photo.corrected}
        result.wrong += len(wrong)
        result.wrong_by_label += len(texts - {photo.label})
        result.wrong_reads += [f"{photo.key}: {t!r}" for t in wrong]
    return result
