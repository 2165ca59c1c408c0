"""'I have a booking': scan the booking QR, type its reference code, or tap a card.

The screen has three faces (`mode`):
- "scan": hold the QR to the scanner (serial or keyboard-wedge: both arrive through
  KioskApp.take_code), or tap the card the booking was made with;
- "type": the reference code RSV-XXXXXXXX on a big on-screen keyboard;
- "answer": why the code cannot check in, in plain words, and what to do next; or, for a
  booking checked in before, the same number again with a reprint within the limit.
Checking and printing run on a worker (KioskApp.check_in); this screen only shows.
"""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.factory import Factory
from kivy.lang import Builder
from kivy.metrics import dp, sp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.screenmanager import Screen

from kiosk.bookings.reference import DATA_LENGTH, PREFIX, parse_reference
from kiosk.i18n import N_
import screens.ticket  # noqa: F401  (its kv rules: TicketNumber)
from screens.widgets import _key, key_row

ANSWER_SCREEN_S = 40  # a refusal stays this long (the idle warning's countdown included)


class CodeKeyboard(GridLayout):
    """Digits and the letters of reference codes (Crockford: no I, L, O, U)."""

    target = ObjectProperty(None, allownone=True)  # the BookingScreen (its `typed` text)
    ROWS = ("1234567890", "ABCDEFGHJK", "MNPQRSTVWX", "YZ")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for symbols in self.ROWS:
            row = key_row(dp(108))
            for symbol in symbols:
                row.add_widget(_key(symbol, lambda k=symbol: self.press(k), font_base=sp(38),
                                    min_height=dp(108)))
            if len(symbols) < 10:
                row.add_widget(_key("", lambda: self.press("clear"), msgid="Clear all",
                                    size_hint_x=4, font_base=sp(28), min_height=dp(108)))
                row.add_widget(_key("", lambda: self.press("back"), msgid="Delete 1 letter",
                                    size_hint_x=4, font_base=sp(28), min_height=dp(108)))
            self.add_widget(row)
        app = App.get_running_app()
        app.fbind("landscape", self._fit)
        self._fit(app, app.landscape)

    def _fit(self, app, landscape):
        """Lower keys in landscape, where the keyboard stands beside the code."""
        for row in self.children:
            row.key_height = dp(84) if landscape else dp(108)

    def press(self, key: str) -> None:
        if self.target is None:
            return
        if key == "back":
            self.target.typed = self.target.typed[:-1]
        elif key == "clear":
            self.target.typed = ""
        elif len(self.target.typed) < DATA_LENGTH + 1:
            self.target.typed += key


class BookingPart(BoxLayout):
    """One face of the booking screen (kv: BookingScan, BookingType, BookingAnswer)."""

    screen = ObjectProperty(None, allownone=True)


class BookingScreen(Screen):
    mode = StringProperty("scan")           # scan | type | answer
    typed = StringProperty("")              # the reference code's symbols, without RSV-
    verdict = ObjectProperty(None, allownone=True)  # answer: why the code cannot check in
    check = ObjectProperty(None, allownone=True)    # answer: the CheckIn of a repeat scan
    hint = StringProperty(N_("Type the 8 characters after RSV-."))  # a msgid
    reprints_left = NumericProperty(0)
    has_card_reader = BooleanProperty(False)

    _home = None

    def on_kv_post(self, base_widget):
        self.parts = {name: Factory.get(cls)(screen=self) for name, cls in
                      (("scan", "BookingScan"), ("type", "BookingType"), ("answer", "BookingAnswer"))}
        self.parts["type"].ids.keyboard_box.add_widget(CodeKeyboard(target=self))
        self.on_mode(self, self.mode)

    def on_mode(self, screen, mode):
        holder = self.ids.holder
        if holder.children and holder.children[0] is self.parts[mode]:
            return
        holder.clear_widgets()
        holder.add_widget(self.parts[mode])

    # -- what the visitor does ----------------------------------------------------------
    def prepare(self, mode: str = "scan"):
        app = App.get_running_app()
        self.has_card_reader = getattr(app.devices, "cardreader", None) is not None
        self.show(mode)

    def show(self, mode: str):
        self.mode = mode
        if mode == "type":
            self.typed = ""
            self.hint = N_("Type the 8 characters after RSV-.")
        self._cancel_home()
        if mode == "answer":
            app = App.get_running_app()
            # a refusal is read in seconds; a number shown again stays as long as a ticket
            wait = app.ticket_screen_s if self.check is not None else ANSWER_SCREEN_S
            app.idle.soon(wait)  # back to the start, after the idle warning
            self._home = True

    def take_code(self, text: str) -> bool:
        """A scan while this screen is on show: check it in."""
        App.get_running_app().check_in(code=text)
        return True

    def take_card(self, card_id: str) -> bool:
        App.get_running_app().check_in(card_id=card_id)
        return True

    def type_text(self, char: str) -> str:
        """A key typed on a keyboard: the booking code's field takes it ("\b" deletes)."""
        if self.mode == "scan":
            self.show("type")
            App.get_running_app().keys.focus_first()  # check-in, right after the code
        if self.mode == "type" and (char == "\b" or char.strip()):
            self.parts["type"].ids.keyboard_box.children[0].press(
                "back" if char == "\b" else char.upper())
        return self.typed

    def focus_order(self) -> list:
        """Typing first: check-in right after the code (a keyboard types the code itself)."""
        from screens.focus import buttons
        items = buttons(self)
        first = self.parts["type"].ids.submit.__self__ if self.mode == "type" else None
        return ([first] if first in items else []) + [w for w in items if w is not first]

    @property
    def typed_reference(self) -> str | None:
        return parse_reference(f"{PREFIX}-{self.typed}") if len(self.typed) == DATA_LENGTH + 1 else None

    def submit_typed(self):
        reference = self.typed_reference
        if reference is None:  # the check symbol caught a typing slip: nothing looked up
            self.hint = N_("This code has a typing error: please check each character.")
            app = App.get_running_app()
            app.speech.notice(app.t(self.hint))
            return
        App.get_running_app().check_in(code=reference)

    def reprint(self):
        App.get_running_app().reprint_booked(self.check.ticket)

    # -- what the kiosk answers ---------------------------------------------------------
    def answer(self, check):
        """A code that cannot check in, or a booking checked in before."""
        repeat = check.ticket is not None
        self.check = check if repeat else None
        self.verdict = None if repeat else check.verdict
        self.reprints_left = check.reprints_left if repeat else 0
        self.show("answer")

    def on_leave(self, *args):
        self._cancel_home()

    def _cancel_home(self):
        if getattr(self, "_home", None) is not None:
            app = App.get_running_app()
            if app is not None:   # None while the app stops
                app.idle.touched()  # the usual timeout again
            self._home = None


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("booking.kv")))
