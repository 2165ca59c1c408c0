"""The screen audit (issue 15): every kiosk screen, in both themes (the high-contrast one is
also the large-text mode) and both orientations, in a real window under Xvfb.

The tour is the screenshot script's (screens.tools.screenshots), which walks every screen
with real taps: at each screen the widget tree and its canvas are checked
(tests/screens/screen_audit.py). Then, in the everyday portrait run, every screen is left
alone on a clock moved forward (all Clock events and the idle countdown, one second a
frame): a screen that goes back to the start on its own must show the idle warning for at
least 20 s first (WCAG 2.2.1).
"""

from __future__ import annotations

import time

import pytest
from kivy.clock import Clock
from kivy.core.window import Window
from screen_audit import audit

from screens import env

pytestmark = pytest.mark.ui

WARNING_S = 20
DWELL_LIMIT_S = 400      # no screen waits longer than this before going back


def advance(app, seconds: float, moved: list) -> None:
    """Move the kiosk's clocks forward: every pending Clock event and the idle countdown
    (which reads time.monotonic) come `seconds` closer. The script's watchdog stays."""
    for event in Clock.get_events():
        callback = event.get_callback()
        if callback is not None and getattr(callback, "__name__", "") == "on_watchdog":
            continue
        event._last_dt -= seconds
    app.idle.deadline -= seconds
    moved[0] += seconds


def dwell(app, setups, results):
    """Leave each screen alone until it goes back to the start; note when the warning came."""
    app.idle_timeout_s = app.settings.idle_timeout_s
    for name, setup in setups:
        app.home()
        app.idle.touched()
        yield 0.1
        setup()
        yield 0.2
        if app.current == app.start_screen:
            results.append(f"{name}: could not be opened for the dwell")
            continue
        # the kiosk's time: what the clocks were moved plus what really passed (a frame on
        # a loaded machine takes a while, and the idle countdown runs on in real time)
        moved = [0.0]
        began = time.monotonic()
        now = lambda moved=moved, began=began: moved[0] + time.monotonic() - began
        warned_at = None
        while now() < DWELL_LIMIT_S and app.current != app.start_screen:
            advance(app, 1.0, moved)
            yield 0.03
            if app.idle.showing and warned_at is None:
                warned_at = now()
            elif not app.idle.showing and app.current != app.start_screen:
                warned_at = None
        if app.current != app.start_screen:
            continue  # it waits for the visitor (none today: the idle timeout covers all)
        # the warning came at most one step (1 s and a frame) before it was seen
        warned = 0 if warned_at is None else now() - warned_at + 1
        if warned < WARNING_S:
            results.append(f"{name}: back to the start after {now():.0f} s with "
                           f"{'no' if warned_at is None else f'a {warned:.0f} s'} warning")
    app.idle_timeout_s = 3600
    app.idle.touched()


def dwell_states(app, prepared):
    """Every screen the tour opened, as it was opened, and the answers within screens."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kiosk.bookings import TOO_LATE, Verdict
    from kiosk.service import CheckIn
    from screens.exit_state import VoteSession

    states = [(name, (lambda n=name, kw=kw: app.go(n, **kw))) for name, kw in prepared.items()
              if name not in (app.start_screen, "printing")]
    late = datetime(2026, 11, 23, 9, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
    states += [
        ("booking refused", lambda: app.go("booking").answer(
            CheckIn(Verdict(False, TOO_LATE, closes_at=late, zone="WIB")))),
        ("exit thanks: which agency", lambda: app.go(
            "exit_thanks", session=VoteSession(face=4, at=1.0), kind="vote")),
        ("exit thanks: survey done", lambda: app.go("exit_thanks", kind="skm")),
    ]
    return states


@pytest.mark.parametrize("landscape,contrast", [
    (False, False), (False, True), (True, False), (True, True)],
                         ids=["portrait", "portrait-high-contrast", "landscape",
                              "landscape-high-contrast"])
def test_every_screen(landscape, contrast):
    from screens.tools import screenshots

    size = (env.PORTRAIT[1], env.PORTRAIT[0]) if landscape else env.PORTRAIT
    before = Window.size
    Window.size = size
    found: dict[str, list[str]] = {}
    prepared: dict[str, dict] = {}
    timing: list[str] = []

    def look(app, name, lang):
        if not hasattr(app, "_audit_go"):
            app._audit_go = app.go

            def go(screen, remember=True, **kwargs):
                prepared[screen] = kwargs
                return app._audit_go(screen, remember, **kwargs)
            app.go = go
        assert tuple(Window.size) == size
        for problem in audit(contrast):
            found.setdefault(problem, []).append(f"{name}-{lang}")

    def after(app):
        if not landscape and not contrast:
            yield from dwell(app, dwell_states(app, prepared), timing)

    try:
        # both languages once (English words are longer); the other runs in Indonesian
        failed = screenshots.main([], look=look, contrast=contrast, after=after,
                                  languages=("id", "en") if not (landscape or contrast) else ("id",))
    finally:
        Window.size = before
    report = [f"{problem}  [{', '.join(sorted(set(where))[:6])}]"
              for problem, where in sorted(found.items())]
    assert not report + timing, "\n".join(report + timing)
    assert failed == 0, "the UI contained exceptions"
