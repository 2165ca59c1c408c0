"""/dashboard/service-times: waiting time (issue → call) and service time (call → finish)
per agency, service, counter and hour — median and p90 — the share of no-shows and of
visitors served within the service's published time (kiosk.reports.service_times, the
same figures as `kiosk report service-times`); CSV download."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from kiosk.hub.web.dashboard.base import address_of, audit, enter
from kiosk.hub.web.dashboard.satisfaction import agency_of, period_of
from kiosk.hub.web.dashboard.texts import period_label
from kiosk.reports import labels as L
from kiosk.reports.service_times import service_times, service_times_csv

router = APIRouter(include_in_schema=False)
SECTIONS = ("agencies", "services", "counters")


def build(hub, period, lang, agency):
    s = hub.settings
    return service_times(hub.store, s.catalog, s.zone, period, mpp_name=s.mpp_name,
                         lang=lang, agency_id=agency)


async def _opened(request: Request):
    """(ctx, agency, period, error, report) for the page and its download, or the Response
    that refuses (no session, a role or agency that may not)."""
    ctx = await enter(request, "service_times")
    if isinstance(ctx, Response):
        return ctx
    agency = agency_of(ctx)
    if isinstance(agency, Response):
        return agency
    period, error = period_of(ctx, default_days=0)
    report = await run_in_threadpool(build, ctx.hub, period, ctx.lang, agency)
    return ctx, agency, period, error, report


@router.get("/dashboard/service-times")
async def page(request: Request):
    opened = await _opened(request)
    if isinstance(opened, Response):
        return opened
    ctx, agency, period, error, report = opened
    query = f"from={period.start.isoformat()}&to={period.end.isoformat()}&lang={ctx.lang}"
    return ctx.render(
        "service_times.html", report=report, data=report.data, period=period, error=error,
        agency=agency, sections=SECTIONS, period_text=period_label(period, ctx.lang),
        minutes=lambda v: L.DASH if v is None else L.number(v, 1, ctx.lang),
        share=lambda v: L.DASH if v is None else f"{L.number(v * 100, 0, ctx.lang)} %",
        agencies=ctx.hub.settings.catalog.agencies if ctx.agency_scope is None else (),
        download=query + (f"&agency={agency}" if agency else ""))


@router.get("/dashboard/service-times/times.csv")
async def download(request: Request):
    opened = await _opened(request)
    if isinstance(opened, Response):
        return opened
    ctx, agency, period, _, report = opened
    name = f"service-times-{agency or 'mpp'}-{period.start}-{period.end}.csv"
    await run_in_threadpool(audit, ctx.hub, ctx.user.username, "report.export", name,
                            "service-times csv", address_of(request))
    return Response(service_times_csv(report).encode("utf-8-sig"), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
