"""The help overlay every screen opens with its help button: where the information desk
is, the call centre, WhatsApp and the complaints channel (the catalog's [contacts]).

It lies over the screen on show (in the App's root, like the idle warning) and takes
every touch until closed; it closes itself when the screen changes (idle return, a scan)
and after the idle timeout without a touch (the welcome screen has no idle return).
"""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

import screens.widgets  # noqa: F401  (the shared kv rules: Card, KLabel, BigButton)
from kiosk.i18n import N_, pick, tr
from screens.widgets import qr_texture


def contact_lines(contacts, lang: str) -> list[tuple[str, str]]:
    """(heading, text) for each contact the catalog gives, in the visitor's language."""
    if contacts is None:
        return [(tr("Information desk", lang), tr("Please ask any member of staff.", lang))]
    lines = [(N_("Information desk"), pick(contacts.information_desk, lang)),
             (N_("Call centre"), contacts.call_centre), (N_("WhatsApp"), contacts.whatsapp),
             (N_("Complaints"), pick(contacts.complaints, lang) if contacts.complaints else "")]
    return [(tr(heading, lang), text) for heading, text in lines if text]


class ContactList(BoxLayout):
    """The contact lines as heading + text pairs; follows the language."""

    contacts = ObjectProperty(None, allownone=True)

    def on_kv_post(self, base_widget):
        app = App.get_running_app()
        self.contacts = app.settings.catalog.contacts
        app.fbind("lang", lambda *_: self.refresh())
        self.refresh()

    def refresh(self):
        from screens.widgets import KLabel
        from kivy.metrics import sp

        app = App.get_running_app()
        self.clear_widgets()
        for heading, text in contact_lines(self.contacts, app.lang):
            self.add_widget(KLabel(text=heading, color=app.c_ink_soft, font_base=sp(28)))
            self.add_widget(KLabel(text=text, bold=True, font_base=sp(32)))


class HelpOverlay(FloatLayout):
    complaints_qr = ObjectProperty(None, allownone=True)
    _expire = None

    def on_touch_down(self, touch):
        super().on_touch_down(touch)
        self.keep_open()
        return True  # nothing behind the overlay reacts while it shows

    def keep_open(self):
        """Closes itself after the idle timeout; each touch on it starts that again."""
        if self._expire is None:
            timeout = getattr(App.get_running_app(), "idle_timeout_s", 60)
            self._expire = Clock.create_trigger(lambda dt: self.close(), timeout)
        self._expire.cancel()
        self._expire()

    def on_touch_up(self, touch):
        super().on_touch_up(touch)
        return True

    def close(self):
        if self._expire is not None:
            self._expire.cancel()
        if self.parent is not None:
            self.parent.remove_widget(self)


def show_help(app=None) -> HelpOverlay:
    """Open the overlay over the screen on show (one per app, built on first use)."""
    app = app or App.get_running_app()
    overlay = getattr(app, "_help_overlay", None)
    if overlay is None:
        overlay = app._help_overlay = HelpOverlay()
        contacts = app.settings.catalog.contacts
        url = contacts.complaints_url if contacts else ""
        overlay.complaints_qr = qr_texture(url) if url else None
        app.sm.bind(current=lambda *_: hide_help(app))
    if overlay.parent is None:
        app.root.add_widget(overlay)
    overlay.keep_open()
    return overlay


def hide_help(app=None) -> None:
    overlay = getattr(app or App.get_running_app(), "_help_overlay", None)
    if overlay is not None:
        overlay.close()


def help_showing(app=None) -> bool:
    overlay = getattr(app or App.get_running_app(), "_help_overlay", None)
    return overlay is not None and overlay.parent is not None


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("help.kv")))
