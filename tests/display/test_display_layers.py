"""The board's and the voice's core stay core: no Kivy, devices or screens imported."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_modules_import_no_ui_or_devices():
    code = ("import sys, kiosk.voice, kiosk.display.board, kiosk.display.feed, "
            "kiosk.display.controller, kiosk.cli.voice, kiosk.cli.display\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'kivy', 'screens', 'devices', 'serial', 'fastapi', 'uvicorn'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
