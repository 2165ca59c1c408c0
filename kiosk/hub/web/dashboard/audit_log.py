"""/admin/audit: the admin reads the audit log (kiosk.hub.audit), newest first, filtered by
user or action, a page at a time. Read-only: nothing here changes a record."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from kiosk.hub.audit import ACTIONS, Audit
from kiosk.hub.web.dashboard.base import enter
from kiosk.hub.web.dashboard.texts import action_texts

router = APIRouter(include_in_schema=False)
PAGE = 100


@router.get("/admin/audit")
async def audit_log(request: Request):
    ctx = await enter(request, "audit")
    if isinstance(ctx, Response):
        return ctx
    q = request.query_params
    username = (q.get("user") or "").strip() or None
    action = q.get("action") if q.get("action") in ACTIONS else None
    try:
        offset = max(0, int(q.get("offset") or 0))
    except ValueError:
        offset = 0
    log = Audit(ctx.hub.store, ctx.hub.clock)
    rows = await run_in_threadpool(log.recent, PAGE + 1, offset, username, action)
    zone = ctx.hub.settings.zone
    fmt = "%Y-%m-%d %H.%M.%S" if ctx.lang == "id" else "%Y-%m-%d %H:%M:%S"
    for row in rows:
        row["local"] = datetime.fromisoformat(row["at"]).astimezone(zone).strftime(fmt)
    base = "&".join(f"{k}={v}" for k, v in (("user", username), ("action", action)) if v)
    return ctx.render("audit.html", rows=rows[:PAGE], more=len(rows) > PAGE, offset=offset,
                      page_size=PAGE, actions=ACTIONS, action_words=action_texts(ctx.lang),
                      username=username or "",
                      action=action or "", base=base)
