"""Drive a running kiosk from a script, with real touch events: used by the UI tests, the
screenshot script and the bench.

The script is a generator taking the app; it yields a number (seconds to wait) or a
predicate (wait until it is true, `wait_limit` seconds at most). Steps run only when no
screen transition is under way (the ScreenManager ignores touches during one). It runs as Clock
callbacks inside app.run(), and a watchdog stops the app so nothing can hang.
"""

from __future__ import annotations

import time
from pathlib import Path

from kivy.clock import Clock
from kivy.tests.common import UnitTestTouch


def tap(widget) -> None:
    """A real touch: down and up at the widget's centre, dispatched through the Window."""
    tap_at(*widget.to_window(*widget.center))


def tap_at(x: float, y: float) -> None:
    """A touch at window position (x, y) as the panel reports it: on a turned window
    ([kiosk] rotation) the panel's own coordinates, which Kivy turns back to (x, y)."""
    touch = UnitTestTouch(*_panel_position(x, y))
    touch.touch_down()
    touch.touch_up()


def press_key(name: str, modifiers: tuple = ()) -> bool:
    """A real key press as Kivy's SDL2 window delivers it: on_key_down with the keycode,
    scancode and codepoint it would pass, on_keyboard when no handler took it, on_key_up.
    `name` is Kivy's key name ("down", "enter", "f1", "a"). True if a handler took it."""
    from kivy.core.window import Keyboard, Window

    key = Keyboard.keycodes[name]
    codepoint = chr(key)   # what window_sdl2 passes for every non-modifier key
    scancode = key         # SDL's scancodes differ per layout; no handler here reads them
    taken = bool(Window.dispatch("on_key_down", key, scancode, codepoint, list(modifiers)))
    if not taken:
        Window.dispatch("on_keyboard", key, scancode, codepoint, list(modifiers))
    Window.dispatch("on_key_up", key, scancode)
    return taken


def type_keys(text: str) -> None:
    """Each letter, digit and space of `text` pressed as a key."""
    for char in text.lower():
        press_key("spacebar" if char == " " else char)


def _panel_position(x: float, y: float) -> tuple[float, float]:
    """The inverse of Kivy's MotionEvent.to_absolute_pos for the window's rotation, in the
    units UnitTestTouch takes (it divides by the turned window's size)."""
    from kivy.core.window import Window

    w, h = Window._get_effective_size()  # the size Window.on_motion scales touches by
    xm, ym = max(1, w - 1), max(1, h - 1)
    nx, ny = {0: (x / xm, y / ym), 90: (1 - y / xm, x / ym),
              180: (1 - x / xm, 1 - y / ym), 270: (y / xm, 1 - x / ym)}[Window.rotation]
    return nx * (Window.width - 1), ny * (Window.height - 1)


def _describe(predicate) -> str:
    """Where the awaited condition is written, so a timeout names the line to read."""
    code = getattr(predicate, "__code__", None)
    if getattr(predicate, "__doc__", None) or code is None:
        return predicate.__doc__ or repr(predicate)
    return f"the condition at {Path(code.co_filename).name}:{code.co_firstlineno}"


def run_script(app, script, timeout: float = 30.0, wait_limit: float = 8.0) -> None:
    """Run `app` with `script(app)`; re-raise whatever went wrong inside the script."""
    errors: list[BaseException] = []
    state = {"until": None, "deadline": 0.0, "what": ""}
    steps = script(app)

    def fail(exc):
        errors.append(exc)
        app.stop()
        return False

    def tick(dt):
        sm = getattr(app, "sm", None)
        if sm is not None and sm.transition.is_active:
            return  # a screen switch drops touches until it completes: act on settled screens
        try:
            until = state["until"]
            if until is not None and not until():
                if time.monotonic() > state["deadline"]:
                    return fail(AssertionError(f"timed out waiting for: {state['what']} "
                                               f"(screen {app.current})"))
                return
            state["until"] = None
            step = next(steps)
        except StopIteration:
            app.stop()
            return False
        except BaseException as exc:  # an assertion in the script: stop and report it
            return fail(exc)
        if isinstance(step, (int, float)):
            end = time.monotonic() + step
            state["until"], state["what"] = (lambda: time.monotonic() >= end), f"{step} s"
            state["deadline"] = end + 1
        else:
            state["until"], state["what"] = step, _describe(step)
            state["deadline"] = time.monotonic() + wait_limit

    ticking = []

    def begin(*args):
        if not ticking:
            ticking.append(True)
            Clock.schedule_interval(tick, 0.01)

    def first_frame(window, *args):
        # Widgets have their final positions only once the first frame is laid out.
        window.unbind(on_flip=first_frame)
        begin()

    def start(*args):
        from kivy.core.window import Window
        Window.bind(on_flip=first_frame)

    def guard(dt):
        # Counted on the wall clock from the loop's first tick: Kivy's Clock measures a delay
        # from its last tick, and before this app's first tick that can be the moment Kivy was
        # imported, minutes ago in a long test process (a 60 s watchdog then fired at once).
        now = time.monotonic()
        started = state.setdefault("started", now)
        if not ticking and now - started >= 1.0:
            # The first flip can come before the on_flip binding (a window reused across
            # runs in one process): start anyway after a short while.
            begin()
        if now - started >= timeout:
            sm = getattr(app, "sm", None)
            moving = bool(sm is not None and sm.transition.is_active)
            return fail(TimeoutError(
                f"watchdog after {timeout} s: screen {app.current}, waiting for "
                f"{state['what'] or 'the first step'}, ticking={bool(ticking)}, "
                f"transition active={moving}"))

    app.bind(on_start=start)
    Clock.schedule_interval(guard, 0.2)
    try:
        app.run()
    finally:
        Clock.unschedule(guard)
        Clock.unschedule(tick)
        from kivy.core.window import Window
        Window.unbind(on_flip=first_frame)
    if errors:
        raise errors[0]
