"""Backups made while the kiosk issues, verified and rotated; the restore drill."""

import sqlite3
import threading

from kiosk.cli.ops import main as ops_main
from kiosk.ops import backup
from kiosk.service import open_service
from kiosk.survey import UNSUR_KEYS

from ops_support import MONDAY_9

PROFILE = {"gender": "P", "age": 34, "education": "D4/S1", "occupation": "PNS"}


def rows(path, sql):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


TICKETS = "SELECT * FROM ticket ORDER BY grp, seq"
VOTES = "SELECT * FROM vote ORDER BY id"
ANSWERS = "SELECT * FROM skm_response ORDER BY id"


class Load(threading.Thread):
    """A visitor a few milliseconds: a ticket, its print result, a vote and an SKM."""

    def __init__(self, service):
        super().__init__(daemon=True)
        self.service, self.stop, self.done = service, threading.Event(), 0

    def run(self):
        answers = {key: 1 + self.done % 4 for key in UNSUR_KEYS}
        while not self.stop.is_set():
            ticket = self.service.issue_ticket("dukcapil-ktp", now=MONDAY_9)
            self.service.confirm_printed(ticket.id)
            self.service.record_vote(3, ticket_id=ticket.id, now=MONDAY_9)
            self.service.record_skm(PROFILE, answers, ticket_id=ticket.id, now=MONDAY_9)
            self.done += 1


def test_restore_drill_backup_under_load_then_restore_elsewhere(settings_at, tmp_path, capsys):
    settings = settings_at(tmp_path / "kiosk")
    service = open_service(settings)
    load = Load(service)
    load.start()
    try:
        while load.done < 30:
            threading.Event().wait(0.01)
        assert ops_main(["backup", "--config", str(settings.path)]) == 0
        during = load.done
        while load.done < during + 10:              # and it keeps issuing after
            threading.Event().wait(0.01)
    finally:
        load.stop.set()
        load.join()
    made = backup.latest(settings.store_path.parent / "backups", settings.store_path)

    # Restore into a new folder, as on a replacement PC.
    elsewhere = tmp_path / "replacement" / "store.sqlite3"
    elsewhere.parent.mkdir()
    assert ops_main(["restore", str(made), "--config", str(settings.path),
                     "--db", str(elsewhere)]) == 0
    source = str(settings.store_path)
    restored = {r[0]: r for r in rows(elsewhere, TICKETS)}
    assert len(restored) >= 30
    # A consistent snapshot: every restored row is the source's row, unchanged, and the
    # tickets are exactly the first N the kiosk issued (no half-written visitor).
    by_id = {r[0]: r for r in rows(source, TICKETS)}
    assert all(by_id[i] == r for i, r in restored.items())
    first_n = [r[0] for r in rows(source, TICKETS)][:len(restored)]
    assert sorted(first_n) == sorted(restored)
    assert set(rows(elsewhere, VOTES)) <= set(rows(source, VOTES))
    assert set(rows(elsewhere, ANSWERS)) <= set(rows(source, ANSWERS))
    events = rows(elsewhere, "SELECT COUNT(*) FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM "
                             "ticket_event e WHERE e.ticket_id = t.id)")[0][0]
    assert events == 0

    # Quiet again: a backup and a restore give back exactly the same tickets, votes, answers.
    assert ops_main(["backup", "--config", str(settings.path)]) == 0
    made = backup.latest(settings.store_path.parent / "backups", settings.store_path)
    assert ops_main(["restore", str(made), "--config", str(settings.path),
                     "--db", str(elsewhere), "--force"]) == 0
    for sql in (TICKETS, VOTES, ANSWERS, "SELECT * FROM ticket_event ORDER BY rowid"):
        assert rows(elsewhere, sql) == rows(source, sql)
    assert len(rows(elsewhere, VOTES)) == load.done == len(rows(elsewhere, ANSWERS))
    out = capsys.readouterr().out
    assert "verified: integrity ok" in out


def test_backups_are_rotated(settings_at, tmp_path, capsys):
    settings = settings_at()
    service = open_service(settings)
    folder = tmp_path / "bk"
    for i in range(4):
        service.issue_ticket("dukcapil-ktp", now=MONDAY_9)
        assert ops_main(["backup", "--config", str(settings.path), "--dir", str(folder),
                         "--keep", "2"]) == 0
    kept = backup.backups(folder, settings.store_path)
    assert len(kept) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in kept] + [p.with_suffix(".json").name for p in kept])
    assert [len(rows(p, TICKETS)) for p in kept] == [3, 4]
    assert "removed older backup" in capsys.readouterr().out


def test_a_damaged_backup_is_refused_and_the_store_left_alone(settings_at, tmp_path, capsys):
    settings = settings_at()
    service = open_service(settings)
    for _ in range(200):
        service.issue_ticket("dukcapil-ktp", now=MONDAY_9)
    made, _ = backup.make_backup(settings.store_path, tmp_path / "bk", keep=3)
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096    # a bad sector
    made.path.write_bytes(bytes(data))
    service.store.close()
    settings.store_path.write_bytes(b"")
    target = tmp_path / "new" / "store.sqlite3"
    target.parent.mkdir()
    assert ops_main(["restore", str(made.path), "--config", str(settings.path),
                     "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert "restore:" in err and "Traceback" not in err
    assert not target.exists()


def test_restore_will_not_replace_a_store_that_still_opens(settings_at, tmp_path, capsys):
    settings = settings_at()
    service = open_service(settings)
    service.issue_ticket("dukcapil-ktp", now=MONDAY_9)
    made, _ = backup.make_backup(settings.store_path, tmp_path / "bk", keep=3)
    service.issue_ticket("dukcapil-ktp", now=MONDAY_9)
    assert ops_main(["restore", str(made.path), "--config", str(settings.path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert len(rows(settings.store_path, TICKETS)) == 2


def test_the_hub_store_is_backed_up_too(settings_at, capsys):
    from kiosk.hub.store import HubStore
    settings = settings_at()
    hub = HubStore(settings.store_path.with_name("hub.sqlite3"))
    hub.new_token("K01")
    hub.reserve_block("k1", "K01", "2026-11-23", "A", 20)
    hub.close()
    assert ops_main(["backup", "--hub", "--config", str(settings.path)]) == 0
    made = backup.latest(settings.store_path.parent / "backups",
                         settings.store_path.with_name("hub.sqlite3"))
    assert rows(made, "SELECT kiosk_id, first, last FROM hub_block") == [("K01", 1, 20)]
    assert "1 hub_token" in capsys.readouterr().out


def test_a_restore_made_as_root_leaves_the_store_to_the_kiosks_user(settings_at, tmp_path):
    import os
    import pytest
    if os.geteuid() != 0:
        pytest.skip("needs root")
    settings = settings_at()
    service = open_service(settings)
    service.issue_ticket("dukcapil-ktp", now=MONDAY_9)
    made, _ = backup.make_backup(settings.store_path, tmp_path / "bk", keep=3)
    service.store.close()
    os.chown(settings.store_path.parent, 4321, 4321)      # the kiosk's user owns its folder
    settings.store_path.unlink()
    assert ops_main(["restore", str(made.path), "--db", str(settings.store_path)]) == 0
    info = settings.store_path.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4321)
