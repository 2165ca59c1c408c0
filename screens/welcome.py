"""Welcome: the MPP's name and clock (in the header), take a number, booking, language."""

from pathlib import Path

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen

import screens.widgets  # noqa: F401  (shared kv rules first)


class WelcomeScreen(Screen):
    pass


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("welcome.kv")))
