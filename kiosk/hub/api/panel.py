"""What a kiosk's own staff panel shows of the whole MPP today: face votes, the IKM and how
many suggestions wait to be followed up. Numbers only: no text, no contact, no other day
(reports and complaints are for staff accounts: kiosk.hub.api.access)."""

from fastapi import APIRouter

from kiosk.hub import wire
from kiosk.hub.api.deps import HubDep, Token, answer

router = APIRouter(tags=["kiosks"])


@router.get("/v1/panel/today")
async def panel_today(hub: HubDep, token: Token):
    """Today over every kiosk: `faces` (votes per face, 1 to 4), `ikm` (the sums the IKM is
    computed from) and `suggestions_open` (a count)."""
    def work(kiosk):
        from kiosk import reports
        settings, store, catalog = hub.settings, hub.store, hub.settings.catalog
        today = hub.core.today()
        period = reports.Period(today, today)
        common = dict(mpp_name=settings.mpp_name, lang="id")
        ikm = reports.ikm_report(store, catalog, period, **common)
        votes = reports.votes_report(store, catalog, period, **common)
        waiting = reports.suggestions_report(store, catalog, settings.zone, period,
                                             open_only=True, **common)
        total = wire.panel_ikm_to_json(ikm.total)
        return {"day": today.isoformat(), "faces": list(votes.total.counts), "ikm": total,
                "suggestions_open": len(waiting.rows)}
    return answer(await hub.read(token, work))


@router.get("/v1/panel/waiting")
async def panel_waiting(hub: HubDep, token: Token):
    """Tickets waiting now per agency over every kiosk: `agencies`, each with `agency_id`,
    `count` and `oldest_wait_s` (how long the one waiting longest has waited), in the
    catalog's order. Numbers only, for a kiosk's staff panel."""
    def work(kiosk):
        from kiosk.counters.waiting_now import to_json, waiting_now
        now = hub.clock()
        day = hub.core.today().isoformat()
        return to_json(waiting_now(hub.store.waiting_tickets(day), now,
                                   [a.id for a in hub.settings.catalog.agencies]))
    return answer(await hub.read(token, work))
