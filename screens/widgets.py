"""Shared widgets: the page frame (header, title, footer), big buttons, cards, the spinner,
the on-screen keyboards. Their look lives in widgets.kv."""

from __future__ import annotations

from pathlib import Path

from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.metrics import dp, sp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget


class KLabel(Label):
    """Body text: wraps to its width and grows to fit, sized for reading at arm's length.
    Set `font_base` (not font_size): the large-text mode scales it."""

    font_base = NumericProperty(sp(28))


class BigButton(ButtonBehavior, Label):
    """A touch target at least 104 dp tall; `role` is primary or secondary.
    Set `font_base` and `min_height` (not font_size/height): the large-text mode scales them."""

    role = StringProperty("primary")
    font_base = NumericProperty(sp(34))
    min_height = NumericProperty(dp(104))


class Card(BoxLayout):
    pass


class PagePart(BoxLayout):
    """The header, title, body and footer of a Page (everything else goes into the body)."""


class Page(BoxLayout):
    """Header with the MPP name and clock, a title, the screen's body, and a footer with
    Back / Home and the language and contrast switches. Children given in a screen's kv
    go into the body."""

    title = StringProperty("")
    subtitle = StringProperty("")
    show_back = BooleanProperty(True)
    show_footer = BooleanProperty(True)
    # False where the screen's own main action already goes back to the start (ticket,
    # printer failed): one "Back to start" on a screen, not two
    show_home = BooleanProperty(True)
    # the help button sits beside the title; where the footer has no Back, in Back's place
    title_help = BooleanProperty(True)

    def on_kv_post(self, base_widget):
        self.fbind("show_back", self._place_help)
        self.fbind("show_footer", self._place_help)
        self._place_help()

    def _place_help(self, *args):
        self.title_help = not (self.show_footer and not self.show_back)

    def add_widget(self, widget, *args, **kwargs):
        if not isinstance(widget, PagePart) and "body" in self.ids:
            return self.ids.body.add_widget(widget, *args, **kwargs)
        return super().add_widget(widget, *args, **kwargs)


class HelpButton(BigButton):
    """On every screen: the MPP's contacts (screens/help.py) over the screen on show."""

    def on_release(self):
        from screens.help import show_help  # here: the overlay is built when first asked for
        show_help()


class BusySpinner(Widget):
    """A turning arc while the printer works.

    Driven by a Clock interval, not kivy.animation: Animation.cancel_all(widget) in Kivy 2.3
    also stops the clocks of unrelated animations, which can freeze a screen transition and
    with it every touch."""

    angle = NumericProperty(0)
    _event = None

    def start(self):
        self.stop()
        self._event = Clock.schedule_interval(self._turn, 1 / 30)

    def _turn(self, dt):
        self.angle = (self.angle + 330 * dt) % 360

    def stop(self):
        if self._event is not None:
            self._event.cancel()
            self._event = None


class CheckItem(BoxLayout):
    """One requirement of the standar pelayanan, shown with a check box."""

    texts = ObjectProperty({})


class KeyRow(BoxLayout):
    """A keyboard row as tall as its tallest key wants to be, in the large-text mode too
    (keys grow by app.scale, a word on a key may wrap to two lines); its keys fill it. A row
    that did not follow would let a key's bottom press the key below."""

    key_height = NumericProperty(dp(96))
    text_room = NumericProperty(dp(36))   # above and below a key's words together

    def __init__(self, **kwargs):
        from kivy.app import App

        kwargs.setdefault("spacing", dp(12))  # at least 12 dp between keys
        super().__init__(size_hint_y=None, **kwargs)
        self.app = App.get_running_app()
        self.app.fbind("scale", self.fit)
        self.bind(key_height=self.fit)
        self.fit()

    def add_widget(self, widget, *args, **kwargs):
        widget.size_hint_y = 1
        widget.bind(texture_size=self.fit)
        super().add_widget(widget, *args, **kwargs)
        self.fit()

    def fit(self, *args):
        wanted = [self.key_height * self.app.scale]
        wanted += [k.texture_size[1] + self.text_room for k in self.children]
        self.height = max(wanted)


def key_row(key_height: float, text_room: float = dp(36)) -> KeyRow:
    return KeyRow(key_height=key_height, text_room=text_room)


def _key(text: str, on_press, msgid: str = "", **kwargs) -> BigButton:
    """A keyboard key; keys with a word on them (msgid) follow the visitor's language."""
    from kivy.app import App

    button = BigButton(text=text, role=kwargs.pop("role", "secondary"), **kwargs)
    if msgid:
        app = App.get_running_app()
        button.text = app.t(msgid)
        app.fbind("lang", lambda *_: setattr(button, "text", app.t(msgid)))
    button.bind(on_release=lambda *_: on_press())
    return button


class LetterKeyboard(GridLayout):
    """A big A-Z keyboard for the agency search; no system keyboard ever appears.
    Landscape: three rows of nine letters and the word keys under them (a landscape column
    has no room for five rows)."""

    target = ObjectProperty(None, allownone=True)  # object with a `query` string property
    ROWS = ("ABCDEFG", "HIJKLMN", "OPQRSTU", "VWXYZ")
    WIDE_ROWS = ("ABCDEFGHI", "JKLMNOPQR", "STUVWXYZ")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        from kivy.app import App
        app = App.get_running_app()
        app.fbind("landscape", self._build)
        self._build(app, app.landscape)

    def _build(self, app, landscape):
        self.clear_widgets()
        height = dp(84) if landscape else dp(96)

        def word(msgid, key, width, **kwargs):
            return _key("", lambda: self.press(key), msgid=msgid, size_hint_x=width,
                        font_base=sp(28), min_height=height, **kwargs)

        for letters in self.WIDE_ROWS if landscape else self.ROWS:
            row = key_row(height)
            for letter in letters:
                row.add_widget(_key(letter, lambda k=letter: self.press(k), font_base=sp(38),
                                    min_height=height))
            if landscape and len(letters) < 9:
                row.add_widget(Label(size_hint_x=9 - len(letters)))  # the keys keep one size
            elif len(letters) < 7:  # keep the last row's keys the same size as the others
                row.add_widget(word("Delete 1 letter", "back", 2))
            self.add_widget(row)
        row = key_row(height)
        row.add_widget(word("Space", "space", 3))
        if landscape:
            row.add_widget(word("Delete 1 letter", "back", 2))
        row.add_widget(word("Clear all", "clear", 2))
        row.add_widget(word("Done", "done", 2, role="primary"))
        self.add_widget(row)

    def press(self, key: str) -> None:
        if self.target is None:
            return
        if key == "done":
            self.target.keyboard_open = False
        elif key == "back":
            self.target.query = self.target.query[:-1]
        elif key == "clear":
            self.target.query = ""
        elif key == "space":
            if self.target.query and not self.target.query.endswith(" "):
                self.target.query += " "
        elif len(self.target.query) < 30:
            self.target.query += key


class PinPad(GridLayout):
    """Digits for the staff PIN; the entered digits are only ever shown as dots.

    Portrait: the phone's 3 x 4. Landscape: 4 x 3, the two word keys in a fourth column
    (1 2 3 / 4 5 6 / 7 8 9 with the words and 0 beside them), so the pad stays in a
    landscape column's height."""

    pin = StringProperty("")
    max_length = NumericProperty(12)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.keys = {key: _key(key, lambda k=key: self.press(k), font_base=sp(44))
                     for key in "1234567890"}
        self.keys["clear"] = _key("", lambda: self.press("clear"), msgid="Clear all",
                                  font_base=sp(28))
        self.keys["back"] = _key("", lambda: self.press("back"), msgid="Delete 1 digit",
                                 font_base=sp(28))
        from kivy.app import App
        app = App.get_running_app()
        app.fbind("landscape", self._fit)
        self._fit(app, app.landscape)

    PORTRAIT = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back")
    LANDSCAPE = ("1", "2", "3", "back", "4", "5", "6", "clear", "7", "8", "9", "0")

    def _fit(self, app, landscape):
        """Three rows in landscape, where the pad shares 1080 px with the header and footer;
        all as tall as a word key's two lines, so the rows line up."""
        self.clear_widgets()
        self.cols = 4 if landscape else 3
        for name in self.LANDSCAPE if landscape else self.PORTRAIT:
            key = self.keys[name]
            key.min_height = dp(112) if landscape else dp(104)
            self.add_widget(key)

    def press(self, key: str) -> None:
        if key == "back":
            self.pin = self.pin[:-1]
        elif key == "clear":
            self.pin = ""
        elif len(self.pin) < self.max_length:
            self.pin += key


def qr_texture(data: str) -> Texture:
    """A QR code as a crisp Kivy texture (one texel per module, scaled with 'nearest')."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    # Kivy textures start at the bottom row: reverse the rows instead of flipping later.
    # RGBA keeps every row 4-byte aligned whatever the QR version.
    pixels = b"".join(b"\x00\x00\x00\xff" if dark else b"\xff\xff\xff\xff"
                      for row in reversed(matrix) for dark in row)
    texture = Texture.create(size=(size, size), colorfmt="rgba")
    texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
    texture.mag_filter = "nearest"
    texture.min_filter = "nearest"
    return texture


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("widgets.kv")))
