"""Regenerate docs/sample-ticket.png: a real ticket through the encoder, a pty and the
virtual printer, exactly the path a kiosk with simulated devices takes.

    .venv/bin/python docs/tools/sample_ticket.py
"""

import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from devices.printer import SerialPrinter  # noqa: E402
from devices.sim.printer import VirtualPrinter  # noqa: E402
from kiosk.tickets import TicketContent, layout, ticket_qr_payload  # noqa: E402

CONTENT = TicketContent(
    mpp_name="Mal Pelayanan Publik Kota Tanjung Harapan",
    mpp_region="Pemerintah Kota Tanjung Harapan",
    agency_name="Dinas Kependudukan dan Pencatatan Sipil",
    service_name="Cetak ulang KTP-el",
    number="A-027",
    counter="Loket 1-4, Lantai 1",
    issued_at=datetime(2026, 11, 23, 8, 15, tzinfo=ZoneInfo("Asia/Jakarta")),
    people_ahead=4,
    wait_minutes=20,
    priority=False,
    qr_payload=ticket_qr_payload("7K2M9QX4TB"),
)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        sim = VirtualPrinter(Path(tmp) / "tickets", link_dir=Path(tmp))
        printer = SerialPrinter({"port": sim.port, "baudrate": 9600})
        try:
            result = printer.print_ticket(layout(CONTENT))
            assert result.ok, result.detail
            assert sim.wait_for_tickets(1, timeout=10), "the virtual printer drew nothing"
            shutil.copy(sim.tickets[0], ROOT / "docs" / "sample-ticket.png")
        finally:
            printer.close()
            sim.close()
    print(ROOT / "docs" / "sample-ticket.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
