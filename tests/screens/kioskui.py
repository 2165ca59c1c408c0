"""Helpers for the UI tests (imported by conftest.py and the test modules)."""

from screens.tools.scripted import run_script, tap, tap_at  # noqa: F401


def page(screen):
    """The Page frame of a screen: its header and footer widgets are in page(screen).ids."""
    return screen.children[0]


def drive(app, script, timeout: float = 30.0):
    """Run the app with the script; afterwards the UI must not have swallowed any exception."""
    run_script(app, script, timeout)
    assert not app.crashes, f"the UI contained exceptions: {app.crashes!r}"
