"""The store keeps every number exactly once: across processes, and across a kill -9."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kiosk.store import CANCELLED, ISSUED, MIGRATIONS, NOT_PRINTED, PRINTING, Store, StoreError

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from kiosk import config
    from kiosk.service import LocalService
    settings = config.load(sys.argv[1])
    service = LocalService(settings)
    now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    count = int(sys.argv[2])
    print("ready", flush=True)
    i = 0
    while count < 0 or i < count:
        ticket = service.issue_ticket("dukcapil-ktp", now=now)
        service.confirm_printed(ticket.id)
        i += 1
""")


def start_writer(settings_path, count):
    return subprocess.Popen([sys.executable, "-c", WRITER, str(settings_path), str(count)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)


def numbers_of(db_path):
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        seqs = [r[0] for r in db.execute("SELECT seq FROM ticket WHERE day='2026-11-23' AND grp='A'")]
        last = db.execute("SELECT last FROM sequence WHERE day='2026-11-23' AND grp='A'").fetchone()
        return seqs, (last[0] if last else 0)
    finally:
        db.close()


@pytest.mark.slow
def test_four_processes_500_tickets_each_no_duplicate_no_gap(make_settings):
    settings = make_settings()
    writers = [start_writer(settings.path, 500) for _ in range(4)]
    for w in writers:
        assert w.wait(timeout=240) == 0
    seqs, last = numbers_of(settings.store_path)
    assert len(seqs) == 2000
    assert sorted(seqs) == list(range(1, 2001))
    assert last == 2000


@pytest.mark.slow
def test_kill_9_mid_issue_leaves_store_consistent(make_settings):
    settings = make_settings()
    for round_ in range(5):
        writer = start_writer(settings.path, -1)
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.15 + 0.07 * round_)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        seqs, last = numbers_of(settings.store_path)
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), "gap or duplicate after kill -9"
        assert last == len(seqs), "sequence and tickets disagree after kill -9"
    from kiosk.service import LocalService
    from datetime import datetime
    from zoneinfo import ZoneInfo
    service = LocalService(settings)
    interrupted = service.recover_interrupted()
    assert all(t.status == NOT_PRINTED for t in interrupted)
    assert not [t for t in service.store.tickets(status=PRINTING)]
    nxt = service.issue_ticket("dukcapil-ktp", now=datetime(2026, 11, 23, 9, 1, tzinfo=ZoneInfo("Asia/Jakarta")))
    assert nxt.number == f"A-{len(seqs) + 1:03d}"


def test_ticket_life_is_recorded_and_guarded(tmp_path):
    store = Store(tmp_path / "s.sqlite3")
    row, created = store.issue(day="2026-11-23", grp="A", padding=3, agency_id="a",
                               service_id="s", kiosk_id="K1", quota=0, request_id="tap-1")
    assert created and row.status == PRINTING and row.number == "A-001"
    again, created = store.issue(day="2026-11-23", grp="A", padding=3, agency_id="a",
                                 service_id="s", kiosk_id="K1", quota=0, request_id="tap-1")
    assert not created and again.id == row.id, "a double tap must not take a second number"
    store.set_status(row.id, NOT_PRINTED, "paper out")
    store.set_status(row.id, ISSUED, "reprinted")
    assert [h[1] for h in store.history(row.id)] == [PRINTING, NOT_PRINTED, ISSUED]
    with pytest.raises(StoreError, match="cannot become printing"):
        store.set_status(row.id, PRINTING)
    store.set_status(row.id, CANCELLED, "staff")
    with pytest.raises(StoreError):
        store.set_status("nope", ISSUED)


def test_schema_is_versioned_and_newer_store_is_refused(tmp_path):
    path = tmp_path / "s.sqlite3"
    assert Store(path).schema_version == len(MIGRATIONS)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Store(path)


def test_corrupt_store_file_is_a_clear_error(tmp_path):
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(path)


def test_many_processes_opening_a_new_store_migrate_it_once(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    code = ("import sys; from kiosk.store import Store; "
            "print(Store(sys.argv[1]).schema_version)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    results = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    assert {out.strip() for out, _ in results} == {str(len(MIGRATIONS))}
