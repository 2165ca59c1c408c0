"""Suite-wide set-up: Kivy's environment before any Kivy import, and a virtual display.

Kivy reads its environment when first imported, so this runs before test modules load.
When no DISPLAY is set (CI, a fresh machine) an Xvfb server is started for the session;
`python3 -m kiosk.dev test` installs Xvfb and Mesa.
"""

import os
import shutil
import subprocess
import tempfile
import time

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONFIG", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="anjungan-kivy-"))
os.environ["KIVY_METRICS_DENSITY"] = "1"
os.environ["KIVY_DPI"] = "96"
os.environ["KIVY_METRICS_FONTSCALE"] = "1"

_xvfb = None


def _start_xvfb() -> None:
    global _xvfb
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return
    for number in range(91, 120):
        if os.path.exists(f"/tmp/.X11-unix/X{number}") or os.path.exists(f"/tmp/.X{number}-lock"):
            continue
        proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "2000x2000x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            if os.path.exists(f"/tmp/.X11-unix/X{number}"):
                os.environ["DISPLAY"] = f":{number}"
                _xvfb = proc
                return
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.kill()


def pytest_configure(config):
    _start_xvfb()


def pytest_unconfigure(config):
    if _xvfb is not None:
        _xvfb.terminate()
        _xvfb.wait(timeout=5)
