"""`kiosk run`: the kiosk window, its devices and its service, put together.

Kivy's settings must be in place before its first import, so this module imports Kivy (and
every screen) only inside `run_kiosk`, after screens.env.prepare().
"""

from __future__ import annotations

import logging
import sys

from kiosk import config as config_mod
from kiosk.ops.errors import DiskFull
from kiosk.service import StoreError
from screens import env

log = logging.getLogger(__name__)


def simulated(devices_config: dict) -> dict:
    """The [devices] tables with every device switched to its simulator."""
    out = {name: dict(section) for name, section in devices_config.items()
           if isinstance(section, dict)}
    for name in ("printer", "scanner", "cardreader"):
        out.setdefault(name, {})["driver"] = "simulated"
    return out


def run_kiosk(config_path, simulate: bool = False, windowed: bool = False) -> int:
    """Start the kiosk; returns the process exit code (0 after staff leave kiosk mode)."""
    windowed = windowed or simulate  # the simulated kiosk is for a desk, in a window
    env.prewarm_translations()
    try:
        settings = config_mod.load(config_path)
    except config_mod.ConfigError as exc:
        env.prepare(windowed=windowed, rotation=config_mod.peek_rotation(config_path))
        lines = [str(p) for p in exc.problems]
        print(f"The configuration has {len(lines)} problem(s):", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        return show_problem("The kiosk configuration has problems", lines)
    env.prepare(windowed=windowed, rotation=settings.rotation)

    from kiosk.service import open_service

    try:
        service = open_service(settings)
        try:
            for ticket in service.recover_interrupted() if hasattr(service, "recover_interrupted") else ():
                log.warning("ticket %s was left printing by a restart: now not printed", ticket.number)
        except DiskFull as exc:      # start anyway: staff can still read; issuing says why not
            log.error("%s", exc)
    except StoreError as exc:
        print(f"store: {exc}", file=sys.stderr)
        return show_problem("The kiosk cannot open its ticket store", [str(exc)])

    from devices.factory import open_devices

    devices_config = simulated(settings.devices) if simulate else settings.devices
    try:
        devices = open_devices(devices_config)
    except (ValueError, OSError) as exc:
        print(f"devices: {exc}", file=sys.stderr)
        return show_problem("The kiosk cannot open its devices", [str(exc)])
    if "printer" in devices.simulators:
        print(f"Virtual printer: each ticket is saved as a PNG in {devices.simulators['printer'].out_dir}",
              flush=True)
    if devices.simulate_dir is not None:
        print(f"Simulated devices: scanner and card reader inboxes in {devices.simulate_dir}",
              flush=True)

    from screens.app import KioskApp

    try:
        KioskApp(settings, service, devices, allow_close=windowed).run()
    finally:
        devices.close()
    return 0


def show_problem(title: str, lines: list[str]) -> int:
    """A plain screen with the problem, so the person at the kiosk sees why it is not
    running (and the same text went to the console). Returns exit code 1."""
    from screens.problem import ProblemApp

    ProblemApp(title=title, lines=lines).run()
    return 1
