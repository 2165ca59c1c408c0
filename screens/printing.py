"""Printing: a spinner while the number is taken and the printer works (on a worker)."""

from pathlib import Path

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)


class PrintingScreen(Screen):
    def on_enter(self, *args):
        self.ids.spinner.start()

    def on_leave(self, *args):
        self.ids.spinner.stop()


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("printing.kv")))
