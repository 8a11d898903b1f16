"""Which cue and which spoken prompt go with what just happened, in the patron's language."""

from __future__ import annotations

from pathlib import Path

from kiosk.events import (
    CardPinRequested,
    CardRefused,
    EndReason,
    Event,
    ItemAlreadyOnLoan,
    ItemCheckedOut,
    ItemRefused,
    OtherCardScanned,
    PatronIdentified,
    PatronRefused,
    PinRequested,
    ScanRejected,
    SecurityNotChanged,
    SessionEnded,
)
from ui.voice.player import Player
from ui.voice.prompts import LANGUAGES
from ui.voice.render import BUILD, cue_path, path_for


class VoiceGuide:
    def __init__(self, player: Player, *, voice: bool = True, sounds: bool = True,
                 directory: Path = BUILD) -> None:
        self.player, self.voice, self.sounds, self.directory = player, voice, sounds, directory

    def _say(self, cue: str | None, prompt: str | None, language: str) -> None:
        files = []
        if cue and self.sounds:
            files.append(cue_path(self.directory, cue))
        if prompt and self.voice:
            lang = language if language in LANGUAGES else "en"
            files.append(path_for(self.directory, prompt, lang))
        files = [f for f in files if f.exists()]
        if files:
            self.player.play(*files)

    def on_event(self, event: Event, language: str, *, receipt: bool = False) -> None:
        if isinstance(event, PatronIdentified):
            self._say("success", "scan_items", language)
        elif isinstance(event, PinRequested):
            self._say("error" if event.wrong else "attention", "pin", language)
        elif isinstance(event, ItemCheckedOut):
            self._say("success", None, language)        # one chime per item, no words
        elif isinstance(event, SecurityNotChanged):
            self._say("attention", None, language)      # lent, but show it to the staff
        elif isinstance(event, ItemAlreadyOnLoan | OtherCardScanned):
            self._say("attention", None, language)      # look at the screen: nothing lent
        elif isinstance(event, ItemRefused):
            self._say("error", "item_refused", language)
        elif isinstance(event, ScanRejected):
            self._say("error", "scan_again", language)
        elif isinstance(event, CardPinRequested):
            self._say("error" if event.wrong else "attention", "pin", language)
        elif isinstance(event, PatronRefused | CardRefused):
            self._say("error", "card_refused", language)
        elif isinstance(event, SessionEnded) and event.reason is EndReason.FINISHED:
            self._say(None, "receipt" if receipt else "goodbye", language)

    def still_there(self, language: str) -> None:
        self._say("attention", "still_there", language)
