"""A real kiosk window driven by real touch events.

`kiosk_factory` copies the small test config into tmp_path, opens the service with a fixed
clock inside opening hours (Monday 23 November 2026, 10:00 WIB) and a simulated printer,
and returns a KioskApp. `drive(app, script)` runs the app and feeds it the script: a
generator that yields a number (seconds to wait) or a predicate (wait until true, 8 s max),
with a watchdog so a stuck UI fails instead of hanging.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screens import env

env.prepare(windowed=True, reproducible=True)


from kioskui import OPEN_MONDAY  # noqa: E402,F401  (the kiosk tests' clock)

from devices.factory import open_devices  # noqa: E402
from kiosk import config  # noqa: E402
from kiosk.service import LocalService  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "kiosk" / "data"
TEST_PIN = "246810"
PIN_HASH = ("pbkdf2_sha256$200000$109d74f21f73246404d725cb6c65c1d7$"
            "d4a6938c571517525239060bcf8769e2af268faad5371f7e74110cdea04bc721")


@pytest.fixture
def kiosk_factory(tmp_path):
    opened = []

    def make(clock=lambda: OPEN_MONDAY, printer=True, extra_toml: str = "", kiosk_lines: str = "",
             **app_kwargs):
        from screens.app import KioskApp

        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(DATA / name, tmp_path / name)
        path = tmp_path / "kiosk.toml"
        # A loaded CI machine can keep the in-process virtual printer from answering a status
        # query within the 200 ms a real printer gets: these tests are about the screens, so
        # give it 2 s (dead-printer detection is tested in tests/devices).
        text = path.read_text().replace(
            'driver = "none"',
            'driver = "simulated"\nstatus_timeout_ms = 2000' if printer else 'driver = "none"')
        text = text.replace("[kiosk]\n", f"[kiosk]\n{kiosk_lines}\n")  # keys of [kiosk]
        text += f'\n[staff]\npin_hash = "{PIN_HASH}"\nmax_attempts = 3\nlockout_s = 60\n'
        text += extra_toml
        path.write_text(text)
        settings = config.load(path)
        service = LocalService(settings, clock=clock)
        devices = open_devices(settings.devices, tmp_path / "sim")
        opened.append((devices, service))
        app_kwargs.setdefault("transitions", False)
        app = KioskApp(settings, service, devices, **app_kwargs)
        return app

    yield make
    for devices, service in opened:
        devices.close()
        service.store.close()
