"""The hub's SQLite store is never silently recreated either (kiosk.ops.marker): emptied or
overwritten, the hub refuses to start with a plain message naming the restore, and after
the restore its numbering continues after the last number it handed out."""

import os
import subprocess
import sys

import pytest

from kiosk.ops import backup, marker

from hub_support import DAY, HERE, Hub

ROOT_DIR = HERE.parents[1]


def hub_cli(hub: Hub, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT_DIR)}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--config", str(hub.config),
                           "hub", *args, "--db", hub.db], capture_output=True, text=True,
                          env=env, cwd=ROOT_DIR, timeout=60)


def issue(hub: Hub, token: str, n: int, first_key: int) -> list[str]:
    return [hub.post("/v1/tickets", token, key=f"marker-test-{first_key + i:04d}",
                     json={"service_id": "dukcapil-ktp"}).json()["number"] for i in range(n)]


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_a_damaged_hub_store_is_refused_and_a_restore_continues_the_numbering(
        tmp_path, damage):
    hub = Hub(tmp_path)
    hub.start()
    token = hub.token("K1")
    assert issue(hub, token, 2, 0) == ["A-001", "A-002"]
    made, _ = backup.make_backup(hub.store.path, tmp_path / "backups", keep=3)
    assert issue(hub, token, 2, 10) == ["A-003", "A-004"]       # not in the backup
    # every answered number is in the marker (written once per commit, before it)
    assert marker.read_marker(hub.store.path)["days"] == {DAY: {"A": 4}}
    hub.close()

    path = hub.store.path
    path.write_bytes(b"" if damage == "truncate" else os.urandom(64 * 1024))
    damaged = path.read_bytes()
    for command in (["serve", "--port", "1"], ["token", "K2"]):
        done = hub_cli(hub, *command)
        assert done.returncode == 1
        assert "Penyimpanan antrean rusak atau kosong; hubungi petugas TI" in done.stderr
        # the latest backup in [store] backup_dir (backups/ beside the store) is named
        assert f"kiosk restore {made.path} --db {path}" in done.stderr
        assert "Traceback" not in done.stderr and "token for kiosk" not in done.stderr
        assert path.read_bytes() == damaged          # nothing created in its place

    backup.restore(made.path, path)
    again = Hub(tmp_path, hub.db)
    again.start()
    try:
        token = again.token("K1")
        # A-003 and A-004 are in visitors' hands: the restored hub continues after them.
        assert issue(again, token, 1, 20) == ["A-005"]
        numbers = [t["number"] for t in again.get("/v1/tickets", token,
                                                   params={"day": DAY}).json()]
        assert sorted(numbers) == ["A-001", "A-002", "A-005"]
    finally:
        again.close()


def test_no_number_is_answered_before_the_marker_holds_it(tmp_path):
    """The group-commit writer answers a batch only once the marker (written on a thread of
    its own, while the next batch commits) holds the batch's numbers."""
    from kiosk.hub.stores import open_hub_store
    from kiosk.hub.writer import GroupCommitWriter
    store = open_hub_store(tmp_path / "hub.sqlite3")
    writer = GroupCommitWriter(store)
    seen = []

    def issue(i):
        def work():
            row, _ = store.issue(day=DAY, grp="A", padding=3, agency_id="dukcapil",
                                 service_id="dukcapil-ktp", kiosk_id="K1", quota=0,
                                 request_id=f"K1:m{i}")
            return row.seq
        return work

    def answered(future):
        seen.append((future.result(), marker.read_marker(store.path)["days"][DAY]["A"]))

    futures = [writer.submit(issue(i)) for i in range(200)]
    for future in futures:
        future.add_done_callback(answered)
    assert sorted(f.result(30) for f in futures) == list(range(1, 201))
    writer.close()
    store.close()
    assert len(seen) == 200 and all(in_marker >= number for number, in_marker in seen)
