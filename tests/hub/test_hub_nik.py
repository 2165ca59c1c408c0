"""The hub never stores a full NIK either: not from its API, not from a kiosk's outbox replayed
after an outage, not from an outbox an older kiosk version filled with unmasked text — on
SQLite and on PostgreSQL."""

import json
import re
from datetime import datetime
from dataclasses import replace

import pytest

from kiosk import config
from kiosk.hub.client import RemoteService
from kiosk.service import LocalService

from hub_support import NOW

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NIK = "3201012345670001"
SPELLINGS = ["3201 0123 4567 0001", "3201-0123-4567-0001", "32.01.01.234567.0001",
             "320101/234567/0001", NIK]
TEXT = " ; ".join(f"NIK saya {s}" for s in SPELLINGS)
PROFILE = {"gender": "L", "age": 51, "education": "SMA", "occupation": "LAINNYA",
           "occupation_other": "wiraswasta 3201 0123 4567 0001"}


def assert_no_nik(text: str) -> None:
    for run in re.finditer(r"\d(?:[^0-9A-Za-z]{0,3}\d){15}", text):
        assert re.sub(r"\D", "", run.group()) != NIK, run.group()


def hub_text(hub) -> str:
    """Every row of the hub's feedback tables, as text (both stores)."""
    rows = []
    for table in ("skm_response", "vote"):
        rows += [json.dumps(list(r)) for r in hub.store.query(f"SELECT * FROM {table}")]
    return "\n".join(rows)


def kiosk(hub, folder, kiosk_id="K1") -> RemoteService:
    settings = replace(config.load(hub.config), kiosk_id=kiosk_id, hub_url=hub.url,
                       hub_token=hub.token(kiosk_id), store_path=folder / f"{kiosk_id}.sqlite3")
    at = datetime.fromisoformat(NOW)         # the hub's own (fixed) clock: it refuses times ahead
    return RemoteService(settings, LocalService(settings, clock=lambda: at), start_sync=False,
                         retries=0, timeout=(0.5, 3.0))


def test_text_sent_to_the_hub_api_is_stored_masked(hub, capfd):
    token = hub.token("K1")
    answer = hub.post("/v1/skm", token, key="skm-nik-0001", json={
        "profile": PROFILE, "answers": {"waktu": 2, "sarana": 3}, "agency_id": "dukcapil",
        "suggestion": TEXT, "contact": "HP 0812 3456 7890, NIK 3201-0123-4567-0001",
        "at": NOW})
    assert answer.status_code == 200, answer.text
    row = hub.store.query("SELECT suggestion, contact, occupation_other FROM skm_response")[0]
    assert row[0].count("************0001") == len(SPELLINGS)
    assert row[1] == "HP 0812 3456 7890, NIK ************0001"
    assert row[2] == "wiraswasta ************0001"
    report = hub.get("/v1/reports/suggestions", hub.staff,
                     params={"from": "2026-11-23", "to": "2026-11-23"})
    assert report.status_code == 200 and "************0001" in report.text
    assert_no_nik(hub_text(hub) + report.text)
    if hub.db.endswith(".sqlite3"):       # the file itself, write-ahead log included
        raw = b"".join(p.read_bytes() for p in hub.config.parent.glob("hub.sqlite3*"))
        assert_no_nik(raw.decode("latin-1"))
    out, err = capfd.readouterr()
    assert_no_nik(out + err)


def test_an_outbox_replayed_after_an_outage_reaches_the_hub_masked(hub, tmp_path, capfd):
    remote = kiosk(hub, tmp_path)
    try:
        assert remote.sync_now()
        ticket = remote.issue_ticket("dukcapil-ktp")
        hub.kill()
        done = remote.record_skm(PROFILE, {"waktu": 1}, ticket_id=ticket.id, suggestion=TEXT,
                                 contact="3201.0123.4567.0001")
        assert done.accepted and remote.pending() >= 1
        # What waits in the kiosk's outbox is masked already.
        queued = remote.store.query("SELECT body FROM hub_outbox")
        assert_no_nik(" ".join(r[0] for r in queued))
        # An older kiosk version queued its push unmasked: the hub masks it on write.
        remote.outbox.enqueue("old-version-push-1", "/v1/skm", {
            "profile": PROFILE, "answers": {"waktu": 4}, "agency_id": "imigrasi",
            "suggestion": "NIK 3201 0123 4567 0001", "contact": NIK, "at": NOW})
        hub.start()
        assert remote.sync_now() and remote.pending() == 0
        assert remote.outbox.rejected() == []
        rows = hub.store.query("SELECT suggestion, contact FROM skm_response ORDER BY at")
        assert len(rows) == 2
        assert {r[1] for r in rows} == {"************0001"}
        assert_no_nik(hub_text(hub))
    finally:
        remote.close()
    out, err = capfd.readouterr()
    assert_no_nik(out + err)


def test_the_migration_masks_what_an_older_hub_stored(request, store_kind, tmp_path,
                                                      monkeypatch):
    """A hub store the version before masking left (schema 5 of the shared migrations), with
    NIKs in suggestions, contacts and "Lainnya": opening it with this version masks them."""
    import kiosk.hub.pgstore
    import kiosk.store
    from hub_support import hub_db
    from kiosk.hub.stores import open_hub_store

    spec = hub_db(request, store_kind) or str(tmp_path / "hub.sqlite3")
    import kiosk.hub.store
    old, old_hub = kiosk.store.MIGRATIONS[:5], kiosk.hub.store.HUB_MIGRATIONS[:4]
    with monkeypatch.context() as m:        # this program, as the older version was
        m.setattr(kiosk.store, "MIGRATIONS", old)
        m.setattr(kiosk.hub.pgstore, "MIGRATIONS", old)
        m.setattr(kiosk.hub.store, "HUB_MIGRATIONS", old_hub)
        m.setattr(kiosk.hub.pgstore, "HUB_MIGRATIONS", old_hub)
        store = open_hub_store(spec)
        with store.transaction() as db:
            for i, spelling in enumerate(SPELLINGS):
                db.execute("INSERT INTO skm_response (id, at, day, hour, kiosk_id, waktu, "
                           "suggestion, contact, occupation_other) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (f"OLD{i}", NOW, "2026-11-23", 10, "K1", 3, f"NIK {spelling}",
                            spelling, f"tani {spelling}"))
        store.close()
    store = open_hub_store(spec)             # this version: migration 6 runs
    try:
        rows = store.query("SELECT suggestion, contact, occupation_other FROM skm_response")
        assert len(rows) == len(SPELLINGS)
        assert {tuple(r) for r in rows} == {("NIK ************0001", "************0001",
                                             "tani ************0001")}
        if store_kind == "sqlite":
            raw = b"".join(p.read_bytes() for p in tmp_path.glob("hub.sqlite3*"))
            assert_no_nik(raw.decode("latin-1"))
    finally:
        store.close()
