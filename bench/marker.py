"""What the store's marker costs per ticket (kiosk.ops.marker: a JSON file written and
fsynced inside each ticket's transaction), and what a verified backup takes.

    .venv/bin/python bench/marker.py [--tickets 300]

issue_ms_plain        mean time to issue one ticket on the plain store (synchronous=FULL)
issue_ms_with_marker  the same through open_store (marker written in the transaction)
backup_ms             one `kiosk backup` (copy, integrity check, counts) of that store
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk import config  # noqa: E402
from kiosk.ops import backup, marker  # noqa: E402
from kiosk.service import LocalService  # noqa: E402
from kiosk.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def issue_ms(settings, store, n: int) -> float:
    service = LocalService(settings, store=store)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        service.issue_ticket("dukcapil-ktp", now=NOW)
        times.append((time.perf_counter() - start) * 1000)
    store.close()
    return statistics.mean(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="anjungan-bench-marker-"))
    try:
        for name in ("kiosk.toml", "catalog.toml"):
            shutil.copy(ROOT / "tests" / "kiosk" / "data" / name, folder / name)
        settings = config.load(folder / "kiosk.toml")
        plain = issue_ms(settings, Store(folder / "plain.sqlite3"), args.tickets)
        marked = issue_ms(settings, marker.open_store(folder / "marked.sqlite3"), args.tickets)
        start = time.perf_counter()
        backup.make_backup(folder / "marked.sqlite3", folder / "backups", 3)
        took = (time.perf_counter() - start) * 1000
        print(f"issue_ms_plain: {plain:.2f}")
        print(f"issue_ms_with_marker: {marked:.2f}")
        print(f"backup_ms: {took:.1f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
