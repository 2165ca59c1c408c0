"""Fixtures for the hub tests; the helpers live in hub_support (a unique module name,
so other folders' conftest modules never shadow them)."""

import pytest

from hub_support import Hub


@pytest.fixture
def hub(tmp_path):
    h = Hub(tmp_path)
    h.start()
    yield h
    if h.proc and h.proc.poll() is None:
        h.kill()
