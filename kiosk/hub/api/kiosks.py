"""What a kiosk needs to run beside the hub: health and time, the catalog, a service's
state, heartbeats, and the blocks of numbers it may hand out offline."""

from datetime import date

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from kiosk.hub import wire
from kiosk.hub.api.access import KioskWatcher
from kiosk.hub.api.deps import HubDep, IdPath, Key, Problem, Token, answer, aware
from kiosk.hub.api.models import BlockIn, HeartbeatIn
from kiosk.hub.limits import group_numbers_cap
from kiosk.hub.store import BlockCapReached
from kiosk.ops.clock import check_block_day
from kiosk.service import UnknownService

router = APIRouter(tags=["kiosks"])


@router.get("/v1/health")
async def health(hub: HubDep):
    return {"ok": True, "time": hub.clock().isoformat()}


@router.get("/v1/catalog")
async def catalog(hub: HubDep, token: Token):
    def work(kiosk):
        settings, etag = hub.settings, hub.catalog_version()
        return {"version": etag, "etag": etag, "mpp": settings.mpp_name,
                "timezone": settings.timezone, "number_padding": settings.number_padding,
                "groups": sorted(hub.core.groups()),
                "services": [{"id": s.id, "agency": s.agency, "enabled": s.enabled,
                              "quota": s.quota, "priority": s.priority}
                             for s in settings.catalog.services]}
    return answer(await hub.read(token, work))


@router.get("/v1/services/{service_id}/state")
async def service_state(hub: HubDep, token: Token, service_id: IdPath):
    def work(kiosk):
        try:
            return wire.state_to_json(hub.core.view(kiosk).service_state(service_id))
        except UnknownService:
            raise Problem(404, "unknown_service", f"unknown service {service_id}")
    return answer(await hub.read(token, work))


@router.post("/v1/heartbeat")
async def heartbeat(hub: HubDep, token: Token, body: HeartbeatIn):
    aware(body.online_since)

    def work(kiosk):
        hub.store.heartbeat(kiosk, body.model_dump(mode="json"), hub.clock())
        return {"kiosk_id": kiosk, "time": hub.clock().isoformat()}
    return answer(await hub.write(token, work))


@router.get("/v1/kiosks")
async def kiosks(hub: HubDep, staff: KioskWatcher):
    """Every kiosk's last heartbeat: for the admin and the manager."""
    return answer(await run_in_threadpool(hub.store.kiosks))


@router.get("/v1/kiosks/me/numbers")
async def own_numbers(hub: HubDep, token: Token, day: date | None = Query(None)):
    """This kiosk's blocks and last numbers of a day (default the hub's today): what a kiosk
    whose store is new or restored continues after. Only the token's own kiosk: there is
    no kiosk id to ask about another."""
    def work(kiosk):
        when = day or hub.core.today()
        return hub.store.kiosk_numbers(kiosk, when.isoformat())
    return answer(await hub.read(token, work))


@router.post("/v1/blocks", status_code=201)
async def block(hub: HubDep, token: Token, key: Key, body: BlockIn):
    def work(kiosk):
        if body.group not in hub.core.groups():
            raise Problem(404, "unknown_group", f"no agency numbers in group {body.group}")
        check_block_day(body.day, hub.clock(), hub.settings.zone)     # kiosk.ops.clock
        try:
            b = hub.store.reserve_block(
                f"{kiosk}:{key}", kiosk, body.day.isoformat(), body.group, body.size,
                hub.clock(), max_blocks=hub.limits.block_cap,
                max_numbers=group_numbers_cap(hub.limits, hub.settings.catalog, body.group))
        except BlockCapReached as exc:
            raise Problem(409, "block_cap", str(exc),
                          "anjungan ini sudah mengambil blok nomor sebanyak batas hari ini")
        if b.kiosk_id != kiosk:
            raise Problem(409, "key_reused", "this idempotency key belongs to another kiosk")
        return {"kiosk_id": b.kiosk_id, "day": b.day, "group": b.grp, "start": b.first,
                "end": b.last}
    return answer(await hub.write(token, work), 201)


@router.get("/v1/blocks")
async def blocks(hub: HubDep, token: Token, day: date = Query(...)):
    """This kiosk's own blocks of a day (`kiosk hub blocks` shows every kiosk's)."""
    return answer(await hub.read(token, lambda kiosk: [
        b for b in hub.store.blocks(day.isoformat()) if b["kiosk_id"] == kiosk]))
