"""A small amber mark in the top-left corner (where staff tap to open their panel) while the
printer's roll is running low: staff walking past see it; a visitor sees a dot, no alarm."""

from __future__ import annotations

from kivy.app import App
from kivy.graphics import Color, Ellipse
from kivy.metrics import dp
from kivy.uix.widget import Widget

AMBER = (0.96, 0.62, 0.04, 1)  # #F59E0B


class StaffMark(Widget):
    takes_no_focus = True     # a mark for staff over the screen, never a key-navigation target

    def __init__(self, **kwargs):
        super().__init__(size_hint=(None, None), size=(dp(34), dp(34)),
                         pos_hint={"x": 0.008, "top": 0.995}, **kwargs)
        with self.canvas:
            Color(*AMBER)
            self._dot = Ellipse()
            Color(1, 1, 1, 1)
            self._roll = Ellipse()  # the end of a paper roll: white, thin ...
            Color(*AMBER)
            self._core = Ellipse()  # ... around the core
        self.bind(pos=self._redraw, size=self._redraw)
        app = App.get_running_app()
        app.bind(printer_state=self._show)
        self._show(app, app.printer_state)

    def _redraw(self, *_):
        self._dot.pos, self._dot.size = self.pos, self.size
        for part, share in ((self._roll, 0.56), (self._core, 0.26)):
            part.size = (self.width * share, self.height * share)
            part.pos = (self.x + (self.width - part.size[0]) / 2,  # not center_x: it may
                        self.y + (self.height - part.size[1]) / 2)  # lag behind pos here

    def _show(self, app, state):
        self.opacity = 1 if state == "paper_near_end" else 0
