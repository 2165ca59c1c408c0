"""Printer figures: ticket size, time on a 9600-baud line, status query time, dead printer.

Runs the real driver against the virtual printer on a pseudo-terminal.
    .venv/bin/python bench/printer.py
Targets: ticket_bytes <= 330 (standard ticket, no logo), dead_printer_detect_ms <= 300.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devices.escpos import EscPosEncoder  # noqa: E402
from devices.printer import PrinterStatus, SerialPrinter  # noqa: E402
from devices.sim.printer import VirtualPrinter  # noqa: E402
from kiosk.tickets import layout, sample_content  # noqa: E402

STANDARD = sample_content()  # the sample kiosk.toml / catalog.toml, a busy Monday morning


def timed_status(printer: SerialPrinter, runs: int) -> tuple[float, PrinterStatus]:
    times = []
    status = None
    for _ in range(runs):
        start = time.perf_counter()
        status = printer.status()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), status


def main() -> int:
    blocks = layout(STANDARD)
    native = EscPosEncoder().encode(blocks)
    raster = EscPosEncoder(native_qr=False).encode(blocks)
    print(f"ticket_bytes: {len(native)}")
    print(f"ticket_seconds_at_9600_baud: {len(native) * 10 / 9600:.3f}")
    print(f"raster_qr_ticket_bytes: {len(raster)}")
    with tempfile.TemporaryDirectory() as tmp:
        sim = VirtualPrinter(Path(tmp) / "tickets", link_dir=Path(tmp))
        printer = SerialPrinter({"port": sim.port, "baudrate": 9600})
        try:
            ms, status = timed_status(printer, 50)
            assert status is PrinterStatus.READY, status
            print(f"status_query_ms: {ms:.1f}")
            sim.state = "silent"
            ms, status = timed_status(printer, 5)
            assert status is PrinterStatus.NO_ANSWER, status
            print(f"dead_printer_detect_ms: {ms:.1f}")
        finally:
            printer.close()
            sim.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
