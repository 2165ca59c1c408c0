"""/dashboard/kiosks: what an IT officer looks at first in the morning — each kiosk's last
heartbeat, online or not, printer (paper near end, paper out, cover open), scanner and card
reader, offline numbers left in today's blocks, outbox backlog, catalog version; the
kiosks with a problem on top."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from kiosk.hub.web.dashboard.base import enter

router = APIRouter(include_in_schema=False)

OFFLINE_AFTER_S = 120          # a kiosk beats every 30 s: four missed beats is offline
OUTBOX_WARN = 20               # records waiting to reach the hub
NUMBERS_WARN = 10              # offline numbers left in today's blocks
PRINTER_BAD = ("paper_out", "cover_open", "offline", "error", "no_answer")
DEVICE_OK = ("ready", "ok", "busy")
PROBLEM, WARNING, OK = 0, 1, 2


@dataclass
class KioskRow:
    kiosk_id: str
    seen_at: datetime
    ago_s: int
    online: bool
    devices: dict[str, str]
    outbox: int
    numbers_left: int | None
    catalog: str
    catalog_same: bool | None
    version: str
    issues: list[tuple[int, str]] = field(default_factory=list)   # (level, text key)

    @property
    def level(self) -> int:
        return min((level for level, _ in self.issues), default=OK)


def kiosk_rows(hub) -> list[KioskRow]:
    now, day = hub.clock(), hub.core.today().isoformat()
    hub_catalog = hub.catalog_version()
    left: dict[str, int] = {}
    for block in hub.store.blocks(day):
        left[block["kiosk_id"]] = left.get(block["kiosk_id"], 0) + len(block["unused"])
    rows = []
    for k in hub.store.kiosks():
        status = k["status"] or {}
        seen = datetime.fromisoformat(k["seen_at"])
        ago = int((now - seen).total_seconds())
        catalog = status.get("catalog") or ""
        row = KioskRow(k["kiosk_id"], seen, ago, ago <= OFFLINE_AFTER_S,
                       dict(status.get("devices") or {}), int(status.get("outbox") or 0),
                       left.get(k["kiosk_id"]), catalog,
                       (catalog == hub_catalog) if catalog and hub_catalog else None,
                       status.get("version") or "")
        row.issues = issues(row)
        rows.append(row)
    return sorted(rows, key=lambda r: (r.level, r.kiosk_id))


def issues(row: KioskRow) -> list[tuple[int, str]]:
    found = []
    if not row.online:
        found.append((PROBLEM, "issue_offline"))
    printer = row.devices.get("printer")
    if printer in PRINTER_BAD:
        found.append((PROBLEM, f"printer_{printer}"))
    elif printer == "paper_near_end":
        found.append((WARNING, "printer_paper_near_end"))
    for name in ("scanner", "cardreader"):
        state = row.devices.get(name)
        if state and state not in DEVICE_OK and state != "absent":
            found.append((WARNING, f"issue_{name}"))
    if row.outbox >= OUTBOX_WARN:
        found.append((WARNING, "issue_outbox"))
    if row.numbers_left is not None and row.numbers_left < NUMBERS_WARN:
        found.append((WARNING, "issue_numbers"))
    if row.catalog_same is False:
        found.append((WARNING, "issue_catalog"))
    return found


@router.get("/dashboard/kiosks")
async def kiosks(request: Request):
    ctx = await enter(request, "kiosks")
    if isinstance(ctx, Response):
        return ctx
    rows = await run_in_threadpool(kiosk_rows, ctx.hub)
    zone = ctx.hub.settings.zone
    return ctx.render("kiosks.html", rows=rows, zone=zone, PROBLEM=PROBLEM, WARNING=WARNING,
                      problems=sum(r.level == PROBLEM for r in rows),
                      warnings=sum(r.level == WARNING for r in rows), ago=_ago)


def _ago(seconds: int, t: dict) -> str:
    if seconds < 90:
        return t["ago_s"].format(n=max(seconds, 0))
    if seconds < 5400:
        return t["ago_min"].format(n=seconds // 60)
    if seconds < 2 * 86400:
        return t["ago_h"].format(n=seconds // 3600)
    return t["ago_d"].format(n=seconds // 86400)
