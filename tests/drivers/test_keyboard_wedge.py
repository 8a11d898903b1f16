"""The key-burst logic that tells a keyboard-wedge scanner from a person typing."""

from pathlib import Path

import pytest
from scanner_rigs import Recorder

from drivers.keyboard_wedge import Key, KeyboardWedge, host_layout
from drivers.ports import DeviceState


class Typist:
    """Feeds characters with a given gap between keys, as key events would arrive."""

    def __init__(self, wedge: KeyboardWedge) -> None:
        self.wedge = wedge
        self.now = 100.0
        self.released: list[str] = []
        wedge.on_release = self.released.append

    def type(self, text: str, gap_ms: float, enter: bool = True) -> list[Key]:
        keys = []
        for ch in text:
            self.now += gap_ms / 1000
            keys.append(self.wedge.key(self.now, ch))
        if enter:
            self.now += gap_ms / 1000
            keys.append(self.wedge.key(self.now, "", enter=True))
        return keys


@pytest.fixture
def typist(recorder: Recorder) -> Typist:
    wedge = KeyboardWedge("keyboard://?layout=us&host=us")
    wedge.start(recorder.on_scan, recorder.on_status)
    return Typist(wedge)


def test_a_fast_burst_ending_in_enter_is_a_scan_and_nothing_leaks(typist: Typist,
                                                                 recorder: Recorder) -> None:
    keys = typist.type("A21045877B", gap_ms=4)
    assert set(keys) == {Key.SWALLOW}
    assert recorder.next_scan(0.1).text == "A21045877B"
    assert typist.released == []


def test_slow_typing_is_handed_back_to_the_focused_widget(typist: Typist,
                                                          recorder: Recorder) -> None:
    typist.type("1234", gap_ms=150)
    recorder.assert_no_scan(0.05)
    assert "".join(typist.released) == "1234\n"


def test_keys_held_too_long_are_released_by_the_tick(typist: Typist) -> None:
    typist.type("12", gap_ms=5, enter=False)
    typist.wedge.tick(typist.now + 0.01)
    assert typist.released == []
    typist.wedge.tick(typist.now + 0.2)
    assert typist.released == ["12"]


def test_too_short_a_burst_is_not_a_scan(typist: Typist, recorder: Recorder) -> None:
    typist.type("12", gap_ms=3)
    recorder.assert_no_scan(0.05)
    assert typist.released == ["12\n"]


def test_a_person_then_a_scan_are_told_apart(typist: Typist, recorder: Recorder) -> None:
    typist.type("9", gap_ms=300, enter=False)
    typist.now += 0.4                        # the scanner fires a moment later
    typist.type("115538407", gap_ms=3)
    assert recorder.next_scan(0.1).text == "115538407"
    assert typist.released == ["9"]


def test_a_key_that_types_nothing_is_delivered_and_flushes(typist: Typist) -> None:
    typist.type("12", gap_ms=3, enter=False)
    assert typist.wedge.key(typist.now + 0.001, "") is Key.DELIVER
    assert typist.released == ["12"]


def test_us_scanner_on_jis_host_is_repaired_and_staff_are_told(recorder: Recorder) -> None:
    wedge = KeyboardWedge("keyboard://?layout=us&host=jis")
    wedge.start(recorder.on_scan, recorder.on_status)
    assert "USB-COM" in recorder.wait_for(DeviceState.CONNECTED)
    t = Typist(wedge)
    t.type("A12~34+56B", gap_ms=3)           # what the JIS host made of "A12+34:56B"
    assert recorder.next_scan(0.1).text == "A12+34:56B"


def test_an_unrepairable_character_is_marked_so_the_scan_is_refused(recorder: Recorder) -> None:
    wedge = KeyboardWedge("keyboard://?layout=us&host=jis")
    wedge.start(recorder.on_scan, recorder.on_status)
    Typist(wedge).type("A12¥3B", gap_ms=3)
    assert recorder.next_scan(0.1).text == "A12\ufffd3B"


def test_before_start_every_key_is_delivered() -> None:
    wedge = KeyboardWedge("keyboard://?host=us")
    assert wedge.key(1.0, "1") is Key.DELIVER


def test_stop_hands_back_held_keys(typist: Typist) -> None:
    typist.type("12", gap_ms=3, enter=False)
    typist.wedge.stop()
    assert typist.released == ["12"]
    assert typist.wedge.key(typist.now, "3") is Key.DELIVER


@pytest.mark.parametrize(("text", "layout"), [
    ('XKBMODEL="jp106"\nXKBLAYOUT="jp"\n', "jis"),
    ('XKBLAYOUT="us"\n', "us"),
    ("nothing here\n", "us"),
    ('XKBLAYOUT="fr"\n', "us"),
])
def test_host_layout_from_debian_keyboard_file(tmp_path: Path, text: str, layout: str) -> None:
    path = tmp_path / "keyboard"
    path.write_text(text)
    assert host_layout(path) == layout
    assert KeyboardWedge("keyboard://", keyboard_defaults=path).host == layout


@pytest.mark.parametrize(("url", "message"), [
    ("keyboard://?max_gap_ms=x", "must be numbers"),
    ("keyboard://?max_gap_ms=0", "must be > 0"),
    ("keyboard://?layout=xx", "unknown keyboard layout"),
    ("keyboard://?speed=1", "unknown parameter"),
])
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        KeyboardWedge(url)
