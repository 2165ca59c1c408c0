"""The `kiosk doctor` checks for the running kiosk's staff panel (screens.staff_doctor).

The same measurements as the command (kiosk.cli.ops.checks_before_devices), except the
devices: the kiosk holds its serial ports, so the printer, scanner and card reader are
asked through the very objects the kiosk has open instead of being opened again.
Blocking (files, subprocesses, HTTP): call it off the UI thread.
"""

from __future__ import annotations

from kiosk.cli.ops import checks_before_devices
from kiosk.ops import doctor as d


def checks(settings, printer=None, devices=None, timeout: float = 3.0) -> list[d.Check]:
    found = checks_before_devices(settings, settings.hub_url, timeout)
    drivers = {name: str((settings.devices.get(name) or {}).get("driver", "none")).lower()
               for name in ("printer", "scanner", "cardreader")}
    if printer is not None:
        status = printer.status()
        found.append(d.printer(drivers["printer"], status.value, status.message("en"),
                               {lang: status.message(lang) for lang in ("id", "en")}))
    else:
        found.append(d.printer("none", None))
    for name in ("scanner", "cardreader"):
        device = getattr(devices, name, None)
        found.append(d.input_device(name, drivers[name],
                                    device.connected if device is not None else None))
    return found
