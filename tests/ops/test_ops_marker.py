"""A store that existed is never silently recreated; after a restore numbering continues;
a full disk says so and reading still works."""

import os
import subprocess
import sys

import pytest

from kiosk.cli.ops import main as ops_main
from kiosk.ops import backup, marker
from kiosk.ops.errors import DiskFull
from kiosk.service import open_service
from kiosk.store import StoreError

from ops_support import MONDAY_9, ROOT, fill


def issue(service, n, service_id="dukcapil-ktp"):
    return [service.issue_ticket(service_id, now=MONDAY_9).number for _ in range(n)]


def kiosk_cli(config, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--config", str(config), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def test_every_number_is_in_the_marker_as_soon_as_it_is_stored(settings_at):
    settings = settings_at()
    service = open_service(settings)
    assert issue(service, 3) == ["A-001", "A-002", "A-003"]
    assert marker.read_marker(settings.store_path)["days"] == {"2026-11-23": {"A": 3}}
    issue(service, 2, "imigrasi-paspor")
    assert marker.read_marker(settings.store_path)["days"]["2026-11-23"] == {"A": 3, "B": 2}


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete"])
def test_a_damaged_store_is_refused_with_a_plain_message_and_issues_nothing(
        settings_at, kiosk_dir, damage):
    settings = settings_at()
    service = open_service(settings)
    issue(service, 5)
    service.store.close()
    path = settings.store_path
    if damage == "truncate":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(64 * 1024))
    else:
        path.unlink()
    before = path.read_bytes() if path.exists() else None

    with pytest.raises(marker.StoreLost) as lost:
        open_service(settings)
    assert "Penyimpanan antrean rusak atau kosong; hubungi petugas TI" in str(lost.value)
    assert "kiosk restore" in str(lost.value)
    # Nothing was created or written in its place.
    assert (path.read_bytes() if path.exists() else None) == before

    done = kiosk_cli(settings.path, "issue", "dukcapil-ktp")
    assert done.returncode == 1
    assert "Penyimpanan antrean rusak atau kosong" in done.stderr
    assert "Traceback" not in done.stderr and "A-001" not in done.stdout


def test_a_blank_database_put_in_the_stores_place_is_refused(settings_at):
    import sqlite3
    settings = settings_at()
    service = open_service(settings)
    issue(service, 2)
    service.store.close()
    settings.store_path.unlink()
    sqlite3.connect(settings.store_path).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(marker.StoreLost):
        open_service(settings)


def test_restore_from_backup_continues_the_numbering_never_repeats(settings_at):
    settings = settings_at()
    service = open_service(settings)
    issue(service, 3)
    made, _ = backup.make_backup(settings.store_path, settings.store_path.parent / "bk", keep=3)
    assert issue(service, 2) == ["A-004", "A-005"]        # after the backup: not in it
    service.store.close()
    settings.store_path.write_bytes(b"")                   # the disk fails

    with pytest.raises(marker.StoreLost):
        open_service(settings)
    backup.restore(made.path, settings.store_path)
    service = open_service(settings)
    # The backup's tickets are back ...
    assert [t.number for t in service.tickets(MONDAY_9.date())] == ["A-001", "A-002", "A-003"]
    # ... and the next number continues after the highest one handed out, A-005.
    assert issue(service, 1) == ["A-006"]


def test_the_message_names_the_latest_backup(settings_at):
    settings = settings_at()
    service = open_service(settings)
    issue(service, 1)
    from kiosk.ops import settings as ops_settings
    folder = ops_settings.of(settings).backup_dir
    made, _ = backup.make_backup(settings.store_path, folder, keep=3)
    service.store.close()
    settings.store_path.write_bytes(b"")
    with pytest.raises(marker.StoreLost) as lost:
        open_service(settings)
    command = f"kiosk restore {made.path} --db {settings.store_path}"
    assert command in str(lost.value)
    # IT types what the message says, from any folder, with no --config.
    assert ops_main(command.split()[1:]) == 0
    assert issue(open_service(settings), 1) == ["A-002"]


def test_a_new_kiosk_starts_and_a_store_from_before_markers_gets_one(settings_at):
    from kiosk.service import LocalService
    settings = settings_at()
    old = LocalService(settings)                # opened the old way: no marker
    issue(old, 4)
    old.store.close()
    assert marker.read_marker(settings.store_path) is None
    service = open_service(settings)
    assert marker.read_marker(settings.store_path)["days"] == {"2026-11-23": {"A": 4}}
    assert issue(service, 1) == ["A-005"]


def test_a_full_disk_says_disk_full_and_reading_still_works(settings_at, small_disk):
    settings = settings_at(small_disk)
    service = open_service(settings)
    issue(service, 3)
    fill(small_disk)
    with pytest.raises(DiskFull) as full:
        for _ in range(200):                     # whatever SQLite had left in its pages
            issue(service, 1)
    assert "disk full" in str(full.value)
    assert "Disk penuh" in full.value.lines()[0]
    assert isinstance(full.value, StoreError)
    numbers = [t.number for t in service.tickets(MONDAY_9.date())]
    assert numbers[:3] == ["A-001", "A-002", "A-003"]           # reading works
    assert sum(service.today_counts(MONDAY_9)["dukcapil"].values()) == len(numbers)
    # Every number that was stored is in the marker: none can come back after a restore.
    assert marker.read_marker(settings.store_path)["days"]["2026-11-23"]["A"] >= len(numbers)
    (small_disk / "filler").unlink()
    assert issue(service, 1) == [f"A-{len(numbers) + 1:03d}"]   # space again: it carries on


def test_a_kiosk_restarted_on_a_full_disk_says_disk_full_not_damaged(settings_at, small_disk):
    settings = settings_at(small_disk)
    service = open_service(settings)
    issue(service, 2)
    service.store.close()          # SQLite removes its -wal and -shm files on close ...
    fill(small_disk)
    with pytest.raises(DiskFull):  # ... and cannot make them again: no start, but no "damaged"
        open_service(settings)
    done = kiosk_cli(settings.path, "issue", "dukcapil-ktp")
    assert done.returncode == 1 and "disk full" in done.stderr
    assert "Traceback" not in done.stderr and "rusak" not in done.stderr
    (small_disk / "filler").unlink()
    assert issue(open_service(settings), 1) == ["A-003"]


def test_a_hub_store_under_the_marker_never_hands_out_a_reserved_block_twice(tmp_path):
    """open_store works for the hub's SQLite store too (not wired into `kiosk hub serve`
    yet: see docs/operations.md): blocks reserved after the backup are not reserved again."""
    from kiosk.hub.store import HubStore
    path = tmp_path / "hub.sqlite3"
    hub = marker.open_store(path, store_class=HubStore)
    assert hub.reserve_block("K1:b1", "K1", "2026-11-23", "A", 20).first == 1
    made, _ = backup.make_backup(path, tmp_path / "bk", keep=3)
    assert hub.reserve_block("K2:b1", "K2", "2026-11-23", "A", 20).first == 21
    hub.close()
    path.write_bytes(b"")
    with pytest.raises(marker.StoreLost):
        marker.open_store(path, store_class=HubStore)
    backup.restore(made.path, path)
    hub = marker.open_store(path, store_class=HubStore)
    assert hub.reserve_block("K3:b1", "K3", "2026-11-23", "A", 20).first == 41
    hub.close()


OTHER_PROCESS = """
import sys
from datetime import datetime
from zoneinfo import ZoneInfo
from kiosk import config
from kiosk.service import open_service
service = open_service(config.load(sys.argv[1]))
now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
print(service.issue_ticket("imigrasi-paspor", now=now).number)
"""


def test_two_processes_on_one_store_keep_each_others_numbers_in_the_marker(settings_at):
    settings = settings_at()
    kiosk = open_service(settings)                    # the running kiosk
    issue(kiosk, 2)
    done = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(settings.path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "B-001", done.stderr
    issue(kiosk, 1)                                    # this process never saw B-001
    assert marker.read_marker(settings.store_path)["days"] == {"2026-11-23": {"A": 3, "B": 1}}
