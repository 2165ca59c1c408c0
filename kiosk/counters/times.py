"""Measured waiting and service times: the figures behind wait estimates and the
service-times report.

Pure over `TicketTimes` rows (one per ticket and queue it waited in, kiosk.counters.legs: a
transfer ends a leg at its transfer time and starts a new row whose `issued_at` is when it
joined the target queue). Waiting time = issue → call,
service time = call → finish, in minutes. Percentiles interpolate linearly between the
nearest ranks (the median is the ordinary median; p90 of 1..10 is 9.1). "Within published
time" compares a served ticket's service time with the service's published minutes per
visitor (catalog `service_minutes`). The hour is the MPP-local hour of issue.

`service_times(rows, published, by=…)` groups by any of "agency_id", "service_id",
"counter_id", "hour"; `service_times_report` builds the report's sections (per agency,
service, counter and agency × hour) with names in the report's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

FIELDS = ("agency_id", "service_id", "counter_id", "hour")


@dataclass(frozen=True)
class TicketTimes:
    agency_id: str
    service_id: str
    issued_at: datetime                 # aware; joined this queue
    called_at: datetime | None = None   # first call
    finished_at: datetime | None = None  # served
    counter_id: str | None = None       # the counter that called it
    no_show: bool = False

    @property
    def waiting_minutes(self) -> float | None:
        return _minutes(self.issued_at, self.called_at)

    @property
    def service_minutes(self) -> float | None:
        return None if self.no_show else _minutes(self.called_at, self.finished_at)

    @classmethod
    def from_row(cls, row: Mapping) -> "TicketTimes":
        """From a mapping with these keys; times as datetimes or ISO 8601 strings."""
        return cls(agency_id=row["agency_id"], service_id=row["service_id"],
                   issued_at=_time(row["issued_at"]), called_at=_time(row.get("called_at")),
                   finished_at=_time(row.get("finished_at")),
                   counter_id=row.get("counter_id"), no_show=bool(row.get("no_show", False)))


def _time(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0..1) with linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 0.5)


@dataclass(frozen=True)
class Times:
    """Figures for one group of tickets."""

    key: tuple                      # the group's values of `by`, in that order
    tickets: int                    # rows in the group (called or not)
    called: int
    served: int
    no_shows: int
    wait_median: float | None       # minutes, over called tickets
    wait_p90: float | None
    service_median: float | None    # minutes, over served tickets
    service_p90: float | None
    no_show_share: float | None     # no-shows / (served + no-shows)
    within_share: float | None      # served within the published minutes / served


def service_times(rows: Iterable[TicketTimes], published: Mapping[str, int], *,
                  by: Sequence[str] = ("agency_id", "service_id"),
                  zone: ZoneInfo | None = None) -> dict[tuple, Times]:
    """Figures per group, groups in first-seen order. `published`: service id -> minutes
    (a service missing from it has no within-published share). "hour" needs `zone`."""
    for name in by:
        if name not in FIELDS:
            raise ValueError(f"cannot group by {name!r}; use {', '.join(FIELDS)}")
    groups: dict[tuple, list[TicketTimes]] = {}
    for row in rows:
        key = tuple(_field(row, name, zone) for name in by)
        groups.setdefault(key, []).append(row)
    return {key: figures(key, members, published) for key, members in groups.items()}


def _field(row: TicketTimes, name: str, zone: ZoneInfo | None):
    if name == "hour":
        if zone is None:
            raise ValueError("grouping by hour needs the MPP's time zone")
        return row.issued_at.astimezone(zone).hour
    return getattr(row, name)


def figures(key: tuple, rows: Sequence[TicketTimes], published: Mapping[str, int]) -> Times:
    waits = [w for r in rows if (w := r.waiting_minutes) is not None]
    served = [r for r in rows if r.service_minutes is not None]
    services = [r.service_minutes for r in served]
    no_shows = sum(1 for r in rows if r.no_show)
    judged = [r for r in served if r.service_id in published]
    within = sum(1 for r in judged if r.service_minutes <= published[r.service_id])
    concluded = len(served) + no_shows
    return Times(
        key=key, tickets=len(rows), called=len(waits), served=len(served), no_shows=no_shows,
        wait_median=median(waits), wait_p90=percentile(waits, 0.9),
        service_median=median(services), service_p90=percentile(services, 0.9),
        no_show_share=no_shows / concluded if concluded else None,
        within_share=within / len(judged) if judged else None)


@dataclass(frozen=True)
class TimesRow:
    level: str                      # "total", "agency", "service", "counter" or "hour"
    agency_id: str | None
    service_id: str | None
    counter_id: str | None
    hour: int | None
    agency: str                     # names in the report's language ("" where not applicable)
    service: str
    counter: str
    times: Times


@dataclass(frozen=True)
class ServiceTimesReport:
    mpp_name: str
    lang: str
    zone: str
    total: TimesRow
    agencies: tuple[TimesRow, ...]
    services: tuple[TimesRow, ...]
    counters: tuple[TimesRow, ...]
    hours: tuple[TimesRow, ...]     # per agency and local hour of issue

    @property
    def empty(self) -> bool:
        return self.total.times.tickets == 0


def service_times_report(rows: Iterable[TicketTimes], catalog, zone: ZoneInfo, *,
                         mpp_name: str = "", lang: str = "id") -> ServiceTimesReport:
    """The service-times report's data, sections in catalog order (then by id / hour)."""
    from kiosk.reports.data import agency_name, service_name
    from kiosk.counters.model import counter_by_id
    from kiosk.i18n import pick

    rows = list(rows)
    published = {s.id: s.service_minutes for s in catalog.services}
    agencies = {a.id: i for i, a in enumerate(catalog.agencies)}
    services = {s.id: i for i, s in enumerate(catalog.services)}
    counters = {c.id: i for i, c in enumerate(getattr(catalog, "counters", ()))}

    def rank(index, value):
        return (value is None, index.get(value, len(index)), value or "")

    def counter_name(counter_id):
        counter = counter_by_id(catalog, counter_id) if counter_id else None
        return pick(counter.name, lang) if counter else (counter_id or "")

    def make(level, times, agency=None, service=None, counter=None, hour=None):
        return TimesRow(level, agency, service, counter, hour,
                        agency_name(catalog, agency, lang) if level != "total" else "",
                        service_name(catalog, service, lang) if service else "",
                        counter_name(counter), times)

    def section(by, level, sort):
        chosen = [r for r in rows if r.counter_id] if "counter_id" in by else rows
        out = service_times(chosen, published, by=by, zone=zone)
        return tuple(make(level, out[key], **dict(zip(_ARGS[by], key)))
                     for key in sorted(out, key=sort))

    total = service_times(rows, published, by=(), zone=zone).get(()) or figures((), [], published)
    return ServiceTimesReport(
        mpp_name=mpp_name, lang=lang, zone=zone.key, total=make("total", total),
        agencies=section(("agency_id",), "agency", lambda k: rank(agencies, k[0])),
        services=section(("agency_id", "service_id"), "service",
                         lambda k: (rank(agencies, k[0]), rank(services, k[1]))),
        counters=section(("agency_id", "counter_id"), "counter",
                         lambda k: (rank(agencies, k[0]), rank(counters, k[1]))),
        hours=section(("agency_id", "hour"), "hour", lambda k: (rank(agencies, k[0]), k[1])))


_ARGS = {("agency_id",): ("agency",), ("agency_id", "service_id"): ("agency", "service"),
         ("agency_id", "counter_id"): ("agency", "counter"), ("agency_id", "hour"): ("agency", "hour")}
