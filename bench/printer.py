"""Printer figures: ticket size, time on a 9600-baud line, completion, dead printer.

Runs the real driver against the virtual printer on a pseudo-terminal.
    .venv/bin/python bench/printer.py
Targets: ticket_bytes <= 330 (the sample ticket, no logo); largest_catalog_ticket_seconds
< 0.4 (every service of config/catalog.toml, both languages, a priority number, the longest
queue text); dead_printer_detect_ms <= 1000 (a late answer is waited for, up to 900 ms).
print_confirm_ms: from the job leaving the kiosk to the printer confirming it reached the
end (GS ( H), on a line carrying 960 bytes/s like 9600 baud 8N1.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devices.escpos import EscPosEncoder, process_id_request  # noqa: E402
from devices.printer import PrinterStatus, SerialPrinter  # noqa: E402
from devices.sim.printer import VirtualPrinter  # noqa: E402
from kiosk.i18n import pick  # noqa: E402
from kiosk.tickets import TicketContent, layout, sample_content, ticket_qr_payload  # noqa: E402

STANDARD = sample_content()  # the sample kiosk.toml / catalog.toml, a busy Monday morning
BAUD_9600 = 960  # bytes per second: 10 bits a byte


def timed_status(printer: SerialPrinter, runs: int) -> tuple[float, PrinterStatus]:
    times = []
    status = None
    for _ in range(runs):
        start = time.perf_counter()
        status = printer.status()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), status


def catalog_tickets():
    """(name, content) for every service of the sample catalog, in both languages, with the
    longest number and queue text the kiosk prints."""
    from kiosk import config
    settings = config.load(ROOT / "config" / "kiosk.toml")
    padding = settings.number_padding
    catalog = settings.catalog
    for service in catalog.services:
        agency = catalog.agency(service.agency)
        prefix = agency.priority_prefix or agency.prefix
        for lang in settings.languages:
            yield f"{service.id} ({lang})", TicketContent(
                mpp_name=settings.mpp_name, mpp_region=settings.mpp_region,
                agency_name=pick(agency.name, lang), service_name=pick(service.name, lang),
                number=f"{prefix}-{'9' * padding}", counter=pick(agency.counter, lang),
                issued_at=datetime(2026, 11, 23, 10, 15, tzinfo=ZoneInfo(settings.timezone)),
                people_ahead=99, wait_minutes=135, priority=bool(agency.priority_prefix),
                qr_payload=ticket_qr_payload("7K2M9QX4TB"), lang=lang,
                agency_short=agency.short or "")


def job_size(content: TicketContent) -> int:
    """What the driver sends: the ticket and the completion request."""
    return len(EscPosEncoder().encode(layout(content))) + len(process_id_request(1))


def main() -> int:
    blocks = layout(STANDARD)
    native = EscPosEncoder().encode(blocks)
    raster = EscPosEncoder(native_qr=False).encode(blocks)
    print(f"ticket_bytes: {len(native)}")
    print(f"ticket_seconds_at_9600_baud: {len(native) * 10 / 9600:.3f}")
    print(f"raster_qr_ticket_bytes: {len(raster)}")
    name, largest = max(((n, job_size(c)) for n, c in catalog_tickets()), key=lambda item: item[1])
    print(f"largest_catalog_ticket_bytes: {largest}")
    print(f"largest_catalog_ticket_service: {name}")
    print(f"largest_catalog_ticket_seconds_at_9600_baud: {largest * 10 / 9600:.3f}")
    with tempfile.TemporaryDirectory() as tmp:
        sim = VirtualPrinter(Path(tmp) / "tickets", link_dir=Path(tmp))
        printer = SerialPrinter({"port": sim.port, "baudrate": 9600})
        try:
            ms, status = timed_status(printer, 50)
            assert status is PrinterStatus.READY, status
            print(f"status_query_ms: {ms:.1f}")
            sim.bytes_per_second = BAUD_9600
            times = []
            for _ in range(3):
                start = time.perf_counter()
                result = printer.print_ticket(blocks)
                times.append((time.perf_counter() - start) * 1000)
                assert result.ok, result.detail
            print(f"print_confirm_ms: {statistics.median(times):.0f}")
            sim.bytes_per_second = None
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
