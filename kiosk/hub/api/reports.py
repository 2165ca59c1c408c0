"""Reports over every kiosk's tickets and feedback, with the same code `kiosk report` uses."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from fastapi.concurrency import run_in_threadpool

from kiosk.hub import wire
from kiosk.hub.accounts.roles import may_see_contacts
from kiosk.hub.api.access import Staff, reading_scope
from kiosk.hub.api.deps import ID_PATTERN, HubDep, Problem, answer
from kiosk.survey import DEFAULT_WEIGHT, WEIGHTS

router = APIRouter(tags=["reports"])


@router.get("/v1/reports/{kind}")
async def report(request: Request, hub: HubDep, staff: Staff,
                 kind: Literal[wire.REPORT_KINDS],  # type: ignore[valid-type]
                 start: Annotated[date | None, Query(alias="from")] = None,
                 end: Annotated[date | None, Query(alias="to")] = None,
                 agency: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                 service: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                 weight: Literal[tuple(WEIGHTS)] = DEFAULT_WEIGHT,  # type: ignore[valid-type]
                 lang: Literal["id", "en"] = "id",
                 open_only: Annotated[bool, Query(
                     alias="open", description="suggestions: only those not handled yet")
                 ] = False):
    """The MPP's report over every kiosk's tickets and feedback, `from`–`to` (local days,
    both included; default today): ikm (per agency and service, PermenPANRB 14/2017),
    votes (face shares and main reasons per agency and hour), demand (tickets per agency
    and hour), suggestions (the SKM's suggestions and complaints to follow up, NIKs
    masked). For staff: a kiosk's token gets 403 (its panel reads /v1/panel/today), an
    officer 403; an agency account reads its own agency only (the default; another: 403).
    Each answer is an export: the audit log records who took which report."""
    from kiosk.hub.api.staff import address, audit_of
    agency = reading_scope(staff, agency)
    if service and agency and getattr(hub.settings.catalog.service(service), "agency",
                                      agency) != agency:
        raise Problem(403, "other_agency", "that service belongs to another agency",
                      "layanan itu milik instansi lain")

    def work():
        data = wire.report_to_json(_make(hub, kind, start, end, agency, service, weight, lang,
                                         open_only))
        if kind == "suggestions":
            for row in data.get("rows", ()):
                if not may_see_contacts(staff, row.get("agency_id")):
                    row["contact"] = ""
        audit_of(hub).record(staff.username, "report.export", kind,
                             f"{data.get('from', start)}..{data.get('to', end)} "
                             f"{agency or 'all'}", address(request))
        return data
    return answer(await run_in_threadpool(work))


def _make(hub, kind, start, end, agency, service, weight, lang, open_only):
    from kiosk import reports
    settings, store = hub.settings, hub.store
    catalog = settings.catalog
    if agency and catalog.agency(agency) is None:
        raise Problem(404, "unknown_agency", f"unknown agency {agency}")
    if service and catalog.service(service) is None:
        raise Problem(404, "unknown_service", f"unknown service {service}")
    today = hub.core.today()
    try:
        period = reports.Period(start or today, end or today)
        common = dict(mpp_name=settings.mpp_name, lang=lang, agency_id=agency)
        if kind == "ikm":
            return reports.ikm_report(store, catalog, period, weight=weight,
                                      service_id=service, **common)
        if kind == "votes":
            return reports.votes_report(store, catalog, period, **common)
        if kind == "suggestions":
            return reports.suggestions_report(store, catalog, settings.zone, period,
                                              service_id=service, open_only=open_only,
                                              **common)
        return reports.demand_report(store, catalog, settings.zone, period, **common)
    except reports.ReportError as exc:
        raise Problem(422, "invalid_period", exc.text("en"), exc.text("id"))
