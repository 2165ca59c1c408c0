"""Service-times figures on a small day worked out by hand."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk import config
from kiosk.counters import TicketTimes, percentile, service_times, service_times_report

DATA = Path(__file__).resolve().parents[1] / "kiosk" / "data"
ZONE = ZoneInfo("Asia/Jakarta")
PUBLISHED = {"dukcapil-ktp": 10, "dukcapil-akta": 15}


def row(service, issued, called=None, finished=None, desk=None, no_show=False):
    """Times are WIB clock times; the store keeps UTC ISO strings (WIB - 7 h)."""
    def utc(hhmm):
        if hhmm is None:
            return None
        h, m = map(int, hhmm.split(":"))
        return f"2026-12-01T{h - 7:02d}:{m:02d}:00+00:00"
    return TicketTimes.from_row({
        "agency_id": "dukcapil", "service_id": service, "issued_at": utc(issued),
        "called_at": utc(called), "finished_at": utc(finished), "counter_id": desk,
        "no_show": no_show})


DAY = [
    #     service          issued   called   finished  counter    wait  service
    row("dukcapil-ktp", "08:00", "08:10", "08:18", "loket-1"),                 # 10    8
    row("dukcapil-ktp", "08:05", "08:25", "08:37", "loket-1"),                 # 20   12 (late)
    row("dukcapil-ktp", "08:10", "08:40", None, "loket-2", no_show=True),      # 30    -
    row("dukcapil-ktp", "09:10", "09:15", "09:20", "loket-2"),                 #  5    5
    row("dukcapil-akta", "08:30", "09:00", "09:14", "loket-2"),                # 30   14
    row("dukcapil-ktp", "09:30"),                                              # still waiting
]


def figures_of(times):
    return (times.tickets, times.called, times.served, times.no_shows,
            times.wait_median, _r(times.wait_p90), times.service_median,
            _r(times.service_p90), times.no_show_share, times.within_share)


def _r(value):
    return None if value is None else round(value, 6)


EXPECTED = {
    # by -> {key: (tickets, called, served, no-shows, wait median, p90, service median, p90,
    #              no-show share, within published share)}
    ("service_id",): {
        ("dukcapil-ktp",): (5, 4, 3, 1, 15.0, 27.0, 8.0, 11.2, 0.25, 2 / 3),
        ("dukcapil-akta",): (1, 1, 1, 0, 30.0, 30.0, 14.0, 14.0, 0.0, 1.0),
    },
    ("agency_id",): {
        ("dukcapil",): (6, 5, 4, 1, 20.0, 30.0, 10.0, 13.4, 0.2, 0.75),
    },
    ("counter_id",): {
        ("loket-1",): (2, 2, 2, 0, 15.0, 19.0, 10.0, 11.6, 0.0, 0.5),
        ("loket-2",): (3, 3, 2, 1, 30.0, 30.0, 9.5, 13.1, 1 / 3, 1.0),
        (None,): (1, 0, 0, 0, None, None, None, None, None, None),
    },
    ("hour",): {
        (8,): (4, 4, 3, 1, 25.0, 30.0, 12.0, 13.6, 0.25, 2 / 3),
        (9,): (2, 1, 1, 0, 5.0, 5.0, 5.0, 5.0, 0.0, 1.0),
    },
}


@pytest.mark.parametrize("by", EXPECTED, ids=lambda b: b[0])
def test_figures_by_hand(by):
    out = service_times(DAY, PUBLISHED, by=by, zone=ZONE)
    assert {key: figures_of(t) for key, t in out.items()} == _approx(EXPECTED[by])


def _approx(expected):
    return {k: tuple(pytest.approx(v) if isinstance(v, float) else v for v in values)
            for k, values in expected.items()}


def test_percentile_interpolates_between_ranks():
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([], 0.5) is None


def test_grouping_by_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="cannot group by 'officer'"):
        service_times(DAY, PUBLISHED, by=("officer",))


def test_report_sections_in_catalog_order_with_names():
    catalog = config.load_catalog(DATA / "catalog.toml")
    report = service_times_report(DAY, catalog, ZONE, mpp_name="MPP Uji", lang="id")
    assert not report.empty
    assert figures_of(report.total.times) == _approx({0: EXPECTED[("agency_id",)][("dukcapil",)]})[0]
    assert [(r.service_id, r.service) for r in report.services] == [
        ("dukcapil-ktp", "Cetak ulang KTP-el"), ("dukcapil-akta", "Akta kelahiran")]
    # a number never called belongs to no counter
    assert [(r.counter_id, r.counter) for r in report.counters] == [
        ("loket-1", "Loket 1"), ("loket-2", "Loket 2")]
    assert [(r.agency, r.hour, r.times.tickets) for r in report.hours] == [
        ("Dinas Kependudukan dan Pencatatan Sipil", 8, 4),
        ("Dinas Kependudukan dan Pencatatan Sipil", 9, 2)]
    empty = service_times_report([], catalog, ZONE)
    assert empty.empty and empty.total.times.wait_median is None
