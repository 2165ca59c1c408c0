"""/dashboard/satisfaction: IKM per agency and service for a chosen period with mutu and
the minimum sample, NRR per unsur, face votes and their main reasons — the same numbers as
`kiosk report` (kiosk.reports builds them; this page only draws them) — and the report
as CSV, XLSX or PNG (each download is written to the audit log)."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from kiosk import reports
from kiosk.hub.web.dashboard import svg
from kiosk.hub.web.dashboard.base import Context, address_of, audit, enter, forbidden
from kiosk.hub.web.dashboard.texts import period_label, texts
from kiosk.i18n import tr
from kiosk.reports import labels as L
from kiosk.reports.data import agency_votes_report, ordered_reasons
from kiosk.survey import MUTU_TABLE, UNSUR, UNSUR_KEYS, mutu_for

router = APIRouter(include_in_schema=False)
MUTU_COLOURS = {"A": "#1a9641", "B": "#2c7bb6", "C": "#f39c33", "D": "#d7191c"}
MAX_DAYS = 366
_POOL = ThreadPoolExecutor(2, thread_name_prefix="dashboard-votes")
KINDS = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "png": "image/png"}


def period_of(ctx: Context, default_days: int | None = None) -> tuple[reports.Period, str]:
    """The period asked in ?from=&to= (default: this month so far); an error text instead
    of a traceback for a bad one, and the default period then."""
    today = ctx.hub.core.today()
    start = today - timedelta(days=default_days) if default_days is not None \
        else today.replace(day=1)
    end, error = today, ""
    q = ctx.request.query_params
    try:
        start = date.fromisoformat(q["from"]) if q.get("from") else start
        end = date.fromisoformat(q["to"]) if q.get("to") else end
        period = reports.Period(start, end)
        if (end - start).days >= MAX_DAYS:
            raise ValueError("too long")
        return period, ""
    except (ValueError, reports.ReportError):
        error = "bad_period"
    return reports.Period(today.replace(day=1), today), error


def agency_of(ctx: Context) -> str | None | Response:
    """The agency asked in ?agency= (an agency account: always its own), or the 403 page."""
    asked = ctx.request.query_params.get("agency") or None
    scope = ctx.agency_scope
    if scope is not None:
        if asked not in (None, scope):
            return forbidden(ctx.request, ctx.user, "agency", ctx.secret)
        return scope
    if asked is not None and ctx.hub.settings.catalog.agency(asked) is None:
        return None
    return asked


def build(hub, period, lang: str, agency: str | None):
    """The IKM and the votes, side by side: each reads SQLite on a thread of its own (the
    store keeps a connection, and its page cache, per thread; a query runs without the
    GIL), so a month costs the longer of the two."""
    settings = hub.settings
    common = {"mpp_name": settings.mpp_name, "lang": lang, "agency_id": agency}
    votes = _POOL.submit(agency_votes_report, hub.store, settings.catalog, period, **common)
    ikm = reports.ikm_report(hub.store, settings.catalog, period, **common)
    return ikm, votes.result()


def charts(ikm, votes, lang: str, t: dict) -> dict:
    decimal = "," if lang == "id" else "."
    total = ikm.total.result
    nrr_rows = [(f"{UNSUR[k].code} {UNSUR[k].name_text(lang)}",
                 float(total.nrr[k]) if k in total.nrr else None,
                 MUTU_COLOURS[mutu_for(total.nrr[k] * 25).grade] if k in total.nrr else "#999")
                for k in UNSUR_KEYS]
    agency_rows = [(row.short or row.agency, float(row.result.converted_rounded),
                    MUTU_COLOURS[row.result.grade])
                   for row in sorted(ikm.agencies, key=lambda r: -(r.result.converted or 0))
                   if row.result.complete]
    face_rows = [(row.short or row.agency, row.shares.counts)
                 for row in votes.rows if row.hour is None]
    if len(face_rows) > 1:
        face_rows.insert(0, (t["all_agencies"], votes.total.counts))
    marks = tuple(float(m.converted[0]) for m in MUTU_TABLE if m.converted[0] > 25)
    return {
        "nrr": svg.bars(nrr_rows, t["nrr_heading"], 4.0, low=1.0, marks=(2, 3),
                        decimal=decimal, label_w=380),
        "agencies": svg.bars(agency_rows, t["ikm_per_agency"], 100.0, low=25.0, marks=marks,
                             decimal=decimal) if agency_rows else None,
        "faces": svg.faces(face_rows, t["faces_heading"],
                           (t["face_1"], t["face_2"], t["face_3"], t["face_4"]))
        if face_rows else None,
    }


@router.get("/dashboard/satisfaction")
async def satisfaction(request: Request):
    ctx = await enter(request, "satisfaction")
    if isinstance(ctx, Response):
        return ctx
    agency = agency_of(ctx)
    if isinstance(agency, Response):
        return agency
    period, error = period_of(ctx)
    ikm, votes = await run_in_threadpool(build, ctx.hub, period, ctx.lang, agency)
    t = texts(ctx.lang)
    return ctx.render(
        "satisfaction.html", ikm=ikm, votes=votes, period=period, agency=agency,
        error=error, charts=charts(ikm, votes, ctx.lang, t), L=L, tr=tr,
        reasons=ordered_reasons(votes.total_reasons), mutu_table=MUTU_TABLE,
        period_text=period_label(period, ctx.lang), num=L.number,
        agencies=ctx.hub.settings.catalog.agencies if ctx.agency_scope is None else (),
        reason_text=L.reason_text, colours=MUTU_COLOURS,
        show_services=bool(agency) or request.query_params.get("services") == "1",
        download=_download_query(period, agency, ctx.lang))


def _download_query(period, agency, lang) -> str:
    query = f"from={period.start.isoformat()}&to={period.end.isoformat()}&lang={lang}"
    return query + (f"&agency={agency}" if agency else "")


@router.get("/dashboard/satisfaction/ikm.{fmt}")
async def download(request: Request, fmt: str):
    ctx = await enter(request, "satisfaction")
    if isinstance(ctx, Response):
        return ctx
    if fmt not in KINDS:
        return Response("not found", 404)
    agency = agency_of(ctx)
    if isinstance(agency, Response):
        return agency
    period, _ = period_of(ctx)

    def work() -> bytes:
        ikm, _ = build(ctx.hub, period, ctx.lang, agency)
        if fmt == "csv":
            return reports.ikm_csv(ikm).encode("utf-8-sig")    # Excel reads the ë in UTF-8
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"ikm.{fmt}"
            if fmt == "xlsx":
                from kiosk.reports.xlsx import write_ikm_xlsx
                write_ikm_xlsx(ikm, path)
            else:
                from kiosk.reports.charts import write_ikm_png
                write_ikm_png(ikm, path)
            return path.read_bytes()
    body = await run_in_threadpool(work)
    name = f"ikm-{agency or 'mpp'}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"
    await run_in_threadpool(audit, ctx.hub, ctx.user.username, "report.export", name,
                            f"ikm {fmt}", address_of(request))
    return Response(body, media_type=KINDS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
