"""The service-times report (`kiosk report service-times`): waiting time (issue → call) and
service time (call → finish) per agency, service, counter and hour — median and p90 — the
share of no-shows, and the share served within the service's published time.

The figures are kiosk.counters.times' (the same functions the wait estimates use); this
module reads the period's calls from a store (the hub's, where counters call) and renders
the report as a terminal table or CSV.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from kiosk.counters.times import ServiceTimesReport, TimesRow, service_times_report
from kiosk.i18n import N_, tr

from . import labels as L
from .tables import grid

TITLE = N_("Waiting and service times")
NO_CALLS = N_("No ticket was called at a counter between {start} and {end}")
COLUMNS = (N_("Tickets"), N_("Wait median"), N_("Wait p90"), N_("Service median"),
           N_("Service p90"), N_("No-show"), N_("Within time"))
SECTIONS = (("agencies", N_("Per agency")), ("services", N_("Per service")),
            ("counters", N_("Per counter")), ("hours", N_("Per agency and hour of issue")))
MINUTES_NOTE = N_("Times in minutes. Wait: issue to call; service: call to finish.")


@dataclass(frozen=True)
class ServiceTimes:
    """The report's figures (kiosk.counters.times) for a period."""

    period: object                  # kiosk.reports.Period
    data: ServiceTimesReport

    lang = property(lambda self: self.data.lang)
    mpp_name = property(lambda self: self.data.mpp_name)
    empty = property(lambda self: self.data.empty)


def service_times(store, catalog, zone: ZoneInfo, period, *, mpp_name: str = "",
                  lang: str = "id", agency_id: str | None = None) -> ServiceTimes:
    """The report over the period's local days (both included)."""
    rows, day = [], period.start
    while day <= period.end:
        rows += [r for r in store.ticket_times(day.isoformat())
                 if agency_id is None or r.agency_id == agency_id]
        day += timedelta(days=1)
    return ServiceTimes(period, service_times_report(rows, catalog, zone, mpp_name=mpp_name,
                                                     lang=lang))


def _share(value, lang: str) -> str:
    return L.DASH if value is None else f"{L.number(value * 100, 0, lang)} %"


def _minutes(value, lang: str) -> str:
    return L.DASH if value is None else L.number(value, 1, lang)


def _cells(row: TimesRow, lang: str) -> list[str]:
    t = row.times
    return [str(t.tickets), _minutes(t.wait_median, lang), _minutes(t.wait_p90, lang),
            _minutes(t.service_median, lang), _minutes(t.service_p90, lang),
            _share(t.no_show_share, lang), _share(t.within_share, lang)]


def _name(row: TimesRow, section: str, lang: str) -> str:
    if section == "hours":
        return f"{row.agency} {L.hour_text(row.hour, lang)}"
    return {"agencies": row.agency, "services": f"{row.service} ({row.agency})",
            "counters": f"{row.counter} ({row.agency})"}[section]


def service_times_table(report: ServiceTimes) -> str:
    lang, data = report.lang, report.data
    lines = [f"{tr(TITLE, lang)} — {data.mpp_name}",
             L.period_text(report.period, lang), tr(MINUTES_NOTE, lang), ""]
    headers = ["", *(tr(c, lang) for c in COLUMNS)]
    numeric = range(1, len(headers))
    lines += grid(headers, [[tr(L.TOTAL, lang), *_cells(data.total, lang)]], numeric)
    for section, heading in SECTIONS:
        rows = getattr(data, section)
        if not rows:
            continue
        lines += ["", tr(heading, lang)]
        lines += grid(headers, [[_name(r, section, lang), *_cells(r, lang)] for r in rows],
                      numeric)
    return "\n".join(lines) + "\n"


def service_times_csv(report: ServiceTimes) -> str:
    """One row per group: level (total, agency, service, counter, hour), ids, names, and
    figures with dot decimals (minutes; shares 0-1)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["level", "agency_id", "service_id", "counter_id", "hour", "agency",
                     "service", "counter", "tickets", "called", "served", "no_shows",
                     "wait_median_min", "wait_p90_min", "service_median_min",
                     "service_p90_min", "no_show_share", "within_time_share",
                     "period_from", "period_to", "timezone"])

    def num(value):
        return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")
    data = report.data
    for row in (data.total, *data.agencies, *data.services, *data.counters, *data.hours):
        t = row.times
        writer.writerow([row.level, row.agency_id or "", row.service_id or "",
                         row.counter_id or "", "" if row.hour is None else row.hour,
                         row.agency, row.service, row.counter, t.tickets, t.called, t.served,
                         t.no_shows, num(t.wait_median), num(t.wait_p90),
                         num(t.service_median), num(t.service_p90), num(t.no_show_share),
                         num(t.within_share), report.period.start.isoformat(),
                         report.period.end.isoformat(), data.zone])
    return buffer.getvalue()


# -- over the wire (GET /v1/reports/service-times; kiosk.hub.wire) ---------------------------
# The computed figures travel as they are (percentiles cannot be rebuilt from totals), with
# the names in the report's language, so every renderer works on the hub's report unchanged.
_TIMES_FIELDS = ("tickets", "called", "served", "no_shows", "wait_median", "wait_p90",
                 "service_median", "service_p90", "no_show_share", "within_share")
_ROW_FIELDS = ("level", "agency_id", "service_id", "counter_id", "hour", "agency", "service",
               "counter")


def to_json(report: ServiceTimes) -> dict:
    data = report.data

    def row(r: TimesRow) -> dict:
        return {**{f: getattr(r, f) for f in _ROW_FIELDS},
                **{f: getattr(r.times, f) for f in _TIMES_FIELDS}}
    return {"kind": "service-times", "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(), "mpp_name": data.mpp_name, "lang": data.lang,
            "zone": data.zone, "total": row(data.total),
            **{section: [row(r) for r in getattr(data, section)] for section, _ in SECTIONS}}


def from_json(data: dict, period) -> ServiceTimes:
    from kiosk.counters.times import Times

    def number(value):
        return None if value is None else float(value)

    def row(r: dict) -> TimesRow:
        times = Times(key=(), tickets=int(r["tickets"]), called=int(r["called"]),
                      served=int(r["served"]), no_shows=int(r["no_shows"]),
                      **{f: number(r.get(f)) for f in _TIMES_FIELDS[4:]})
        return TimesRow(level=r["level"], agency_id=r.get("agency_id"),
                        service_id=r.get("service_id"), counter_id=r.get("counter_id"),
                        hour=None if r.get("hour") is None else int(r["hour"]),
                        agency=r.get("agency", ""), service=r.get("service", ""),
                        counter=r.get("counter", ""), times=times)
    return ServiceTimes(period, ServiceTimesReport(
        mpp_name=data.get("mpp_name", ""), lang=data.get("lang", "id"),
        zone=data.get("zone", ""), total=row(data["total"]),
        **{section: tuple(row(r) for r in data.get(section, ())) for section, _ in SECTIONS}))
