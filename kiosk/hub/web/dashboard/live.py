"""/dashboard: today, live — tickets issued and waiting per agency, counters open, the
median wait so far, and arrivals per hour against yesterday and the same weekday last
week (an inline SVG). "Yesterday" is the previous day the MPP was open (kiosk.opening), named
by its day: on a Monday, Friday's or Saturday's curve rather than a closed Sunday's zero line. The page reloads itself every minute (a meta refresh: no script)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from kiosk.counters.life import AT_COUNTER, SERVED, WAITING
from kiosk.counters.times import service_times
from kiosk.hub.web.dashboard import svg
from kiosk.hub.web.dashboard.base import enter
from kiosk.hub.web.dashboard.texts import texts
from kiosk.opening import previous_open_day
from kiosk.reports import agency_name
from kiosk.reports.labels import day_text

router = APIRouter(include_in_schema=False)
REFRESH_S = 60


@dataclass
class AgencyToday:
    agency_id: str
    name: str
    issued: int = 0
    waiting: int = 0
    at_counter: int = 0
    served: int = 0
    counters: int = 0
    counters_open: int = 0
    wait_median: float | None = None


@dataclass
class Today:
    day: date
    rows: list[AgencyToday]
    hours: list[int]
    series: list[tuple[date, dict[int, int]]] = field(default_factory=list)
    wait_median: float | None = None

    def total(self, name: str) -> int:
        return sum(getattr(r, name) for r in self.rows)


def local_hour(stamp: str, zone) -> int:
    """The MPP-local hour of "YYYY-MM-DDTHH±hh:mm" (tickets_per_hour's hour of issue)."""
    return datetime.fromisoformat(f"{stamp[:13]}:00:00{stamp[13:]}").astimezone(zone).hour


def per_hour(store, day: date, zone, agency_id: str | None) -> dict[int, int]:
    counts: dict[int, int] = {}
    for agency, _status, stamp, n in store.tickets_per_hour(day.isoformat()):
        if agency_id is None or agency == agency_id:
            hour = local_hour(stamp, zone)
            counts[hour] = counts.get(hour, 0) + n
    return counts


def today(hub, lang: str, agency_id: str | None) -> Today:
    """What the page shows, for the whole MPP or one agency. The counts are folded in SQL
    (tickets_per_hour); the waits are kiosk.counters.times' over the day's called tickets."""
    settings, store = hub.settings, hub.store
    catalog, zone, day = settings.catalog, settings.zone, hub.core.today()
    agencies = [a for a in catalog.agencies if agency_id in (None, a.id)]
    rows = {a.id: AgencyToday(a.id, agency_name(catalog, a.id, lang)) for a in agencies}
    hours: dict[int, int] = {}
    for agency, status, stamp, n in store.tickets_per_hour(day.isoformat()):
        item = rows.get(agency)
        if item is None:
            continue
        item.issued += n
        item.waiting += n if status in WAITING else 0
        item.at_counter += n if status in AT_COUNTER else 0
        item.served += n if status == SERVED else 0
        hour = local_hour(stamp, zone)
        hours[hour] = hours.get(hour, 0) + n
    states = store.counter_rows()
    for counter in catalog.counters:
        if counter.agency in rows:
            rows[counter.agency].counters += 1
            state = states.get(counter.id)
            rows[counter.agency].counters_open += bool(state and state.state == "open")
    called = [t for t in store.ticket_times(day.isoformat()) if t.agency_id in rows]
    published = {s.id: s.service_minutes for s in catalog.services}
    for (agency,), figures in service_times(called, published, by=("agency_id",)).items():
        rows[agency].wait_median = figures.wait_median
    overall = service_times(called, published, by=()).get(())
    before = previous_open_day(catalog, day, zone) or day - timedelta(days=1)
    series = [(day, hours)] + [(d, per_hour(store, d, zone, agency_id))
                               for d in (before, day - timedelta(days=7))]
    seen = [h for _, s in series for h in s] or list(range(8, 16))
    span = list(range(min(seen), max(seen) + 1))
    ordered = sorted(rows.values(), key=lambda r: (-r.waiting, -r.issued))
    return Today(day, ordered, span, series, overall.wait_median if overall else None)


@router.get("/dashboard")
async def live(request: Request):
    ctx = await enter(request, "live")
    if isinstance(ctx, Response):
        return ctx
    data = await run_in_threadpool(today, ctx.hub, ctx.lang, ctx.agency_scope)
    labels = _series_labels(ctx.lang, data)
    chart = svg.lines(data.hours, [(label, s) for label, (_, s) in zip(labels, data.series)],
                      title=labels[0],
                      first_until=ctx.hub.clock().astimezone(ctx.hub.settings.zone).hour)
    return ctx.render("live.html", data=data, chart=chart, day=day_text(data.day, ctx.lang),
                      refresh=REFRESH_S, minutes=_minutes)


def _series_labels(lang: str, data: Today) -> list[str]:
    t = texts(lang)
    return [t["series_today"], short_day_text(data.series[1][0], lang),
            t["series_last_week"].format(day=short_day_text(data.series[2][0], lang))]


def short_day_text(day: date, lang: str) -> str:
    """Jumat, 27 Nov / Friday, 27 Nov."""
    return format_date(day, "EEEE, d MMM", locale="id" if lang == "id" else "en")


def _minutes(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    return text.replace(".", ",") if lang == "id" else text
