"""The kiosk's hardware: ESC/POS ticket printer, QR scanner and card reader over pyserial,
each with a simulator on a pseudo-terminal. Depends on kiosk (the ticket model) only.

    from devices import open_devices
    devs = open_devices(config["devices"], simulate_dir=Path("var/sim"))
    devs.printer.print_ticket(layout(content, devs.printer.logo_key))

Callbacks run on device threads; see devices/factory.py.
"""

from devices.factory import Devices, open_devices

__all__ = ["Devices", "open_devices"]
