"""`kiosk display`: the hall board in its own full-screen Kivy App.

The feed (network) and the announcer (audio) run on their own threads; their news comes to
the UI thread through Clock, so the board never waits on either. With the hub away, the
last picture stays up under a "Terputus" banner.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase

from kiosk.display.board import Event
from kiosk.display.controller import BoardController
from kiosk.voice import VoiceOptions
from screens.display.board import BoardView

log = logging.getLogger(__name__)
FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"


class DisplayApp(App):
    title = "Anjungan — papan panggilan"
    current = "board"          # for screens.tools.scripted, which names the screen it waits on

    def __init__(self, settings, *, feed_factory: Callable | None = None, announcer=None,
                 clock: Callable[[], datetime] | None = None, lang: str = "id", **kw):
        super().__init__(**kw)
        self.settings = settings
        d = settings.display
        self.controller = BoardController(VoiceOptions(languages=d.languages, digits=d.digits),
                                          voice=d.voice and announcer is not None,
                                          highlight_s=d.highlight_s)
        self.feed_factory = feed_factory
        self.announcer = announcer
        self.clock = clock or (lambda: datetime.now(settings.zone))
        self.lang = lang
        self.feed = None
        self.crashes: list = []

    def build(self):
        LabelBase.register(DEFAULT_FONT, fn_regular=str(FONTS / "NotoSans-Regular.ttf"),
                           fn_bold=str(FONTS / "NotoSans-Bold.ttf"))
        self.view = BoardView()
        self._ticker = Clock.schedule_interval(self._tick, 0.5)
        Clock.schedule_once(lambda dt: self._render(), 0)
        self._tick(0)
        return self.view

    def on_start(self):
        if self.feed_factory is not None:
            self.feed = self.feed_factory(self._on_event, self._on_status)
            self.feed.start()

    def on_stop(self):
        self._ticker.cancel()      # a later app in the same process must not inherit it
        if self.feed is not None:
            self.feed.stop(timeout=2)
        if self.announcer is not None:
            self.announcer.close()

    # feed thread -> UI thread
    def _on_event(self, event: Event) -> None:
        Clock.schedule_once(lambda dt: self.apply(event), 0)

    def _on_status(self, up: bool, why: str) -> None:
        Clock.schedule_once(lambda dt: self.connection(up, why), 0)

    def apply(self, event: Event) -> None:
        announcement = self.controller.apply(event, self.clock())
        if announcement is not None:
            self.announcer.announce(announcement)   # queues only; played on its thread
        self._render()

    def connection(self, up: bool, why: str) -> None:
        self.controller.connection(up, why)
        if why:
            log.warning("hub event stream: %s", why)
        self._render()

    def _render(self) -> None:
        try:
            self.view.render(self.controller.state, self.clock(), lang=self.lang,
                             catalog=self.settings.catalog, mpp_name=self.settings.mpp_name,
                             show_next=self.settings.display.show_next,
                             status=self.controller.status)
        except Exception as exc:  # noqa: BLE001 - never a traceback on the hall TV
            log.exception("board render failed")
            self.crashes.append(exc)

    def _tick(self, dt) -> None:
        now = self.clock()
        self.view.tick(now, self.lang)
        # The highlight ends on time, not on the next event; only colours change (kv).
        self.view.highlight = self.controller.state.highlighted(now)
