"""Voice guidance: every prompt rendered in every language and sane; the right cue and prompt
for each event; playing without a sound card neither raises nor blocks."""

from __future__ import annotations

import wave
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from kiosk.events import (
    EndReason,
    ItemCheckedOut,
    ItemProblem,
    ItemRefused,
    Loan,
    Mode,
    PatronIdentified,
    PinRequested,
    SessionEnded,
)
from ui.voice.guide import VoiceGuide
from ui.voice.player import AplayPlayer, RecordingPlayer
from ui.voice.prompts import CREDITS, CUES, LANGUAGES, PROMPTS
from ui.voice.render import BUILD, cue_path, path_for, render_all

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def rendered() -> Path:
    render_all(BUILD)                     # quick when `make setup` has rendered them already
    return BUILD


def read(path: Path) -> tuple[wave._wave_params, np.ndarray]:  # type: ignore[name-defined]
    with wave.open(str(path)) as w:
        params = w.getparams()
        samples = np.frombuffer(w.readframes(params.nframes), dtype=np.int16)
    return params, samples


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("prompt", list(PROMPTS))
def test_every_prompt_is_a_sane_spoken_wav(rendered: Path, prompt: str, lang: str) -> None:
    params, samples = read(path_for(rendered, prompt, lang))
    assert (params.framerate, params.sampwidth, params.nchannels) == (48000, 2, 1)
    seconds = params.nframes / params.framerate
    assert 0.3 <= seconds <= 8.0, seconds
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))
    assert rms > 500, f"{prompt}.{lang} is (nearly) silent"


@pytest.mark.parametrize("cue", list(CUES))
def test_cues_are_short_and_audible(rendered: Path, cue: str) -> None:
    params, samples = read(cue_path(rendered, cue))
    assert params.nframes / params.framerate < 1.0
    assert np.abs(samples).max() > 20000


def test_the_guide_picks_cue_and_prompt_in_the_patrons_language(rendered: Path) -> None:
    player = RecordingPlayer()
    guide = VoiceGuide(player, directory=rendered)
    loan = Loan("1", "t", date(2026, 12, 6), "", Mode.ONLINE)
    guide.on_event(PatronIdentified("****5877", "花子", 0), "ja")
    guide.on_event(ItemCheckedOut("****5877", loan), "vi")
    guide.on_event(ItemRefused("1", "t", ItemProblem.REFUSED), "ko")
    guide.on_event(PinRequested("****5877", 2, wrong=True), "pt")
    guide.on_event(SessionEnded("****5877", EndReason.FINISHED, (loan,)), "zh", receipt=True)
    guide.on_event(SessionEnded("****5877", EndReason.IDLE, (loan,)), "zh")
    guide.still_there("en")
    assert player.played == [
        ("cue-success.wav", "scan_items.ja.wav"),
        ("cue-success.wav",),
        ("cue-error.wav", "item_refused.ko.wav"),
        ("cue-error.wav", "pin.pt.wav"),
        ("receipt.zh.wav",),
        ("cue-attention.wav", "still_there.en.wav"),
    ]


def test_voice_and_sounds_can_be_turned_off(rendered: Path) -> None:
    player = RecordingPlayer()
    VoiceGuide(player, voice=False, directory=rendered).on_event(
        PatronIdentified("****5877", "x", 0), "ja")
    VoiceGuide(player, sounds=False, directory=rendered).on_event(
        PatronIdentified("****5877", "x", 0), "ja")
    VoiceGuide(player, voice=False, sounds=False, directory=rendered).still_there("ja")
    assert player.played == [("cue-success.wav",), ("scan_items.ja.wav",)]


def test_no_sound_device_is_neither_an_error_nor_a_wait(rendered: Path,
                                                         tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    jobs: list[object] = []
    player = AplayPlayer(jobs.append, cards=cards)
    player.play(cue_path(rendered, "success"), path_for(rendered, "welcome", "ja"))
    assert player.failures == 1                          # told once, never raised
    assert jobs == []                                    # and nothing left to play


def test_the_newest_sound_wins_and_plays_off_the_callers_thread(rendered: Path,
                                                                tmp_path: Path) -> None:
    """``play`` only hands the playing on (to the worker's voice queue in the kiosk); a
    request overtaken before its turn plays nothing."""
    cards = tmp_path / "cards"
    cards.write_text(" 0 [PCH            ]: HDA-Intel\n")
    log = tmp_path / "played"
    aplay = tmp_path / "aplay"
    aplay.write_text(f'#!/bin/sh\necho "$2" >> {log}\n')
    aplay.chmod(0o755)
    jobs: list[Callable[[], None]] = []
    player = AplayPlayer(jobs.append, command=str(aplay), cards=cards)
    player.play(cue_path(rendered, "success"))
    player.play(cue_path(rendered, "error"), path_for(rendered, "scan_again", "ja"))
    assert not log.exists()                              # nothing played on this thread
    for job in jobs:
        job()
    assert log.read_text().split() == [str(cue_path(rendered, "error")),
                                       str(path_for(rendered, "scan_again", "ja"))]
    assert player.failures == 0
    player.stop()
    player.play(cue_path(rendered, "success"))
    player.stop()                                        # shutdown: nothing more plays
    jobs[-1]()
    assert len(log.read_text().split()) == 2


def test_the_voice_is_credited() -> None:
    assert "Nagoya Institute of Technology" in CREDITS
    assert "CC BY 3.0" in CREDITS
    assert (BUILD / "voices" / "LICENSE_mei_normal.htsvoice").exists()
