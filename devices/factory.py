"""Open the configured devices: real serial drivers, simulated ones, or none.

driver = "simulated" starts a simulator on a pseudo-terminal and opens the *real* serial
driver on it, so a simulated kiosk runs the same code as one with hardware.

Callbacks (`printer.on_status_change`, `scanner.on_scan`, `cardreader.on_card`) are called
on device threads: the UI must hand them to its main thread (Kivy: Clock.schedule_once or
@mainthread) before touching widgets.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from devices.cardreader import SerialCardReader
from devices.printer import SerialPrinter
from devices.scanner import SerialScanner
from devices.serial_input import decode_config_bytes

log = logging.getLogger(__name__)


@dataclass
class Devices:
    printer: SerialPrinter | None = None
    scanner: SerialScanner | None = None
    cardreader: SerialCardReader | None = None
    keyboard_scanner: bool = False  # scanner driver "keyboard": the UI runs a WedgeDecoder
    simulators: dict = field(default_factory=dict)  # "printer" | "scanner" | "cardreader"
    simulate_dir: Path | None = None  # where simulated tickets and inbox files are

    def close(self) -> None:
        for device in (self.printer, self.scanner, self.cardreader):
            if device is not None:
                device.close()
        for sim in self.simulators.values():
            sim.close()
        self.simulators.clear()


def _driver(config: dict, allowed: tuple[str, ...], what: str) -> str:
    driver = str(config.get("driver", "none")).lower()
    if driver not in allowed:
        raise ValueError(f"[devices.{what}] driver must be one of {', '.join(allowed)}, "
                         f"not {driver!r}")
    return driver


def open_devices(devices_config: dict, simulate_dir: Path | None = None,
                 on_scan: Callable[[str], None] | None = None,
                 on_card: Callable[[str], None] | None = None) -> Devices:
    """`devices_config` is the [devices] table of kiosk.toml. Raises ValueError for a bad
    driver name; a device that is configured but absent does not raise: it reconnects when
    it appears, and the printer reports NO_ANSWER meanwhile."""
    from devices.sim.inputs import SimCardReader, SimScanner
    from devices.sim.printer import VirtualPrinter

    devices = Devices()
    printer_cfg = dict(devices_config.get("printer", {}))
    scanner_cfg = dict(devices_config.get("scanner", {}))
    card_cfg = dict(devices_config.get("cardreader", {}))
    drivers = (_driver(printer_cfg, ("serial", "simulated", "none"), "printer"),
               _driver(scanner_cfg, ("serial", "simulated", "keyboard", "none"), "scanner"),
               _driver(card_cfg, ("serial", "simulated", "none"), "cardreader"))
    if "simulated" in drivers:
        if simulate_dir is None:
            simulate_dir = Path(tempfile.mkdtemp(prefix="anjungan-sim-"))
        simulate_dir = Path(simulate_dir)
        (simulate_dir / "ports").mkdir(parents=True, exist_ok=True)
        devices.simulate_dir = simulate_dir
    try:
        if drivers[0] == "simulated":
            sim = VirtualPrinter(simulate_dir / "tickets", link_dir=simulate_dir / "ports")
            devices.simulators["printer"] = sim
            printer_cfg.update(port=sim.port, handshake="none")
            log.info("simulated printer on %s, tickets in %s", sim.port, sim.out_dir)
        if drivers[0] != "none":
            devices.printer = SerialPrinter(printer_cfg)

        if drivers[1] == "simulated":
            sim = SimScanner(suffix=decode_config_bytes(scanner_cfg.get("suffix"), b"\r") or b"\r",
                             link_dir=simulate_dir / "ports",
                             inbox=simulate_dir / "scanner-inbox.txt")
            devices.simulators["scanner"] = sim
            scanner_cfg.update(port=sim.port)
            log.info("simulated scanner on %s; append lines to %s to scan them",
                     sim.port, simulate_dir / "scanner-inbox.txt")
        if drivers[1] in ("serial", "simulated"):
            devices.scanner = SerialScanner(scanner_cfg, on_scan)
        devices.keyboard_scanner = drivers[1] == "keyboard"

        if drivers[2] == "simulated":
            sim = SimCardReader(str(card_cfg.get("framing", "stxetx")),
                                link_dir=simulate_dir / "ports",
                                inbox=simulate_dir / "cardreader-inbox.txt")
            devices.simulators["cardreader"] = sim
            card_cfg.update(port=sim.port)
            log.info("simulated card reader on %s; append card ids to %s", sim.port,
                     simulate_dir / "cardreader-inbox.txt")
        if drivers[2] != "none":
            devices.cardreader = SerialCardReader(card_cfg, on_card)
    except Exception:
        devices.close()
        raise
    return devices
