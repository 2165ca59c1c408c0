"""Key navigation: a focus ring, a focus order per screen, and keys that move and press.

Works with or without speech (a keyboard or the tactile keypad drives every screen). The
order is the screen's `focus_order()` where it has one (a list of widgets), else every
visible button of the screen (or of the overlay on top: help, idle warning) in reading
order, top to bottom and left to right. Up/Down (and the keypad map's other keys) move,
Enter presses, Back goes back a screen — never out of kiosk mode. Letters and digits typed
on a keyboard go to a screen that takes text (`type_text`), like the booking code and the
need search.
"""

from __future__ import annotations

import logging

from kivy.clock import Clock
from kivy.core.window import Keyboard, Window
from kivy.graphics import Color, InstructionGroup, Line
from kivy.metrics import dp
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

log = logging.getLogger(__name__)
KEY_NAMES = {code: name for name, code in Keyboard.keycodes.items()}
# black, a broad yellow, black (pad, width in dp): a dark band shows on the light theme,
# the yellow one on the black high-contrast theme and against its yellow buttons
RING = (((0, 0, 0, 1), 3, 2), ((1, 0.83, 0, 1), 8, 4), ((0, 0, 0, 1), 13, 2))


def key_name(key: int, codepoint: str | None) -> str:
    name = KEY_NAMES.get(key, "")
    return name or (codepoint or "").lower()


def shown(widget, top) -> bool:
    """Drawn and large enough to see, up to `top` (opacity 0 or a zero size hides)."""
    w = widget
    while w is not None and w is not top:
        if w.opacity < 0.05 or w.width < 2 or w.height < 2:
            return False
        if w.parent is w:   # the Window is its own parent: `top` is not above this widget
            return False
        w = w.parent
    return w is top


def reading_order(widgets):
    def where(w):
        x, y = w.to_window(w.x, w.top)
        return (-round(y / dp(24)), x)
    return sorted(widgets, key=where)


def buttons(scope) -> list:
    found = []

    def walk(w):
        for child in reversed(w.children):  # children are kept last-added first
            if isinstance(child, ButtonBehavior):
                if shown(child, scope):
                    found.append(child)
                continue  # a button's own parts are not separate stops
            walk(child)
    walk(scope)
    return reading_order(found)


def texts_of(widget) -> list[str]:
    """The text a widget shows: its own, or its labels' in reading order."""
    if isinstance(widget, Label):
        return [widget.text] if widget.text.strip() else []
    labels = [w for w in widget.walk(restrict=True) if isinstance(w, Label) and w.text.strip()
              and w.opacity > 0.05]
    return [w.text for w in reading_order(labels)]


def body_texts(scope) -> list[str]:
    """Labels that are not on a button, in reading order (what a screen says)."""
    found = []

    def walk(w):
        for child in w.children:
            if isinstance(child, ButtonBehavior) or not shown(child, scope):
                continue
            if isinstance(child, Label):
                if child.text.strip():
                    found.append(child)
            else:
                walk(child)
    walk(scope)
    return [w.text for w in reading_order(found)]


class FocusRing:
    """The focused widget and the ring drawn around it (in the app root's canvas.after)."""

    def __init__(self, app, root):
        self.app = app
        self.widget = None
        self._group = InstructionGroup()
        root.canvas.after.add(self._group)
        self._event = Clock.schedule_interval(self._draw, 1 / 20)

    def set(self, widget) -> None:
        self.widget = widget
        if widget is not None:
            _scroll_into_view(widget)
        self._draw()

    def clear(self) -> None:
        self.set(None)

    def _draw(self, *args):
        self._group.clear()
        w = self.widget
        if w is None or w.get_root_window() is None or not shown(w, _root_of(w)):
            return
        x, y = w.to_window(w.x, w.y)
        for colour, pad, width in RING:
            pad = dp(pad)
            self._group.add(Color(*colour))
            self._group.add(Line(rectangle=(x - pad, y - pad, w.width + 2 * pad,
                                            w.height + 2 * pad), width=dp(width)))

    def stop(self):
        self._event.cancel()
        self._group.clear()


def _root_of(widget):
    w = widget
    while w.parent is not None and w.parent is not w:
        w = w.parent
    return w


def _scroll_into_view(widget) -> None:
    w = widget.parent
    while w is not None and w.parent is not w:
        if isinstance(w, ScrollView):
            try:
                w.scroll_to(widget, padding=dp(20), animate=False)
            except Exception:  # noqa: BLE001 - a widget not inside its content: leave it
                log.debug("could not scroll to %r", widget)
            return
        w = w.parent


class KeyNavigator:
    """Window key handler: keypad actions, typed text, and the focus ring."""

    def __init__(self, app, root):
        self.app = app
        self.keypad = app.settings.keypad
        self.ring = FocusRing(app, root)
        self._screen = None
        Window.bind(on_key_down=self._on_key_down)

    def stop(self):
        Window.unbind(on_key_down=self._on_key_down)
        self.ring.stop()

    # -- what can be focused ---------------------------------------------------------------
    def scope(self):
        # The top-most overlay (help, idle warning) that lies over the screen; marks drawn
        # over it for staff (the paper-roll mark) take no focus and are passed over.
        for child in self.app.root.children:          # top first
            if child is self.app.sm:
                break
            if not getattr(child, "takes_no_focus", False):
                return child
        return self.app.sm.current_screen

    def order(self) -> list:
        scope = self.scope()
        custom = getattr(scope, "focus_order", None)
        items = custom() if custom is not None else buttons(scope)
        return [w for w in items if w is not None]

    def position(self) -> tuple[int, int]:
        items = self.order()
        w = self.ring.widget
        return (items.index(w) + 1 if w in items else 0), len(items)

    def focus_first(self):
        items = self.order()
        self.ring.set(items[0] if items else None)
        return self.ring.widget

    def move(self, step: int):
        items = self.order()
        if not items:
            self.ring.clear()
            return None
        w = self.ring.widget
        if w not in items:
            index = 0 if step > 0 else len(items) - 1
        else:
            index = (items.index(w) + step) % len(items)
        self.ring.set(items[index])
        return self.ring.widget

    # -- keys -------------------------------------------------------------------------------
    def _on_key_down(self, window, key, scancode, codepoint, modifiers):
        name = key_name(key, codepoint)
        action = self.keypad.action(name)
        if name == "tab" and "shift" in (modifiers or ()):
            action = "up"
        if action is None and name in ("backspace",) and hasattr(self.scope(), "type_text"):
            self.app.idle.touched()
            self.app.speech.typed("\b", self.scope().type_text("\b"))
            return True
        if action is None and len(name) == 1 and name.isalnum() \
                and not modifiers_with_ctrl(modifiers):
            # a letter or digit (SDL's codepoint for other keys is chr(keycode): not text)
            target = self.scope()
            if hasattr(target, "type_text"):
                self.app.idle.touched()
                self.app.speech.typed(name, target.type_text(name))
                return True
        if action is None:
            return False
        if self.app.idle.touched():
            self.app.speech.key("dismissed")
            return True      # the key only dismissed the idle warning (more time)
        if self.scope() is not self._screen:
            self._screen = self.scope()
            if self.ring.widget is not None and self.ring.widget not in self.order():
                self.ring.clear()
        if self.app.speech.key(action or name):
            return True      # the key started speech mode, or changed the volume, or Help
        if action == "up":
            self.move(-1)
        elif action == "down":
            self.move(1)
        elif action == "enter":
            self.press()
        elif action == "back":
            self.back()
        if action in ("up", "down") and self.ring.widget is not None:
            self.app.speech.focused(self.ring.widget, *self.position())
        return True

    def press(self):
        w = self.ring.widget
        if w is None or w not in self.order():
            w = self.focus_first()
            if w is not None:
                self.app.speech.focused(w, *self.position())
            return
        if w.disabled:
            self.app.speech.focused(w, *self.position())
            return
        w.trigger_action(0)

    def back(self):
        from screens.help import help_showing, hide_help
        if help_showing(self.app):
            hide_help(self.app)
            return
        if self.app.current != self.app.start_screen:
            self.app.back()

    def screen_changed(self):
        """A new screen: the ring starts on its first item (with speech: after the intro)."""
        self._screen = None
        self.ring.clear()


def modifiers_with_ctrl(modifiers) -> bool:
    return any(m in ("ctrl", "alt", "meta") for m in (modifiers or ()))
