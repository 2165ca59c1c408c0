"""Welcome: the MPP's name and clock (in the header), take a number, booking, language.

When no service gives numbers now (after hours, a holiday, the Friday prayer break) the
screen says so first, with the next opening time (kiosk.opening), and the main button
offers to look up services and what to bring instead of taking a number.
"""

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

import screens.widgets  # noqa: F401  (shared kv rules first)
from kiosk.opening import mpp_closed

RECHECK_S = 20  # the closed notice follows the clock while the screen shows


class WelcomeScreen(Screen):
    closed = ObjectProperty(None, allownone=True)   # kiosk.opening.Closed, None when open
    _event = None

    def on_kv_post(self, base_widget):
        self.check_hours()

    def on_pre_enter(self, *args):
        self.check_hours()

    def on_enter(self, *args):
        if self._event is None:
            self._event = Clock.schedule_interval(self._recheck, RECHECK_S)

    def on_leave(self, *args):
        if self._event is not None:
            self._event.cancel()
            self._event = None

    @staticmethod
    def now():
        """The service's clock: the one its refusals follow, so the notice agrees with them."""
        app = App.get_running_app()
        clock = getattr(app.service, "clock", None)
        return clock() if callable(clock) else app.wall_clock()

    def _recheck(self, dt) -> None:
        app = App.get_running_app()
        if app is None or getattr(app, "sm", None) is not self.manager:
            # The app that showed this screen has stopped (its screen never left, so the
            # recheck outlived it): stop rechecking rather than read another app's settings.
            self.on_leave()
            return
        self.check_hours()

    def check_hours(self) -> None:
        settings = App.get_running_app().settings
        try:
            self.closed = mpp_closed(settings.catalog, self.now(), settings.zone)
        except Exception:  # a notice must never keep the kiosk from its welcome screen
            import logging
            logging.getLogger(__name__).exception("could not tell whether the MPP is open")
            self.closed = None

    def opens_text(self, closed, lang: str) -> str:
        return closed.opens_text(self.now(), lang) if closed else ""


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("welcome.kv")))
