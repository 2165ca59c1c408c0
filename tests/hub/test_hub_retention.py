"""The daily purge on the hub's store, SQLite and PostgreSQL: the same limits, the same
SQL (Store.purge_expired), the past year's IKM report unchanged."""

import shutil
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from kiosk import config, reports
from kiosk.hub import wire
from kiosk.hub.store import HubStore
from kiosk.hub.stores import open_hub_store
from kiosk.ops import retention
from kiosk.service import LocalService

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ops"))
from ops_support import DATA, PAST_YEAR, TODAY, seed_two_years  # noqa: E402

from hub_support import hub_db  # noqa: E402


def ikm(store, settings, start, end):
    period = reports.Period(date.fromisoformat(start), date.fromisoformat(end))
    return wire.report_to_json(reports.ikm_report(store, settings.catalog, period))


def test_hub_purge_keeps_the_past_years_ikm(request, tmp_path, store_kind):
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(DATA / name, tmp_path / name)
    settings = config.load(tmp_path / "kiosk.toml")
    url = hub_db(request, store_kind)
    store = open_hub_store(url) if url else HubStore(tmp_path / "hub.sqlite3")
    try:
        seed_two_years(LocalService(replace(settings, kiosk_id="K01"), store=store))
        first = ikm(store, settings, *PAST_YEAR)
        limits = {**retention.DEFAULT_KEEP_DAYS, "skm_answers": 400, "tickets": 400,
                  "votes": 400}
        dry = retention.purge(store, limits, TODAY, dry_run=True)
        assert {line.kind: line.count > 0 for line in dry}["contacts"]
        assert store.query("SELECT COUNT(*) FROM skm_response WHERE contact IS NOT NULL"
                           )[0][0] == store.query("SELECT COUNT(*) FROM skm_response")[0][0]
        done = retention.purge(store, limits, TODAY)
        assert [(x.kind, x.count) for x in done] == [(x.kind, x.count) for x in dry]
        assert retention.purge(store, limits, TODAY, dry_run=True)[0].count == 0

        def older(sql, days):
            return store.query(sql, ((TODAY - timedelta(days=days)).isoformat(),))[0][0]
        assert older("SELECT COUNT(*) FROM skm_response WHERE day < ? AND contact IS NOT NULL", 90) == 0
        assert older("SELECT COUNT(*) FROM skm_response WHERE day < ? AND suggestion IS NOT NULL", 365) == 0
        assert older("SELECT COUNT(*) FROM booking WHERE day < ?", 31) == 0
        assert older("SELECT COUNT(*) FROM ticket WHERE day < ?", 400) == 0
        assert older("SELECT COUNT(*) FROM skm_response WHERE day >= ?", 400) > 0
        assert ikm(store, settings, *PAST_YEAR) == first
    finally:
        store.close()


def test_a_reply_note_goes_with_its_suggestion(request, tmp_path, store_kind):
    """The complaint inbox's reply notes follow the suggestions' limit: the daily purge
    that clears a suggestion's text removes the staff's note on it; a recent one stays."""
    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(DATA / name, tmp_path / name)
    settings = config.load(tmp_path / "kiosk.toml")
    url = hub_db(request, store_kind)
    store = open_hub_store(url) if url else HubStore(tmp_path / "hub.sqlite3")
    try:
        seed_two_years(LocalService(replace(settings, kiosk_id="K01"), store=store))
        rows = store.suggestion_rows("2024-12-01", TODAY.isoformat())
        old, new = rows[0], rows[-1]                   # oldest first: 2024 and this week
        for row in (old, new):
            store.set_suggestion_note(row["id"], f"dijawab lewat telepon {row['id']}",
                                      "manajer", "2026-11-30T09:00:00+07:00")
        assert retention.purge(store, retention.DEFAULT_KEEP_DAYS, TODAY, dry_run=True)
        assert set(store.suggestion_notes([old["id"], new["id"]])) == {old["id"], new["id"]}
        retention.purge(store, retention.DEFAULT_KEEP_DAYS, TODAY)
        assert set(store.suggestion_notes([old["id"], new["id"]])) == {new["id"]}
        assert store.query("SELECT COUNT(*) FROM hub_suggestion_note")[0][0] == 1
    finally:
        store.close()
