import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import config

from ops_support import DATA
from own_process import run_alone


def pytest_collection_modifyitems(config, items):
    # The ops window tests (the problem screen, the watchdog) stop their apps in ways a
    # kiosk test run after them in the same process must not inherit.
    run_alone(items, Path(__file__).resolve().parent)


@pytest.fixture
def kiosk_dir(tmp_path):
    """A kiosk folder: the small test config with its store beside it."""
    def make(folder: Path = tmp_path, store_lines: str = "") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(DATA / name, folder / name)
        if store_lines:
            path = folder / "kiosk.toml"
            path.write_text(path.read_text().replace(
                'path = "store.sqlite3"', 'path = "store.sqlite3"\n' + store_lines))
        return folder / "kiosk.toml"
    return make


@pytest.fixture
def settings_at(kiosk_dir):
    def make(*args, **kw):
        return config.load(kiosk_dir(*args, **kw))
    return make


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs (as root): a disk that really fills up. Skipped where mount is refused."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)
