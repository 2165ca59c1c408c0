"""Idle timeout: after a quiet spell a countdown warns the visitor, then the kiosk goes
back to the welcome screen (language and contrast reset) for the next person.

Every touch restarts the timer (the App's Window handler calls `touched()`). A touch while
the warning shows only dismisses it, so a tap meant for "I'm still here" cannot also press
the button behind it. The countdown is computed from time.monotonic, not from tick counts.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty
from kivy.uix.floatlayout import FloatLayout

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)


QUIET_SCREENS = ("welcome", "config_error")  # nothing to abandon here


class IdleWarning(FloatLayout):
    seconds_left = NumericProperty(0)


class IdleWatcher:
    def __init__(self, app, root):
        self.app = app
        self.root = root
        self._overlay = None
        self.deadline = 0.0
        quiet = max(0.1, app.idle_timeout_s - app.idle_warning_s)
        self._warn_event = Clock.create_trigger(self._warn, quiet)
        self._tick_event = Clock.schedule_interval(self._tick, 0.25)
        self._tick_event.cancel()
        self._warn_event()

    @property
    def overlay(self) -> IdleWarning:
        if self._overlay is None:  # built when first needed: not on the way to the first frame
            self._overlay = IdleWarning()
        return self._overlay

    @property
    def showing(self) -> bool:
        return self._overlay is not None and self._overlay.parent is not None

    def touched(self) -> bool:
        """Restart the timer; True when the touch only dismissed the warning."""
        was_showing = self.showing
        self._warning_s = None
        self.hide()
        self._warn_event.cancel()
        self._warn_event.timeout = self.quiet_s()
        self._warn_event()
        return was_showing

    def soon(self, total_s: float) -> None:
        """A screen that returns to the start on its own (the ticket, a booking answer)
        does it through here: after `total_s`, the warning's countdown included, so the
        warning still comes first (WCAG 2.2.1) and any touch or key gives more time."""
        factor = self.factor()
        self._warning_s = min(self.app.idle_warning_s, total_s) * factor
        self._warn_event.cancel()
        self._warn_event.timeout = max(0.1, total_s * factor - self._warning_s)
        self._warn_event()

    def factor(self) -> float:
        """Speech mode doubles every timeout."""
        speech = getattr(self.app, "speech", None)
        return getattr(speech, "time_factor", 1) or 1

    def quiet_s(self) -> float:
        return max(0.1, self.app.idle_timeout_s - self.app.idle_warning_s) * self.factor()

    def _warn(self, dt):
        if self.app.current in QUIET_SCREENS or self.app.current == self.app.start_screen:
            self._warn_event()  # look again later
            return
        warning_s = getattr(self, "_warning_s", None) or self.app.idle_warning_s * self.factor()
        self.deadline = time.monotonic() + warning_s
        self.overlay.seconds_left = math.ceil(warning_s)
        if getattr(self.app, "speech", None) is not None:
            self.app.speech.idle_warning(math.ceil(warning_s))
        if not self.showing:
            self.root.add_widget(self.overlay)
        self._tick_event()

    def _tick(self, dt):
        left = self.deadline - time.monotonic()
        self.overlay.seconds_left = max(0, math.ceil(left))
        if left <= 0:
            self.hide()
            self.app.home(reset=True)
            self._warn_event()

    def hide(self):
        self._tick_event.cancel()
        if self.showing:
            self.root.remove_widget(self.overlay)

    def stop(self):
        self.hide()
        self._warn_event.cancel()


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("idle.kv")))
