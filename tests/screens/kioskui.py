"""Helpers for the UI tests (imported by conftest.py and the test modules)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from screens.tools.scripted import run_script, tap, tap_at  # noqa: F401

# The kiosk tests' clock: Monday 23 November 2026, 10:00 WIB, inside opening hours. Here,
# not in conftest.py: `from conftest import …` finds another folder's conftest when
# tests/screens and tests/display run in one process.
OPEN_MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def page(screen):
    """The Page frame of a screen: its header and footer widgets are in page(screen).ids."""
    return screen.children[0]


# How long one step may wait for its condition. Generous on purpose: these tests assert what
# a person sees, not how fast (bench/ holds the speed figures), and a loaded machine is slow
# without being wrong; a condition that never comes true still fails.
WAIT_LIMIT_S = 30.0


def drive(app, script, timeout: float = 60.0):
    """Run the app with the script; afterwards the UI must not have swallowed any exception."""
    run_script(app, script, max(timeout, 2 * WAIT_LIMIT_S), wait_limit=WAIT_LIMIT_S)
    assert not app.crashes, f"the UI contained exceptions: {app.crashes!r}"
