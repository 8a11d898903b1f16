"""The camera pipeline on generated phone-screen frames and videos with known answers."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from drivers.cameras.barcode_pipeline import (
    BarcodeReader,
    Confirmer,
    Read,
    parse_formats,
    parse_roi,
)
from drivers.cameras.camera_scanner import CameraScanner
from drivers.ports import DeviceState
from kiosk.cli import main
from tests.rigs.bad_urls import refused_urls
from tests.rigs.phone_frames import CODES, LOOKS, phone_frame, phone_held_up, write_video
from tests.rigs.scanners import Recorder

READER = BarcodeReader()
VARIANTS = ("clean", "tilt", "perspective", "blur", "moire", "glare", "low_contrast",
            "inverted")


@pytest.mark.parametrize("symbology", list(CODES))
@pytest.mark.parametrize("look", VARIANTS)
def test_each_symbology_reads_through_each_kind_of_trouble(symbology: str, look: str) -> None:
    text = CODES[symbology][0]
    got = [READER.read(phone_frame(text, symbology, LOOKS[look], seed))
           for seed in (11, 12, 13)]
    texts = [[r.text for r in reads] for reads in got]
    assert sum(text in t for t in texts) >= 2, texts     # a phone is held for many frames
    assert all(t in (text,) for ts in texts for t in ts), texts    # and never a wrong read


def test_no_code_on_the_screen_reads_nothing() -> None:
    for seed in range(25):
        assert READER.read(phone_frame(None, "codabar", LOOKS["moire"], seed)) == []


def test_codabar_keeps_start_and_stop_for_the_kiosk_to_strip() -> None:
    [read] = READER.read(phone_frame("A21045877B", "codabar", LOOKS["clean"], 1))
    assert (read.symbology, read.text) == ("codabar", "A21045877B")


def test_region_of_interest_limits_where_codes_are_looked_for() -> None:
    frame = phone_frame("115538407", "code128", LOOKS["clean"], 2)
    assert BarcodeReader(roi=(0.0, 0.0, 0.15, 0.15)).read(frame) == []
    [read] = BarcodeReader(roi=(0.2, 0.1, 0.6, 0.8)).read(frame)
    xs = [x for x, _ in read.polygon]
    assert min(xs) > 0.2 * 1280                   # positions are in full-frame coordinates


def test_restricting_symbologies_skips_the_others() -> None:
    frame = phone_frame("9784834000825", "ean13", LOOKS["clean"], 3)
    assert BarcodeReader(("codabar",)).read(frame) == []


def _read(text: str) -> Read:
    return Read("codabar", text, ((0, 0),), "zxing")


def test_confirmer_needs_two_identical_reads_then_cools_down() -> None:
    c = Confirmer(cooldown=3.0)
    assert c.feed([_read("A1B")], now=0.0) == []
    assert [r.text for r in c.feed([_read("A1B")], now=0.1)] == ["A1B"]
    assert c.feed([_read("A1B")], now=0.2) == []          # still held up
    assert c.feed([_read("A1B")], now=2.9) == []          # held: the cool-down runs on
    for n in range(6):                                    # the phone is put away
        assert c.feed([], now=5.0 + n / 10) == []
    assert c.feed([_read("A1B")], now=6.5) == []          # shown again: needs two reads
    assert [r.text for r in c.feed([_read("A1B")], now=6.6)] == ["A1B"]


def test_confirmer_does_not_pair_reads_far_apart_or_different() -> None:
    c = Confirmer(window=3)
    assert c.feed([_read("A1B")], now=0) == []
    for n in range(3):
        assert c.feed([], now=n + 1) == []
    assert c.feed([_read("A1B")], now=5) == []            # the first is out of the window
    assert c.feed([_read("A2B")], now=6) == []            # a different code


@pytest.mark.parametrize(("text", "message"), [("aztec", "unknown symbology"), ("", "unknown")])
def test_bad_formats(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_formats(text)


@pytest.mark.parametrize("text", ["0.5,0.5,0.8,0.2", "1,2", "a,b,c,d"])
def test_bad_roi(text: str) -> None:
    with pytest.raises(ValueError, match="roi"):
        parse_roi(text)


def test_camera_reads_a_phone_held_up_once(tmp_path: Path, recorder: Recorder) -> None:
    video = phone_held_up(tmp_path / "held.avi", "A21045877B", "codabar", LOOKS["glare"])
    camera = CameraScanner(f"camera://{video}")
    with recorder.listening(camera):
        assert recorder.next_scan().text == "A21045877B"
        assert "ended" in recorder.wait_for(DeviceState.DISCONNECTED)
        recorder.assert_no_scan(0.2)                      # twelve frames, one scan


def test_two_phones_in_turn_give_two_scans_in_order(tmp_path: Path, recorder: Recorder) -> None:
    from tests.rigs.phone_frames import Look
    frames = [phone_frame("A21045877B", "codabar", Look(), n) for n in range(5)]
    frames += [phone_frame(None, "qr", Look(), 50 + n) for n in range(3)]
    frames += [phone_frame("https://lib.example.jp/my/21045877", "qr", LOOKS["inverted"], n)
               for n in range(5)]
    video = write_video(tmp_path / "two.avi", frames)
    camera = CameraScanner(f"camera://{video}")
    with recorder.listening(camera):
        assert recorder.next_scan().text == "A21045877B"
        assert recorder.next_scan().text == "https://lib.example.jp/my/21045877"


def test_a_missing_camera_is_reported_and_nothing_is_read(tmp_path: Path,
                                                         recorder: Recorder) -> None:
    camera = CameraScanner(f"camera://{tmp_path}/nothing.avi")
    with recorder.listening(camera):
        assert "not available" in recorder.wait_for(DeviceState.DISCONNECTED)
    recorder.assert_no_scan(0.1)


def test_frames_are_dropped_not_queued_when_decoding_falls_behind(
        tmp_path: Path, recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    video = phone_held_up(tmp_path / "held.avi", "A0012345B", "codabar", LOOKS["clean"],
                          before=10, held=20, after=10)
    original = BarcodeReader.read

    def slow(self: BarcodeReader, frame: object) -> list[Read]:
        time.sleep(0.06)                                  # a decoder slower than the camera
        return original(self, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(BarcodeReader, "read", slow)
    camera = CameraScanner(f"camera://{video}?fps=60")    # a camera delivering 60 fps
    with recorder.listening(camera):
        recorder.wait_for(DeviceState.DISCONNECTED, timeout=10)
    assert camera.frames_read == 40
    assert camera.frames_decoded < camera.frames_read     # the newest frame, never a backlog


def test_preview_gets_frames_and_boxes(tmp_path: Path, recorder: Recorder) -> None:
    video = phone_held_up(tmp_path / "held.avi", "115538407", "code128", LOOKS["clean"])
    camera = CameraScanner(f"camera://{video}?preview_fps=1000")
    boxes: list[int] = []
    camera.on_frame = lambda frame, polygons: boxes.append(len(polygons))
    with recorder.listening(camera):
        recorder.next_scan()
        recorder.wait_for(DeviceState.DISCONNECTED)
    assert max(boxes) == 1                               # the decoded code's box
    assert 0 in boxes                                     # frames without a code too


test_bad_camera_urls = refused_urls(CameraScanner, [
    ("camera://", "needs a device index"),
    ("camera://0?formats=pdf", "unknown symbology"),
    ("camera://0?roi=2,2,1,1", "roi"),
    ("camera://0?zoom=2", "unknown parameter"),
])


def test_kiosk_decode_prints_only_what_is_certain(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import cv2
    code = tmp_path / "phone.png"
    cv2.imwrite(str(code), phone_frame("C115538407D", "codabar", LOOKS["inverted"], 3))
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), phone_frame(None, "codabar", LOOKS["clean"], 4))
    video = phone_held_up(tmp_path / "held.avi", "9784834000825", "ean13", LOOKS["tilt"])
    assert main(["decode", "--json", str(code), str(blank), str(video)]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["text"] == "C115538407D"
    assert lines[0]["symbology"] == "codabar"
    assert lines[0]["ms"] > 0
    assert lines[1] == {"file": str(blank), "text": None}
    assert lines[2]["text"] == "9784834000825"


def test_kiosk_decode_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not a picture")
    assert main(["decode", str(junk)]) == 2
    assert "not an image" in capsys.readouterr().err
    assert main(["decode", "--formats", "nope", str(junk)]) == 2
