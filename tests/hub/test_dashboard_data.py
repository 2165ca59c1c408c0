"""The dashboard's figures are the reports' figures, on SQLite and on PostgreSQL: the
satisfaction page's per-agency vote shares and reasons (summed in SQL) equal `kiosk report
votes`' all-hours rows, the IKM from the kept daily totals equals a fresh one and follows a
late answer; the live page counts what the store holds; the kiosk list puts problems first;
a reply note is kept."""

from datetime import date, datetime, timedelta

import pytest
from dashboard_seed import NOW, seed
from hub_support import Hub, hub_db

from kiosk import config, reports
from kiosk.reports.data import agency_votes_report
from kiosk.survey import UNSUR_KEYS

DAILY = ("day", "agency_id", "service_id")


def as_tuples(rows) -> list[str]:
    """Rows of a total (dicts or tuples) in a comparable order (PostgreSQL sorts NULL last)."""
    return sorted(repr(tuple(r.values()) if isinstance(r, dict) else tuple(r)) for r in rows)


@pytest.fixture(scope="module")
def seeded(request, tmp_path_factory, store_kind):
    hub = Hub(tmp_path_factory.mktemp("dashboard-data"), hub_db(request, store_kind))
    seed(hub.config, hub.store, days=8)
    yield hub
    hub.close()


def test_vote_shares_per_agency_equal_the_votes_report(seeded):
    settings = config.load(seeded.config)
    period = reports.Period(date(2026, 11, 1), date(2026, 11, 23))
    full = reports.votes_report(seeded.store, settings.catalog, period)
    page = agency_votes_report(seeded.store, settings.catalog, period)
    assert not page.empty
    assert page.total == full.total and page.total_reasons == full.total_reasons
    assert [(r.agency_id, r.shares, r.reasons) for r in page.rows] == \
        [(r.agency_id, r.shares, r.reasons) for r in full.rows if r.hour is None]
    one = agency_votes_report(seeded.store, settings.catalog, period, agency_id="imigrasi")
    assert [r.agency_id for r in one.rows] == ["imigrasi"]


def test_the_live_figures_add_up_to_the_days_tickets(seeded):
    from kiosk.hub.core import HubCore
    from kiosk.hub.web.dashboard.live import today

    class Hub:
        settings = config.load(seeded.config)
        store = seeded.store
        core = HubCore(settings, store, lambda: NOW)
    data = today(Hub, "id", None)
    held = sum(n for _, _, n in seeded.store.held_per_day_and_service("2026-11-23", "2026-11-23"))
    assert data.total("issued") == held > 0
    # arrivals per local hour: the same as `kiosk report demand` for the day
    demand = reports.demand_report(seeded.store, Hub.settings.catalog, Hub.settings.zone,
                                   reports.Period(date(2026, 11, 23), date(2026, 11, 23)))
    assert data.series[0][1] == {h: demand.hour_total(h) for h in demand.hours
                                 if demand.hour_total(h)}
    assert sum(data.series[0][1].values()) == held and min(data.series[0][1]) >= 7
    assert data.total("served") > 0 and data.wait_median is not None
    only = today(Hub, "id", "imigrasi")
    assert [r.agency_id for r in only.rows] == ["imigrasi"]


def test_kiosks_with_problems_come_first(seeded):
    from kiosk.hub.api.deps import Hub as HubParts
    from kiosk.hub.web.dashboard.kiosks import PROBLEM, WARNING, kiosk_rows
    settings = config.load(seeded.config)

    class Hub:
        store = seeded.store
        clock = staticmethod(lambda: NOW)
        catalog_version = HubParts.catalog_version
    Hub.settings = settings
    from kiosk.hub.core import HubCore
    Hub.core = HubCore(settings, seeded.store, lambda: NOW)
    rows = kiosk_rows(Hub())
    assert [(r.kiosk_id, r.level) for r in rows] == [("K3", PROBLEM), ("K2", WARNING), ("K1", 2)]
    assert {key for _, key in rows[0].issues} == {"issue_offline", "printer_paper_out",
                                                  "issue_outbox", "issue_catalog"}
    assert rows[1].numbers_left == 50 and rows[2].catalog_same is True


def test_the_kept_ikm_totals_equal_fresh_ones_and_follow_a_late_answer(seeded):
    from kiosk.store import Store
    settings = config.load(seeded.config)
    period = reports.Period(date(2026, 11, 16), date(2026, 11, 23))

    def fresh():        # kiosk.store.Store's own query, past the hub's kept totals
        return sorted((r["day"], r["agency_id"], r["service_id"] or "", r["respondents"])
                      for r in Store.skm_totals(seeded.store, *period.days,
                                                by=("day", "agency_id", "service_id")))

    def kept():
        return sorted((r["day"], r["agency_id"], r["service_id"] or "", r["respondents"])
                      for r in seeded.store.skm_totals(*period.days,
                                                       by=("day", "agency_id", "service_id")))
    first = reports.ikm_report(seeded.store, settings.catalog, period)
    assert kept() == fresh() and first.total.result.respondents > 0
    # a kiosk's outbox delivers yesterday's answer late: the day is summed again
    from kiosk.hub.core import HubCore
    view = HubCore(settings, seeded.store, lambda: NOW).view("K9")
    view.record_skm({"gender": "L", "age": 40, "education": "D4/S1", "occupation": "PNS",
                     "occupation_other": ""}, dict.fromkeys(UNSUR_KEYS, 4),
                    agency_id="imigrasi", now=datetime.fromisoformat("2026-11-21T09:00+07:00"))
    assert kept() == fresh()
    again = reports.ikm_report(seeded.store, settings.catalog, period)
    assert again.total.result.respondents == first.total.result.respondents + 1


def test_a_reply_note_is_kept_and_replaced(seeded):
    rows = seeded.store.suggestion_rows("2026-11-01", "2026-11-23")
    rid = rows[0]["id"]
    assert seeded.store.suggestion_agency(rid) == (True, rows[0]["agency_id"])
    assert seeded.store.suggestion_agency("nope") == (False, None)
    seeded.store.set_suggestion_note(rid, "ditelepon", "manajer", "2026-11-23T03:00:00+00:00")
    seeded.store.set_suggestion_note(rid, "sudah diperbaiki", "admin", "2026-11-23T04:00:00+00:00")
    assert seeded.store.suggestion_notes([rid, "nope"]) == {
        rid: {"note": "sudah diperbaiki", "username": "admin", "at": "2026-11-23T04:00:00+00:00"}}


def test_the_daily_totals_follow_a_reason_added_later_and_a_purge(seeded):
    """A face vote's reason comes after the face; a retention purge deletes old answers
    and votes: the page's totals follow both, equal to a fresh count of the rows."""
    from kiosk.hub.core import HubCore
    from kiosk.store import Store
    days = ("2026-11-01", "2026-11-23")

    def same_as_fresh():
        for method in ("reason_totals", "vote_face_totals"):
            page, fresh = getattr(seeded.store, method)(*days), getattr(Store, method)(
                seeded.store, *days)
            assert as_tuples(page) == as_tuples(fresh), method
        assert as_tuples(seeded.store.skm_totals(*days, by=DAILY)) == \
            as_tuples(Store.skm_totals(seeded.store, *days, by=DAILY))
    core = HubCore(config.load(seeded.config), seeded.store, lambda: NOW)
    core.record_vote("K9", "late-vote", 1, agency_id="imigrasi",
                     at=datetime.fromisoformat("2026-11-20T10:00+07:00"))
    assert ("imigrasi", 10, "antrean lama", 1, 1) not in seeded.store.reason_totals(*days)
    seeded.store.set_vote_reason("late-vote", "antrean lama")
    assert ("imigrasi", 10, "antrean lama", 1, 1) in seeded.store.reason_totals(*days)
    same_as_fresh()
    seeded.store.purge_expired({"votes": "2026-11-20", "skm_answers": "2026-11-20"})
    assert seeded.store.skm_totals("2026-11-01", "2026-11-19", by=DAILY) == []
    assert seeded.store.vote_face_totals("2026-11-01", "2026-11-19") == []
    same_as_fresh()


def test_the_upgrade_fills_the_daily_totals_from_the_rows_held(seeded):
    """Hub migration 9 on a store that already holds a month: the totals it fills are a
    fresh count's, and they keep counting afterwards."""
    from kiosk.hub import daily_totals
    from kiosk.hub.core import HubCore
    from kiosk.store import Store
    days = ("2026-11-01", "2026-11-23")
    with seeded.store.transaction() as db:
        daily_totals.drop(db)
        daily_totals.create(db)
    assert seeded.store.skm_totals(*days, by=DAILY)
    core = HubCore(config.load(seeded.config), seeded.store, lambda: NOW)
    core.record_vote("K9", "after-upgrade", 4, agency_id="imigrasi",
                     at=datetime.fromisoformat("2026-11-23T09:00+07:00"))
    for method in ("vote_face_totals", "reason_totals"):
        assert as_tuples(getattr(seeded.store, method)(*days)) == \
            as_tuples(getattr(Store, method)(seeded.store, *days))
    assert as_tuples(seeded.store.skm_totals(*days, by=DAILY)) == \
        as_tuples(Store.skm_totals(seeded.store, *days, by=DAILY))


def test_the_live_chart_compares_a_monday_with_the_last_open_day(seeded):
    """NOW is Monday 23 November 2026; the MPP is closed on Sundays: the chart's second
    curve is Saturday's, named by its day, not the closed Sunday's zero line."""
    from kiosk.hub.core import HubCore
    from kiosk.hub.web.dashboard.live import _series_labels, today
    from kiosk.opening import previous_open_day

    class Hub:
        settings = config.load(seeded.config)
        store = seeded.store
        core = HubCore(settings, store, lambda: NOW)
    data = today(Hub, "id", None)
    assert data.series[1][0] == date(2026, 11, 21) and sum(data.series[1][1].values()) > 0
    assert _series_labels("id", data)[1] == "Sabtu, 21 Nov"
    assert _series_labels("en", data)[1] == "Saturday, 21 Nov"
    catalog, zone = Hub.settings.catalog, Hub.settings.zone
    assert previous_open_day(catalog, date(2026, 11, 24), zone) == date(2026, 11, 23)
    # a public holiday on a weekday is skipped like a Sunday
    holiday = next(h.date for h in catalog.holidays if 1 <= h.date.weekday() <= 4
                   and not catalog.holiday_on(h.date - timedelta(days=1)))
    assert previous_open_day(catalog, holiday + timedelta(days=1), zone) == \
        holiday - timedelta(days=1)
