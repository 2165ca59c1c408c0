"""/dashboard/catalog: the catalog the hub serves, read-only — agencies, services, today's
hours, quotas (and how much of each is used today), cut-offs, today's holiday and
closures, the closures ahead — and the kiosks whose catalog version differs from the hub's
(a kiosk on an old catalog offers services or hours the hub no longer has)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from kiosk.hub.web.dashboard.base import enter
from kiosk.i18n import pick
from kiosk.reports.labels import day_text

router = APIRouter(include_in_schema=False)
AHEAD_DAYS = 30


@dataclass
class ServiceLine:
    service: object
    name: str
    hours: str
    issued: int
    closure: str
    cutoff: int


def hours_text(ranges, lang: str) -> str:
    sep = "." if lang == "id" else ":"
    return ", ".join(f"{a.strftime('%H' + sep + '%M')}–{b.strftime('%H' + sep + '%M')}"
                     for a, b in ranges)


def build(hub, lang: str, agency_id: str | None) -> dict:
    catalog, today = hub.settings.catalog, hub.core.today()
    issued: dict[str, int] = {}
    for _day, service, n in hub.store.held_per_day_and_service(today.isoformat(),
                                                                today.isoformat()):
        issued[service] = issued.get(service, 0) + n
    agencies = []
    for agency in catalog.agencies:
        if agency_id not in (None, agency.id):
            continue
        lines = []
        for s in catalog.services_of(agency.id):
            closure = catalog.closure_for(s, today)
            lines.append(ServiceLine(s, pick(s.name, lang),
                                     hours_text(catalog.hours_for(s, today), lang),
                                     issued.get(s.id, 0),
                                     pick(closure.reason, lang) if closure else "",
                                     catalog.cutoff_for(s)))
        counters = [c for c in catalog.counters if c.agency == agency.id]
        agencies.append((agency, pick(agency.name, lang), counters, lines))
    ahead = [c for c in catalog.closures if today < c.date <= today + timedelta(AHEAD_DAYS)
             and (agency_id is None or c.agency in ("", agency_id))]
    holiday = catalog.holiday_on(today)
    version = hub.catalog_version()
    kiosks = [k for k in hub.store.kiosks()]
    stale = [k for k in kiosks if (k["status"] or {}).get("catalog") not in (None, "", version)]
    unknown = [k for k in kiosks if not (k["status"] or {}).get("catalog")]
    return {"agencies": agencies, "ahead": ahead, "today": today, "version": version,
            "holiday": pick(holiday.name, lang) if holiday else "", "stale": stale,
            "unknown": unknown, "kiosk_count": len(kiosks)}


@router.get("/dashboard/catalog")
async def page(request: Request):
    ctx = await enter(request, "catalog")
    if isinstance(ctx, Response):
        return ctx
    data = await run_in_threadpool(build, ctx.hub, ctx.lang, ctx.agency_scope)
    return ctx.render("catalog.html", pick=pick, day=lambda d: day_text(d, ctx.lang), **data)
