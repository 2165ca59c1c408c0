"""A small amber mark in the top-left corner (where staff tap to open their panel) while the
printer's roll is running low: staff walking past see it; a visitor sees a dot, no alarm."""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Ellipse, Rectangle
from kivy.metrics import dp
from kivy.uix.widget import Widget

AMBER = (0.96, 0.62, 0.04, 1)  # #F59E0B


class StaffMark(Widget):
    def __init__(self, **kwargs):
        super().__init__(size_hint=(None, None), size=(dp(34), dp(34)),
                         pos_hint={"x": 0.008, "top": 0.995}, **kwargs)
        with self.canvas:
            self._colour = Color(*AMBER)
            self._dot = Ellipse()
            Color(1, 1, 1, 1)
            self._roll = Rectangle()  # a white bar: the last of the paper roll
        self.bind(pos=self._redraw, size=self._redraw)
        app = App.get_running_app()
        app.bind(printer_state=self._show)
        self._show(app, app.printer_state)

    def _redraw(self, *_):
        self._dot.pos, self._dot.size = self.pos, self.size
        self._roll.pos = (self.x + self.width * 0.3, self.y + self.height * 0.44)
        self._roll.size = (self.width * 0.4, self.height * 0.12)

    def _show(self, app, state):
        self.opacity = 1 if state == "paper_near_end" else 0
