"""Widgets of the exit screens: the four faces (drawn on the canvas, so they stay crisp at
any size and follow the high-contrast mode), the agency chooser, the survey's progress bar
and option buttons, and a full on-screen keyboard for the suggestion and contact fields.
Their look lives in feedback_widgets.kv."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.graphics import Color, Ellipse, Line
from kivy.lang import Builder
from kivy.metrics import dp, sp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

import screens.widgets  # noqa: F401  (the shared kv rules: Page, KLabel, BigButton, Card)
from screens import theme
from screens.widgets import BigButton

# Red to green, dark enough that the white features stand out (>= 3:1 for graphics);
# the mouth tells the faces apart for visitors who do not see red and green apart.
FACE_COLOURS = {1: theme.rgba("#C62828"), 2: theme.rgba("#E65100"),
                3: theme.rgba("#558B2F"), 4: theme.rgba("#1B5E20")}


class FaceIcon(Widget):
    """A round face for a score 1 (very dissatisfied) … 4 (very satisfied)."""

    score = NumericProperty(3)
    contrast = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, score=self._draw, contrast=self._draw)
        app = App.get_running_app()
        if app is not None and hasattr(app, "contrast"):
            self.contrast = app.contrast
            app.fbind("contrast", lambda *_: setattr(self, "contrast", app.contrast))
        self._draw()

    def _draw(self, *args):
        self.canvas.clear()
        score = int(self.score) if 1 <= self.score <= 4 else 3
        r = min(self.width, self.height) / 2
        if r <= 1:
            return
        cx, cy = self.center
        ink = (1, 1, 1, 1)
        stroke = max(dp(3), r * 0.09)
        with self.canvas:
            Color(*FACE_COLOURS[score])
            Ellipse(pos=(cx - r, cy - r), size=(2 * r, 2 * r))
            if self.contrast:
                Color(1, 1, 1, 1)
                Line(circle=(cx, cy, r - stroke / 2), width=stroke / 2)
            Color(*ink)
            # eyes: upright ovals
            for side in (-1, 1):
                Ellipse(pos=(cx + side * 0.34 * r - 0.1 * r, cy + 0.08 * r),
                        size=(0.2 * r, 0.28 * r))
            if score == 1:  # worried brows, inner ends raised
                for side in (-1, 1):
                    Line(points=(cx + side * 0.52 * r, cy + 0.46 * r,
                                 cx + side * 0.18 * r, cy + 0.58 * r),
                         width=stroke / 2, cap="round")
            if score == 4:  # a wide open smile
                w, h = 1.04 * r, 0.52 * r
                Ellipse(pos=(cx - w / 2, cy - 0.22 * r - h), size=(w, 2 * h),
                        angle_start=90, angle_end=270)
            else:
                # quadratic curve: ends at (±half, y_end), pulled towards (0, y_ctrl)
                half, y_end, y_ctrl = {1: (0.42, -0.60, -0.16),
                                       2: (0.36, -0.50, -0.36),
                                       3: (0.42, -0.30, -0.70)}[score]
                Line(bezier=(cx - half * r, cy + y_end * r, cx, cy + y_ctrl * r,
                             cx + half * r, cy + y_end * r),
                     width=stroke / 2, cap="round", bezier_precision=40)


class FaceButton(ButtonBehavior, BoxLayout):
    """A face with its words under it; one of the four on the exit screen."""

    score = NumericProperty(3)
    label = StringProperty("")  # msgid
    face_size = NumericProperty(dp(180))


class AgencyChoice(GridLayout):
    """One button per agency (short name); `on_choose(agency_id)` when one is touched."""

    on_choose = ObjectProperty(None, allownone=True)
    chosen = StringProperty("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        app = App.get_running_app()
        self.buttons = {}
        for agency in app.settings.catalog.agencies:
            # tall enough for two lines, so a wrapped name keeps its row even
            button = BigButton(text=agency.short or agency.id, role="secondary",
                               font_base=sp(28), min_height=dp(112))
            button.agency_id = agency.id
            button.bind(on_release=self._pressed)
            self.buttons[agency.id] = button
            self.add_widget(button)
        self.bind(chosen=self._mark)

    def _pressed(self, button):
        if not button.disabled and self.on_choose is not None:
            self.on_choose(button.agency_id)

    def _mark(self, *args):
        for agency_id, button in self.buttons.items():
            button.role = "primary" if agency_id == self.chosen else "secondary"


class StepProgress(BoxLayout):
    """'Question 3 of 9' and a bar for the whole survey."""

    text = StringProperty("")
    fraction = NumericProperty(0)
    hidden = BooleanProperty(False)   # landscape: the step is said in the page's subtitle


class OptionButton(ButtonBehavior, BoxLayout):
    """An answer: highlighted when it is the one chosen (seen when coming back to it)."""

    text = StringProperty("")
    selected = BooleanProperty(False)
    value = ObjectProperty(None, allownone=True)
    score = NumericProperty(0)  # > 0: a small face of that score beside the words
    font_base = NumericProperty(sp(32))
    min_height = NumericProperty(dp(112))


class TextBox(ButtonBehavior, BoxLayout):
    """A text field typed on the TextKeyboard; touch it to type into it."""

    value = StringProperty("")
    hint = StringProperty("")      # shown (translated) while empty
    title = StringProperty("")     # msgid of the field's label
    focused = BooleanProperty(False)
    max_length = NumericProperty(500)
    box_height = NumericProperty(dp(110))
    tail_chars = NumericProperty(240)   # as much as the box shows: a low box, fewer

    def shown_text(self, value: str, focused: bool, tail_chars: int = 240) -> str:
        """The end of long text stays in view, where the visitor is typing."""
        keep = int(tail_chars)
        tail = value if len(value) <= keep else "…" + value[-keep:]
        return tail + ("|" if focused else "")


class TextKeyboard(GridLayout):
    """Digits, letters (one tap on ABC for a capital), space and the punctuation a phone
    number, an e-mail address or a sentence needs. Types into `target` (a TextBox).

    `wide` (landscape): four long rows across the whole width instead of five, the words on
    their keys on one line; a landscape column has no room for a fifth row."""

    target = ObjectProperty(None, allownone=True)
    shift = BooleanProperty(False)
    key_height = NumericProperty(dp(84))
    wide = BooleanProperty(False)
    ROWS = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm,.")
    # (characters, word key after them and its width in keys); the first row's and the
    # last's ends are placed in _build
    WIDE_ROWS = (("1234567890-", "back"), ("qwertyuiop@", "clear"), ("asdfghjkl,.?/+", ""),
                 ("zxcvbnm", "space"))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._build()
        self.bind(shift=self._relabel, target=self._auto_shift, key_height=self._resize,
                  wide=self._rebuild)

    def _build(self):
        from screens.widgets import _key, key_row

        self.letter_keys = []

        def char_key(char):
            key = _key(char, lambda c=char: self.press(c), font_base=sp(28 if self.wide else 32),
                       min_height=self.key_height)
            key.char = char
            if char.isalpha():
                self.letter_keys.append(key)
            return key

        words = {  # words, not arrow glyphs: the kiosk's font has no ⇧ or ⌫
            "back": lambda w: _key("", lambda: self.press("back"), msgid="Delete 1 letter",
                                   font_base=sp(28), size_hint_x=w, min_height=self.key_height),
            "clear": lambda w: _key("", lambda: self.press("clear"), msgid="Clear all",
                                    size_hint_x=w, font_base=sp(28), min_height=self.key_height),
            "space": lambda w: _key("", lambda: self.press(" "), msgid="Space", size_hint_x=w,
                                    font_base=sp(28), min_height=self.key_height),
        }
        self.shift_key = _key("ABC", lambda: self.press("shift"), font_base=sp(28),
                              size_hint_x=2 if self.wide else 1.3, min_height=self.key_height)
        if self.wide:
            for chars, word in self.WIDE_ROWS:
                row = key_row(self.key_height, dp(24))  # one line on every key: low rows
                if word == "space":
                    row.add_widget(self.shift_key)
                for char in chars:
                    row.add_widget(char_key(char))
                if word:
                    row.add_widget(words[word](5 if word == "space" else 3))
                self.add_widget(row)
        else:
            for row_keys in self.ROWS:
                row = key_row(self.key_height)
                for char in row_keys:
                    row.add_widget(char_key(char))
                if row_keys.startswith("z"):
                    row.add_widget(words["back"](2))
                self.add_widget(row)
            row = key_row(self.key_height)
            row.add_widget(self.shift_key)
            row.add_widget(_key("@", lambda: self.press("@"), font_base=sp(32),
                                min_height=self.key_height))
            row.add_widget(words["space"](4))
            row.add_widget(_key("?", lambda: self.press("?"), font_base=sp(32),
                                min_height=self.key_height))
            row.add_widget(words["clear"](1.8))
            self.add_widget(row)
        for row in self.children:
            for key in row.children:
                key.full_font = key.font_base
        self._resize()
        self._relabel()

    def _rebuild(self, *args):
        self.clear_widgets()
        self._build()

    def _resize(self, *args):
        # lower keys (landscape) need smaller letters: a BigButton grows to fit its text
        small = self.key_height < dp(80)
        for row in self.children:
            row.key_height = self.key_height   # the row scales it in the large-text mode
            for key in row.children:
                key.min_height = self.key_height
                key.font_base = sp(28) if small else key.full_font

    def _relabel(self, *args):
        for key in self.letter_keys:
            key.text = key.char.upper() if self.shift else key.char
        self.shift_key.text = "abc" if self.shift else "ABC"

    def _auto_shift(self, *args):
        """A capital to start a sentence, as phone keyboards do (not in the contact field)."""
        target = self.target
        text = target.value.rstrip(" ") if target is not None else ""
        self.shift = bool(target is not None and getattr(target, "sentences", False)
                          and (not text or text.endswith((".", "?", "!"))))

    def press(self, key: str) -> None:
        target = self.target
        if target is None:
            return
        if key == "shift":
            self.shift = not self.shift
            return
        if key == "back":
            target.value = target.value[:-1]
        elif key == "clear":
            target.value = ""
        elif len(target.value) < target.max_length:
            if key == " " and (not target.value or target.value.endswith(" ")):
                return
            target.value += key.upper() if self.shift else key
        self._auto_shift()


class SentenceBox(TextBox):
    """A TextBox for sentences: the keyboard starts them with a capital."""

    sentences = True


# Loaded last: the kv rules import names defined above.
Builder.load_file(str(Path(__file__).with_name("feedback_widgets.kv")))

