"""`kiosk report service-times` over the hub's store: waits and service times a manager can
check by hand, in a table and a CSV, and a plain answer where nothing was called."""

import csv
import io
import subprocess
import sys
from pathlib import Path

from counter_support import Desks

ROOT = Path(__file__).resolve().parents[2]
DAY = ["--from", "2026-11-23", "--to", "2026-11-23"]


def report(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--config",
                           str(tmp_path / "kiosk.toml"), "report", "service-times", *DAY,
                           "--store", str(tmp_path / "hub.sqlite3"), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_times_of_called_tickets(tmp_path):
    d = Desks(tmp_path, None)
    try:
        # Three visitors at Dukcapil: issued a minute apart; each called 10 minutes after
        # the last was issued, served for 4 minutes; the third does not come (no-show).
        for _ in range(3):
            d.issue()
        for minutes_served in (4, 4):
            d.clock.tick(10)
            d.desk.call_next("loket-1", "siti", key=f"k-{d.clock.now:%H%M%S}")
            d.clock.tick(minutes_served)
            d.desk.finish("loket-1", "siti")
        d.clock.tick(1)
        d.desk.call_next("loket-1", "siti", key="k-last-call")
        for n in range(2):                       # no_show_after_recalls = 2
            d.desk.recall("loket-1", "siti")
        d.desk.no_show("loket-1", "siti")
    finally:
        d.close()
    done = report(tmp_path, "--format", "csv", "--lang", "en")
    assert done.returncode == 0, done.stderr
    rows = {r["level"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    total = rows["total"]
    assert (total["tickets"], total["called"], total["served"], total["no_shows"]) == (
        "3", "3", "2", "1")
    # waits 12, 25 and 30 minutes (issued at 09:01, 09:02, 09:03; called 09:13, 09:27, 09:32)
    assert float(total["wait_median_min"]) == 25
    assert float(total["service_median_min"]) == 4
    assert float(total["no_show_share"]) == round(1 / 3, 4)
    table = report(tmp_path, "--lang", "id")
    assert table.returncode == 0, table.stderr
    assert "Waktu tunggu dan waktu layanan" in table.stdout and "Loket 1" in table.stdout


def test_no_calls_is_said_plainly(tmp_path):
    Desks(tmp_path, None).close()
    done = report(tmp_path, "--lang", "id")
    assert done.returncode == 1
    assert "Tidak ada nomor yang dipanggil di loket" in done.stderr
    assert "Traceback" not in done.stderr
