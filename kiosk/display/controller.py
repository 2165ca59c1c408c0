"""The board's logic between the feed and the screen, free of Kivy so the bench and the
tests drive it directly: each event updates the picture, and a live call yields the
announcement to queue."""

from __future__ import annotations

import logging
from datetime import datetime

from kiosk.display.board import BoardState, Event, disconnected, reduce, should_announce
from kiosk.voice import Announcement, VoiceOptions, announce

log = logging.getLogger(__name__)


class BoardController:
    def __init__(self, options: VoiceOptions = VoiceOptions(), voice: bool = True,
                 highlight_s: float = 8):
        self.state = BoardState()
        self.options = options
        self.voice = voice
        self.highlight_s = highlight_s
        self.status = ""          # why the feed is down, "" when up

    def apply(self, event: Event, now: datetime) -> Announcement | None:
        self.state = reduce(self.state, event, now, self.highlight_s)
        if not (self.voice and should_announce(event, now, skew_s=self.state.skew_s)):
            return None
        try:
            return announce(event.data["number"], event.data.get("counter_name") or {},
                            self.options)
        except (ValueError, KeyError, TypeError) as exc:
            # Shown on the board all the same; only the voice is skipped.
            log.warning("call %r not announced: %s", event.data.get("number"), exc)
            return None

    def connection(self, up: bool, why: str) -> None:
        self.status = "" if up else why
        if not up:
            self.state = disconnected(self.state)
