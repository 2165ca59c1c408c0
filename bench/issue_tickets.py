"""Local ticket issuance rate on the embedded store (SQLite WAL, synchronous=FULL).

    python bench/issue_tickets.py [--tickets N]

Each ticket is one durable transaction (number + row + event) and one status change,
exactly what a walk-in costs the kiosk.
"""

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import config  # noqa: E402
from kiosk.service import LocalService  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(ROOT / "config" / name, tmp / name)
        text = (tmp / "kiosk.toml").read_text()
        (tmp / "kiosk.toml").write_text(text.replace(
            'path = "~/.local/share/anjungan/kiosk.sqlite3"', 'path = "bench.sqlite3"'))
        settings = config.load(tmp / "kiosk.toml")
        service = LocalService(settings)
        unlimited = [s.id for s in settings.catalog.services if s.enabled and not s.quota]
        now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo(settings.timezone))
        start = time.perf_counter()
        for i in range(args.tickets):
            ticket = service.issue_ticket(unlimited[i % len(unlimited)], now=now)
            service.confirm_printed(ticket.id)
        elapsed = time.perf_counter() - start
        print(f"tickets: {args.tickets}")
        print(f"tickets_per_s: {args.tickets / elapsed:.0f}")
        print(f"issue_and_confirm_ms: {1000 * elapsed / args.tickets:.2f}")


if __name__ == "__main__":
    main()
