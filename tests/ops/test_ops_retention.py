"""Retention on a kiosk store spanning two years: nothing personal is kept past its limit,
and the past year's IKM report is the same after the purge as before it."""

import sqlite3
from datetime import date, timedelta

import pytest

from kiosk.cli import main as kiosk_main
from kiosk.cli.ops import main as ops_main
from kiosk.service import open_service

from ops_support import PAST_YEAR, TODAY, seed_two_years

SHORT = "keep_days = { tickets = 400, votes = 400, skm_answers = 400 }"


def before(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def count(path, sql, *args) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, args).fetchone()[0]
    finally:
        db.close()


def ikm_csv(config, capsys, start, end) -> str:
    capsys.readouterr()
    assert kiosk_main(["report", "--config", str(config), "ikm", "--from", start, "--to", end,
                       "--format", "csv"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("limits", ["defaults", "short"])
def test_purge_keeps_the_past_years_ikm_and_nothing_personal_past_its_limit(
        settings_at, capsys, limits):
    settings = settings_at(store_lines=SHORT if limits == "short" else "")
    service = open_service(settings)
    visitors = seed_two_years(service)
    service.store.close()
    path = settings.store_path
    report_before = ikm_csv(settings.path, capsys, *PAST_YEAR)
    whole_before = ikm_csv(settings.path, capsys, "2024-12-01", PAST_YEAR[1])
    assert "antrean" not in report_before and report_before.count("\n") > 3, report_before

    # --dry-run says what would go and takes nothing.
    assert ops_main(["purge", "--dry-run", "--today", TODAY.isoformat(),
                     "--config", str(settings.path)]) == 0
    said = capsys.readouterr().out
    assert "would go" in said and "contacts" in said and "bookings" in said
    assert count(path, "SELECT COUNT(*) FROM skm_response WHERE contact IS NOT NULL") == visitors

    assert ops_main(["purge", "--today", TODAY.isoformat(), "--config", str(settings.path)]) == 0
    assert "gone" in capsys.readouterr().out

    assert count(path, "SELECT COUNT(*) FROM booking WHERE day < ?", before(31)) == 0
    assert count(path, "SELECT COUNT(*) FROM booking WHERE day >= ?", before(31)) > 0
    assert count(path, "SELECT COUNT(*) FROM booking WHERE card_hash IS NOT NULL AND day < ?",
                 before(1)) == 0
    assert count(path, "SELECT COUNT(*) FROM ticket WHERE booking_id IS NOT NULL AND day < ?",
                 before(31)) == 0
    assert count(path, "SELECT COUNT(*) FROM skm_response WHERE day < ? AND (contact IS NOT "
                       "NULL OR occupation_other IS NOT NULL)", before(90)) == 0
    assert count(path, "SELECT COUNT(*) FROM skm_response WHERE day >= ? AND contact IS NOT "
                       "NULL", before(90)) > 0
    assert count(path, "SELECT COUNT(*) FROM skm_response WHERE day < ? AND suggestion IS "
                       "NOT NULL", before(365)) == 0
    # The purged text is not left in the file's free pages either (secure_delete).
    for file in (path, path.with_name(path.name + "-wal")):
        assert not file.exists() or b"08123000001" not in file.read_bytes()
    if limits == "short":
        for table in ("ticket", "vote", "skm_response"):
            assert count(path, f"SELECT COUNT(*) FROM {table} WHERE day < ?", before(400)) == 0
        assert count(path, "SELECT COUNT(*) FROM ticket_event WHERE ticket_id NOT IN "
                           "(SELECT id FROM ticket)") == 0
        assert ikm_csv(settings.path, capsys, "2024-12-01", PAST_YEAR[1]) != whole_before
    else:       # scores and tickets are kept three years: nothing of them went
        assert count(path, "SELECT COUNT(*) FROM skm_response") == visitors

    assert ikm_csv(settings.path, capsys, *PAST_YEAR) == report_before


def test_keep_days_are_checked_like_the_rest_of_the_configuration(kiosk_dir, capsys):
    config = kiosk_dir(store_lines='keep_days = { tickets = 30, contacts = "x", sms = 3 }\n'
                                   'backup_keep = 0')
    assert ops_main(["purge", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "store.keep_days.tickets: must be between 400 and 3660 days" in err
    assert "store.keep_days.contacts: must be a whole number of days" in err
    assert "store.keep_days.sms: unknown kind of record" in err
    assert "store.backup_keep: must be between 1 and 1000" in err


def test_pushes_the_hub_has_answered_go_with_the_contacts_pending_ones_stay(settings_at,
                                                                           capsys):
    from kiosk.hub.outbox import Outbox
    from kiosk.ops.marker import open_store
    settings = settings_at()
    store = open_store(settings.store_path)
    outbox = Outbox(store)
    outbox.enqueue("skm:1", "/v1/skm", {"contact": "0812000111", "suggestion": "lama"})
    outbox.enqueue("skm:2", "/v1/skm", {"contact": "0812000222", "suggestion": "lama"})
    sent = outbox.pending()[0]
    outbox.sent(sent.seq)
    store.close()
    later = (date.today() + timedelta(days=120)).isoformat()
    assert ops_main(["purge", "--today", later, "--config", str(settings.path)]) == 0
    assert "outbox" in capsys.readouterr().out
    keys = [r[0] for r in sqlite3.connect(settings.store_path).execute(
        "SELECT key FROM hub_outbox")]
    assert keys == ["skm:2"]                     # still to be sent: kept whatever its age


def test_purging_a_named_store_file_adds_nothing_to_it(settings_at, tmp_path, capsys):
    from kiosk.hub.store import HubStore
    settings = settings_at()
    hub = HubStore(tmp_path / "hub.sqlite3")
    hub.close()
    assert ops_main(["purge", "--db", str(tmp_path / "hub.sqlite3"), "--dry-run",
                     "--config", str(settings.path)]) == 0
    assert not (tmp_path / "hub.sqlite3.marker").exists()
    assert ops_main(["purge", "--db", str(tmp_path / "none.sqlite3"),
                     "--config", str(settings.path)]) == 1
    assert "there is no store" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()
