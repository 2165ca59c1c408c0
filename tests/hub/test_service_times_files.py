"""`kiosk report service-times` as a workbook and a printable chart, and from the hub: a
manager's session reads GET /v1/reports/service-times (an officer's and a kiosk's do not),
and `kiosk report --hub` gives the same figures as the hub's store read directly."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from openpyxl import load_workbook

from counter_support import Desks
from kiosk.hub.accounts import Accounts

ROOT = Path(__file__).resolve().parents[2]
DAYS = {"from": "2026-11-23", "to": "2026-11-23"}
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def a_morning(desks: Desks) -> None:
    """Dukcapil: two KTP visitors, served in 4 and 12 minutes (published: 10); Imigrasi:
    one passport visitor who does not come."""
    d = desks
    d.issue("dukcapil-ktp")
    d.issue("dukcapil-ktp")
    d.issue("imigrasi-paspor")
    for minutes in (4, 12):
        d.clock.tick(10)
        d.desk.call_next("loket-1", "siti", key=f"k-{d.clock.now:%H%M%S}")
        d.clock.tick(minutes)
        d.desk.finish("loket-1", "siti")
    d.desk.call_next("loket-5", "budi", key="k-paspor")
    for _ in range(2):
        d.desk.recall("loket-5", "budi")
    d.desk.no_show("loket-5", "budi")


def kiosk_report(folder, *args):
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--config",
                           str(folder / "kiosk.toml"), "report", "service-times",
                           "--from", DAYS["from"], "--to", DAYS["to"], *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_workbook_and_chart(tmp_path):
    d = Desks(tmp_path, None)
    try:
        a_morning(d)
    finally:
        d.close()
    store = ["--store", str(tmp_path / "hub.sqlite3")]
    xlsx = tmp_path / "times.xlsx"
    done = kiosk_report(tmp_path, *store, "--format", "xlsx", "--out", str(xlsx))
    assert done.returncode == 0, done.stderr
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Jumlah", "Per instansi", "Per layanan", "Per loket",
                               "Per instansi dan jam ambil nomo"]
    rows = [r for r in book["Per instansi"].iter_rows(values_only=True) if r and r[0]]
    header = rows.index(next(r for r in rows if r[0] == "Instansi"))
    figures = {r[0]: r[1:] for r in rows[header + 1:]}
    dukcapil = next(v for k, v in figures.items() if "Kependudukan" in k)
    # tickets, called, served, no-shows, wait median, wait p90, service median, service p90,
    # no-show share, within-time share
    assert dukcapil[:4] == (2, 2, 2, 0)
    assert dukcapil[6] == 8                    # median of 4 and 12 minutes
    assert dukcapil[9] == 0.5                  # 4 min within the 10 published, 12 not
    imigrasi = next(v for k, v in figures.items() if "Imigrasi" in k)
    assert imigrasi[3] == 1 and imigrasi[8] == 1.0
    counters = [r[1] for r in book["Per loket"].iter_rows(values_only=True) if r and r[1]]
    assert "Loket 1" in counters and "Loket 5" in counters

    png = tmp_path / "times.png"
    done = kiosk_report(tmp_path, *store, "--format", "png", "--out", str(png))
    assert done.returncode == 0, done.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 30_000


def login(hub, username: str) -> str:
    answer = requests.post(hub.url + "/v1/staff/login", timeout=10,
                           json={"username": username, "password": "rahasia-panjang-1"})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def test_from_the_hub(hub, tmp_path):
    d = Desks(tmp_path, hub.db)
    try:
        a_morning(d)
    finally:
        d.close()
    accounts = Accounts(hub.store)
    accounts.add("bu-rina", "rahasia-panjang-1", "manager")
    accounts.add("pak-dedi", "rahasia-panjang-1", "officer", agency_id="dukcapil")
    manager = login(hub, "bu-rina")
    answer = hub.get("/v1/reports/service-times", manager, params={**DAYS, "lang": "en"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["kind"] == "service-times"
    assert (body["total"]["tickets"], body["total"]["served"], body["total"]["no_shows"]) == (
        3, 2, 1)
    assert [r["counter"] for r in body["counters"]] == ["Counter 1", "Counter 5"]
    refused = hub.get("/v1/reports/service-times", login(hub, "pak-dedi"), params=DAYS)
    assert refused.status_code == 403 and refused.json()["kind"] == "role_refused"
    kiosk = hub.get("/v1/reports/service-times", hub.token("K1"), params=DAYS)
    assert kiosk.status_code == 403

    # The command line against the hub, with the manager's session as its token
    remote = kiosk_report(hub.config.parent, "--hub", hub.url, "--token", manager,
                          "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    if not hub.db.startswith("postgresql"):
        local = kiosk_report(hub.config.parent, "--store", hub.db, "--format", "csv")
        assert local.returncode == 0, local.stderr
        assert remote.stdout == local.stdout
    rows = list(csv.DictReader(io.StringIO(remote.stdout)))
    assert rows[0]["level"] == "total" and rows[0]["no_shows"] == "1"
