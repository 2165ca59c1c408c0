"""The display's window tests run landscape 1920x1080 like a hall TV (see tests/conftest.py
for the virtual display), each in a pytest process of its own.

A Kivy window, its Clock and the keyboard bindings on it belong to the process: a kiosk
test run earlier in the same process (speech mode, key navigation) leaves its window size
and bindings behind, and the board test then failed depending on the order. So every `ui`
test of this folder is run again in a fresh `python -m pytest NODEID` (with
ANJUNGAN_TEST_OWN_PROCESS set to its id, where it runs as usual), and its outcome is this
test's outcome, whatever ran before it.
"""

from pathlib import Path

from own_process import run_alone
from screens import env

env.prepare(windowed=True, reproducible=True, size=(1920, 1080))

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    run_alone(items, HERE)
