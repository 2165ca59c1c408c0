"""A plain screen for a kiosk that cannot start (bad configuration, unusable store):
what is wrong, in the words kiosk.config wrote (file, key, why), and a button to close."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.lang import Builder
from kivy.properties import ListProperty, StringProperty

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
LabelBase.register(DEFAULT_FONT, fn_regular=str(FONTS / "NotoSans-Regular.ttf"),
                   fn_bold=str(FONTS / "NotoSans-Bold.ttf"))


class ProblemApp(App):
    heading = StringProperty("")
    lines = ListProperty([])

    def __init__(self, title: str, lines: list[str], **kwargs):
        super().__init__(**kwargs)
        self.heading = title
        self.lines = list(lines)
        self.title = "Anjungan"

    def load_kv(self, filename=None):
        # Kivy would load problem.kv again by this class's name: its rules applied twice
        # showed the whole message twice. It is loaded once, below.
        return True

    def build(self):
        from kivy.clock import Clock
        from kivy.factory import Factory
        from kiosk.ops import sdnotify
        # Alive while it shows the problem: systemd's watchdog does not restart it in a loop.
        Clock.schedule_interval(lambda dt: sdnotify.alive(), sdnotify.interval_s())
        return Factory.ProblemRoot()


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("problem.kv")))
