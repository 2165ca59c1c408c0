"""No number can be taken: closed, cut-off, quota full, holiday... said in plain words
(kiosk.queueing.Refusal.message), re-translated when the language changes."""

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)


def refusal_text(refusal, lang: str) -> str:
    if refusal is None:
        return App.get_running_app().t(
            "Sorry, something went wrong. Please ask the staff for help.", lang)
    return refusal.message(lang)


class RefusalScreen(Screen):
    refusal = ObjectProperty(None, allownone=True)
    refusal_text = staticmethod(refusal_text)

    def prepare(self, refusal=None):
        self.refusal = refusal


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("refusal.kv")))
