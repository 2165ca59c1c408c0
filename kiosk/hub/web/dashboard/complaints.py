"""/dashboard/complaints: the suggestions and complaints visitors left at the end of the SKM,
per agency, open or handled, with the staff's reply note; a form marks one handled (the
audit log records who and when). The list is kiosk.reports.suggestions_report's: NIK-like
numbers are masked before anything is shown. A visitor's contact is shown only to the roles
that may read it (CONTACT_ROLES; an agency account only for its own agency's). Every text
a visitor typed goes through the template's escaping: never markup."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from kiosk.hub.accounts import AGENCY
from kiosk.hub.web.dashboard.base import (
    CONTACT_ROLES,
    address_of,
    audit,
    checked_form,
    enter,
    forbidden,
)
from kiosk.hub.web.dashboard.satisfaction import agency_of, period_of
from kiosk.hub.web.dashboard.texts import period_label
from kiosk.reports import mark_handled, suggestions_report
from kiosk.reports.suggestions import time_text

router = APIRouter(include_in_schema=False)
NOTE_MAX = 500
SHOWS = ("open", "handled", "all")


def may_see_contact(user, agency_id: str | None) -> bool:
    if user.role not in CONTACT_ROLES:
        return False
    return user.role != AGENCY or agency_id == user.agency_id


def inbox(hub, period, lang: str, agency: str | None, show: str):
    settings = hub.settings
    report = suggestions_report(hub.store, settings.catalog, settings.zone, period,
                                mpp_name=settings.mpp_name, lang=lang, agency_id=agency,
                                open_only=show == "open")
    rows = [r for r in report.rows if show != "handled" or r.handled]
    rows.sort(key=lambda r: (r.handled, -r.at.timestamp()))       # open first, newest first
    notes = hub.store.suggestion_notes([r.id for r in rows])
    return report, rows, notes


@router.get("/dashboard/complaints")
async def complaints(request: Request):
    ctx = await enter(request, "complaints")
    if isinstance(ctx, Response):
        return ctx
    agency = agency_of(ctx)
    if isinstance(agency, Response):
        return agency
    period, error = period_of(ctx, default_days=30)
    show = request.query_params.get("show")
    show = show if show in SHOWS else "all"
    report, rows, notes = await run_in_threadpool(inbox, ctx.hub, period, ctx.lang, agency,
                                                  show)
    return ctx.render(
        "complaints.html", rows=rows, notes=notes, report=report, period=period, error=error,
        agency=agency, show=show, shows=SHOWS, time_text=time_text,
        period_text=period_label(period, ctx.lang),
        agencies=ctx.hub.settings.catalog.agencies if ctx.agency_scope is None else (),
        contact=lambda row: may_see_contact(ctx.user, row.agency_id),
        done=request.query_params.get("done", ""), back=_back(request))


def _back(request: Request) -> str:
    query = "&".join(f"{k}={v}" for k, v in request.query_params.items() if k != "done")
    return request.url.path + (f"?{query}" if query else "")


@router.post("/dashboard/complaints/{response_id}/handled")
async def handled(request: Request, response_id: str):
    ctx = await enter(request, "complaints")
    if isinstance(ctx, Response):
        return ctx
    form = await checked_form(ctx)
    if isinstance(form, Response):
        return form
    hub = ctx.hub
    found, agency = await run_in_threadpool(hub.store.suggestion_agency, response_id)
    if not found:
        return Response("not found", 404)
    if ctx.agency_scope is not None and agency != ctx.agency_scope:
        return forbidden(request, ctx.user, "agency", ctx.secret)
    note = " ".join(form.get("note", "").split())[:NOTE_MAX]

    def work():
        now = hub.clock()
        _, first = mark_handled(hub.store, response_id, now)
        if note:
            hub.store.set_suggestion_note(response_id, note, ctx.user.username,
                                          now.isoformat(timespec="seconds"))
        # the audit record names the complaint, never its text or the visitor's contact
        audit(hub, ctx.user.username, "suggestion.handled", response_id,
              "first" if first else ("note" if note else "again"), address_of(request))
    await run_in_threadpool(work)
    back = form.get("back", "")
    back = back if back.startswith("/dashboard/complaints") else "/dashboard/complaints"
    return RedirectResponse(back + ("&" if "?" in back else "?") + f"done={response_id}", 303)
