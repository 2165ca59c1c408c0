"""Kivy settings that must be in place before the first `import kivy`.

Kivy reads its environment and Config at import time, so the kiosk, the tests, the bench
and the screenshot script all call `prepare()` first. Kiosk mode (borderless full screen,
no cursor, Esc ignored, no multitouch emulation) is on unless `windowed` is asked for.
"""

from __future__ import annotations

import os
import sys
import tempfile

PORTRAIT = (1080, 1920)


def prepare(windowed: bool = False, size: tuple[int, int] = PORTRAIT, rotation: int = 0,
            reproducible: bool = False) -> None:
    """Set Kivy's environment and Config. `reproducible` pins dp/sp for tests and screenshots.
    `rotation` ([kiosk] rotation) turns the picture and the touches by that many degrees."""
    if "kivy" in sys.modules and "kivy.config" in sys.modules:
        _apply_config(windowed, size, rotation)  # a second app in the same process
        return
    os.environ.setdefault("KIVY_NO_ARGS", "1")          # `kiosk run --simulate` is ours, not Kivy's
    os.environ.setdefault("KIVY_NO_CONFIG", "1")        # never write ~/.kivy/config.ini
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")    # Kivy logs go through `logging`
    os.environ.setdefault("KIVY_HOME", os.path.join(tempfile.gettempdir(), "anjungan-kivy"))
    if reproducible:
        os.environ["KIVY_METRICS_DENSITY"] = "1"
        os.environ["KIVY_DPI"] = "96"
        os.environ["KIVY_METRICS_FONTSCALE"] = "1"
    _apply_config(windowed, size, rotation)


def prewarm_translations() -> None:
    """Parse the .po catalogs on a thread while Kivy opens its window (SDL and GL set-up
    spend most of that time outside the GIL), so the first frame does not wait for them."""
    import threading

    def load():
        from kiosk.i18n import LANGUAGES, catalog
        for lang in LANGUAGES:
            catalog(lang)

    threading.Thread(target=load, name="prewarm-i18n", daemon=True).start()


def _apply_config(windowed: bool, size: tuple[int, int], rotation: int) -> None:
    from kivy.config import Config

    # `size` is what the screens lay out in; a turned picture needs a window turned the
    # other way (a portrait kiosk on a landscape panel: a 1920x1080 window, rotation 90).
    width, height = size[::-1] if rotation in (90, 270) else size
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "rotation", str(rotation))
    Config.set("graphics", "allow_screensaver", "0")
    Config.set("graphics", "resizable", "1" if windowed else "0")
    if windowed:
        Config.set("graphics", "fullscreen", "0")
        Config.set("graphics", "borderless", "0")
        Config.set("graphics", "show_cursor", "1")
    else:
        Config.set("graphics", "fullscreen", "auto")
        Config.set("graphics", "borderless", "1")
        Config.set("graphics", "show_cursor", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "keyboard_mode", "")  # our own on-screen keyboard, never the system one
    Config.set("input", "mouse", "mouse,disable_multitouch")
