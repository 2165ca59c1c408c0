import shutil
from pathlib import Path

import pytest

from kiosk import config
from kiosk.service import LocalService

DATA = Path(__file__).with_name("data")


@pytest.fixture
def make_settings(tmp_path):
    """Copy the small test config into tmp_path, optionally in another time zone."""
    def make(timezone="Asia/Jakarta", padding=3):
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(DATA / name, tmp_path / name)
        path = tmp_path / "kiosk.toml"
        text = path.read_text().replace('"Asia/Jakarta"', f'"{timezone}"')
        path.write_text(text.replace("number_padding = 3", f"number_padding = {padding}"))
        return config.load(path)
    return make


@pytest.fixture
def make_service(make_settings):
    def make(timezone="Asia/Jakarta", **kw):
        return LocalService(make_settings(timezone, **kw))
    return make
