"""Window tests that must not share a process: a Kivy window, its Clock and the bindings on
it belong to the process, and what one app leaves behind (window size, key bindings, a
stopped app's scheduled events) can make a later test fail depending on the order. A
folder's conftest calls `run_alone(items, folder)`: every `ui` test of that folder is run
again in a fresh `python -m pytest NODEID` (with ANJUNGAN_TEST_OWN_PROCESS set, where it
runs as usual), and that outcome is the test's outcome."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

OWN_PROCESS = "ANJUNGAN_TEST_OWN_PROCESS"


def run_alone(items, folder: Path) -> None:
    if os.environ.get(OWN_PROCESS):
        return
    for item in items:
        if item.get_closest_marker("ui") and Path(str(item.fspath)).resolve().parent == folder:
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
