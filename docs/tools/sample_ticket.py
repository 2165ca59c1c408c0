"""Regenerate docs/sample-ticket.png: a real ticket through the encoder, a pty and the
virtual printer, exactly the path a kiosk with simulated devices takes.

    .venv/bin/python docs/tools/sample_ticket.py
"""

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from devices.printer import SerialPrinter  # noqa: E402
from devices.sim.printer import VirtualPrinter  # noqa: E402
from kiosk.tickets import layout, sample_content  # noqa: E402

CONTENT = sample_content(number="A-027", people_ahead=4, wait_minutes=20)


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
