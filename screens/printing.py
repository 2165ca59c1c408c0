"""Printing: a spinner while the number is taken and the printer works (on a worker)."""

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.i18n import N_

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)


class PrintingScreen(Screen):
    heading = StringProperty(N_("Printing your ticket…"))  # a msgid, translated in kv

    def prepare(self, heading: str = N_("Printing your ticket…")):
        self.heading = heading

    def on_enter(self, *args):
        self.ids.spinner.start()

    def on_leave(self, *args):
        self.ids.spinner.stop()


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("printing.kv")))
