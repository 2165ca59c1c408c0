"""The display's window tests run landscape 1920x1080 like a hall TV (see tests/conftest.py
for the virtual display), each in a pytest process of its own.

A Kivy window, its Clock and the keyboard bindings on it belong to the process: a kiosk
test run earlier in the same process (speech mode, key navigation) leaves its window size
and bindings behind, and the board test then failed depending on the order. So every `ui`
test of this folder is run again in a fresh `python -m pytest NODEID` (with
ANJUNGAN_TEST_OWN_PROCESS set to its id, where it runs as usual), and its outcome is this
test's outcome, whatever ran before it.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from screens import env

env.prepare(windowed=True, reproducible=True, size=(1920, 1080))

OWN_PROCESS = "ANJUNGAN_TEST_OWN_PROCESS"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if os.environ.get(OWN_PROCESS):
        return
    for item in items:
        if item.get_closest_marker("ui") and Path(str(item.fspath)).resolve().parent == HERE:
            item.runtest = _in_own_process(item)


def _in_own_process(item):
    def run():
        done = subprocess.run(
            [sys.executable, "-m", "pytest", item.nodeid, "-q", "-p", "no:cacheprovider"],
            cwd=item.config.rootpath, env={**os.environ, OWN_PROCESS: item.nodeid},
            capture_output=True, text=True, timeout=900)
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-60:])
        if done.returncode == 0 and " skipped" in tail and " passed" not in tail:
            pytest.skip(f"skipped in its own process:\n{tail}")
        if done.returncode != 0:
            pytest.fail(f"{item.nodeid} in its own process:\n{tail}", pytrace=False)
    return run
